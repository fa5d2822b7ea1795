# SPDX-License-Identifier: MIT
"""The plain input of the PDF renderer: an invoice or credit note as printed.

The services build these values from the books; the renderer only lays them out.  All
amounts are already computed and rounded (:mod:`arapp.domain.totals`); nothing here
recomputes or rounds money, and every amount is a :class:`~decimal.Decimal`.

Credit notes may carry their amounts either positive or negative (as booked); they are
always *printed* as a positive credit (see :func:`arapp.pdf.invoice.render_invoice`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from arapp.domain.invoice import DocumentKind, InvoiceStatus
from arapp.domain.texts import Words

__all__ = [
    "DOCUMENT_KINDS",
    "PAPER_SIZES",
    "STATUSES",
    "DocumentLine",
    "InvoiceDocument",
    "Party",
    "PaymentDetails",
    "TaxSummaryLine",
]

DOCUMENT_KINDS = tuple(DocumentKind)
STATUSES = tuple(InvoiceStatus)
PAPER_SIZES = ("a4", "letter")


@dataclass(frozen=True)
class Party:
    """The seller or the buyer as printed on the document.

    Attributes:
        name: Company or person name.
        address: Postal address; may span several lines (``"\\n"``).
        email: E-mail address.
        phone: Phone number.
        website: Web address, printed as plain text.
        tax_id: VAT or other tax identification number.
        contact_person: Person to address ("Attn.") for the buyer; the seller's contact (BT-41).
        code: Customer number, printed in the document details (buyer only).
        logo: PNG or JPEG image bytes (seller only), or ``None``.
        street: Street lines of the address in parts (``"\n"`` between lines); the parts
            are what e-invoices read, :attr:`address` is them as printed.
        postcode: Postcode.
        city: Town or city.
        country: ISO 3166-1 alpha-2 code.
        region: State, province or county (printed in :attr:`address`; BT-39 / BT-54).
        registration_id: Legal registration number (BT-30 / BT-47).
        electronic_address: Where e-invoices reach the party (BT-34 / BT-49).
        electronic_address_scheme: Its EAS code (``EM``, ``0088``, ``0204``...).
        buyer_reference: The buyer's reference (BT-10; the Leitweg-ID), buyer only.
    """

    name: str
    address: str = ""
    email: str = ""
    phone: str = ""
    website: str = ""
    tax_id: str = ""
    contact_person: str = ""
    code: str = ""
    logo: bytes | None = field(default=None, repr=False)
    street: str = ""
    postcode: str = ""
    city: str = ""
    country: str = ""
    region: str = ""
    registration_id: str = ""
    electronic_address: str = ""
    electronic_address_scheme: str = ""
    buyer_reference: str = ""

    @property
    def address_lines(self) -> tuple[str, ...]:
        """The street lines, one by one (BT-35, BT-36, BT-162 take the first three)."""
        return tuple(line for line in self.street.splitlines() if line.strip())


@dataclass(frozen=True)
class DocumentLine:
    """One line of the line table.

    Attributes:
        description: What was sold; may be long or span several lines.
        quantity: Quantity, possibly fractional.
        unit: Unit of measure such as ``"h"`` or ``"pcs"``; may be empty.
        unit_price: Price per unit; printed with the currency's decimals, or more if
            the price has more.
        discount_percent: Line discount in percent; ``0`` prints nothing.
        tax_label: Tax rate of the line, e.g. ``"VAT 23%"``; may be empty.
        amount: The line amount after its discount.
    """

    description: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    discount_percent: Decimal
    tax_label: str
    amount: Decimal


@dataclass(frozen=True)
class TaxSummaryLine:
    """Tax of one rate, printed below the subtotal.

    Attributes:
        label: Name of the rate, e.g. ``"VAT 23%"``.
        net: The amount the rate applies to.
        tax: The tax amount.
    """

    label: str
    net: Decimal
    tax: Decimal


@dataclass(frozen=True)
class PaymentDetails:
    """How the buyer can pay; empty fields are not printed.

    Attributes:
        bank_name: Name of the seller's bank.
        iban: The seller's IBAN (spaces allowed); with EUR it also yields a payment QR code.
        bic: BIC of the seller's bank.
        account_number: Account number for non-IBAN transfers (with sort or routing code).
        payment_link_url: Web address of an online payment page, printed as plain text.
        reference: Payment reference to quote; the document number when empty.
    """

    bank_name: str = ""
    iban: str = ""
    bic: str = ""
    account_number: str = ""
    payment_link_url: str = ""
    reference: str = ""


@dataclass(frozen=True)
class InvoiceDocument:
    """An invoice or credit note, ready to print.

    Attributes:
        kind: ``"invoice"`` or ``"credit_note"``.
        number: The document number, or ``None`` for a draft (printed with a "DRAFT"
            watermark and the title "Draft invoice").
        status: ``draft``, ``issued``, ``sent``, ``partially_paid``, ``paid`` or ``void``;
            a void document gets a "VOID" watermark and its :attr:`void_reason`.
        issue_date: Date of issue.
        due_date: Date by which payment is due (not printed on credit notes).
        currency: ISO 4217 code of all amounts, e.g. ``"EUR"``.
        locale: Locale for amounts and dates, e.g. ``"en_IE"``, ``"de_DE"``.
        seller: The shop issuing the document.
        buyer: The customer.
        lines: The line table, in order.
        subtotal: Sum of the line amounts.
        invoice_discount: Discount on the whole invoice (positive); ``0`` prints nothing.
        taxes: One entry per tax rate.
        tax_total: Sum of the taxes.
        total: Amount of the document including tax.
        amount_paid: Payments and credits allocated so far; ``0`` prints nothing.
        amount_due: What is still to be paid.
        terms_text: Payment terms in words (:meth:`arapp.domain.terms.PaymentTerms.describe`).
        late_fee_text: Late fee policy in words.
        payment: Bank details and payment link.
        notes: Free text printed after the payment block.
        footer: Free text printed at the bottom of every page.
        related_number: For a credit note, the number of the invoice it corrects.
        void_reason: Why the document was voided.
        paper_size: ``"a4"`` or ``"letter"``.
        words: The words printed around the values, in the document's language.
    """

    kind: str
    number: str | None
    status: str
    issue_date: date
    due_date: date
    currency: str
    locale: str
    seller: Party
    buyer: Party
    lines: tuple[DocumentLine, ...]
    subtotal: Decimal
    invoice_discount: Decimal
    taxes: tuple[TaxSummaryLine, ...]
    tax_total: Decimal
    total: Decimal
    amount_paid: Decimal
    amount_due: Decimal
    terms_text: str = ""
    late_fee_text: str = ""
    payment: PaymentDetails = PaymentDetails()
    notes: str = ""
    footer: str = ""
    related_number: str = ""
    void_reason: str = ""
    paper_size: str = "a4"
    words: Words = field(default_factory=Words)

    def __post_init__(self) -> None:
        if self.kind not in DOCUMENT_KINDS:
            raise ValueError(f"kind must be one of {DOCUMENT_KINDS}, not {self.kind!r}")
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}, not {self.status!r}")
        if self.paper_size not in PAPER_SIZES:
            raise ValueError(f"paper_size must be one of {PAPER_SIZES}, not {self.paper_size!r}")

    @property
    def is_credit_note(self) -> bool:
        """True for a credit note."""
        return self.kind == DocumentKind.CREDIT_NOTE

    @property
    def is_draft(self) -> bool:
        """True while the document has no number yet."""
        return self.number is None or self.status == InvoiceStatus.DRAFT

    @property
    def is_void(self) -> bool:
        """True if the document was voided."""
        return self.status == InvoiceStatus.VOID
