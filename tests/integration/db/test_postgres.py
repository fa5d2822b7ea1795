# SPDX-License-Identifier: MIT
"""The same code on a real PostgreSQL server (``ARAPP_TEST_PG_URL``; .ci/run starts one)."""

from __future__ import annotations

import threading
from datetime import timedelta
from decimal import Decimal

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from arapp.db import migrate
from arapp.db.engine import Database
from arapp.db.models import Base, Invoice, in_models
from arapp.services import customers as svc
from arapp.services.context import AppContext
from arapp.services.customer_list import SortKey, customer_ids, customer_rows
from arapp.services.demo import create_demo_company
from arapp.services.errors import InputErrors
from tests.helpers.books import TODAY
from tests.helpers.postgres import ON_POSTGRES

pytestmark = ON_POSTGRES


def test_migrations_match_models_on_postgres(pg: Database) -> None:
    assert migrate.current_revision(pg) == migrate.head_revision()
    with pg.engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(
                conn, opts={"compare_type": True, "include_object": in_models}
            ),
            Base.metadata,
        )
    assert diff == []


def test_customers_and_balances_on_postgres(pg_ctx: AppContext) -> None:
    a = svc.create_customer(
        pg_ctx, svc.CustomerInput(name="Zoë Łukasiewicz", credit_limit="922337203685.47")
    )
    b = svc.create_customer(pg_ctx, svc.CustomerInput(name="Ünal Çelik"))
    assert [c.name for c in svc.find_customers(pg_ctx, "LUKAS")] == ["Zoë Łukasiewicz"]
    assert svc.get_customer(pg_ctx, a.id).customer.credit_limit == Decimal("922337203685.47")
    with pg_ctx.db.write() as s:
        s.add(
            Invoice(
                customer_id=b.id,
                status="sent",
                issue_date=TODAY - timedelta(40),
                due_date=TODAY - timedelta(10),
                currency="EUR",
                payment_terms="net 30",
                total=Decimal("100.10"),
                amount_paid=Decimal("0.05"),
                created_at=pg_ctx.now(),
            )
        )
    rows = customer_rows(pg_ctx, [a.id, b.id])
    assert rows[b.id].balance == rows[b.id].overdue == Decimal("100.05")
    assert customer_ids(pg_ctx, sort=SortKey.BALANCE, descending=True) == [b.id, a.id]


def test_concurrent_writers_on_postgres(pg_ctx: AppContext) -> None:
    errors: list[Exception] = []

    def add(n: int) -> None:
        try:
            for i in range(5):
                svc.create_customer(pg_ctx, svc.CustomerInput(name=f"Writer {n}-{i}"))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=add, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(customer_ids(pg_ctx)) == 15


def test_demo_company_on_postgres(pg: Database) -> None:
    ctx = AppContext(pg, today=lambda: TODAY)
    summary = create_demo_company(ctx, customers=15, months=6)
    rows = customer_rows(ctx, customer_ids(ctx))
    assert sum((r.balance for r in rows.values()), Decimal(0)) == summary.open_balance


def test_same_code_at_the_same_moment_is_a_clear_error(pg_ctx: AppContext) -> None:
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def add(n: int) -> None:
        barrier.wait()
        try:
            svc.create_customer(pg_ctx, svc.CustomerInput(name=f"Twin {n}", code="TWIN"))
            outcomes.append("saved")
        except InputErrors as exc:
            outcomes.append(exc.for_field("code") or "")

    threads = [threading.Thread(target=add, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["Code TWIN is already used."] * 3 + ["saved"]


def test_concurrent_issuing_on_postgres_is_gapless(pg_ctx: AppContext) -> None:
    from arapp.services.invoices import InvoiceDraft, LineDraft, save_draft
    from arapp.services.lifecycle import issue_invoice

    customer = svc.create_customer(pg_ctx, svc.CustomerInput(name="Busy Buyer")).id
    drafts = [
        save_draft(pg_ctx, InvoiceDraft(customer, TODAY, (LineDraft("Item", "1", "9.99"),))).id
        for _ in range(30)
    ]
    barrier = threading.Barrier(3)
    errors: list[Exception] = []

    def issue(ids: list[int]) -> None:
        barrier.wait()
        try:
            for invoice_id in ids:
                issue_invoice(pg_ctx, invoice_id)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=issue, args=(drafts[n::3],)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with pg_ctx.db.read() as s:
        numbers = sorted(s.scalars(text("SELECT number FROM invoice")))
    assert numbers == [f"INV-{TODAY.year}-{n:05}" for n in range(1, 31)]
