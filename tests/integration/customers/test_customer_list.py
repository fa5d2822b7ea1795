# SPDX-License-Identifier: MIT
"""The customer list: filters, sorting in SQL, balances from open invoices."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import event

from arapp.db.models import Invoice
from arapp.domain.customer import CustomerStatus
from arapp.services import customers as svc
from arapp.services.context import AppContext
from arapp.services.customer_list import (
    SortKey,
    StatusFilter,
    count_customers,
    customer_currencies,
    customer_ids,
    customer_rows,
)

TODAY = date(2026, 11, 23)


def _invoice(
    ctx: AppContext,
    customer_id: int,
    total: str,
    paid: str,
    due: date,
    status: str,
    kind: str = "invoice",
) -> None:
    with ctx.db.write() as s:
        s.add(
            Invoice(
                kind=kind,
                customer_id=customer_id,
                status=status,
                issue_date=due - timedelta(30),
                due_date=due,
                currency="EUR",
                payment_terms="net 30",
                total=Decimal(total),
                amount_paid=Decimal(paid),
                created_at=ctx.now(),
            )
        )


def test_balances_and_overdue_from_open_invoices(ctx: AppContext) -> None:
    a = svc.create_customer(ctx, svc.CustomerInput(name="Alpha")).id
    b = svc.create_customer(ctx, svc.CustomerInput(name="Beta")).id
    c = svc.create_customer(ctx, svc.CustomerInput(name="Gamma")).id
    _invoice(ctx, a, "100.00", "30.00", TODAY - timedelta(1), "partially_paid")  # 70 overdue
    _invoice(ctx, a, "50.00", "0", TODAY, "sent")  # due today: not overdue
    _invoice(ctx, a, "999.99", "999.99", TODAY - timedelta(90), "paid")  # paid: ignored
    _invoice(ctx, a, "20.00", "0", TODAY - timedelta(5), "void")  # void: ignored
    _invoice(ctx, b, "10.00", "0", TODAY + timedelta(10), "issued")
    _invoice(ctx, b, "4.00", "0", TODAY - timedelta(3), "issued", kind="credit_note")

    rows = customer_rows(ctx, [a, b, c])
    assert (rows[a].balance, rows[a].overdue) == (Decimal("120.00"), Decimal("70.00"))
    assert (rows[b].balance, rows[b].overdue) == (Decimal("6.00"), Decimal("-4.00"))
    assert (rows[c].balance, rows[c].overdue) == (Decimal("0.00"), Decimal("0.00"))
    assert str(rows[a].balance) == "120.00"

    assert customer_ids(ctx, sort=SortKey.BALANCE, descending=True) == [a, b, c]
    assert customer_ids(ctx, sort=SortKey.OVERDUE) == [b, c, a]
    later = customer_rows(ctx, [a], as_of=TODAY + timedelta(1))
    assert later[a].overdue == Decimal("120.00")


def test_a_page_of_balances_reads_each_customers_open_invoices_by_the_customer(
    ctx: AppContext,
) -> None:
    """The plan SQLite (without statistics, as the app keeps its books) takes for the balances
    of a screenful of customers: each customer's open invoices through ``ix_invoice_open``. A
    ``GROUP BY`` over ``customer_id IN (...)`` went through ``ix_invoice_open_status`` instead
    and read every open invoice of the books (0.25 s of the start on a million invoices)."""
    ids = [svc.create_customer(ctx, svc.CustomerInput(name=f"C{n}")).id for n in range(3)]
    _invoice(ctx, ids[0], "10.00", "0", TODAY, "sent")
    plans: list[str] = []

    def grab(conn: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
        if "FROM invoice" in statement:
            plan = cursor.connection.execute(f"EXPLAIN QUERY PLAN {statement}", params)
            plans.append(" / ".join(row[-1] for row in plan))

    event.listen(ctx.db.engine, "before_cursor_execute", grab)
    try:
        rows = customer_rows(ctx, [*ids, *range(10_000, 10_097)], TODAY)  # a page of the window's
    finally:
        event.remove(ctx.db.engine, "before_cursor_execute", grab)
    assert [rows[i].balance for i in ids] == [Decimal("10.00"), Decimal("0.00"), Decimal("0.00")]
    assert plans
    for plan in plans:
        assert "ix_invoice_open (customer_id=?)" in plan, plan
        assert "ix_invoice_open_status" not in plan, plan


def test_filters_and_name_order_ignore_case_and_accents(ctx: AppContext) -> None:
    ids = {
        name: svc.create_customer(ctx, svc.CustomerInput(name=name)).id
        for name in ["zeta", "Émile", "adam", "Ölund", "Bravo"]
    }
    assert customer_ids(ctx, sort=SortKey.NAME) == [
        ids[n] for n in ["adam", "Bravo", "Émile", "Ölund", "zeta"]
    ]
    svc.set_status(ctx, ids["zeta"], CustomerStatus.ARCHIVED)
    svc.set_status(ctx, ids["adam"], CustomerStatus.CREDIT_HOLD)
    assert ids["zeta"] not in customer_ids(ctx)
    assert customer_ids(ctx, status=StatusFilter.ARCHIVED) == [ids["zeta"]]
    assert customer_ids(ctx, status=StatusFilter.CREDIT_HOLD) == [ids["adam"]]
    assert len(customer_ids(ctx, status=StatusFilter.ALL)) == 5
    assert customer_ids(ctx, "emi") == [ids["Émile"]]
    assert count_customers(ctx) == 4
    assert customer_rows(ctx, []) == {}


def test_currencies_in_use_company_first(ctx: AppContext) -> None:
    assert customer_currencies(ctx) == ["EUR"]
    svc.create_customer(ctx, svc.CustomerInput(name="Uwe", currency="USD"))
    svc.create_customer(ctx, svc.CustomerInput(name="Chloé", currency="CHF"))
    svc.create_customer(ctx, svc.CustomerInput(name="Eva"))
    assert customer_currencies(ctx) == ["EUR", "CHF", "USD"]
