# SPDX-License-Identifier: MIT
"""The books check: is the file sound, and do the money figures agree with their records?

``arapp db check`` and Help ▸ Check books… run :func:`check_books`, read-only:

* the file: ``PRAGMA integrity_check`` and ``foreign_key_check`` (SQLite);
* every invoice's and credit note's paid amount equals its payments (active allocations), the
  credit notes applied to it (or, for a credit note, applied from it) and its discounts and
  write-offs (adjustments not reversed);
* every payment's unapplied amount equals its amount minus its allocations (a reversed payment
  has none left); per customer, what refunds took comes off the payments' credit;
* the numbers of issued invoices and credit notes have no gaps;
* every customer's ledger balance equals their open items (open invoices, less open credit
  notes and unapplied credit).

Each finding is one plain sentence naming the records. :func:`last_good_backup` runs the same
checks on the backups, newest first, opened read-only, and names the newest with no finding.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from arapp.db.engine import Database
from arapp.db.models import (
    Adjustment,
    CreditAllocation,
    Customer,
    Invoice,
    Payment,
    PaymentAllocation,
    Refund,
    money_sum,
)
from arapp.domain.invoice import DocumentKind, InvoiceStatus
from arapp.domain.money import quantize
from arapp.domain.number_gaps import number_gaps
from arapp.i18n import N_, _, ngettext
from arapp.services.context import AppContext

#: At most this many findings of one kind are listed (then a count of the others).
SHOWN = 20


@dataclass(frozen=True)
class Finding:
    """Something wrong in the books.

    Attributes:
        kind: file, invoice_paid, payment_unapplied, customer_credit, numbering or ledger.
        text: One sentence for people, naming the records.
    """

    kind: str
    text: str


@dataclass(frozen=True)
class GoodBackup:
    """The newest backup with nothing wrong, and how many newer ones had something wrong.

    Attributes:
        path: The backup (``None``: none of them is sound).
        checked: How many backups were checked.
    """

    path: Path | None
    checked: int


def check_books(ctx: AppContext) -> list[Finding]:
    """Everything wrong with the books (empty: nothing found)."""
    findings, readable = _file_findings(ctx.db)
    if not readable:
        return findings
    with ctx.db.read() as session:
        for check in _MONEY_CHECKS:
            findings.extend(_capped(check(session)))
    findings.extend(_ledger_findings(ctx))
    return findings


def _capped(found: list[Finding]) -> list[Finding]:
    if len(found) <= SHOWN:
        return found
    hidden = len(found) - SHOWN
    more = Finding(
        found[0].kind,
        ngettext("… and {count} more like these.", "… and {count} more like these.", hidden).format(
            count=hidden
        ),
    )
    return [*found[:SHOWN], more]


def _file_findings(db: Database) -> tuple[list[Finding], bool]:
    """What is wrong with the file itself, and whether it could be read at all."""
    if not db.is_sqlite:
        return [], True
    try:
        with db.engine.connect() as connection:
            found = [str(r[0]) for r in connection.exec_driver_sql("PRAGMA integrity_check(20)")]
            keys = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    except Exception as exc:  # a file too damaged to read says so, rather than stopping the check
        return [
            Finding("file", _("The file could not be read: {reason}.").format(reason=exc))
        ], False
    findings = (
        []
        if found == ["ok"]
        else [Finding("file", _("The file is damaged: {problem}").format(problem=t)) for t in found]
    )
    for table, rowid, parent, _key in keys:
        findings.append(
            Finding(
                "file",
                _("{table} record {id} refers to a {parent} record that is missing.").format(
                    table=table, id=rowid, parent=parent
                ),
            )
        )
    return findings, True


def _sums(session: Session, column: object, key: object, *where: object) -> dict[int, Decimal]:
    query = select(key, money_sum(column)).where(*where).group_by(key)  # type: ignore[call-overload]
    return {int(k): v or Decimal(0) for k, v in session.execute(query)}


def _invoice_findings(session: Session) -> list[Finding]:
    allocated = _sums(
        session, PaymentAllocation.amount, PaymentAllocation.invoice_id, PaymentAllocation.active
    )
    credited = _sums(session, CreditAllocation.amount, CreditAllocation.invoice_id)
    applied = _sums(session, CreditAllocation.amount, CreditAllocation.credit_note_id)
    adjusted = _sums(
        session, Adjustment.amount, Adjustment.invoice_id, Adjustment.reversed.is_(False)
    )
    findings = []
    rows = session.execute(
        select(Invoice.id, Invoice.kind, Invoice.number, Invoice.amount_paid, Invoice.currency)
        .where(Invoice.status != InvoiceStatus.DRAFT)
        .order_by(Invoice.id)
    )
    for invoice_id, kind, number, paid, currency in rows:
        parts = allocated.get(invoice_id, Decimal(0)) + adjusted.get(invoice_id, Decimal(0))
        parts += (credited if kind == DocumentKind.INVOICE else applied).get(invoice_id, Decimal(0))
        if paid != parts:
            text = (
                _(
                    "Invoice {number} (record {id}) shows {paid} paid, but its payments, "
                    "credit and discounts add up to {parts}."
                )
                if kind == DocumentKind.INVOICE
                else _(
                    "Credit note {number} (record {id}) shows {paid} paid, but its payments, "
                    "credit and discounts add up to {parts}."
                )
            )
            shown = text.format(
                number=number or invoice_id,
                id=invoice_id,
                paid=_money(paid, currency),
                parts=_money(parts, currency),
            )
            findings.append(Finding("invoice_paid", shown))
    return findings


def _payment_findings(session: Session) -> list[Finding]:
    allocated = _sums(
        session, PaymentAllocation.amount, PaymentAllocation.payment_id, PaymentAllocation.active
    )
    findings = []
    free: dict[int, Decimal] = {}
    kept: dict[int, Decimal] = {}
    currencies: dict[int, str] = {}
    rows = session.execute(
        select(
            Payment.id, Payment.customer_id, Payment.amount, Payment.unapplied, Payment.status,
            Payment.currency,
        ).order_by(Payment.id)
    )  # fmt: skip
    for payment_id, customer_id, amount, unapplied, status, currency in rows:
        left = Decimal(0) if status == "reversed" else amount - allocated.get(payment_id, 0)
        if not 0 <= unapplied <= left:
            findings.append(
                Finding(
                    "payment_unapplied",
                    _(
                        "Payment {id} of {amount} shows {unapplied} unapplied, but its amount "
                        "less its allocations leaves {left}."
                    ).format(
                        id=payment_id,
                        amount=_money(amount, currency),
                        unapplied=_money(unapplied, currency),
                        left=_money(left, currency),
                    ),
                )
            )
        currencies[customer_id] = currency
        free[customer_id] = free.get(customer_id, Decimal(0)) + left
        kept[customer_id] = kept.get(customer_id, Decimal(0)) + unapplied
    refunded = _sums(session, Refund.amount, Refund.customer_id)
    for customer_id in sorted(set(free) | set(refunded)):
        expected = free.get(customer_id, Decimal(0)) - refunded.get(customer_id, Decimal(0))
        unapplied = kept.get(customer_id, Decimal(0))
        if unapplied != expected:
            currency = currencies.get(customer_id, "")
            findings.append(
                Finding(
                    "customer_credit",
                    _(
                        "Customer record {id}: the payments' unapplied amounts add up to "
                        "{unapplied}, but their amounts less allocations and refunds leave "
                        "{expected}."
                    ).format(
                        id=customer_id,
                        unapplied=_money(unapplied, currency),
                        expected=_money(expected, currency),
                    ),
                )
            )
    return findings


def _numbering_findings(session: Session) -> list[Finding]:
    findings = []
    for kind, label in (
        (DocumentKind.INVOICE, N_("Invoice numbers: {gap}.")),
        (DocumentKind.CREDIT_NOTE, N_("Credit note numbers: {gap}.")),
    ):
        numbers = session.scalars(
            select(Invoice.number).where(
                Invoice.kind == kind,
                Invoice.status != InvoiceStatus.DRAFT,
                Invoice.number.is_not(None),
            )
        )
        for gap in number_gaps(n for n in numbers if n):
            findings.append(Finding("numbering", _(label).format(gap=gap)))
    return findings


_MONEY_CHECKS: tuple[Callable[[Session], list[Finding]], ...] = (
    _invoice_findings,
    _payment_findings,
    _numbering_findings,
)


def _ledger_findings(ctx: AppContext) -> list[Finding]:
    from arapp.services.ledger import balance_check

    with ctx.db.read() as session:
        customers = session.execute(select(Customer.id, Customer.code, Customer.currency)).all()
    findings = []
    for customer_id, code, currency in customers:
        closing, items = balance_check(ctx, customer_id)
        if quantize(closing, currency) != quantize(items, currency):
            findings.append(
                Finding(
                    "ledger",
                    _(
                        "Customer {code} (record {id}): the ledger's balance is {closing}, but "
                        "the open items add up to {items}."
                    ).format(
                        code=code,
                        id=customer_id,
                        closing=_money(closing, currency),
                        items=_money(items, currency),
                    ),
                )
            )
    return _capped(findings)


def _money(amount: Decimal, currency: str) -> str:
    try:
        return f"{quantize(amount, currency)} {currency}"
    except ValueError:  # an unknown currency code (a damaged record): the amount as kept
        return f"{amount} {currency}".strip()


def check_books_file(path: Path) -> list[Finding]:
    """:func:`check_books` on the SQLite file ``path`` (a backup), which is never written: the
    check runs on a temporary copy of it."""
    with tempfile.TemporaryDirectory(prefix="arapp-check-") as folder:
        copy = Path(folder) / "books.sqlite3"
        shutil.copyfile(path, copy)
        database = Database(f"sqlite:///{copy.as_posix()}")
        try:
            return check_books(AppContext(database))
        finally:
            database.dispose()


def last_good_backup(ctx: AppContext, backup_dir: Path | None = None) -> GoodBackup:
    """The newest backup of these books that passes every check (read-only)."""
    from arapp.services.backup import list_backups

    checked = 0
    for backup in list_backups(ctx, backup_dir):
        checked += 1
        with contextlib.suppress(Exception):  # one unreadable backup must not stop the search
            if not check_books_file(backup.path):
                return GoodBackup(backup.path, checked)
    return GoodBackup(None, checked)
