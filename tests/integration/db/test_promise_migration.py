# SPDX-License-Identifier: MIT
"""Migration 0018 (promise amounts): a promise made before promises had sums becomes a promise of
its invoice's open amount (and one whose invoice was paid still reads as kept); the downgrade
takes the sums and the covered invoices away again."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, text

from arapp.db import migrate
from arapp.db.engine import Database
from arapp.services.context import AppContext
from arapp.services.reminders.overview import customer_holds, hold_state
from arapp.services.reminders.run import plan_run
from tests.helpers.books import TODAY
from tests.helpers.postgres import PG_URL, SKIP_REASON

NOW = "2026-11-20 10:00:00"


def _downgrade(db: Database, revision: str) -> None:
    config = migrate._config()
    with db.engine.connect() as connection, connection.begin():
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def _old_books(where: str, tmp_path: Path) -> Database:
    """Books at 0016: a new SQLite file, or the emptied PostgreSQL test database."""
    if where == "sqlite":
        db = Database(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    else:
        db = Database(PG_URL)
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    migrate.upgrade(db, None, revision="0016")
    return db


@pytest.mark.parametrize(
    "where",
    [
        "sqlite",
        pytest.param(
            "postgresql",
            marks=[pytest.mark.postgres, pytest.mark.skipif(not PG_URL, reason=SKIP_REASON)],
        ),
    ],
)
def test_old_promises_become_promises_of_the_open_amount(where: str, tmp_path: Path) -> None:
    db = _old_books(where, tmp_path)
    with db.write() as s:
        s.execute(
            text(
                "INSERT INTO customer (code, name, contact_person, email, phone, billing_address,"
                " tax_id, currency, payment_terms, status, notes, search_text, created_at,"
                f" updated_at) VALUES ('A', 'Acme', '', '', '', '', '', 'EUR', 'net 30', 'active',"
                f" '', 'acme', '{NOW}', '{NOW}')"
            )
        )
        for number, status, total, paid in (
            ("INV-1", "partially_paid", 4000000, 1500000),  # 400.00, 150.00 paid
            ("INV-2", "paid", 2000000, 2000000),
        ):
            s.execute(
                text(
                    "INSERT INTO invoice (kind, number, customer_id, status, issue_date, due_date,"
                    " currency, payment_terms, discount_percent, subtotal, discount_total,"
                    " tax_total, total, amount_paid, notes, footer, void_reason, created_at)"
                    f" VALUES ('invoice', '{number}', 1, '{status}', '2026-09-01', '2026-10-01',"
                    f" 'EUR', 'net 30', 0, {total}, 0, 0, {total}, {paid}, '', '', '', '{NOW}')"
                )
            )
        s.execute(
            text(
                "INSERT INTO invoice_hold (invoice_id, kind, opened_on, until, note, created_at)"
                " VALUES (1, 'promise', '2026-11-20', '2026-11-30', 'Pays the rest', :now),"
                " (2, 'promise', '2026-11-01', '2026-11-10', 'Paid it', :now),"
                " (1, 'dispute', '2026-11-02', NULL, 'Short delivery', :now)"
            ),
            {"now": NOW},
        )
    migrate.upgrade(db, None)
    with db.read() as s:
        amounts = s.execute(text("SELECT id, amount FROM invoice_hold ORDER BY id")).all()
        covered = s.execute(text("SELECT * FROM promise_invoice ORDER BY hold_id")).all()
    assert [tuple(r) for r in amounts] == [(1, 2500000), (2, 2000000), (3, None)]
    assert [tuple(r) for r in covered] == [(1, 1, 1500000), (2, 2, 0)]

    ctx = AppContext(db, today=lambda: TODAY)
    lines = {x.hold.id: x for x in customer_holds(ctx, 1)}
    assert lines[1].hold.amount == Decimal("250.00") and lines[1].hold.invoice_ids == (1,)
    assert hold_state(lines[1], TODAY) == "open"
    assert hold_state(lines[1], TODAY + timedelta(days=8)) == "broken"
    assert hold_state(lines[2], TODAY) == "kept" and lines[2].paid == Decimal("200.00")
    assert hold_state(lines[3], TODAY) == "open" and lines[3].hold.amount is None
    assert plan_run(ctx) == []  # the promise and the dispute still hold INV-1

    _downgrade(db, "0016")
    assert "promise_invoice" not in inspect(db.engine).get_table_names()
    assert "amount" not in {c["name"] for c in inspect(db.engine).get_columns("invoice_hold")}
    db.dispose()
