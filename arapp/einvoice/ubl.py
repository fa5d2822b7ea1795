# SPDX-License-Identifier: MIT
"""An :class:`~arapp.domain.en16931.EInvoice` as OASIS UBL 2.1 Invoice or CreditNote XML.

One writer for XRechnung UBL and Peppol BIS Billing 3.0: the caller gives the CustomizationID
(BT-24), the ProfileID (BT-23, Peppol's) and the payment terms text. A credit note (type 381)
is a ``CreditNote`` document with ``CreditNoteLine`` elements and ``CreditedQuantity``; it
refers to its invoice in ``BillingReference``. Elements are written in the schema's order.
"""

from __future__ import annotations

from decimal import Decimal

from lxml import etree

from arapp.domain.en16931 import Address, EInvoice, Line, Party, VatCategory
from arapp.einvoice.reading import CBC, UBL_CREDIT_NOTE, UBL_INVOICE
from arapp.einvoice.xmltext import amount, day, number, serialize, sub

CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"


def _b(name: str) -> str:
    return f"{{{CBC}}}{name}"


def _a(name: str) -> str:
    return f"{{{CAC}}}{name}"


def write_ubl(doc: EInvoice, customization: str, profile: str, terms: str) -> bytes:
    """``doc`` as UBL XML claiming ``customization`` (BT-24) and ``profile`` (BT-23, may be
    empty), with ``terms`` as its BT-20."""
    credit = doc.is_credit_note
    kind = "CreditNote" if credit else "Invoice"
    namespace = UBL_CREDIT_NOTE if credit else UBL_INVOICE
    root = etree.Element(f"{{{namespace}}}{kind}", nsmap={None: namespace, "cac": CAC, "cbc": CBC})
    sub(root, _b("CustomizationID"), customization)
    if profile:
        sub(root, _b("ProfileID"), profile)
    sub(root, _b("ID"), doc.number)
    sub(root, _b("IssueDate"), day(doc.issue_date, compact=False))
    if doc.due_date is not None and not credit:  # a CreditNote has no DueDate element
        sub(root, _b("DueDate"), day(doc.due_date, compact=False))
    sub(root, _b(f"{kind}TypeCode"), doc.type_code.value)
    for note in doc.notes:
        sub(root, _b("Note"), note)
    sub(root, _b("DocumentCurrencyCode"), doc.currency)
    if doc.buyer_reference:
        sub(root, _b("BuyerReference"), doc.buyer_reference)
    if doc.preceding_number:
        reference = sub(sub(root, _a("BillingReference")), _a("InvoiceDocumentReference"))
        sub(reference, _b("ID"), doc.preceding_number)
        if doc.preceding_date is not None:
            sub(reference, _b("IssueDate"), day(doc.preceding_date, compact=False))
    _party(sub(root, _a("AccountingSupplierParty")), doc.seller, seller=True)
    _party(sub(root, _a("AccountingCustomerParty")), doc.buyer, seller=False)
    if doc.delivery_date is not None or doc.delivery_address is not None:
        delivery = sub(root, _a("Delivery"))
        if doc.delivery_date is not None:
            sub(delivery, _b("ActualDeliveryDate"), day(doc.delivery_date, compact=False))
        if doc.delivery_address is not None:
            _address(
                sub(sub(delivery, _a("DeliveryLocation")), _a("Address")), doc.delivery_address
            )
    _payment(root, doc, terms)
    for allowance in doc.allowances:
        charge = sub(root, _a("AllowanceCharge"))
        sub(charge, _b("ChargeIndicator"), "false")
        sub(charge, _b("AllowanceChargeReason"), allowance.reason)
        sub(charge, _b("Amount"), amount(allowance.amount), currencyID=doc.currency)
        _category(charge, "TaxCategory", allowance.category, allowance.rate, "")
    _taxes(root, doc)
    _totals(root, doc)
    for line in doc.lines:
        _line(root, line, doc.currency, kind)
    return serialize(root)


def _party(holder: etree._Element, party: Party, *, seller: bool) -> None:
    element = sub(holder, _a("Party"))
    if party.electronic_address:
        sub(element, _b("EndpointID"), party.electronic_address, schemeID=party.scheme or "EM")
    _address(sub(element, _a("PostalAddress")), party.address)
    if party.vat_id:
        scheme = sub(element, _a("PartyTaxScheme"))
        sub(scheme, _b("CompanyID"), party.vat_id)
        sub(sub(scheme, _a("TaxScheme")), _b("ID"), "VAT")
    if seller and party.tax_number:
        scheme = sub(element, _a("PartyTaxScheme"))
        sub(scheme, _b("CompanyID"), party.tax_number)
        sub(sub(scheme, _a("TaxScheme")), _b("ID"), "FC")
    legal = sub(element, _a("PartyLegalEntity"))
    sub(legal, _b("RegistrationName"), party.name)
    if party.registration_id:
        sub(legal, _b("CompanyID"), party.registration_id)
    if party.contact_name or party.phone or party.email:
        contact = sub(element, _a("Contact"))
        if party.contact_name:
            sub(contact, _b("Name"), party.contact_name)
        if party.phone:
            sub(contact, _b("Telephone"), party.phone)
        if party.email:
            sub(contact, _b("ElectronicMail"), party.email)


def _address(element: etree._Element, address: Address) -> None:
    if address.street:
        sub(element, _b("StreetName"), address.street)
    if address.city:
        sub(element, _b("CityName"), address.city)
    if address.postcode:
        sub(element, _b("PostalZone"), address.postcode)
    if address.region:
        sub(element, _b("CountrySubentity"), address.region)
    sub(sub(element, _a("Country")), _b("IdentificationCode"), address.country)


def _payment(root: etree._Element, doc: EInvoice, terms: str) -> None:
    payment = doc.payment
    if payment is not None:
        means = sub(root, _a("PaymentMeans"))
        sub(means, _b("PaymentMeansCode"), payment.means_code)
        if payment.remittance:
            sub(means, _b("PaymentID"), payment.remittance)
        if payment.iban:
            account = sub(means, _a("PayeeFinancialAccount"))
            sub(account, _b("ID"), payment.iban)
            if payment.account_name:
                sub(account, _b("Name"), payment.account_name)
            if payment.bic:
                sub(sub(account, _a("FinancialInstitutionBranch")), _b("ID"), payment.bic)
    if terms:
        sub(sub(root, _a("PaymentTerms")), _b("Note"), terms)


def _category(
    parent: etree._Element, tag: str, category: VatCategory, rate: Decimal, reason: str
) -> None:
    element = sub(parent, _a(tag))
    sub(element, _b("ID"), category.value)
    if category is not VatCategory.NOT_SUBJECT:
        sub(element, _b("Percent"), number(rate))
    if reason:
        sub(element, _b("TaxExemptionReason"), reason)
    sub(sub(element, _a("TaxScheme")), _b("ID"), "VAT")


def _taxes(root: etree._Element, doc: EInvoice) -> None:
    total = sub(root, _a("TaxTotal"))
    sub(total, _b("TaxAmount"), amount(doc.totals.tax), currencyID=doc.currency)
    for vat in doc.vat:
        subtotal = sub(total, _a("TaxSubtotal"))
        sub(subtotal, _b("TaxableAmount"), amount(vat.taxable), currencyID=doc.currency)
        sub(subtotal, _b("TaxAmount"), amount(vat.tax), currencyID=doc.currency)
        _category(subtotal, "TaxCategory", vat.category, vat.rate, vat.exemption_reason)


def _totals(root: etree._Element, doc: EInvoice) -> None:
    totals, currency = doc.totals, doc.currency
    element = sub(root, _a("LegalMonetaryTotal"))
    sub(element, _b("LineExtensionAmount"), amount(totals.line_total), currencyID=currency)
    sub(element, _b("TaxExclusiveAmount"), amount(totals.tax_basis), currencyID=currency)
    sub(element, _b("TaxInclusiveAmount"), amount(totals.grand_total), currencyID=currency)
    sub(element, _b("AllowanceTotalAmount"), amount(totals.allowances), currencyID=currency)
    if totals.prepaid:
        sub(element, _b("PrepaidAmount"), amount(totals.prepaid), currencyID=currency)
    sub(element, _b("PayableAmount"), amount(totals.due), currencyID=currency)


def _line(root: etree._Element, line: Line, currency: str, kind: str) -> None:
    element = sub(root, _a(f"{kind}Line"))
    sub(element, _b("ID"), line.id)
    quantity = "CreditedQuantity" if kind == "CreditNote" else "InvoicedQuantity"
    sub(element, _b(quantity), number(line.quantity), unitCode=line.unit_code)
    sub(element, _b("LineExtensionAmount"), amount(line.net_amount), currencyID=currency)
    if line.allowance:
        charge = sub(element, _a("AllowanceCharge"))
        sub(charge, _b("ChargeIndicator"), "false")
        sub(charge, _b("AllowanceChargeReason"), line.allowance_reason)
        sub(charge, _b("Amount"), amount(line.allowance), currencyID=currency)
    item = sub(element, _a("Item"))
    sub(item, _b("Name"), line.name)
    _category(item, "ClassifiedTaxCategory", line.category, line.rate, "")
    price = sub(element, _a("Price"))
    sub(price, _b("PriceAmount"), number(line.net_price), currencyID=currency)
