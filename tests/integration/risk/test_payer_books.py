# SPDX-License-Identifier: MIT
"""The payer books (tests/helpers/payer_books.py) are books the app would have made, the same
from the same seed, and their customers pay as their kinds say."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from pathlib import Path

import pytest

from arapp.services.aging import aging_report
from arapp.services.context import AppContext
from arapp.services.customers import customer_by_code
from arapp.services.ledger import balance_check
from arapp.services.reminders.holds import list_holds
from tests.helpers.books import TODAY
from tests.helpers.payer_books import KINDS, LATE_AFTER, payer_books_at


@pytest.fixture(scope="module")
def payers(
    migrated_books: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[AppContext, dict[str, str]]:
    return payer_books_at(migrated_books, tmp_path_factory.mktemp("p") / "p.sqlite3", seed=3,
                          customers_per_kind=12)  # fmt: skip


def _rows(path: str, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as connection:
        return connection.execute(sql).fetchall()


def test_same_seed_same_books(
    payers: tuple[AppContext, dict[str, str]], migrated_books: Path, tmp_path: Path
) -> None:
    ctx, kinds = payers
    again, kinds_again = payer_books_at(migrated_books, tmp_path / "again.sqlite3", seed=3,
                                        customers_per_kind=12)  # fmt: skip
    assert kinds == kinds_again and len(kinds) == 12 * len(KINDS)
    for sql in (
        "SELECT number, customer_id, status, issue_date, due_date, total, paid_date FROM invoice",
        "SELECT customer_id, date, amount FROM payment ORDER BY id",
        "SELECT invoice_id, kind, opened_on, until, resolved_on FROM invoice_hold ORDER BY id",
    ):
        assert _rows(str(ctx.db.sqlite_path), sql) == _rows(str(again.db.sqlite_path), sql)


def test_kinds_pay_as_described(payers: tuple[AppContext, dict[str, str]]) -> None:
    ctx, kinds = payers
    outcome: dict[str, list[bool]] = defaultdict(list)
    rows = _rows(
        str(ctx.db.sqlite_path),
        "SELECT c.code, i.due_date, i.paid_date FROM invoice i JOIN customer c"
        " ON c.id = i.customer_id WHERE i.status != 'void'",
    )
    for code, due, paid in rows:
        due_day = TODAY.fromisoformat(due)
        if paid is not None:
            outcome[kinds[code]].append((TODAY.fromisoformat(paid) - due_day).days > LATE_AFTER)
        elif (TODAY - due_day).days > LATE_AFTER:
            outcome[kinds[code]].append(True)
    share = {kind: sum(seen) / len(seen) for kind, seen in outcome.items()}
    assert share["punctual"] < 0.1 < share["slightly_late"] < 0.35 < share["slow"] < 0.8
    assert share["chronic"] > 0.8
    assert 0.15 < share["seasonal"] < 0.4
    assert len(outcome["new"]) < len(outcome["punctual"]) / 3


def test_books_read_back_through_the_services(payers: tuple[AppContext, dict[str, str]]) -> None:
    ctx, kinds = payers
    path = str(ctx.db.sqlite_path)
    [(last_day,)] = _rows(
        path,
        "SELECT max(d) FROM (SELECT max(issue_date) d FROM invoice UNION ALL"
        " SELECT max(date) FROM payment UNION ALL SELECT max(opened_on) FROM invoice_hold)",
    )
    assert last_day <= TODAY.isoformat()
    owed = 0
    for code in kinds:
        customer = customer_by_code(ctx, code)
        ledger, items = balance_check(ctx, customer.id)
        assert ledger == items
        owed += items
    assert aging_report(ctx, TODAY).total.total == owed > 0
    [(disputed,)] = _rows(path, "SELECT invoice_id FROM invoice_hold WHERE kind='dispute' LIMIT 1")
    assert [h.kind for h in list_holds(ctx, int(disputed))] == ["dispute"]
