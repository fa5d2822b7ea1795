# SPDX-License-Identifier: MIT
"""No document is dated in the future, on any path that takes a number (issue 13, item 2).

Issuing a draft, recurring billing, late-fee runs and credit notes all draw their number through
``lifecycle.next_number``, which refuses a day after today. The rule that a confirmed past date
may not come before the last document of its sequence is checked here on its own
(``check_issue_date``); test_number_date_order.py checks it on every path.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from arapp.db.models import Invoice
from arapp.domain.invoice import DocumentKind
from arapp.domain.numbering import NumberPattern
from arapp.services import customers as cust
from arapp.services.context import AppContext
from arapp.services.errors import ServiceError
from arapp.services.fees import charge_late_fees
from arapp.services.invoices import InvoiceDraft, LineDraft, get_invoice, save_draft
from arapp.services.issue_dates import check_issue_date, sequence_span
from arapp.services.lifecycle import credit_invoice, issue_invoice
from arapp.services.recurring import RecurringInput, run_recurring, save_template
from arapp.services.settings import set_setting
from tests.helpers.books import TODAY, on_day

PATTERN = NumberPattern("INV-{year}-{seq:05}")


@pytest.fixture
def customer(ctx: AppContext) -> int:
    return cust.create_customer(ctx, cust.CustomerInput(name="Zoë", terms="net 30")).id


def _draft(ctx: AppContext, customer: int, day: date) -> int:
    return save_draft(ctx, InvoiceDraft(customer, day, (LineDraft("Goods", "1", "10.00"),))).id


def _dates_in_number_order(ctx: AppContext) -> list[date]:
    with ctx.db.read() as s:
        rows = s.execute(
            select(Invoice.number, Invoice.issue_date).where(Invoice.number.is_not(None))
        ).all()
    return [day for _number, day in sorted(rows)]


def test_fees_run_as_of_a_day_to_come_is_refused(ctx: AppContext, customer: int) -> None:
    # `arapp fees run --as-of 2027-01-10` issued INV-2027-00001 in 2026.
    issue_invoice(ctx, _draft(ctx, customer, date(2026, 9, 1)), on=date(2026, 9, 1))
    set_setting(ctx, "fees.late_fee_flat", "5")
    set_setting(ctx, "fees.grace_days", "0")
    with pytest.raises(ServiceError, match="2027-01-10, a day still to come"):
        charge_late_fees(ctx, as_of=date(2027, 1, 10))
    [fee] = charge_late_fees(ctx)  # today's run is charged, dated today
    assert fee.fee_number == "INV-2026-00002"
    assert all(day <= TODAY for day in _dates_in_number_order(ctx))


def test_a_draft_dated_in_the_future_is_not_issued(ctx: AppContext, customer: int) -> None:
    draft = _draft(ctx, customer, date(2026, 12, 24))
    with pytest.raises(ServiceError, match="a day still to come"):
        issue_invoice(ctx, draft)
    with pytest.raises(ServiceError, match="a day still to come"):
        issue_invoice(ctx, draft, on=date(2026, 11, 24))
    assert issue_invoice(ctx, draft, on=TODAY).issue_date == TODAY


def test_issuing_on_a_confirmed_day_moves_the_due_date_by_the_terms(
    ctx: AppContext, customer: int
) -> None:
    record = issue_invoice(ctx, _draft(ctx, customer, date(2026, 11, 3)), on=TODAY)
    assert (record.issue_date, record.due_date) == (TODAY, date(2026, 12, 23))
    assert get_invoice(ctx, record.id).number == "INV-2026-00001"


def test_recurring_billed_ahead_is_dated_today(ctx: AppContext, customer: int) -> None:
    lines = (LineDraft("Monthly maintenance", "1", "120.00"),)
    save_template(
        ctx,
        RecurringInput(
            customer_id=customer,
            name="Maintenance",
            frequency="monthly",
            start_date=date(2026, 10, 31),
            lines=lines,
        ),
    )
    run = run_recurring(ctx, as_of=date(2026, 12, 31))  # October, November and December
    assert run.numbers == ("INV-2026-00001", "INV-2026-00002", "INV-2026-00003")
    # October's period, billed late, is dated today too: the day it is billed.
    assert _dates_in_number_order(ctx) == [TODAY, TODAY, TODAY]


def test_every_path_dates_no_document_after_today(ctx: AppContext, customer: int) -> None:
    first = issue_invoice(ctx, _draft(ctx, customer, date(2026, 8, 1)), on=date(2026, 8, 1))
    credit_invoice(ctx, first.id, "returned", [LineDraft("Return", "1", "2.00")])
    set_setting(ctx, "fees.late_fee_flat", "5")
    charge_late_fees(ctx)
    issue_invoice(ctx, _draft(ctx, customer, TODAY))
    with pytest.raises(ServiceError, match="a day still to come"):
        issue_invoice(ctx, _draft(ctx, customer, date(2027, 1, 2)))
    later = on_day(ctx, date(2027, 1, 2))
    assert issue_invoice(later, _draft(ctx, customer, date(2027, 1, 2))).number == "INV-2027-00001"
    with ctx.db.read() as s:
        days = s.scalars(select(Invoice.issue_date).where(Invoice.number.is_not(None))).all()
    assert len(days) == 5 and max(days) == date(2027, 1, 2)


@pytest.mark.parametrize(
    ("day", "span"),
    [
        (date(2026, 2, 14), (date(2026, 1, 1), date(2026, 12, 31))),
        (date(2024, 12, 31), (date(2024, 1, 1), date(2024, 12, 31))),
    ],
)
def test_a_yearly_sequence_spans_its_year(day: date, span: tuple[date, date]) -> None:
    assert sequence_span(PATTERN, day) == span
    assert sequence_span(NumberPattern("{year}/{month}/{seq}"), date(2024, 2, 10)) == (
        date(2024, 2, 1),
        date(2024, 2, 29),
    )
    assert sequence_span(NumberPattern("N{seq}"), day) == (None, None)


def test_a_confirmed_day_before_the_last_of_its_sequence_is_refused(
    ctx: AppContext, customer: int
) -> None:
    # INV-2026-00001 dated 3 Nov and INV-2026-00002 1 Nov: the check that refuses the second.
    issue_invoice(ctx, _draft(ctx, customer, date(2026, 11, 3)), on=date(2026, 11, 3))
    with ctx.db.read() as s:
        with pytest.raises(ServiceError, match="the last one in this numbering is dated"):
            check_issue_date(s, DocumentKind.INVOICE, PATTERN, date(2026, 11, 1), TODAY)
        check_issue_date(s, DocumentKind.INVOICE, PATTERN, date(2026, 11, 3), TODAY)
        check_issue_date(s, DocumentKind.INVOICE, PATTERN, date(2025, 12, 1), TODAY)
        check_issue_date(s, DocumentKind.CREDIT_NOTE, PATTERN, date(2026, 11, 1), TODAY)
