# SPDX-License-Identifier: MIT
"""An :class:`~arapp.domain.en16931.EInvoice` as UN/CEFACT Cross Industry Invoice (D16B) XML.

The same writer serves Factur-X / ZUGFeRD EN 16931 and XRechnung CII: only the guideline id
(BT-24) and the payment terms text differ, and the caller gives both. Elements are written in
the order the D16B schema requires.
"""

from __future__ import annotations

from datetime import date

from lxml import etree

from arapp.domain.en16931 import Address, EInvoice, Line, Party
from arapp.einvoice.reading import CII, RAM
from arapp.einvoice.xmltext import amount, day, number, serialize, sub

UDT = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
QDT = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"
_NSMAP = {"rsm": CII, "ram": RAM, "udt": UDT, "qdt": QDT}


def _r(name: str) -> str:
    return f"{{{RAM}}}{name}"


def write_cii(doc: EInvoice, guideline: str, process: str, terms: str) -> bytes:
    """``doc`` as CII XML claiming ``guideline`` (BT-24) and the business ``process`` (BT-23,
    may be empty), with ``terms`` as its BT-20."""
    root = etree.Element(f"{{{CII}}}CrossIndustryInvoice", nsmap=_NSMAP)
    context = sub(root, f"{{{CII}}}ExchangedDocumentContext")
    if process:
        sub(sub(context, _r("BusinessProcessSpecifiedDocumentContextParameter")), _r("ID"), process)
    sub(sub(context, _r("GuidelineSpecifiedDocumentContextParameter")), _r("ID"), guideline)
    header = sub(root, f"{{{CII}}}ExchangedDocument")
    sub(header, _r("ID"), doc.number)
    sub(header, _r("TypeCode"), doc.type_code.value)
    _date(sub(header, _r("IssueDateTime")), doc.issue_date)
    for note in doc.notes:
        sub(sub(header, _r("IncludedNote")), _r("Content"), note)
    trade = sub(root, f"{{{CII}}}SupplyChainTradeTransaction")
    for line in doc.lines:
        _line(trade, line, doc.currency)
    agreement = sub(trade, _r("ApplicableHeaderTradeAgreement"))
    if doc.buyer_reference:
        sub(agreement, _r("BuyerReference"), doc.buyer_reference)
    _party(sub(agreement, _r("SellerTradeParty")), doc.seller, seller=True)
    _party(sub(agreement, _r("BuyerTradeParty")), doc.buyer, seller=False)
    delivery = sub(trade, _r("ApplicableHeaderTradeDelivery"))
    if doc.delivery_address is not None:
        ship_to = sub(sub(delivery, _r("ShipToTradeParty")), _r("PostalTradeAddress"))
        _address(ship_to, doc.delivery_address)
    if doc.delivery_date is not None:
        event = sub(delivery, _r("ActualDeliverySupplyChainEvent"))
        _date(sub(event, _r("OccurrenceDateTime")), doc.delivery_date)
    _settlement(sub(trade, _r("ApplicableHeaderTradeSettlement")), doc, terms)
    return serialize(root)


def _date(parent: etree._Element, value: date, *, qualified: bool = False) -> None:
    namespace = QDT if qualified else UDT
    sub(parent, f"{{{namespace}}}DateTimeString", day(value, compact=True), format="102")


def _line(trade: etree._Element, line: Line, currency: str) -> None:
    item = sub(trade, _r("IncludedSupplyChainTradeLineItem"))
    sub(sub(item, _r("AssociatedDocumentLineDocument")), _r("LineID"), line.id)
    sub(sub(item, _r("SpecifiedTradeProduct")), _r("Name"), line.name)
    agreement = sub(item, _r("SpecifiedLineTradeAgreement"))
    price = sub(agreement, _r("NetPriceProductTradePrice"))
    sub(price, _r("ChargeAmount"), number(line.net_price))
    delivery = sub(item, _r("SpecifiedLineTradeDelivery"))
    sub(delivery, _r("BilledQuantity"), number(line.quantity), unitCode=line.unit_code)
    settlement = sub(item, _r("SpecifiedLineTradeSettlement"))
    tax = sub(settlement, _r("ApplicableTradeTax"))
    sub(tax, _r("TypeCode"), "VAT")
    sub(tax, _r("CategoryCode"), line.category.value)
    sub(tax, _r("RateApplicablePercent"), number(line.rate))
    if line.allowance:
        charge = sub(settlement, _r("SpecifiedTradeAllowanceCharge"))
        sub(sub(charge, _r("ChargeIndicator")), f"{{{UDT}}}Indicator", "false")
        sub(charge, _r("ActualAmount"), amount(line.allowance))
        sub(charge, _r("Reason"), line.allowance_reason)
    summation = sub(settlement, _r("SpecifiedTradeSettlementLineMonetarySummation"))
    sub(summation, _r("LineTotalAmount"), amount(line.net_amount))


def _party(element: etree._Element, party: Party, *, seller: bool) -> None:
    sub(element, _r("Name"), party.name)
    if party.registration_id:
        legal = sub(element, _r("SpecifiedLegalOrganization"))
        sub(legal, _r("ID"), party.registration_id)
    if party.contact_name or party.phone or party.email:
        contact = sub(element, _r("DefinedTradeContact"))
        if party.contact_name:
            sub(contact, _r("PersonName"), party.contact_name)
        if party.phone:
            phone = sub(contact, _r("TelephoneUniversalCommunication"))
            sub(phone, _r("CompleteNumber"), party.phone)
        if party.email:
            sub(sub(contact, _r("EmailURIUniversalCommunication")), _r("URIID"), party.email)
    _address(sub(element, _r("PostalTradeAddress")), party.address)
    if party.electronic_address:
        uri = sub(element, _r("URIUniversalCommunication"))
        sub(uri, _r("URIID"), party.electronic_address, schemeID=party.scheme or "EM")
    if party.vat_id:
        sub(sub(element, _r("SpecifiedTaxRegistration")), _r("ID"), party.vat_id, schemeID="VA")
    if seller and party.tax_number:
        registration = sub(element, _r("SpecifiedTaxRegistration"))
        sub(registration, _r("ID"), party.tax_number, schemeID="FC")


def _address(element: etree._Element, address: Address) -> None:
    if address.postcode:
        sub(element, _r("PostcodeCode"), address.postcode)
    if address.street:
        sub(element, _r("LineOne"), address.street)
    if address.city:
        sub(element, _r("CityName"), address.city)
    sub(element, _r("CountryID"), address.country)
    if address.region:
        sub(element, _r("CountrySubDivisionName"), address.region)


def _settlement(element: etree._Element, doc: EInvoice, terms: str) -> None:
    payment = doc.payment
    if payment is not None and payment.remittance:
        sub(element, _r("PaymentReference"), payment.remittance)
    sub(element, _r("InvoiceCurrencyCode"), doc.currency)
    if payment is not None:
        means = sub(element, _r("SpecifiedTradeSettlementPaymentMeans"))
        sub(means, _r("TypeCode"), payment.means_code)
        if payment.iban:
            account = sub(means, _r("PayeePartyCreditorFinancialAccount"))
            sub(account, _r("IBANID"), payment.iban)
            if payment.account_name:
                sub(account, _r("AccountName"), payment.account_name)
        if payment.bic:
            bank = sub(means, _r("PayeeSpecifiedCreditorFinancialInstitution"))
            sub(bank, _r("BICID"), payment.bic)
    for vat in doc.vat:
        tax = sub(element, _r("ApplicableTradeTax"))
        sub(tax, _r("CalculatedAmount"), amount(vat.tax))
        sub(tax, _r("TypeCode"), "VAT")
        if vat.exemption_reason:
            sub(tax, _r("ExemptionReason"), vat.exemption_reason)
        sub(tax, _r("BasisAmount"), amount(vat.taxable))
        sub(tax, _r("CategoryCode"), vat.category.value)
        sub(tax, _r("RateApplicablePercent"), number(vat.rate))
    for allowance in doc.allowances:
        charge = sub(element, _r("SpecifiedTradeAllowanceCharge"))
        sub(sub(charge, _r("ChargeIndicator")), f"{{{UDT}}}Indicator", "false")
        sub(charge, _r("ActualAmount"), amount(allowance.amount))
        sub(charge, _r("Reason"), allowance.reason)
        category = sub(charge, _r("CategoryTradeTax"))
        sub(category, _r("TypeCode"), "VAT")
        sub(category, _r("CategoryCode"), allowance.category.value)
        sub(category, _r("RateApplicablePercent"), number(allowance.rate))
    if terms or doc.due_date is not None:
        payment_terms = sub(element, _r("SpecifiedTradePaymentTerms"))
        if terms:
            sub(payment_terms, _r("Description"), terms)
        if doc.due_date is not None:
            _date(sub(payment_terms, _r("DueDateDateTime")), doc.due_date)
    totals = doc.totals
    summation = sub(element, _r("SpecifiedTradeSettlementHeaderMonetarySummation"))
    sub(summation, _r("LineTotalAmount"), amount(totals.line_total))
    sub(summation, _r("AllowanceTotalAmount"), amount(totals.allowances))
    sub(summation, _r("TaxBasisTotalAmount"), amount(totals.tax_basis))
    sub(summation, _r("TaxTotalAmount"), amount(totals.tax), currencyID=doc.currency)
    sub(summation, _r("GrandTotalAmount"), amount(totals.grand_total))
    sub(summation, _r("TotalPrepaidAmount"), amount(totals.prepaid))
    sub(summation, _r("DuePayableAmount"), amount(totals.due))
    if doc.preceding_number:
        reference = sub(element, _r("InvoiceReferencedDocument"))
        sub(reference, _r("IssuerAssignedID"), doc.preceding_number)
        if doc.preceding_date is not None:
            issued = sub(reference, _r("FormattedIssueDateTime"))
            _date(issued, doc.preceding_date, qualified=True)
