# SPDX-License-Identifier: MIT
"""Inputs that gave tracebacks give one-line messages (issue 13, items 16 and 17): numbers
larger than arapp keeps (``1E+30``, ``1e999``, ``99999999999999999999``,
``9223372036854775807``) in amounts, quantities and credit limits, from the command line and
from imports (with the line and the column); an invoice number with a line break; a CSV header
cell over 131,072 characters. Nothing is written by a refused input."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from arapp.db.models import Customer, Invoice
from arapp.domain.errors import ValidationError
from arapp.domain.money import LARGEST, to_decimal
from arapp.services.context import AppContext
from arapp.services.transfer.imports import import_customers, import_invoices, import_payments
from tests.helpers.cli import run
from tests.helpers.postgres import PG_URL

HUGE = ["1E+30", "1e999", "99999999999999999999", "9223372036854775807"]
INVOICE_HEAD = (
    "number,customer_code,issue_date,due_date,currency,description,quantity,unit_price,tax_rate\r\n"
)


def _count(ctx: AppContext, model: type) -> int:
    with ctx.db.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


@pytest.mark.parametrize("text", HUGE)
def test_the_largest_number_is_enforced_at_the_door(text: str) -> None:
    with pytest.raises(ValidationError, match="larger than arapp keeps"):
        to_decimal(text)
    assert to_decimal(str(LARGEST)) == LARGEST and to_decimal(f"-{LARGEST}") == -LARGEST


@pytest.mark.parametrize("text", HUGE)
def test_huge_numbers_in_imports_are_problems_with_line_and_column(
    ctx: AppContext, text: str
) -> None:
    customers = import_customers(ctx, f"code,name,credit_limit\r\nA1,Alpha,{text}\r\n".encode())
    assert [(p.line, p.column) for p in customers.problems] == [(2, "credit_limit")]
    assert "larger than arapp keeps" in customers.problems[0].message
    assert import_customers(ctx, b"code,name\r\nA1,Alpha\r\n").ok
    rows = f"R-1,A1,2026-10-01,,,Goods,{text},1,0\r\nR-2,A1,2026-10-01,,,Goods,1,{text},0\r\n"
    invoices = import_invoices(ctx, (INVOICE_HEAD + rows).encode())
    assert [(p.line, p.column) for p in invoices.problems] == [(2, "quantity"), (3, "unit_price")]
    payments = import_payments(
        ctx, f"date,customer_code,amount\r\n2026-11-02,A1,{text}\r\n".encode()
    )
    assert [(p.line, p.column) for p in payments.problems] == [(2, "amount")]
    assert _count(ctx, Invoice) == 0


def test_an_invoice_number_with_a_line_break_is_refused_at_the_door(ctx: AppContext) -> None:
    assert import_customers(ctx, b"code,name\r\nA1,Alpha\r\n").ok
    rows = '"BAD-1\r\nBcc: x@example.net",A1,2026-10-01,,,Goods,1,10,0\r\n'
    rows += f"{'N' * 51},A1,2026-10-01,,,Goods,1,10,0\r\n"
    report = import_invoices(ctx, (INVOICE_HEAD + rows).encode())
    assert [(p.line, p.column) for p in report.problems] == [(2, "number"), (4, "number")]
    assert "line break" in report.problems[0].message
    assert "at most 50 characters" in report.problems[1].message
    assert _count(ctx, Invoice) == 0


def test_a_header_cell_over_131072_characters_is_a_message(ctx: AppContext) -> None:
    data = ("code,name," + "x" * 140_000 + "\r\nA1,Alpha,1\r\n").encode()
    report = import_customers(ctx, data)
    assert not report.ok and len(report.problems) == 1
    assert len(report.problems[0].message) < 300
    assert _count(ctx, Customer) == 0


@pytest.mark.parametrize("text", HUGE)
def test_the_command_line_says_one_line(tmp_path: Path, text: str) -> None:
    db = tmp_path / "shop.sqlite3"
    assert run("init", "--name", "Shop", db=db).returncode == 0
    for args in (
        ("customer", "add", "--name", "Big", "--credit-limit", text),
        ("customer", "add", "--name", "Ok", "--code", "OK"),
        ("invoice", "new", "--customer", "OK", "--line", f"a;{text};1"),
        ("invoice", "new", "--customer", "OK", "--line", f"a;1;{text}"),
        ("invoice", "new", "--customer", "OK", "--line", "a;999999999;999999999"),
        ("payment", "record", "OK", text),
    ):
        done = run(*args, db=db)
        if args[-1] == "OK":
            assert done.returncode == 0, done.stderr
            continue
        assert done.returncode == 1, (args, done.stderr)
        assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1, done.stderr
        assert "larger than arapp keeps" in done.stderr


@pytest.mark.parametrize(
    "books", ["ctx", pytest.param("pg_ctx", marks=pytest.mark.skipif(not PG_URL, reason="no PG"))]
)
def test_a_nul_in_a_quoted_cell_is_refused_with_its_line(
    request: pytest.FixtureRequest, books: str
) -> None:
    """SQLite would keep the NUL; PostgreSQL refused it mid-import (psycopg.DataError)."""
    ctx: AppContext = request.getfixturevalue(books)
    report = import_customers(ctx, b'code,name\r\nA1,Alpha\r\nB2,"Be\x00ta"\r\n')
    assert [(p.line, p.message) for p in report.problems] == [(3, "Cell 2 holds a NUL character.")]
    assert _count(ctx, Customer) == 0
