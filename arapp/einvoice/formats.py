# SPDX-License-Identifier: MIT
"""The e-invoice formats arapp writes, and what each one claims and requires.

=================  =======  ========================================================
format             syntax   specification (BT-24)
=================  =======  ========================================================
``facturx``        CII      Factur-X / ZUGFeRD EN 16931 (``urn:cen.eu:en16931:2017``)
``xrechnung-cii``  CII      XRechnung 3.0
``xrechnung-ubl``  UBL      XRechnung 3.0
``peppol``         UBL      Peppol BIS Billing 3.0 (ProfileID billing 01:1.0)
=================  =======  ========================================================

:func:`write` turns an :class:`~arapp.domain.en16931.EInvoice` into the bytes of a format;
:func:`missing_fields` says, before any rule runs, which fields a format needs that the
document lacks (XRechnung: the buyer reference, the seller's contact and the electronic
addresses; Peppol: a buyer reference and electronic addresses in a Peppol scheme, never
e-mail).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from arapp.domain.en16931 import EInvoice, Party, VatCategory
from arapp.domain.parties import PEPPOL_EAS_CODES
from arapp.einvoice.cii import write_cii
from arapp.einvoice.ubl import write_ubl


class EFormat(StrEnum):
    """An e-invoice format, by the name the command line and the customer record use."""

    FACTURX = "facturx"
    XRECHNUNG_CII = "xrechnung-cii"
    XRECHNUNG_UBL = "xrechnung-ubl"
    PEPPOL = "peppol"

    @property
    def syntax(self) -> str:
        return "cii" if self in (EFormat.FACTURX, EFormat.XRECHNUNG_CII) else "ubl"

    @property
    def is_xrechnung(self) -> bool:
        return self in (EFormat.XRECHNUNG_CII, EFormat.XRECHNUNG_UBL)

    @property
    def label(self) -> str:
        return _LABELS[self]


EN16931 = "urn:cen.eu:en16931:2017"
XRECHNUNG = f"{EN16931}#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"
PEPPOL = f"{EN16931}#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PEPPOL_PROFILE = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"

_LABELS = {
    EFormat.FACTURX: "Factur-X (EN 16931)",
    EFormat.XRECHNUNG_CII: "XRechnung 3.0 (CII)",
    EFormat.XRECHNUNG_UBL: "XRechnung 3.0 (UBL)",
    EFormat.PEPPOL: "Peppol BIS Billing 3.0 (UBL)",
}

_CATEGORY_WORDS = {
    VatCategory.REVERSE_CHARGE: "reverse charge",
    VatCategory.INTRA_COMMUNITY: "an intra-community supply",
}
_PEPPOL_SCHEMES = "a scheme such as 0088 (GLN) or 9930 (German VAT id)"
_COMPANY = "in Settings ▸ Company (or: arapp company set {key} VALUE)"
_CUSTOMER = "in the customer's record, Edit… (or: arapp customer edit CODE --{option} VALUE)"


def write(doc: EInvoice, fmt: EFormat) -> bytes:
    """``doc`` as the XML of ``fmt`` (for ``facturx`` the XML to embed in the PDF)."""
    terms = terms_text(doc, xrechnung=fmt.is_xrechnung)
    if fmt is EFormat.FACTURX:
        return write_cii(doc, EN16931, "", terms)
    # XRechnung wants a business process (BT-23) too: Peppol's billing process, as KoSIT's
    # own examples give it.
    if fmt is EFormat.XRECHNUNG_CII:
        return write_cii(doc, XRECHNUNG, PEPPOL_PROFILE, terms)
    if fmt is EFormat.XRECHNUNG_UBL:
        return write_ubl(doc, XRECHNUNG, PEPPOL_PROFILE, terms)
    # Peppol allows one note (BT-22) unless seller and buyer are both German (PEPPOL-EN16931-R002)
    if len(doc.notes) > 1:
        doc = replace(doc, notes=("\n".join(doc.notes),))
    return write_ubl(doc, PEPPOL, PEPPOL_PROFILE, terms)


def terms_text(doc: EInvoice, *, xrechnung: bool) -> str:
    """The payment terms (BT-20): the words of the PDF; XRechnung adds its early-payment
    line ``#SKONTO#TAGE=10#PROZENT=2.00#BASISBETRAG=119.00#`` (rule BR-DE-18's form)."""
    early = doc.early_payment
    if not xrechnung or early is None:
        return doc.terms
    line = f"#SKONTO#TAGE={early.days}#PROZENT={early.percent:.2f}#BASISBETRAG={early.basis:.2f}#"
    return f"{doc.terms}\n{line}\n" if doc.terms else f"{line}\n"


@dataclass(frozen=True)
class Missing:
    """A field a format needs that the document lacks.

    Attributes:
        what: The field in words with its BT number: ``Buyer reference / Leitweg-ID (BT-10)``.
        where: Where a person sets it: ``in the customer's record, Edit… (or: ...)``.
        routing: Whether it only routes the e-invoice (BT-10, BT-49: not printed on the
            invoice), so an issued invoice may take it from today's customer record; every
            other field is part of what was issued.
    """

    what: str
    where: str
    routing: bool = False

    def __str__(self) -> str:
        return f"{self.what} {self.where}"


def missing_fields(doc: EInvoice, fmt: EFormat) -> list[str]:
    """What ``fmt`` needs that ``doc`` lacks, each in words with where to set it (the rules
    would say it less plainly); empty when nothing known is missing."""
    return [str(m) for m in missing_items(doc, fmt)]


def missing_items(doc: EInvoice, fmt: EFormat) -> list[Missing]:
    """:func:`missing_fields` as :class:`Missing` items."""
    missing: list[Missing] = []
    seller, buyer = doc.seller, doc.buyer
    if not seller.address.country:
        missing.append(Missing("Seller country code (BT-40)", _COMPANY.format(key="country")))
    if not buyer.address.country:
        missing.append(Missing("Buyer country code (BT-55)", _CUSTOMER.format(option="country")))
    categories = {line.category for line in doc.lines}
    if not seller.vat_id and not seller.tax_number:
        missing.append(Missing("Seller VAT identifier (BT-31)", _COMPANY.format(key="vat_id")))
    # reverse charge: the buyer's VAT id or registration id (BR-AE-02); an intra-community
    # supply: the VAT id itself (BR-IC-02)
    needs_buyer_vat = set()
    if VatCategory.REVERSE_CHARGE in categories and not buyer.registration_id:
        needs_buyer_vat.add(VatCategory.REVERSE_CHARGE)
    if VatCategory.INTRA_COMMUNITY in categories:
        needs_buyer_vat.add(VatCategory.INTRA_COMMUNITY)
    if needs_buyer_vat and not buyer.vat_id:
        missing.append(
            Missing(
                "Buyer VAT identifier (BT-48), needed for "
                + " and ".join(sorted(_CATEGORY_WORDS[c] for c in needs_buyer_vat))
                + ",",
                _CUSTOMER.format(option="vat-id"),
            )
        )
    if (fmt.is_xrechnung or fmt is EFormat.PEPPOL) and not doc.buyer_reference:
        missing.append(
            Missing(
                "Buyer reference / Leitweg-ID (BT-10)",
                _CUSTOMER.format(option="buyer-reference")
                + "; on the command line also --buyer-reference for one document",
                routing=True,
            )
        )
    if fmt.is_xrechnung:
        if not seller.electronic_address:
            missing.append(
                Missing(
                    "Seller electronic address (BT-34)",
                    _COMPANY.format(key="electronic_address") + " (or your e-mail address)",
                )
            )
        if not buyer.electronic_address:
            missing.append(
                Missing(
                    "Buyer electronic address (BT-49)",
                    _CUSTOMER.format(option="electronic-address")
                    + " (or the customer's e-mail address)",
                    routing=True,
                )
            )
    if fmt is EFormat.PEPPOL:
        missing += _peppol_addresses(doc)
    if fmt.is_xrechnung:
        if not seller.address.city or not seller.address.postcode:
            missing.append(
                Missing(
                    "Seller city and post code (BT-37, BT-38)",
                    "in Settings ▸ Company "
                    "(or: arapp company set city VALUE, arapp company set postcode VALUE)",
                )
            )
        if not buyer.address.city or not buyer.address.postcode:
            missing.append(
                Missing(
                    "Buyer city and post code (BT-52, BT-53)",
                    "in the customer's record, Edit… "
                    "(or: arapp customer edit CODE --city VALUE --postcode VALUE)",
                )
            )
        if not seller.contact_name:
            missing.append(Missing("Seller contact (BT-41)", _COMPANY.format(key="contact_name")))
        if not seller.phone:
            missing.append(
                Missing("Seller contact telephone (BT-42)", _COMPANY.format(key="phone"))
            )
        if not seller.email:
            missing.append(Missing("Seller contact e-mail (BT-43)", _COMPANY.format(key="email")))
        if not doc.is_credit_note and (doc.payment is None or not doc.payment.iban):
            missing.append(Missing("Payment account IBAN (BT-84)", _COMPANY.format(key="iban")))
    return missing


def _peppol_addresses(doc: EInvoice) -> list[Missing]:
    """The electronic addresses Peppol cannot take: missing, or in a scheme outside its list
    (an e-mail address, EM, above all: Peppol delivers to participant ids only)."""
    missing: list[Missing] = []
    for party, what, where, routing in (
        (
            doc.seller,
            "Seller electronic address (BT-34)",
            "in Settings ▸ Company (or: arapp company set electronic_address VALUE, "
            "arapp company set electronic_address_scheme CODE)",
            False,
        ),
        (
            doc.buyer,
            "Buyer electronic address (BT-49)",
            "in the customer's record, Edit… (or: arapp customer edit CODE "
            "--electronic-address VALUE --electronic-address-scheme CODE)",
            True,
        ),
    ):
        problem = _peppol_address_problem(party)
        if problem:
            missing.append(
                Missing(f"{what}: {problem};", f"set it with {_PEPPOL_SCHEMES} {where}", routing)
            )
    return missing


def _peppol_address_problem(party: Party) -> str:
    if not party.electronic_address:
        return "Peppol needs a participant id"
    if party.scheme == "EM":
        return (
            f"Peppol does not deliver to an e-mail address ({party.electronic_address}), "
            "it needs a participant id"
        )
    if party.scheme not in PEPPOL_EAS_CODES:
        return f"Peppol does not accept the scheme {party.scheme or '(none)'}"
    return ""
