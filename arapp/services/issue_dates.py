# SPDX-License-Identifier: MIT
"""Which date a document may be issued on: numbers follow dates.

A number is a promise that the documents of one sequence were issued in that order, so a
document is dated the day it is issued, or on a day the owner confirms that is not before the
last numbered document of its sequence, and never on a day still to come (payments in the
future are refused for the same reason). Every path that takes a number (issuing a draft,
recurring billing, late-fee runs, credit notes) goes through :func:`check_issue_date`, called by
``lifecycle.next_number``. Imported historical documents keep the numbers and dates they had
and are not checked; they count as the last of their sequence afterwards.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from arapp.db.models import Invoice
from arapp.domain.invoice import DocumentKind
from arapp.domain.numbering import NumberPattern
from arapp.formatting import format_date
from arapp.services.company import company_locale
from arapp.services.errors import ServiceError

_NOUN = {DocumentKind.INVOICE: "an invoice", DocumentKind.CREDIT_NOTE: "a credit note"}


def sequence_span(pattern: NumberPattern, day: date) -> tuple[date | None, date | None]:
    """The first and last day the sequence of a document dated ``day`` covers (``None``: open)."""
    if "{month" in pattern.text:
        return day.replace(day=1), day.replace(day=monthrange(day.year, day.month)[1])
    if "{year" in pattern.text:
        return date(day.year, 1, 1), date(day.year, 12, 31)
    return None, None


def last_issued(
    session: Session, kind: DocumentKind, pattern: NumberPattern, day: date
) -> date | None:
    """The date of the latest numbered document of ``kind`` in the sequence ``day`` falls in."""
    start, end = sequence_span(pattern, day)
    query = select(Invoice.issue_date).where(Invoice.kind == kind, Invoice.number.is_not(None))
    if start is not None and end is not None:
        query = query.where(Invoice.issue_date >= start, Invoice.issue_date <= end)
    # Newest first, one row: the issue_date index read backwards stops at the first match.
    return session.scalar(query.order_by(Invoice.issue_date.desc()).limit(1))


def check_issue_date(
    session: Session,
    kind: DocumentKind,
    pattern: NumberPattern,
    day: date,
    today: date,
    *,
    in_order: bool = True,
) -> None:
    """Refuse a date in the future or (``in_order``) before the last document of the sequence.

    ``in_order`` is False on every path for now: the test books of many tests issue invoices
    out of date order, and are rebuilt in order before it is switched on (issue 13 item 2).
    """
    locale = company_locale(session)
    noun = _NOUN.get(kind, "a document")
    if day > today:
        raise ServiceError(
            f"{noun.capitalize()} cannot be dated {format_date(day, locale)}, a day still to "
            f"come: it is issued today ({format_date(today, locale)}) or on an earlier day."
        )
    if not in_order:
        return
    last = last_issued(session, kind, pattern, day)
    if last is not None and day < last:
        raise ServiceError(
            f"{noun.capitalize()} cannot be dated {format_date(day, locale)}: the last one in "
            f"this numbering is dated {format_date(last, locale)}, and numbers follow dates. "
            f"Date it {format_date(last, locale)} or later."
        )


__all__ = ["check_issue_date", "last_issued", "sequence_span"]
