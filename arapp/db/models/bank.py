# SPDX-License-Identifier: MIT
"""Imported bank statements and their lines."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from arapp.db.models.base import Base
from arapp.db.types import Money, UtcDateTime


class BankStatement(Base):
    """One imported bank statement file (CSV, OFX/QFX or camt.053)."""

    __tablename__ = "bank_statement"
    __table_args__ = (CheckConstraint("format IN ('csv', 'ofx', 'camt053')", name="format"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account: Mapped[str] = mapped_column(String(100))
    format: Mapped[str] = mapped_column(String(20))
    file_name: Mapped[str] = mapped_column(String(500), default="")
    file_sha256: Mapped[str] = mapped_column(String(64), index=True)
    statement_ref: Mapped[str] = mapped_column(String(200), default="")
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime)


class BankTransaction(Base):
    """One booked line of a bank statement.

    ``(account, fingerprint)`` is unique: the bank's own id for the line when the format has one
    (OFX FITID, camt.053 AcctSvcrRef), else a hash of its fields and its place among identical
    lines, so importing the same statement twice adds nothing. Matching looks up the payer
    accounts seen before on matched lines through the covering index on
    ``(counterparty_account, status, payment_id)``.
    """

    __tablename__ = "bank_transaction"
    __table_args__ = (
        UniqueConstraint("account", "fingerprint"),
        CheckConstraint("status IN ('new', 'matched', 'ignored')", name="status"),
        Index(None, "status", "booking_date"),
        Index(None, "counterparty_account", "status", "payment_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("bank_statement.id"), index=True)
    account: Mapped[str] = mapped_column(String(100))
    fingerprint: Mapped[str] = mapped_column(String(200))
    booking_date: Mapped[date] = mapped_column(Date)
    #: Positive for money in, negative for money out.
    amount: Mapped[Decimal] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(String(3))
    counterparty: Mapped[str] = mapped_column(String(200), default="")
    counterparty_account: Mapped[str] = mapped_column(String(100), default="")
    reference: Mapped[str] = mapped_column(Text, default="")
    bank_ref: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(20), default="new")
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payment.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
