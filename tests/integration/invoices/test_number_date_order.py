# SPDX-License-Identifier: MIT
"""Numbers in date order (issue 13, item 2): within each numbering, sorting the documents by
number sorts them by date, whatever path made them and in whatever order the days' work was
done: a draft issued as the window issues it, ``invoice new --issue``, recurring billing with
a catch-up of past periods, late-fee runs as of a past day, and credit notes (dated the day
they are issued, which they already were: they are part of the shuffled books here).

Imported historical invoices are the one exception (they keep the numbers and dates they had);
they are not made here.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from arapp.db.models import Invoice, LateFeeCharge
from arapp.domain.invoice import DocumentKind
from arapp.services import customers as cust
from arapp.services.context import AppContext
from arapp.services.fees import charge_late_fees
from arapp.services.invoices import InvoiceDraft, LineDraft, get_invoice, save_draft
from arapp.services.issue_dates import DateOutOfOrder
from arapp.services.lifecycle import credit_invoice, issue_invoice, issue_new_invoice
from arapp.services.recurring import RecurringInput, run_recurring, save_template
from arapp.services.settings import set_setting
from tests.helpers.books import TODAY, on_day

LINES = (LineDraft("Goods", "1", "100.00"),)


@pytest.fixture
def shop(ctx: AppContext) -> tuple[int, int]:
    """Two customers, a flat late fee from the first day late, a monthly template since June."""
    first = cust.create_customer(ctx, cust.CustomerInput(name="Zoë", code="ZOE", terms="net 14")).id
    second = cust.create_customer(ctx, cust.CustomerInput(name="Łukasz", terms="net 30")).id
    set_setting(ctx, "fees.late_fee_flat", "5")
    set_setting(ctx, "fees.grace_days", "0")
    save_template(
        ctx,
        RecurringInput(
            customer_id=second,
            name="Maintenance",
            frequency="monthly",
            start_date=date(2026, 6, 15),
            lines=(LineDraft("Monthly maintenance", "1", "120.00"),),
        ),
    )
    return first, second


def issue_as_the_window_does(ctx: AppContext, draft_id: int) -> None:
    """Issue a draft dated as it is; refused for its date, issue it dated today (what the
    window offers and the command line's ``--date`` does)."""
    try:
        issue_invoice(ctx, draft_id, confirmed=True)
    except DateOutOfOrder as exc:
        assert exc.today == ctx.today()
        issue_invoice(ctx, draft_id, confirmed=True, on=exc.today)


def numbered(ctx: AppContext) -> list[tuple[str, str, date]]:
    with ctx.db.read() as s:
        rows = s.execute(
            select(Invoice.kind, Invoice.number, Invoice.issue_date).where(
                Invoice.number.is_not(None)
            )
        ).all()
    return [(kind, number, day) for kind, number, day in rows]


def assert_numbers_follow_dates(ctx: AppContext) -> None:
    sequences: dict[tuple[str, str], list[tuple[str, date]]] = defaultdict(list)
    for kind, number, day in numbered(ctx):
        sequences[(kind, number.rsplit("-", 1)[0])].append((number, day))
    for key, docs in sequences.items():
        by_number = [day for _n, day in sorted(docs)]
        assert by_number == sorted(by_number), (key, sorted(docs))


@pytest.mark.parametrize("seed", [1, 7, 2026])
def test_number_order_is_date_order_on_every_path(
    ctx: AppContext, shop: tuple[int, int], seed: int
) -> None:
    rng = random.Random(seed)
    first, second = shop
    drafts: list[int] = []

    def editor(today: AppContext) -> None:  # a draft written some days ago, issued now
        day = today.today() - timedelta(days=rng.randint(0, 20))
        drafts.append(save_draft(today, InvoiceDraft(first, day, LINES)).id)
        issue_as_the_window_does(today, drafts.pop(rng.randrange(len(drafts))))

    def new_issue(today: AppContext) -> None:  # `arapp invoice new --issue`: dated today
        issue_new_invoice(today, InvoiceDraft(second, today.today(), LINES), confirmed=True)

    def recurring(today: AppContext) -> None:  # the first run catches up since June
        run_recurring(today)

    def fees(today: AppContext) -> None:  # `arapp fees run --as-of` a past day
        charge_late_fees(today, as_of=today.today() - timedelta(days=rng.randint(0, 40)))

    def credit(today: AppContext) -> None:
        with today.db.read() as s:
            ids = s.scalars(
                select(Invoice.id).where(
                    Invoice.kind == DocumentKind.INVOICE, Invoice.number.is_not(None)
                )
            ).all()
        if ids:
            credit_invoice(today, rng.choice(ids), "returned", [LineDraft("Return", "1", "1")])

    paths: list[Callable[[AppContext], None]] = [editor, new_issue, recurring, fees, credit]
    day = date(2026, 9, 1)
    while day <= date(2027, 1, 25):  # over a year's end: the 2027 numbering starts afresh
        today = on_day(ctx, day)
        for path in rng.sample(paths, rng.randint(1, len(paths))):
            path(today)
        day += timedelta(days=rng.randint(1, 9))
    for draft_id in drafts:
        issue_as_the_window_does(on_day(ctx, day), draft_id)

    docs = numbered(ctx)
    with ctx.db.read() as s:
        fee_docs = set(s.scalars(select(LateFeeCharge.fee_invoice_id)).all())
        recurring_docs = s.scalars(
            select(Invoice.id).where(Invoice.recurring_template_id.is_not(None))
        ).all()
    kinds = {kind for kind, _n, _d in docs}
    assert kinds == {DocumentKind.INVOICE, DocumentKind.CREDIT_NOTE}
    assert fee_docs and len(recurring_docs) >= 7  # June to January, caught up
    assert {number[:8] for _k, number, _d in docs} >= {"INV-2026", "INV-2027"}
    assert_numbers_follow_dates(ctx)


def _draft(ctx: AppContext, customer: int, day: date) -> int:
    return save_draft(ctx, InvoiceDraft(customer, day, LINES)).id


def test_a_draft_dated_before_the_last_invoice_is_refused_and_can_be_dated_today(
    ctx: AppContext, shop: tuple[int, int]
) -> None:
    # INV-2026-00001 dated 3 Nov and INV-2026-00002 1 Nov (the issue's first example).
    customer, _ = shop
    issue_invoice(ctx, _draft(ctx, customer, date(2026, 11, 3)))
    early = _draft(ctx, customer, date(2026, 11, 1))
    with pytest.raises(DateOutOfOrder) as refused:
        issue_invoice(ctx, early)
    assert str(refused.value) == (
        "An invoice cannot be dated Nov 1, 2026: the last one in this numbering is dated "
        "Nov 3, 2026, and numbers follow dates. Date it Nov 3, 2026 or later."
    )
    assert (refused.value.day, refused.value.last, refused.value.today) == (
        date(2026, 11, 1),
        date(2026, 11, 3),
        TODAY,
    )
    assert get_invoice(ctx, early).number is None  # still a draft, no number taken
    with pytest.raises(DateOutOfOrder):
        issue_invoice(ctx, early, on=date(2026, 11, 2))
    same_day = issue_invoice(ctx, early, on=date(2026, 11, 3))  # the owner confirms a day
    assert (same_day.number, same_day.issue_date) == ("INV-2026-00002", date(2026, 11, 3))
    today = issue_invoice(ctx, _draft(ctx, customer, date(2026, 10, 1)), on=TODAY)
    assert (today.number, today.issue_date) == ("INV-2026-00003", TODAY)


def test_a_new_invoice_issued_at_once_before_the_last_is_refused_and_leaves_nothing(
    ctx: AppContext, shop: tuple[int, int]
) -> None:
    customer, _ = shop
    issue_new_invoice(ctx, InvoiceDraft(customer, date(2026, 11, 20), LINES))
    with pytest.raises(DateOutOfOrder, match="cannot be dated Nov 2, 2026: the last one"):
        issue_new_invoice(ctx, InvoiceDraft(customer, date(2026, 11, 2), LINES))
    assert [n for _k, n, _d in numbered(ctx)] == ["INV-2026-00001"]
    with ctx.db.read() as s:
        assert len(s.scalars(select(Invoice.id)).all()) == 1  # no stray draft


def test_another_years_numbering_has_its_own_order(ctx: AppContext, shop: tuple[int, int]) -> None:
    customer, _ = shop
    issue_invoice(ctx, _draft(ctx, customer, TODAY))
    late_2025 = issue_invoice(ctx, _draft(ctx, customer, date(2025, 12, 30)))
    assert late_2025.number == "INV-2025-00001"  # nothing else in 2025's numbering
    with pytest.raises(DateOutOfOrder, match="dated Dec 30, 2025"):
        issue_invoice(ctx, _draft(ctx, customer, date(2025, 12, 1)))


def test_recurring_catch_up_is_dated_the_day_it_is_billed(
    ctx: AppContext, shop: tuple[int, int]
) -> None:
    # A catch-up run issued today numbered a 2025 period INV-2025-00001.
    customer, _ = shop
    issue_invoice(ctx, _draft(ctx, customer, date(2026, 11, 20)))
    save_template(
        ctx,
        RecurringInput(
            customer_id=customer,
            name="Rent",
            frequency="quarterly",
            start_date=date(2025, 12, 1),
            lines=(LineDraft("Shelf rent", "1", "300.00"),),
        ),
    )
    run = run_recurring(ctx)
    assert len(run.numbers) == 6 + 4  # June to November; December 2025 to September 2026
    assert all(n and n.startswith("INV-2026-") for n in run.numbers)
    with ctx.db.read() as s:
        rows = s.execute(
            select(Invoice.issue_date, Invoice.recurring_period, Invoice.notes)
            .where(Invoice.recurring_template_id.is_not(None))
            .order_by(Invoice.number)
        ).all()
    assert {day for day, _p, _n in rows} == {TODAY}
    assert [p for _d, p, _n in rows] == sorted(p for _d, p, _n in rows)
    assert "Rent: December 2025" in [notes for _d, _p, notes in rows]
    assert "Maintenance: June 2026" in [notes for _d, _p, notes in rows]
    assert_numbers_follow_dates(ctx)


def test_fees_as_of_a_past_day_are_dated_today_and_count_to_that_day(
    ctx: AppContext, shop: tuple[int, int]
) -> None:
    customer, _ = shop
    late = issue_invoice(ctx, _draft(ctx, customer, date(2026, 9, 1)))  # due 15 Sep
    issue_invoice(ctx, _draft(ctx, customer, date(2026, 11, 20)))
    [fee] = charge_late_fees(ctx, as_of=date(2026, 10, 1))
    record = get_invoice(ctx, fee.fee_invoice_id or 0)
    assert (record.number, record.issue_date) == ("INV-2026-00003", TODAY)
    assert (
        record.notes
        == f"Late fees on invoice {late.number}, due 2026-09-15, counted to 2026-10-01."
    )
    assert_numbers_follow_dates(ctx)


def test_imported_history_keeps_its_numbers_and_dates_and_the_next_invoice_follows_it(
    ctx: AppContext, shop: tuple[int, int]
) -> None:
    # The one exception, documented in README: invoices imported from another program keep
    # the numbers and dates they had, even out of order; what is issued here comes after them.
    from arapp.services.transfer.imports import import_invoices

    customer, _ = shop
    rows = "".join(
        f"{number},ZOE,{day},,EUR,Old goods,1,10,\n"
        for number, day in (("INV-2026-00007", "2026-10-20"), ("INV-2026-00008", "2026-10-02"))
    )
    header = "number,customer_code,issue_date,due_date,currency,description,quantity,unit_price,"
    assert import_invoices(ctx, f"{header}tax_rate\n{rows}".encode()).ok
    assert sorted((n, d) for _k, n, d in numbered(ctx)) == [
        ("INV-2026-00007", date(2026, 10, 20)),
        ("INV-2026-00008", date(2026, 10, 2)),
    ]
    with pytest.raises(DateOutOfOrder, match="the last one in this numbering is dated Oct 20"):
        issue_invoice(ctx, _draft(ctx, customer, date(2026, 10, 19)))
    assert issue_invoice(ctx, _draft(ctx, customer, date(2026, 10, 20))).number
