# SPDX-License-Identifier: MIT
"""Which date a document may be issued on: numbers follow dates.

A number is a promise that the documents of one sequence were issued in that order, so a
document is dated the day it is issued, or on a day the owner confirms that is not before the
last numbered document of its sequence, and never on a day still to come (payments in the
future are refused for the same reason). Every path that takes a number goes through
:func:`check_issue_date`, called by ``lifecycle.next_number``, and each path dates its documents
so that they stay in order by design:

- issuing a draft keeps the draft's date when it is not before the last of its sequence (the
  owner chose it); otherwise it is refused with :class:`DateOutOfOrder`, and the window offers
  to issue it dated today, the command line ``--date``;
- recurring billing, late-fee runs and credit notes date their documents the day they are made
  (the period billed, or the day fees are counted to, is named on the document's lines and
  notes), which is never before an earlier document.

Imported historical documents keep the numbers and dates they had and are not checked; they
count as the last of their sequence afterwards.
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
from arapp.i18n import N_, _
from arapp.services.company import company_locale
from arapp.services.errors import ServiceError


class DateOutOfOrder(ServiceError):
    """A document would be dated before the last numbered one of its sequence.

    Attributes:
        day: The date asked for.
        last: The date of the last numbered document of the sequence.
        today: Today, the date that is always in order.
    """

    def __init__(self, message: str, day: date, last: date, today: date) -> None:
        super().__init__(message)
        self.day, self.last, self.today = day, last, today


#: Why a day still to come is refused, per kind (whole sentences, for translators).
_FUTURE = {
    DocumentKind.INVOICE: N_(
        "An invoice cannot be dated {day}, a day still to come: it is issued today ({today}) "
        "or on an earlier day."
    ),
    DocumentKind.CREDIT_NOTE: N_(
        "A credit note cannot be dated {day}, a day still to come: it is issued today "
        "({today}) or on an earlier day."
    ),
}
_FUTURE_OTHER = N_(
    "A document cannot be dated {day}, a day still to come: it is issued today ({today}) or "
    "on an earlier day."
)
#: Why a day before the last of the sequence is refused, per kind.
_BEFORE = {
    DocumentKind.INVOICE: N_(
        "An invoice cannot be dated {day}: the last one in this numbering is dated {last}, "
        "and numbers follow dates. Date it {last} or later."
    ),
    DocumentKind.CREDIT_NOTE: N_(
        "A credit note cannot be dated {day}: the last one in this numbering is dated {last}, "
        "and numbers follow dates. Date it {last} or later."
    ),
}
_BEFORE_OTHER = N_(
    "A document cannot be dated {day}: the last one in this numbering is dated {last}, and "
    "numbers follow dates. Date it {last} or later."
)


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
) -> None:
    """Refuse a date in the future (:class:`ServiceError`) or before the last numbered document
    of the sequence (:class:`DateOutOfOrder`)."""
    locale = company_locale(session)
    if day > today:
        raise ServiceError(
            _(_FUTURE.get(kind, _FUTURE_OTHER)).format(
                day=format_date(day, locale), today=format_date(today, locale)
            )
        )
    last = last_issued(session, kind, pattern, day)
    if last is not None and day < last:
        raise DateOutOfOrder(
            _(_BEFORE.get(kind, _BEFORE_OTHER)).format(
                day=format_date(day, locale), last=format_date(last, locale)
            ),
            day,
            last,
            today,
        )


__all__ = ["DateOutOfOrder", "check_issue_date", "last_issued", "sequence_span"]
