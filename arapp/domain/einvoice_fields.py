# SPDX-License-Identifier: MIT
"""The EN 16931 business terms (BT-n) and groups (BG-n) in words a shop owner knows.

The official rules name the field they are about by its business term ("... shall contain the
Seller name (BT-27)"). :func:`field_named_in` turns the first term a rule names into the field to
fix, with a hint where arapp keeps it ("Seller VAT identifier (BT-31), your VAT id in the
company profile"). The table holds the terms a small shop's invoice uses; a term missing here is
still shown by its id.
"""

from __future__ import annotations

import re

from arapp.i18n import N_, _

_COMPANY = N_("in the company profile")
_CUSTOMER = N_("in the customer's record")
_INVOICE = N_("on the invoice")
_LINE = N_("on an invoice line")

#: term -> (name in the standard, where arapp keeps it or ``""``), in English (marked:
#: :func:`_words` translates them)
TERMS: dict[str, tuple[str, str]] = {
    "BT-1": (N_("Invoice number"), _INVOICE),
    "BT-2": (N_("Invoice issue date"), _INVOICE),
    "BT-3": (N_("Invoice type code"), ""),
    "BT-5": (N_("Invoice currency code"), N_("the company's currency")),
    "BT-6": (N_("VAT accounting currency code"), ""),
    "BT-7": (N_("VAT point date"), _INVOICE),
    "BT-9": (N_("Payment due date"), _INVOICE),
    "BT-10": (N_("Buyer reference (Leitweg-ID)"), _CUSTOMER),
    "BT-13": (N_("Purchase order reference"), _INVOICE),
    "BT-20": (N_("Payment terms"), _INVOICE),
    "BT-22": (N_("Invoice note"), _INVOICE),
    "BT-23": (N_("Business process type"), ""),
    "BT-24": (N_("Specification identifier"), ""),
    "BT-25": (N_("Preceding invoice reference"), N_("the invoice a credit note corrects")),
    "BT-26": (N_("Preceding invoice issue date"), N_("the invoice a credit note corrects")),
    "BT-27": (N_("Seller name"), _COMPANY),
    "BT-28": (N_("Seller trading name"), _COMPANY),
    "BT-29": (N_("Seller identifier"), _COMPANY),
    "BT-30": (N_("Seller legal registration identifier"), _COMPANY),
    "BT-31": (N_("Seller VAT identifier"), N_("your VAT id in the company profile")),
    "BT-32": (N_("Seller tax registration identifier"), _COMPANY),
    "BT-34": (N_("Seller electronic address"), _COMPANY),
    "BT-35": (N_("Seller address line"), _COMPANY),
    "BT-37": (N_("Seller city"), _COMPANY),
    "BT-38": (N_("Seller post code"), _COMPANY),
    "BT-40": (N_("Seller country code"), _COMPANY),
    "BT-41": (N_("Seller contact point"), _COMPANY),
    "BT-42": (N_("Seller contact telephone number"), _COMPANY),
    "BT-43": (N_("Seller contact email address"), _COMPANY),
    "BT-44": (N_("Buyer name"), _CUSTOMER),
    "BT-46": (N_("Buyer identifier"), _CUSTOMER),
    "BT-47": (N_("Buyer legal registration identifier"), _CUSTOMER),
    "BT-48": (N_("Buyer VAT identifier"), N_("the customer's VAT id in the customer's record")),
    "BT-49": (N_("Buyer electronic address"), _CUSTOMER),
    "BT-50": (N_("Buyer address line"), _CUSTOMER),
    "BT-52": (N_("Buyer city"), _CUSTOMER),
    "BT-53": (N_("Buyer post code"), _CUSTOMER),
    "BT-55": (N_("Buyer country code"), _CUSTOMER),
    "BT-56": (N_("Buyer contact point"), _CUSTOMER),
    "BT-58": (N_("Buyer contact email address"), _CUSTOMER),
    "BT-59": (N_("Payee name"), ""),
    "BT-63": (N_("Seller tax representative VAT identifier"), ""),
    "BT-72": (N_("Actual delivery date"), _INVOICE),
    "BT-73": (N_("Invoicing period start date"), _INVOICE),
    "BT-74": (N_("Invoicing period end date"), _INVOICE),
    "BT-80": (N_("Deliver-to country code"), _INVOICE),
    "BT-81": (N_("Payment means type code"), ""),
    "BT-83": (N_("Remittance information"), _INVOICE),
    "BT-84": (
        N_("Payment account identifier (IBAN)"),
        N_("your bank account in the company profile"),
    ),
    "BT-86": (
        N_("Payment service provider identifier (BIC)"),
        N_("your bank in the company profile"),
    ),
    "BT-92": (N_("Document level allowance amount"), N_("the invoice discount")),
    "BT-95": (N_("Document level allowance VAT category code"), N_("the invoice discount")),
    "BT-96": (N_("Document level allowance VAT rate"), N_("the invoice discount")),
    "BT-97": (N_("Document level allowance reason"), N_("the invoice discount")),
    "BT-99": (N_("Document level charge amount"), _INVOICE),
    "BT-102": (N_("Document level charge VAT category code"), _INVOICE),
    "BT-106": (N_("Sum of invoice line net amounts"), N_("the invoice totals")),
    "BT-107": (N_("Sum of allowances on document level"), N_("the invoice totals")),
    "BT-108": (N_("Sum of charges on document level"), N_("the invoice totals")),
    "BT-109": (N_("Invoice total amount without VAT"), N_("the invoice totals")),
    "BT-110": (N_("Invoice total VAT amount"), N_("the invoice totals")),
    "BT-112": (N_("Invoice total amount with VAT"), N_("the invoice totals")),
    "BT-113": (N_("Paid amount"), N_("the invoice totals")),
    "BT-114": (N_("Rounding amount"), N_("the invoice totals")),
    "BT-115": (N_("Amount due for payment"), N_("the invoice totals")),
    "BT-116": (N_("VAT category taxable amount"), N_("the VAT breakdown")),
    "BT-117": (N_("VAT category tax amount"), N_("the VAT breakdown")),
    "BT-118": (N_("VAT category code"), N_("the tax rate")),
    "BT-119": (N_("VAT category rate"), N_("the tax rate")),
    "BT-120": (N_("VAT exemption reason text"), N_("the tax rate")),
    "BT-121": (N_("VAT exemption reason code"), N_("the tax rate")),
    "BT-126": (N_("Invoice line identifier"), _LINE),
    "BT-129": (N_("Invoiced quantity"), _LINE),
    "BT-130": (N_("Invoiced quantity unit of measure"), _LINE),
    "BT-131": (N_("Invoice line net amount"), _LINE),
    "BT-136": (N_("Invoice line allowance amount"), N_("a line discount")),
    "BT-146": (N_("Item net price"), _LINE),
    "BT-147": (N_("Item price discount"), _LINE),
    "BT-148": (N_("Item gross price"), _LINE),
    "BT-151": (N_("Invoiced item VAT category code"), N_("the tax rate on an invoice line")),
    "BT-152": (N_("Invoiced item VAT rate"), N_("the tax rate on an invoice line")),
    "BT-153": (N_("Item name"), _LINE),
    "BT-154": (N_("Item description"), _LINE),
    "BG-4": (N_("Seller"), _COMPANY),
    "BG-5": (N_("Seller postal address"), _COMPANY),
    "BG-7": (N_("Buyer"), _CUSTOMER),
    "BG-8": (N_("Buyer postal address"), _CUSTOMER),
    "BG-16": (N_("Payment instructions"), _COMPANY),
    "BG-17": (N_("Credit transfer"), N_("your bank account in the company profile")),
    "BG-20": (N_("Document level allowances"), N_("the invoice discount")),
    "BG-21": (N_("Document level charges"), _INVOICE),
    "BG-22": (N_("Document totals"), N_("the invoice totals")),
    "BG-23": (N_("VAT breakdown"), N_("the tax rates")),
    "BG-25": (N_("Invoice line"), _LINE),
    "BG-31": (N_("Item information"), _LINE),
}

#: XML elements of CII and UBL -> the business group they hold, for rules that name no term.
ELEMENTS: dict[str, str] = {
    "SellerTradeParty": "BG-4",
    "AccountingSupplierParty": "BG-4",
    "BuyerTradeParty": "BG-7",
    "AccountingCustomerParty": "BG-7",
    "SpecifiedTradeSettlementPaymentMeans": "BG-16",
    "PaymentMeans": "BG-16",
    "SpecifiedTradeAllowanceCharge": "BG-20",
    "AllowanceCharge": "BG-20",
    "SpecifiedTradeSettlementHeaderMonetarySummation": "BG-22",
    "LegalMonetaryTotal": "BG-22",
    "ApplicableTradeTax": "BG-23",
    "TaxSubtotal": "BG-23",
    "IncludedSupplyChainTradeLineItem": "BG-25",
    "InvoiceLine": "BG-25",
    "CreditNoteLine": "BG-25",
}

#: Rules whose text names no business term (Peppol's say "Seller electronic address MUST be
#: provided") -> the term they are about.
RULE_TERMS: dict[str, str] = {
    "PEPPOL-EN16931-R001": "BT-23",
    "PEPPOL-EN16931-R002": "BT-22",
    "PEPPOL-EN16931-R003": "BT-10",
    "PEPPOL-EN16931-R004": "BT-24",
    "PEPPOL-EN16931-R007": "BT-23",
    "PEPPOL-EN16931-R010": "BT-49",
    "PEPPOL-EN16931-R020": "BT-34",
}

#: (party element, element in it) -> the term, for a rule that points at the element itself
#: (a Peppol rule on an electronic address's scheme or check digit).
PARTY_ELEMENTS: dict[tuple[str, str], str] = {
    ("AccountingSupplierParty", "EndpointID"): "BT-34",
    ("AccountingCustomerParty", "EndpointID"): "BT-49",
    ("SellerTradeParty", "URIID"): "BT-34",
    ("BuyerTradeParty", "URIID"): "BT-49",
}

_TERM = re.compile(r"\b(B[TG])-(\d+)\b")
_ELEMENT = re.compile(r"[A-Za-z]+")


def field_named_in(text: str) -> str | None:
    """The business term to fix that ``text`` names, in words with where to fix it; ``None``
    when it names none. A term missing from :data:`TERMS` is given by its id alone.

    Rules say what a document "shall" contain after naming where the rule applies ("An
    Invoice that contains an Invoice line (BG-25) where ... shall contain the Seller VAT
    identifier (BT-31)"), so the first term after "shall" is the one to fix; without "shall",
    the first single term (BT) before any group (BG).
    """
    shall = text.find(" shall ")
    after = _TERM.search(text, shall) if shall >= 0 else None
    terms = list(_TERM.finditer(text))
    match = after or next((m for m in terms if m.group(1) == "BT"), terms[0] if terms else None)
    if match is None:
        return None
    return _words(f"{match.group(1)}-{match.group(2)}")


def field_of_rule(rule: str) -> str | None:
    """The field rule ``rule`` is about when its text names none (:data:`RULE_TERMS`)."""
    term = RULE_TERMS.get(rule)
    return _words(term) if term else None


def field_at(path: str) -> str | None:
    """The field at ``path`` (``/Invoice/AccountingSupplierParty/Party/EndpointID``) when it is
    a party's element of :data:`PARTY_ELEMENTS`, else the business group the deepest known
    element holds, in words; ``None`` when the path passes no element of :data:`ELEMENTS`."""
    names = [m.group(0) for step in path.split("/") if (m := _ELEMENT.match(step))]
    if names:
        for party in names[:-1]:
            term = PARTY_ELEMENTS.get((party, names[-1]))
            if term:
                return _words(term)
    for step in reversed(path.split("/")):
        element = _ELEMENT.match(step)
        if element is not None and element.group(0) in ELEMENTS:
            return _words(ELEMENTS[element.group(0)])
    return None


def _words(term: str) -> str:
    if term not in TERMS:
        return term
    name, where = TERMS[term]
    if not where:
        return f"{_(name)} ({term})"
    # Translators: "Seller VAT identifier (BT-31), your VAT id in the company profile".
    return _("{name} ({term}), {where}").format(name=_(name), term=term, where=_(where))


__all__ = [
    "ELEMENTS",
    "PARTY_ELEMENTS",
    "RULE_TERMS",
    "TERMS",
    "field_at",
    "field_named_in",
    "field_of_rule",
]
