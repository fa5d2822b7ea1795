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

_COMPANY = "in the company profile"
_CUSTOMER = "in the customer's record"
_INVOICE = "on the invoice"
_LINE = "on an invoice line"

#: term -> (name in the standard, where arapp keeps it or ``""``)
TERMS: dict[str, tuple[str, str]] = {
    "BT-1": ("Invoice number", _INVOICE),
    "BT-2": ("Invoice issue date", _INVOICE),
    "BT-3": ("Invoice type code", ""),
    "BT-5": ("Invoice currency code", "the company's currency"),
    "BT-6": ("VAT accounting currency code", ""),
    "BT-7": ("VAT point date", _INVOICE),
    "BT-9": ("Payment due date", _INVOICE),
    "BT-10": ("Buyer reference (Leitweg-ID)", _CUSTOMER),
    "BT-13": ("Purchase order reference", _INVOICE),
    "BT-20": ("Payment terms", _INVOICE),
    "BT-22": ("Invoice note", _INVOICE),
    "BT-23": ("Business process type", ""),
    "BT-24": ("Specification identifier", ""),
    "BT-25": ("Preceding invoice reference", "the invoice a credit note corrects"),
    "BT-26": ("Preceding invoice issue date", "the invoice a credit note corrects"),
    "BT-27": ("Seller name", _COMPANY),
    "BT-28": ("Seller trading name", _COMPANY),
    "BT-29": ("Seller identifier", _COMPANY),
    "BT-30": ("Seller legal registration identifier", _COMPANY),
    "BT-31": ("Seller VAT identifier", "your VAT id " + _COMPANY),
    "BT-32": ("Seller tax registration identifier", _COMPANY),
    "BT-34": ("Seller electronic address", _COMPANY),
    "BT-35": ("Seller address line", _COMPANY),
    "BT-37": ("Seller city", _COMPANY),
    "BT-38": ("Seller post code", _COMPANY),
    "BT-40": ("Seller country code", _COMPANY),
    "BT-41": ("Seller contact point", _COMPANY),
    "BT-42": ("Seller contact telephone number", _COMPANY),
    "BT-43": ("Seller contact email address", _COMPANY),
    "BT-44": ("Buyer name", _CUSTOMER),
    "BT-46": ("Buyer identifier", _CUSTOMER),
    "BT-47": ("Buyer legal registration identifier", _CUSTOMER),
    "BT-48": ("Buyer VAT identifier", "the customer's VAT id " + _CUSTOMER),
    "BT-49": ("Buyer electronic address", _CUSTOMER),
    "BT-50": ("Buyer address line", _CUSTOMER),
    "BT-52": ("Buyer city", _CUSTOMER),
    "BT-53": ("Buyer post code", _CUSTOMER),
    "BT-55": ("Buyer country code", _CUSTOMER),
    "BT-56": ("Buyer contact point", _CUSTOMER),
    "BT-58": ("Buyer contact email address", _CUSTOMER),
    "BT-59": ("Payee name", ""),
    "BT-63": ("Seller tax representative VAT identifier", ""),
    "BT-72": ("Actual delivery date", _INVOICE),
    "BT-73": ("Invoicing period start date", _INVOICE),
    "BT-74": ("Invoicing period end date", _INVOICE),
    "BT-80": ("Deliver-to country code", _INVOICE),
    "BT-81": ("Payment means type code", ""),
    "BT-83": ("Remittance information", _INVOICE),
    "BT-84": ("Payment account identifier (IBAN)", "your bank account " + _COMPANY),
    "BT-86": ("Payment service provider identifier (BIC)", "your bank " + _COMPANY),
    "BT-92": ("Document level allowance amount", "the invoice discount"),
    "BT-95": ("Document level allowance VAT category code", "the invoice discount"),
    "BT-96": ("Document level allowance VAT rate", "the invoice discount"),
    "BT-97": ("Document level allowance reason", "the invoice discount"),
    "BT-99": ("Document level charge amount", _INVOICE),
    "BT-102": ("Document level charge VAT category code", _INVOICE),
    "BT-106": ("Sum of invoice line net amounts", "the invoice totals"),
    "BT-107": ("Sum of allowances on document level", "the invoice totals"),
    "BT-108": ("Sum of charges on document level", "the invoice totals"),
    "BT-109": ("Invoice total amount without VAT", "the invoice totals"),
    "BT-110": ("Invoice total VAT amount", "the invoice totals"),
    "BT-112": ("Invoice total amount with VAT", "the invoice totals"),
    "BT-113": ("Paid amount", "the invoice totals"),
    "BT-114": ("Rounding amount", "the invoice totals"),
    "BT-115": ("Amount due for payment", "the invoice totals"),
    "BT-116": ("VAT category taxable amount", "the VAT breakdown"),
    "BT-117": ("VAT category tax amount", "the VAT breakdown"),
    "BT-118": ("VAT category code", "the tax rate"),
    "BT-119": ("VAT category rate", "the tax rate"),
    "BT-120": ("VAT exemption reason text", "the tax rate"),
    "BT-121": ("VAT exemption reason code", "the tax rate"),
    "BT-126": ("Invoice line identifier", _LINE),
    "BT-129": ("Invoiced quantity", _LINE),
    "BT-130": ("Invoiced quantity unit of measure", _LINE),
    "BT-131": ("Invoice line net amount", _LINE),
    "BT-136": ("Invoice line allowance amount", "a line discount"),
    "BT-146": ("Item net price", _LINE),
    "BT-147": ("Item price discount", _LINE),
    "BT-148": ("Item gross price", _LINE),
    "BT-151": ("Invoiced item VAT category code", "the tax rate " + _LINE),
    "BT-152": ("Invoiced item VAT rate", "the tax rate " + _LINE),
    "BT-153": ("Item name", _LINE),
    "BT-154": ("Item description", _LINE),
    "BG-4": ("Seller", _COMPANY),
    "BG-5": ("Seller postal address", _COMPANY),
    "BG-7": ("Buyer", _CUSTOMER),
    "BG-8": ("Buyer postal address", _CUSTOMER),
    "BG-16": ("Payment instructions", _COMPANY),
    "BG-17": ("Credit transfer", "your bank account " + _COMPANY),
    "BG-20": ("Document level allowances", "the invoice discount"),
    "BG-21": ("Document level charges", _INVOICE),
    "BG-22": ("Document totals", "the invoice totals"),
    "BG-23": ("VAT breakdown", "the tax rates"),
    "BG-25": ("Invoice line", _LINE),
    "BG-31": ("Item information", _LINE),
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
    return f"{name} ({term}), {where}" if where else f"{name} ({term})"


__all__ = [
    "ELEMENTS",
    "PARTY_ELEMENTS",
    "RULE_TERMS",
    "TERMS",
    "field_at",
    "field_named_in",
    "field_of_rule",
]
