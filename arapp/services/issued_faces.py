# SPDX-License-Identifier: MIT
"""What an issued document showed, kept so that it reprints exactly as issued.

An invoice's lines, amounts, terms, notes and footer live on its own row and never change once
issued; the seller, the bill-to, the bank details and the late-fee terms live elsewhere (company,
customer, settings) and do change. At issue they are copied into a *face* (``issued_face``,
JSON) and linked to the document (``invoice_face``); printing an issued document reads its face,
a draft reads today's data. Faces are shared: one row per distinct content, found by digest.

A face also keeps the language the document was printed in (the customer's, else the
company's, on the day of issue) and the owner's own words in it (:mod:`.document_words`): an
invoice issued in German reprints in German after the customer's language changed. A face kept
before documents had languages has none and reads as English, the only language documents were
printed in then; its locale is the one it kept.

The logo is not kept (image bytes per change of anything else would bloat the books): an issued
document prints the company's current logo. The paper size is a printer's preference, not part
of the document, and stays live too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from arapp.db.models import Company, Customer, InvoiceFace, IssuedFace
from arapp.domain.addresses import AddressParts
from arapp.domain.languages import ENGLISH, LANGUAGES
from arapp.domain.texts import ENGLISH_WORDS, Words, words_for
from arapp.formatting import customer_locale, format_money
from arapp.pdf.document import Party, PaymentDetails
from arapp.services.company import COMPANY_ID
from arapp.services.document_words import customer_language, read_own_words
from arapp.services.parties import printed_address
from arapp.services.settings import INTEREST_PERCENT_PER_MONTH, LATE_FEE_FLAT, read_setting

#: The parts of an address and the e-invoice identifiers both parties keep (migration 0023);
#: a face kept before has none of them and reads them as empty.
_PARTS = (
    "street",
    "postcode",
    "city",
    "country",
    "registration_id",
    "electronic_address",
    "electronic_address_scheme",
)
_SELLER = ("name", "address", "email", "phone", "website", "tax_id", "contact_person", *_PARTS)
_BUYER = ("name", "address", "email", "tax_id", "contact_person", "code", "buyer_reference",
          *_PARTS)  # fmt: skip
_PAYMENT = ("bank_name", "iban", "bic", "account_number", "payment_link_url")
#: Customers read per query when many documents are issued at once (an import).
_CHUNK = 500


def seller_party(company: Company) -> Party:
    """The company as printed at the head of invoices, statements and letters."""
    return Party(
        name=company.name,
        address=printed_address(_parts(company), company.country, company.locale),
        email=company.email.split(",")[0],
        phone=company.phone,
        website=company.website,
        tax_id=company.tax_id,
        logo=company.logo,
        contact_person=company.contact_name,
        region=company.region,
        **{k: getattr(company, k) for k in _PARTS},
    )


def buyer_party(customer: Customer, company: Company | None = None) -> Party:
    """The customer as printed on invoices and statements (the first e-mail address); the
    country is printed when it is not the company's."""
    home, locale = (company.country, company.locale) if company is not None else ("", "en_US")
    return Party(
        name=customer.name,
        address=printed_address(_parts(customer), home, locale),
        email=customer.email.split(",")[0],
        tax_id=customer.tax_id,
        contact_person=customer.contact_person,
        code=customer.code,
        buyer_reference=customer.buyer_reference,
        region=customer.region,
        **{k: getattr(customer, k) for k in _PARTS},
    )


def _parts(row: Company | Customer) -> AddressParts:
    return AddressParts(row.street, row.postcode, row.city, row.country, row.region)


def payment_details(company: Company, reference: str) -> PaymentDetails:
    """How to pay the company, with the reference the payer should quote."""
    return PaymentDetails(
        bank_name=company.bank_name,
        iban=company.iban,
        bic=company.bic,
        account_number=company.account_number,
        payment_link_url=company.payment_link_url,
        reference=reference,
    )


def late_fee_text(
    flat: Decimal, interest: Decimal, currency: str, locale: str, words: Words = ENGLISH_WORDS
) -> str:
    """The late-fee terms in one sentence, or nothing when no fee is charged."""
    parts = []
    if flat > 0:
        parts.append(words("late_fee_flat", amount=format_money(flat, currency, locale)))
    if interest > 0:
        parts.append(words("late_fee_interest", percent=f"{interest.normalize():f}"))
    if not parts:
        return ""
    return words("late_fee_terms", charges=words.join(parts))


@dataclass(frozen=True)
class Face:
    """Everything a document shows that is not on its own row.

    Attributes:
        seller: The company (without its logo: see the module's docstring).
        buyer: The customer.
        payment: Bank details and payment link, without the reference (the document number).
        locale: Locale of amounts and dates.
        late_fee_flat: The flat late fee of the fee settings.
        interest: Interest per month of the fee settings, in percent.
        language: The language the document is printed in (``en`` for faces kept before
            documents had languages).
        own_words: The owner's own words in that language on the day of issue.
    """

    seller: Party
    buyer: Party
    payment: PaymentDetails
    locale: str
    late_fee_flat: Decimal
    interest: Decimal
    language: str = ENGLISH
    own_words: Mapping[str, str] = field(default_factory=dict)

    @property
    def words(self) -> Words:
        """The words the document is printed with."""
        return words_for(self.language, self.own_words)

    def fee_text(self, currency: str) -> str:
        return late_fee_text(self.late_fee_flat, self.interest, currency, self.locale, self.words)

    def to_json(self) -> str:
        """Canonical JSON (the same content always gives the same text and digest); the
        migration that filled faces for older invoices (0022) writes this same shape."""
        seller = {k: getattr(self.seller, k) for k in _SELLER}
        buyer = {k: getattr(self.buyer, k) for k in _BUYER}
        for party, shown in ((seller, self.seller), (buyer, self.buyer)):
            if shown.region:  # only when set: a face without one keeps its earlier digest
                party["region"] = shown.region
        content = {
            "seller": seller,
            "buyer": buyer,
            "payment": {k: getattr(self.payment, k) for k in _PAYMENT},
            "locale": self.locale,
            "late_fee_flat": str(self.late_fee_flat),
            "interest": str(self.interest),
        }
        if self.language != ENGLISH:  # only then: an English face keeps its earlier digest
            content["language"] = self.language
        if self.own_words:
            content["words"] = dict(self.own_words)
        return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Face:
        data = json.loads(text)
        return cls(
            Party(**{k: data["seller"].get(k, "") for k in (*_SELLER, "region")}),
            Party(**{k: data["buyer"].get(k, "") for k in (*_BUYER, "region")}),
            PaymentDetails(**{k: data["payment"].get(k, "") for k in _PAYMENT}),
            data["locale"],
            Decimal(data["late_fee_flat"]),
            Decimal(data["interest"]),
            data.get("language", ENGLISH),
            data.get("words", {}),
        )


def live_face(
    session: Session,
    company: Company,
    customer: Customer,
    flat: Decimal,
    interest: Decimal,
    own_words: Mapping[str, Mapping[str, str]] | None = None,
) -> Face:
    """The face a document shows today (drafts print this; issuing keeps it): in the
    customer's language, else the company's, amounts and dates in its locale (``own_words``:
    the owner's words per language, when read already for many customers)."""
    language = customer_language(company, customer.language)
    words = own_words[language] if own_words is not None else read_own_words(session, language)
    return Face(
        replace(seller_party(company), logo=None),
        buyer_party(customer, company),
        payment_details(company, ""),
        customer_locale(customer.language, company.locale, company.country),
        flat,
        interest,
        language,
        words,
    )


def keep_faces(session: Session, documents: Iterable[tuple[int, int]]) -> None:
    """Keep today's face for each ``(document id, customer id)`` being issued, in the caller's
    transaction (so a document is never issued without its face)."""
    company = session.get(Company, COMPANY_ID)
    if company is None:  # nothing can be printed before there is a company; nothing to keep
        return
    flat = read_setting(session, LATE_FEE_FLAT)
    interest = read_setting(session, INTEREST_PERCENT_PER_MONTH)
    by_customer: dict[int, list[int]] = {}
    for document_id, customer_id in documents:
        by_customer.setdefault(customer_id, []).append(document_id)
    links: list[dict[str, int]] = []
    wanted = list(by_customer)
    own = {lang: read_own_words(session, lang) for lang in LANGUAGES}  # once, not per customer
    for start in range(0, len(wanted), _CHUNK):  # an import may name thousands of customers
        chunk = wanted[start : start + _CHUNK]
        for customer in session.scalars(select(Customer).where(Customer.id.in_(chunk))):
            face = live_face(session, company, customer, flat, interest, own)
            face_id = _face_id(session, face.to_json())
            links.extend({"invoice_id": i, "face_id": face_id} for i in by_customer[customer.id])
    if links:
        session.execute(insert(InvoiceFace), links)


def _face_id(session: Session, content: str) -> int:
    digest = hashlib.sha256(content.encode()).hexdigest()
    found = session.scalar(select(IssuedFace.id).where(IssuedFace.digest == digest))
    if found is not None:
        return found
    try:
        with session.begin_nested():  # another issuer may write the same face meanwhile
            face = IssuedFace(digest=digest, content=content)
            session.add(face)
        return face.id
    except IntegrityError:
        return session.scalars(select(IssuedFace.id).where(IssuedFace.digest == digest)).one()


def faces_of(session: Session, document_ids: Sequence[int]) -> dict[int, Face]:
    """The kept face of each issued document among ``document_ids`` (drafts have none)."""
    rows = session.execute(
        select(InvoiceFace.invoice_id, IssuedFace.content)
        .join(IssuedFace, IssuedFace.id == InvoiceFace.face_id)
        .where(InvoiceFace.invoice_id.in_(list(document_ids)))
    )
    parsed: dict[str, Face] = {}
    found: dict[int, Face] = {}
    for invoice_id, content in rows:
        if content not in parsed:
            parsed[content] = Face.from_json(content)
        found[invoice_id] = parsed[content]
    return found
