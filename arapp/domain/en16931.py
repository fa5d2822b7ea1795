# SPDX-License-Identifier: MIT
"""An EN 16931 invoice or credit note as plain values: what every e-invoice format writes.

The writers (:mod:`arapp.einvoice.cii`, :mod:`arapp.einvoice.ubl`) turn one
:class:`EInvoice` into CII or UBL XML; none of them computes anything. The amounts come from
:mod:`arapp.domain.en16931_amounts`, which derives them from the invoice's own totals
(:mod:`arapp.domain.totals`), so the XML shows the same totals as the PDF to the cent.

Business terms (BT-n) are named on each field. Amounts are ``Decimal`` in the document's
currency; an empty text means "not given" and is not written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum


class VatCategory(StrEnum):
    """UNTDID 5305 VAT category codes EN 16931 knows (BT-118, BT-151)."""

    STANDARD = "S"
    ZERO = "Z"
    EXEMPT = "E"
    REVERSE_CHARGE = "AE"
    INTRA_COMMUNITY = "K"
    EXPORT = "G"
    NOT_SUBJECT = "O"


class TypeCode(StrEnum):
    """UNTDID 1001 document type (BT-3): commercial invoice or credit note."""

    INVOICE = "380"
    CREDIT_NOTE = "381"


@dataclass(frozen=True)
class Address:
    """A postal address (BG-5 seller, BG-8 buyer).

    Attributes:
        street: Address line 1 (BT-35 / BT-50).
        postcode: Post code (BT-38 / BT-53).
        city: City (BT-37 / BT-52).
        country: ISO 3166-1 alpha-2 country code (BT-40 / BT-55); required.
        region: Country subdivision: state, province, county (BT-39 / BT-54); optional.
    """

    street: str = ""
    postcode: str = ""
    city: str = ""
    country: str = ""
    region: str = ""


@dataclass(frozen=True)
class Party:
    """The seller (BG-4) or the buyer (BG-7).

    Attributes:
        name: Name (BT-27 / BT-44).
        address: Postal address.
        vat_id: VAT identifier with its country prefix (BT-31 / BT-48).
        tax_number: Seller's tax registration number, not a VAT id (BT-32); seller only.
        registration_id: Legal registration identifier (BT-30 / BT-47).
        electronic_address: Electronic address (BT-34 / BT-49), with ``scheme``.
        scheme: Its EAS scheme code (``EM`` e-mail, ``0088`` GLN, ``9930`` German VAT ...).
        contact_name: Contact point (BT-41 / BT-56).
        phone: Contact telephone (BT-42 / BT-57).
        email: Contact e-mail (BT-43 / BT-58).
    """

    name: str
    address: Address
    vat_id: str = ""
    tax_number: str = ""
    registration_id: str = ""
    electronic_address: str = ""
    scheme: str = ""
    contact_name: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class Line:
    """An invoice line (BG-25).

    Attributes:
        id: Line identifier (BT-126), 1, 2, ...
        name: Item name (BT-153).
        quantity: Invoiced quantity (BT-129), negative for returns.
        unit_code: UN/ECE Recommendation 20 unit (BT-130), such as ``C62`` or ``HUR``.
        net_price: Item net price (BT-146), never negative.
        allowance: Line allowance amount (BT-136), 0 for none.
        allowance_reason: Its reason (BT-139).
        net_amount: Line net amount (BT-131): ``quantity x net_price - allowance``, rounded.
        category: VAT category (BT-151).
        rate: VAT rate in percent (BT-152).
    """

    id: str
    name: str
    quantity: Decimal
    unit_code: str
    net_price: Decimal
    net_amount: Decimal
    category: VatCategory
    rate: Decimal
    allowance: Decimal = Decimal(0)
    allowance_reason: str = ""


@dataclass(frozen=True)
class Allowance:
    """A document level allowance (BG-20), such as the invoice discount of one VAT rate.

    Attributes:
        amount: Amount (BT-92).
        category: VAT category (BT-95).
        rate: VAT rate (BT-96).
        reason: Reason (BT-97).
    """

    amount: Decimal
    category: VatCategory
    rate: Decimal
    reason: str


@dataclass(frozen=True)
class VatBreakdown:
    """One VAT category and rate (BG-23).

    Attributes:
        category: VAT category (BT-118).
        rate: VAT rate (BT-119).
        taxable: Taxable amount (BT-116): its lines' net amounts less its allowances.
        tax: Tax amount (BT-117), as the invoice computed it (once per rate, rounded).
        exemption_reason: Why no VAT is charged (BT-120); for E, AE, K, G and O.
    """

    category: VatCategory
    rate: Decimal
    taxable: Decimal
    tax: Decimal
    exemption_reason: str = ""


@dataclass(frozen=True)
class Totals:
    """Document totals (BG-22).

    Attributes:
        line_total: Sum of invoice line net amounts (BT-106).
        allowances: Sum of document level allowances (BT-107).
        tax_basis: Total without VAT (BT-109) = ``line_total - allowances``.
        tax: Total VAT (BT-110): the sum of the breakdown's tax amounts.
        grand_total: Total with VAT (BT-112) = ``tax_basis + tax``.
        prepaid: Paid amount (BT-113): already paid or credited.
        due: Amount due for payment (BT-115) = ``grand_total - prepaid``.
    """

    line_total: Decimal
    allowances: Decimal
    tax_basis: Decimal
    tax: Decimal
    grand_total: Decimal
    prepaid: Decimal
    due: Decimal


@dataclass(frozen=True)
class Payment:
    """Payment instructions (BG-16): a SEPA credit transfer.

    Attributes:
        means_code: UNTDID 4461 payment means (BT-81): ``58`` SEPA credit transfer, ``30``
            credit transfer, ``1`` not defined (no account given).
        remittance: Remittance information (BT-83): the invoice number.
        iban: Payment account identifier (BT-84).
        account_name: Account name (BT-85).
        bic: Payment service provider (BT-86).
    """

    means_code: str
    remittance: str
    iban: str = ""
    account_name: str = ""
    bic: str = ""


@dataclass(frozen=True)
class EarlyPayment:
    """An early-payment discount ("2/10 net 30"), written in the payment terms text.

    Attributes:
        percent: Discount in percent.
        days: Days after the issue date it may be taken.
        basis: The amount it is computed on (the total with VAT).
    """

    percent: Decimal
    days: int
    basis: Decimal


@dataclass(frozen=True)
class EInvoice:
    """One EN 16931 invoice or credit note.

    Attributes:
        number: Invoice number (BT-1).
        type_code: 380 invoice, 381 credit note (BT-3).
        issue_date: Issue date (BT-2).
        currency: Invoice currency (BT-5).
        seller: The seller (BG-4).
        buyer: The buyer (BG-7).
        lines: Invoice lines (BG-25), at least one.
        vat: VAT breakdown (BG-23), one per category and rate.
        totals: Document totals (BG-22).
        allowances: Document level allowances (BG-20).
        due_date: Payment due date (BT-9), or ``None``.
        buyer_reference: Buyer reference (BT-10), the Leitweg-ID for German public buyers.
        terms: Payment terms (BT-20) in words.
        early_payment: The early-payment discount of the terms, or ``None``.
        payment: Payment instructions (BG-16), or ``None`` when nothing is to be paid.
        notes: Invoice notes (BT-22).
        preceding_number: The invoice a credit note corrects (BT-25).
        preceding_date: Its issue date (BT-26).
        delivery_date: Actual delivery date (BT-72), or ``None``.
        delivery_address: Deliver-to address (BG-15), or ``None``.
    """

    number: str
    type_code: TypeCode
    issue_date: date
    currency: str
    seller: Party
    buyer: Party
    lines: tuple[Line, ...]
    vat: tuple[VatBreakdown, ...]
    totals: Totals
    allowances: tuple[Allowance, ...] = ()
    due_date: date | None = None
    buyer_reference: str = ""
    terms: str = ""
    early_payment: EarlyPayment | None = None
    payment: Payment | None = None
    notes: tuple[str, ...] = field(default=())
    preceding_number: str = ""
    preceding_date: date | None = None
    delivery_date: date | None = None
    delivery_address: Address | None = None

    @property
    def is_credit_note(self) -> bool:
        return self.type_code is TypeCode.CREDIT_NOTE


__all__ = [
    "Address",
    "Allowance",
    "EInvoice",
    "EarlyPayment",
    "Line",
    "Party",
    "Payment",
    "Totals",
    "TypeCode",
    "VatBreakdown",
    "VatCategory",
]
