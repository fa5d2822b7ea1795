# SPDX-License-Identifier: MIT
"""Customer statements: the open items, the period's activity and the aging, on paper.

:func:`build_statement` reads the books into a plain
:class:`~arapp.pdf.statement_document.StatementDocument`; :func:`statement_pdf` renders it.
The open items and the aging are taken as of the last day of the period
(:func:`arapp.services.aging.aging_items`); the activity is the customer's ledger
(:func:`arapp.services.ledger.customer_ledger`) cut to the period, its opening balance the
running balance before the first day.

:func:`save_statements` writes the statements of many customers into a folder at once (month
end), with the progress and cancel contract of
:func:`arapp.services.invoice_documents.save_pdfs`; :func:`customers_with_balance` says whom
to send them to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from arapp.db.chunks import chunked
from arapp.db.models import Company, Customer, Invoice, LateFeeCharge
from arapp.domain.aging import AgingBucket, AgingRow
from arapp.domain.errors import ValidationError
from arapp.domain.invoice import DocumentKind
from arapp.domain.money import quantize
from arapp.domain.payment_link import LinkValues, expand, shared_link
from arapp.files import write_atomically
from arapp.formatting import customer_locale
from arapp.i18n import N_, _
from arapp.pdf.statement import render_statement
from arapp.pdf.statement_document import StatementActivity, StatementDocument, StatementItem
from arapp.services.aging import AgingItem, aging_items, aging_report
from arapp.services.company import COMPANY_ID
from arapp.services.context import AppContext
from arapp.services.customer_list import customer_currencies
from arapp.services.document_words import customer_language, footer_in_words, read_words
from arapp.services.errors import InputErrors, NotFound, ServiceError
from arapp.services.invoice_documents import BatchResult
from arapp.services.issued_faces import buyer_party, payment_details, seller_party
from arapp.services.ledger import customer_ledger, ledger_text
from arapp.services.settings import INVOICE_FOOTER, PAPER_SIZE, read_setting

_NO_CUSTOMER = N_("Customer #{id} does not exist.")
DEFAULT_DAYS = 90
"""A statement without dates shows the last 90 days up to today."""


def default_period(ctx: AppContext, start: date | None, end: date | None) -> tuple[date, date]:
    """``(start, end)`` with the defaults filled in: the 90 days up to ``end`` (today)."""
    end = end or ctx.today()
    start = start or end - timedelta(days=DEFAULT_DAYS)
    if start > end:
        raise InputErrors([ValidationError("from", _("The period starts after it ends."))])
    return start, end


def statement_item(item: AgingItem) -> StatementItem:
    """An aging drill-down item as printed: credits have no due date nor days overdue."""
    credit = item.open < 0
    return StatementItem(
        kind=item.kind,
        number=item.reference,
        issue_date=item.issue_date,
        due_date=None if credit else item.due_date,
        original=item.total,
        open=item.open,
        days_overdue=None if credit else max(item.days, 0),
    )


def _with_link(item: StatementItem, pattern: str, currency: str, code: str) -> StatementItem:
    """``item`` with its payment link: the company's link (as it is today: a statement is a
    new document) filled in for an invoice with something open."""
    if item.kind != DocumentKind.INVOICE or item.open <= 0:
        return item
    values = LinkValues(item.number, item.open, currency, code)
    return replace(item, payment_link=expand(pattern, values))


def aging_of(items: list[AgingItem], currency: str) -> AgingRow:
    """The items summed per bucket (they are aged by due date)."""
    sums = [quantize(0, currency)] * len(AgingBucket)
    for item in items:
        sums[item.bucket] += item.open
    return AgingRow(tuple(sums), sum(sums, quantize(0, currency)))


def _fee_numbers(ctx: AppContext, customer_id: int) -> set[str]:
    """Numbers of the customer's late-fee documents (printed "Late fee", not "Invoice")."""
    with ctx.db.read() as session:
        return set(
            session.scalars(
                select(Invoice.number)
                .join(LateFeeCharge, LateFeeCharge.fee_invoice_id == Invoice.id)
                .where(Invoice.customer_id == customer_id)
            )
        )


def build_statement(ctx: AppContext, customer_id: int, start: date, end: date) -> StatementDocument:
    """The statement of one customer for ``start`` .. ``end`` (both included)."""
    start, end = default_period(ctx, start, end)
    with ctx.db.read() as session:
        customer = session.get(Customer, customer_id)
        if customer is None:
            raise NotFound(_(_NO_CUSTOMER).format(id=customer_id))
        company = session.get(Company, COMPANY_ID)
        if company is None:
            raise ServiceError(_("Fill in the company profile first: it is printed on statements."))
        seller, buyer = seller_party(company), buyer_party(customer, company)
        words = read_words(session, customer_language(company, customer.language))
        payment = payment_details(company, words("customer_ref", code=customer.code))
        pattern = company.payment_link_url
        currency = customer.currency
        locale = customer_locale(customer.language, company.locale, company.country)
        paper = read_setting(session, PAPER_SIZE)
        footer = read_setting(session, INVOICE_FOOTER)
    items = aging_items(ctx, customer_id, as_of=end)
    open_total = sum((i.open for i in items), quantize(0, currency))
    fees = _fee_numbers(ctx, customer_id)
    zero = quantize(0, currency)
    opening, closing, activity = zero, zero, []
    for entry in customer_ledger(ctx, customer_id):
        if entry.date < start:
            opening = closing = entry.balance
        elif entry.date <= end:
            fee = entry.kind == DocumentKind.INVOICE and entry.reference in fees
            text = words("late_fee") if fee else ledger_text(entry, words)
            activity.append(
                StatementActivity(entry.date, entry.reference, text, entry.amount, entry.balance)
            )
            closing = entry.balance
    printed = tuple(_with_link(statement_item(i), pattern, currency, buyer.code)
                    for i in _oldest_first(items))  # fmt: skip
    payment = replace(payment, payment_link_url=shared_link(i.payment_link for i in printed))
    return StatementDocument(
        seller=seller,
        customer=buyer,
        statement_date=end,
        period_start=start,
        period_end=end,
        currency=currency,
        locale=locale,
        open_items=printed,
        open_total=open_total,
        opening_balance=quantize(opening, currency),
        activity=tuple(activity),
        closing_balance=quantize(closing, currency),
        aging=aging_of(items, currency),
        payment=payment,
        footer=footer_in_words(footer, words),
        paper_size=paper,
        words=words,
    )


def _oldest_first(items: list[AgingItem]) -> list[AgingItem]:
    return sorted(items, key=lambda i: (i.issue_date, i.kind, i.reference))


def statement_pdf(
    ctx: AppContext, customer_id: int, start: date | None = None, end: date | None = None
) -> bytes:
    """The statement as PDF bytes; without dates, the last 90 days up to today."""
    start, end = default_period(ctx, start, end)
    return render_statement(build_statement(ctx, customer_id, start, end))


def statement_file_name(code: str, end: date) -> str:
    """``Statement ACME 2026-11-23.pdf``."""
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in code)
    return f"Statement {safe} {end.isoformat()}.pdf"


def customers_with_balance(
    ctx: AppContext, currency: str | None = None, as_of: date | None = None
) -> list[int]:
    """Customers whose balance is not zero on ``as_of`` (today): the aging report's lines.

    ``currency`` limits them to the customers billed in it; ``None`` takes every currency.
    Ordered as the aging report (by name), currency by currency, the company's first.
    """
    currencies = [currency] if currency else customer_currencies(ctx)
    return [
        line.customer_id
        for code in currencies
        for line in aging_report(ctx, as_of, currency=code).lines
    ]


def free_path(folder: Path, name: str, taken: set[Path]) -> Path:
    """``folder / name``, or ``… (2).pdf``, ``… (3).pdf`` when that file exists or is ``taken``."""
    target = folder / name
    stem, suffix = target.stem, target.suffix
    number = 1
    while target in taken or target.exists():
        number += 1
        target = folder / f"{stem} ({number}){suffix}"
    return target


def save_statement_pdf(
    ctx: AppContext, customer_id: int, start: date, end: date, target: Path
) -> Path:
    """Write one statement atomically (a half-written file never replaces a good one)."""
    return write_atomically(target, statement_pdf(ctx, customer_id, start, end))


def customer_codes(ctx: AppContext, customer_ids: list[int]) -> dict[int, str]:
    """The codes of those customers that exist (to name failures for people)."""
    codes: dict[int, str] = {}
    with ctx.db.read() as session:
        for chunk in chunked(customer_ids):
            query = select(Customer.id, Customer.code).where(Customer.id.in_(chunk))
            codes.update((cid, code) for cid, code in session.execute(query))
    return codes


def _code(ctx: AppContext, customer_id: int) -> str:
    with ctx.db.read() as session:
        code = session.scalar(select(Customer.code).where(Customer.id == customer_id))
    if code is None:
        raise NotFound(_(_NO_CUSTOMER).format(id=customer_id))
    return code


def save_statements(
    ctx: AppContext,
    folder: Path,
    customer_ids: list[int],
    start: date | None = None,
    end: date | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> BatchResult:
    """Write the statement of each customer for ``start`` .. ``end`` into ``folder``.

    As :func:`~arapp.services.invoice_documents.save_pdfs`: ``progress(done, total)`` after
    each customer, ``cancelled()`` read before each one; a customer that cannot be written is
    listed in ``failed`` as ``(customer id, reason)`` and the others go on. Files are named by
    :func:`statement_file_name`; an existing file is never replaced: the new one is saved as
    ``… (2).pdf`` (also when two codes make the same name).
    """
    start, end = default_period(ctx, start, end)  # a wrong period fails once, not per customer
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    failed: list[tuple[int, str]] = []
    taken: set[Path] = set()
    for done, customer_id in enumerate(customer_ids):
        if cancelled is not None and cancelled():
            return BatchResult(tuple(written), tuple(failed), True)
        name: str | None = None
        try:
            name = statement_file_name(_code(ctx, customer_id), end)
            target = free_path(folder, name, taken)
            written.append(save_statement_pdf(ctx, customer_id, start, end, target))
            taken.add(target)
        except ServiceError as exc:
            failed.append((customer_id, str(exc)))
        except OSError as exc:
            why = exc.strerror or str(exc)
            text = (
                _("Cannot write the statement of customer #{id}: {why}").format(
                    id=customer_id, why=why
                )
                if name is None
                else _("Cannot write {name}: {why}").format(name=name, why=why)
            )
            failed.append((customer_id, text))
        if progress is not None:
            progress(done + 1, len(customer_ids))
    return BatchResult(tuple(written), tuple(failed), False)
