# SPDX-License-Identifier: MIT
"""Customers, their contacts and their contact history."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from arapp.db.models.base import Base, partial_index
from arapp.db.types import Money, UtcDateTime


class Customer(Base):
    __tablename__ = "customer"
    __table_args__ = (
        CheckConstraint("status IN ('active', 'credit_hold', 'archived')", name="status"),
        CheckConstraint("credit_limit IS NULL OR credit_limit >= 0", name="credit_limit"),
        # A one-letter search scans this narrow index, not the table (migration 0015).
        Index("ix_customer_search_text", "search_text", "status"),
        # The lists' sort by name (customers, and invoices and payments by customer).
        Index(None, "search_text", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    #: Case- and accent-folded name, code and e-mail for search (SQLite's LIKE folds ASCII only).
    search_text: Mapped[str] = mapped_column(Text, default="")
    contact_person: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(500), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    #: The address as one text, from before migration 0023 read it into the parts below; empty
    #: since (kept so a downgrade loses nothing).
    billing_address: Mapped[str] = mapped_column(Text, default="")
    street: Mapped[str] = mapped_column(Text, default="")
    postcode: Mapped[str] = mapped_column(String(20), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    #: ISO 3166-1 alpha-2 (migration 0023).
    country: Mapped[str] = mapped_column(String(2), default="")
    #: State, province or county (BT-54), optional (migration 0026).
    region: Mapped[str] = mapped_column(String(100), default="")
    registration_id: Mapped[str] = mapped_column(String(100), default="")
    #: BT-10; for XRechnung the Leitweg-ID.
    buyer_reference: Mapped[str] = mapped_column(String(100), default="")
    electronic_address: Mapped[str] = mapped_column(String(200), default="")
    #: An EAS code (arapp.domain.parties.EAS_CODES).
    electronic_address_scheme: Mapped[str] = mapped_column(String(10), default="")
    #: How invoices go: email-pdf, email-einvoice or print (arapp.domain.parties.Delivery).
    delivery: Mapped[str] = mapped_column(String(20), default="email-pdf")
    #: facturx, xrechnung-cii, xrechnung-ubl or peppol (arapp.domain.parties.EInvoiceFormat).
    einvoice_format: Mapped[str] = mapped_column(String(20), default="facturx")
    #: Where invoices go; empty: the customer's e-mail.
    invoice_email: Mapped[str] = mapped_column(String(500), default="")
    invoice_cc: Mapped[str] = mapped_column(String(500), default="")
    #: ISO 639-1 code its e-mails are written in (arapp.domain.languages); empty: the
    #: company's language (migration 0025).
    language: Mapped[str] = mapped_column(String(8), default="")
    tax_id: Mapped[str] = mapped_column(String(50), default="")
    currency: Mapped[str] = mapped_column(String(3))
    payment_terms: Mapped[str] = mapped_column(String(50))
    credit_limit: Mapped[Decimal | None] = mapped_column(Money, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="active", index=True)
    #: The day the customer was handed to the collections agency; empty when not, or taken
    #: back. While set, no reminders and no late fees (migration 0017).
    agency_since: Mapped[date | None] = mapped_column(Date, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)

    contacts: Mapped[list[Contact]] = relationship(
        back_populates="customer", order_by="Contact.id", cascade="all, delete-orphan"
    )


#: What migration 0015 builds for the customer search beyond these models: SQLite's FTS5 table
#: (and the shadow tables FTS5 keeps) and PostgreSQL's trigram index, made only when pg_trgm is
#: available. Schema comparisons leave them out; tests check that they exist.
SEARCH_INDEX_OBJECTS = frozenset(
    {
        "customer_search",
        "customer_search_config",
        "customer_search_content",
        "customer_search_data",
        "customer_search_docsize",
        "customer_search_idx",
        "customer_search_terms",
        "ix_customer_search_trgm",
    }
)


def in_models(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Alembic's ``include_object``: compare everything but the search index objects above."""
    return not (reflected and name in SEARCH_INDEX_OBJECTS)


class Contact(Base):
    __tablename__ = "contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(320), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)

    customer: Mapped[Customer] = relationship(back_populates="contacts")


class ContactLogEntry(Base):
    """A note, call, letter, e-mail, dispute or promise to pay, in the customer's history."""

    __tablename__ = "contact_log"
    __table_args__ = (
        Index(None, "customer_id", "at"),
        # Follow-ups still to do: the Today page reads these and never the whole history.
        partial_index(
            "ix_contact_log_open_follow_up",
            "follow_up",
            "customer_id",
            where="follow_up IS NOT NULL AND follow_up_done_on IS NULL",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    kind: Mapped[str] = mapped_column(String(20))
    summary: Mapped[str] = mapped_column(Text)
    follow_up: Mapped[date | None] = mapped_column(Date, nullable=True)
    follow_up_done_on: Mapped[date | None] = mapped_column(Date, nullable=True)
