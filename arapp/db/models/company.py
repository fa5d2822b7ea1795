# SPDX-License-Identifier: MIT
"""The company and the books' housekeeping: settings, number sequences, audit log, mappings.

Rows here belong to no customer: the one company (row id 1), its settings, the gapless number
sequences that issuing advances, the audit log every money-changing step writes, and the column
mappings remembered for imports.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from arapp.db.models.base import Base
from arapp.db.types import Money, UtcDateTime


class Company(Base):
    """The one company these books belong to (row id 1)."""

    __tablename__ = "company"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    legal_name: Mapped[str] = mapped_column(String(200), default="")
    #: The address as one text, from before migration 0023 read it into the parts below; empty
    #: since (kept so a downgrade loses nothing).
    address: Mapped[str] = mapped_column(Text, default="")
    street: Mapped[str] = mapped_column(Text, default="")
    postcode: Mapped[str] = mapped_column(String(20), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    #: ISO 3166-1 alpha-2 (migration 0023).
    country: Mapped[str] = mapped_column(String(2), default="")
    #: State, province or county (BT-39), optional (migration 0026).
    region: Mapped[str] = mapped_column(String(100), default="")
    registration_id: Mapped[str] = mapped_column(String(100), default="")
    electronic_address: Mapped[str] = mapped_column(String(200), default="")
    #: An EAS code (arapp.domain.parties.EAS_CODES).
    electronic_address_scheme: Mapped[str] = mapped_column(String(10), default="")
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(320), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    website: Mapped[str] = mapped_column(String(200), default="")
    tax_id: Mapped[str] = mapped_column(String(50), default="")
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    locale: Mapped[str] = mapped_column(String(20), default="en_US")
    logo: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    bank_name: Mapped[str] = mapped_column(String(200), default="")
    iban: Mapped[str] = mapped_column(String(50), default="")
    bic: Mapped[str] = mapped_column(String(20), default="")
    account_number: Mapped[str] = mapped_column(String(50), default="")
    payment_link_url: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Setting(Base):
    """A company setting (declared in :mod:`arapp.services.settings`), stored as text."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class NumberSequence(Base):
    """The next number of a gapless document sequence, such as ``invoice:2026``.

    It is read and advanced in the same transaction that issues the document, under the write
    lock (SQLite) or a row lock (PostgreSQL), so numbers are never shared and never skipped.
    """

    __tablename__ = "number_sequence"

    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    next_value: Mapped[int] = mapped_column(Integer)


class AuditEntry(Base):
    """One money-changing action, written in the transaction that made it."""

    __tablename__ = "audit_log"
    __table_args__ = (Index(None, "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    actor: Mapped[str] = mapped_column(String(100), default="")
    action: Mapped[str] = mapped_column(String(50))
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    amount: Mapped[Decimal | None] = mapped_column(Money, nullable=True)
    currency: Mapped[str] = mapped_column(String(3), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[str] = mapped_column(Text, default="")


class ImportMapping(Base):
    """A remembered column mapping: for a kind of import and a name (a bank, a spreadsheet).

    ``mapping`` is JSON text: our field name to the column name in the user's file, plus any
    format options (date format, decimal comma) the importer understands.
    """

    __tablename__ = "import_mapping"
    __table_args__ = (UniqueConstraint("kind", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(100))
    mapping: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
