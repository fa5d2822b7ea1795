# SPDX-License-Identifier: MIT
"""The payment list (filters, search, sorting, chunks, totals, credits) and what the payment
dialog reads and previews (open invoices with their discount, oldest-first plans, checks)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from arapp.services import customers as cust
from arapp.services import text_search
from arapp.services.context import AppContext
from arapp.services.credit import apply_credit, refund_credit
from arapp.services.errors import ServiceError
from arapp.services.invoices import InvoiceDraft, LineDraft, get_invoice, save_draft
from arapp.services.lifecycle import issue_invoice
from arapp.services.payment_allocation import (
    OpenInvoice,
    oldest_first,
    open_invoices_for_allocation,
    summarize_allocation,
)
from arapp.services.payment_list import (
    PaymentFilter,
    PaymentSort,
    PaymentStatusFilter,
    amount_candidates,
    credit_rows,
    payment_ids,
    payment_rows,
    payment_totals,
)
from arapp.services.payments import PaymentInput, record_payment
from arapp.services.reversals import reverse_payment

D = Decimal
S = PaymentStatusFilter


@pytest.fixture
def books(ctx: AppContext):  # type: ignore[no-untyped-def]
    zoe = cust.create_customer(ctx, cust.CustomerInput(name="Zoë Łukasiewicz", code="ZOE")).id
    bob = cust.create_customer(
        ctx, cust.CustomerInput(name="Bob's Bikes", code="BOB", terms="2/10 net 30")
    ).id

    def invoice(customer: int, day: date, amount: str) -> int:
        draft = save_draft(ctx, InvoiceDraft(customer, day, (LineDraft("Goods", "1", amount),)))
        return issue_invoice(ctx, draft.id).id

    return ctx, zoe, bob, invoice


def pay(ctx, customer, day, amount, method="bank_transfer", ref="", allocations=None):  # type: ignore[no-untyped-def]
    return record_payment(ctx, PaymentInput(customer, day, amount, method, ref, allocations)).id


def test_filters_search_sorting_and_rows(books, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ctx, zoe, bob, invoice = books
    invoice(zoe, date(2026, 9, 1), "100.00")
    invoice(bob, date(2026, 10, 1), "50.00")
    a = pay(ctx, zoe, date(2026, 10, 5), "1234.50", "cheque", "CHQ 100_%")  # 100 on, 1134.50 credit
    b = pay(ctx, bob, date(2026, 11, 2), "30.00", "cash")
    c = pay(ctx, bob, date(2026, 11, 20), "20.00", "card", "card 4242")
    reverse_payment(ctx, c, "chargeback")

    assert payment_ids(ctx) == [c, b, a]
    assert payment_ids(ctx, descending=False) == [a, b, c]
    assert payment_ids(ctx, PaymentFilter(status=S.REVERSED)) == [c]
    assert payment_ids(ctx, PaymentFilter(status=S.RECORDED)) == [b, a]
    assert payment_ids(ctx, PaymentFilter(method="cash")) == [b]
    assert payment_ids(ctx, PaymentFilter(customer_id=bob)) == [c, b]
    assert payment_ids(ctx, PaymentFilter(date_from=date(2026, 11, 1))) == [c, b]
    assert payment_ids(ctx, PaymentFilter(date_to=date(2026, 11, 2))) == [b, a]
    assert payment_ids(ctx, PaymentFilter(with_credit=True)) == [a]
    # search: customer name (accents folded), code, reference (LIKE characters taken as typed),
    # amounts as people type them; each gathered from the indexes, then read in display order
    searches = {
        "zoe": [a],
        "bob": [c, b],
        "4242": [c],
        "CARD 4": [c],
        "100_%": [a],
        "_": [a],
        "30": [b],
        "nobody": [],
        **{typed: [a] for typed in ("1234.50", "1,234.50", "1.234,50", "€1 234,5", "1234.5")},
    }
    for common in (text_search.COMMON_MATCHES, 1):
        monkeypatch.setattr(text_search, "COMMON_MATCHES", common)
        for text, found in searches.items():
            assert payment_ids(ctx, PaymentFilter(text=text)) == found, (text, common)
            assert payment_totals(ctx, PaymentFilter(text=text)).count == len(found)

    assert payment_ids(ctx, sort=PaymentSort.AMOUNT) == [a, b, c]
    assert payment_ids(ctx, sort=PaymentSort.CUSTOMER, descending=False) == [b, c, a]
    assert payment_ids(ctx, sort=PaymentSort.CODE, descending=False) == [b, c, a]
    assert payment_ids(ctx, sort=PaymentSort.ALLOCATED) == [a, b, c]  # 100, 30, 0 (reversed)
    assert payment_ids(ctx, sort=PaymentSort.UNAPPLIED) == [a, c, b]  # ties by id
    assert payment_ids(ctx, sort=PaymentSort.METHOD, descending=False) == [c, b, a]
    assert payment_ids(ctx, sort=PaymentSort.STATUS, descending=False) == [a, b, c]
    assert payment_ids(ctx, sort=PaymentSort.REFERENCE, descending=False) == [b, c, a]
    # chunks
    assert payment_ids(ctx, limit=2) == [c, b]
    assert payment_ids(ctx, limit=2, offset=2) == [a]

    rows = payment_rows(ctx, [a, b, c, 999])
    assert set(rows) == {a, b, c}
    assert (rows[a].customer_code, rows[a].customer_name) == ("ZOE", "Zoë Łukasiewicz")
    assert (rows[a].amount, rows[a].allocated, rows[a].unapplied) == (
        D("1234.50"),
        D("100.00"),
        D("1134.50"),
    )
    assert (rows[a].method, rows[a].reference, rows[a].currency) == ("cheque", "CHQ 100_%", "EUR")
    assert (rows[b].allocated, rows[b].unapplied, rows[b].status) == (D("30.00"), 0, "recorded")
    assert (rows[c].status, rows[c].allocated, rows[c].reversal_reason) == (
        "reversed",
        0,
        "chargeback",
    )
    assert str(rows[b].amount) == "30.00"  # the currency's places, for display
    assert payment_rows(ctx, []) == {}


def test_totals_count_received_money_only(books) -> None:  # type: ignore[no-untyped-def]
    ctx, zoe, bob, invoice = books
    invoice(zoe, date(2026, 9, 1), "100.00")
    pay(ctx, zoe, date(2026, 10, 5), "120.00")
    kept = pay(ctx, bob, date(2026, 11, 2), "30.00")
    bounced = pay(ctx, bob, date(2026, 11, 3), "45.00", "cheque")
    reverse_payment(ctx, bounced, "bounced")
    totals = payment_totals(ctx)
    assert (totals.count, totals.reversed) == (3, 1)
    assert totals.by_currency == {"EUR": (D("150.00"), D("50.00"))}  # 20 + 30 credit
    bobs = payment_totals(ctx, PaymentFilter(customer_id=bob, status=S.RECORDED))
    assert (bobs.count, bobs.reversed, bobs.by_currency) == (1, 0, {"EUR": (D("30"), D("30"))})
    assert payment_ids(ctx, PaymentFilter(customer_id=bob, status=S.RECORDED)) == [kept]
    nothing = payment_totals(ctx, PaymentFilter(text="nobody"))
    assert (nothing.count, nothing.by_currency) == (0, {})


def test_customers_with_credit(books) -> None:  # type: ignore[no-untyped-def]
    ctx, zoe, bob, invoice = books
    first = pay(ctx, zoe, date(2026, 10, 5), "40.00")
    pay(ctx, zoe, date(2026, 11, 5), "10.00")
    pay(ctx, bob, date(2026, 11, 6), "5.00")
    rows = credit_rows(ctx)
    assert [(r.code, r.credit, r.payments, r.since) for r in rows] == [
        ("BOB", D("5.00"), 1, date(2026, 11, 6)),
        ("ZOE", D("50.00"), 2, date(2026, 10, 5)),
    ]
    assert [r.code for r in credit_rows(ctx, "zoe")] == ["ZOE"]
    with pytest.raises(ServiceError, match=r"^Bob's Bikes has 5\.00 EUR of credit to refund\.$"):
        refund_credit(ctx, bob, "6.00", date(2026, 11, 23), "cash")  # said to the cent
    refund_credit(ctx, bob, "5.00", date(2026, 11, 23), "bank_transfer")
    invoice(zoe, date(2026, 11, 20), "45.00")
    apply_credit(ctx, first)
    assert [(r.code, r.credit, r.payments) for r in credit_rows(ctx)] == [
        ("ZOE", D("10.00"), 1)  # the first payment went to the invoice, the second not
    ]


def test_open_invoices_with_the_discount_of_the_day(books) -> None:  # type: ignore[no-untyped-def]
    ctx, zoe, bob, invoice = books
    late = invoice(bob, date(2026, 11, 1), "200.00")  # window ended 2026-11-11
    invoice(zoe, date(2026, 11, 1), "999.00")
    fresh = invoice(bob, date(2026, 11, 13), "100.00")  # 2.00 off until 2026-11-23
    pay(ctx, bob, date(2026, 11, 20), "50.00", allocations=((late, "50.00"),))
    found = open_invoices_for_allocation(ctx, bob, date(2026, 11, 23))
    assert [(i.id, i.balance, i.discount, i.discount_until) for i in found] == [
        (late, D("150.00"), D("0"), None),
        (fresh, D("100.00"), D("2.00"), date(2026, 11, 23)),
    ]
    assert found[1].settles_with == D("98.00")
    assert found[1].number == get_invoice(ctx, fresh).number
    assert open_invoices_for_allocation(ctx, bob, date(2026, 11, 24))[1].discount == 0
    assert found[1].discount_when_paying(D("98.00")) == D("2.00")
    assert found[1].discount_when_paying(D("97.99")) == 0


@pytest.mark.parametrize("amount", ["10.00", "150.00", "240.00", "248.00", "260.00", "400.00"])
def test_oldest_first_plans_what_the_service_does(books, amount: str) -> None:  # type: ignore[no-untyped-def]
    ctx, _, bob, invoice = books
    invoice(bob, date(2026, 10, 1), "150.00")  # no discount any more
    invoice(bob, date(2026, 11, 20), "100.00")  # 2.00 off
    invoice(bob, date(2026, 11, 21), "50.00")  # 1.00 off
    day = date(2026, 11, 23)
    plan = oldest_first(D(amount), open_invoices_for_allocation(ctx, bob, day))
    done = record_payment(ctx, PaymentInput(bob, day, amount))
    assert plan == {a.invoice_id: a.amount for a in done.applied}


def test_summary_adds_up_and_says_what_the_service_would_refuse(books) -> None:  # type: ignore[no-untyped-def]
    ctx, _, bob, invoice = books
    old = invoice(bob, date(2026, 10, 1), "150.00")
    new = invoice(bob, date(2026, 11, 20), "100.00")  # 2.00 off when paid off today
    found = open_invoices_for_allocation(ctx, bob)
    good = summarize_allocation(D("300.00"), found, {old: D("150.00"), new: D("98.00")}, "EUR")
    assert (good.applied, good.discount, good.credit, good.ok) == (
        D("248.00"),
        D("2.00"),
        D("52.00"),
        True,
    )
    assert good.applied + good.credit == D("300.00")
    unset = summarize_allocation(None, found, {old: D("10")}, "EUR")
    assert (unset.applied, unset.credit, unset.ok) == (D("10"), None, True)
    bad = summarize_allocation(D("200.00"), found, {old: D("0"), new: D("101")}, "EUR").problems
    assert bad == (
        (old, "Apply more than zero to INV-2026-00001, or leave it empty."),
        (
            new,
            "INV-2026-00002 has 100.00 EUR open; with the 2.00 discount, 98.00 pays it; "
            "101.00 is more than that.",
        ),
    )
    assert summarize_allocation(D("1"), found, {old: D("0.001")}, "EUR").problems == (
        (old, "INV-2026-00001: 0.001 has too many decimals: EUR amounts have 2."),
    )
    over = summarize_allocation(D("100.00"), found, {old: D("150.00")}, "EUR")
    assert over.credit == D("-50.00")
    assert over.problems == ((None, "The invoices get 150.00 EUR, more than the 100.00 received."),)


def test_amount_candidates() -> None:
    assert amount_candidates("1,234") == [D("1234"), D("1.234")]
    assert amount_candidates("12") == [D("12")]
    assert amount_candidates("$ 12.5") == [D("12.5")]
    assert amount_candidates("INV-12") == amount_candidates("") == []
    assert amount_candidates("1.234.567,8") == [D("1234567.8")]
    assert amount_candidates(",5") == [D("0.5")]
    assert amount_candidates("0.00001") == amount_candidates("1.2.3") == []
    assert amount_candidates("12,34.5") == amount_candidates(".") == []


def test_open_invoice_is_frozen() -> None:
    invoice = OpenInvoice(1, "X", date(2026, 1, 1), date(2026, 1, 1), "EUR", D(1), D(1), D(0), None)
    with pytest.raises(AttributeError):
        invoice.balance = D(2)  # type: ignore[misc]
