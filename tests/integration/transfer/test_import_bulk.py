# SPDX-License-Identifier: MIT
"""The bulk path of the invoice import, on SQLite and (with ``ARAPP_TEST_PG_URL``) PostgreSQL.

Rows go to the driver as stored integers, ids are reserved in one block and the rows are written
in chunks: these tests hold it to what the ORM and compute_totals would have written, to one
transaction, and to ids that later invoices never collide with.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from sqlalchemy import event, func, select, text

from arapp.db import migrate
from arapp.db.engine import Database
from arapp.db.models import AuditEntry, Customer, Invoice, InvoiceLine, NumberSequence, TaxRate
from arapp.domain.csvtext import read_decimal
from arapp.domain.errors import ValidationError
from arapp.domain.money import LARGEST, to_decimal
from arapp.domain.terms import parse_terms
from arapp.domain.totals import LineInput, compute_totals
from arapp.domain.totals import TaxRate as DomainTaxRate
from arapp.services.catalog import TaxRateRecord, save_tax_rate
from arapp.services.company import CompanyProfile, save_company
from arapp.services.context import AppContext
from arapp.services.invoices import InvoiceDraft, LineDraft, save_draft
from arapp.services.lifecycle import issue_invoice
from arapp.services.transfer import bulk, writer
from arapp.services.transfer.checks import read_number
from arapp.services.transfer.csvfile import COLUMNS, read_cells, read_rows
from arapp.services.transfer.imports import import_customers, import_invoices
from tests.helpers.books import TODAY

PG_URL = os.environ.get("ARAPP_TEST_PG_URL", "")

CUSTOMERS = (
    "code,name,email,phone,address,terms,credit_limit,currency\n"
    "EU,Euro Shop,,,,net 30,,EUR\n"
    "JP,山田商店,,,,eom 10,,JPY\n"
    "KW,Gulf Trading,,,,due on receipt,,KWD\n"
)
HEADER = (
    "number,customer_code,issue_date,due_date,currency,description,quantity,unit_price,tax_rate\n"
)
INVOICES = HEADER + (
    "INV-2026-00040,EU,2026-10-01,2026-10-31,EUR,Timber,3,19.99,23\n"
    'INV-2026-00040,EU,2026-10-01,2026-10-31,EUR,"Labour\nweekend",2.5,48,23.00\n'
    "INV-2026-00040,EU,2026-10-01,2026-10-31,EUR,Delivery,1,15.0050,7.5%\n"
    "INV-2026-00040,EU,2026-10-01,2026-10-31,EUR,Free sample,1,0,\n"
    "INV-2026-00041,EU,2026-10-05,,,'=SUM(A1),0.333333,10.0001,0\n"
    "INV-2026-00042,JP,2026-10-31,,JPY,お茶,7,123.5,10\n"
    "INV-2026-00043,KW,2026-11-02,,KWD,Dates,1.5,3.3335,\n"
    "OLD-7,EU,2025-12-31,,EUR,Old number,1,100,23\n"
)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def books(request: pytest.FixtureRequest, ctx: AppContext) -> Iterator[AppContext]:
    """Books with three customers, on SQLite or on the PostgreSQL server."""
    if request.param == "sqlite":
        books = ctx
    else:
        if not PG_URL:
            pytest.skip("set ARAPP_TEST_PG_URL to a PostgreSQL database")
        db = Database(PG_URL)
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        migrate.upgrade(db, None)
        books = AppContext(db, today=lambda: TODAY, actor="tester")
        save_company(books, CompanyProfile(name="Server Shop", currency="EUR"))
    assert import_customers(books, CUSTOMERS.encode()).ok
    yield books
    if books is not ctx:
        books.db.dispose()


def count(ctx: AppContext, model: type) -> int:
    with ctx.db.read() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_every_column_is_what_the_orm_and_compute_totals_give(books: AppContext) -> None:
    save_tax_rate(books, TaxRateRecord(0, "VAT 23%", Decimal(23)))
    save_tax_rate(books, TaxRateRecord(0, "VAT 7.5% incl.", Decimal("7.5"), inclusive=True))
    before = datetime.now(UTC)
    report = import_invoices(books, INVOICES.encode())
    assert report.ok and report.created == 5 and report.rows == 8
    with books.db.read() as s:
        rates = {r.id: r for r in s.scalars(select(TaxRate))}
        invoices = list(s.scalars(select(Invoice).order_by(Invoice.id)))
        lines = list(s.scalars(select(InvoiceLine).order_by(InvoiceLine.id)))
        customers = {c.id: c for c in s.scalars(select(Customer))}
        # The existing exclusive 23 % is used; 7.5 % gets an exclusive rate of its own; 0 % too.
        assert sorted((r.name, r.percent, r.inclusive) for r in rates.values()) == [
            ("Tax 0%", Decimal(0), False),
            ("Tax 10%", Decimal(10), False),
            ("Tax 7.5%", Decimal("7.5"), False),
            ("VAT 23%", Decimal(23), False),
            ("VAT 7.5% incl.", Decimal("7.5"), True),
        ]
        assert [i.number for i in invoices] == [
            "INV-2026-00040",
            "INV-2026-00041",
            "INV-2026-00042",
            "INV-2026-00043",
            "OLD-7",
        ]
        assert [ln.invoice_id for ln in lines] == [invoices[0].id] * 4 + [
            i.id for i in invoices[1:]
        ]
        for inv in invoices:
            mine = [ln for ln in lines if ln.invoice_id == inv.id]
            customer = customers[inv.customer_id]
            totals = compute_totals(
                [
                    LineInput(
                        ln.quantity,
                        ln.unit_price,
                        Decimal(0),
                        DomainTaxRate(ln.tax_name, ln.tax_percent) if ln.tax_rate_id else None,
                    )
                    for ln in mine
                ],
                inv.currency,
            )
            assert (inv.kind, inv.status, inv.currency) == ("invoice", "issued", customer.currency)
            assert inv.payment_terms == customer.payment_terms
            assert (inv.subtotal, inv.discount_total, inv.tax_total, inv.total) == (
                totals.subtotal,
                totals.invoice_discount,
                totals.tax_total,
                totals.total,
            )
            assert (inv.discount_percent, inv.amount_paid, inv.paid_date) == (0, 0, None)
            assert (inv.notes, inv.footer, inv.void_reason, inv.sent_at) == ("", "", "", None)
            assert (
                inv.related_invoice_id is inv.recurring_template_id is inv.recurring_period is None
            )
            assert inv.created_at == inv.issued_at and before <= inv.created_at <= datetime.now(UTC)
            assert inv.created_at.tzinfo is not None
            if inv.number != "INV-2026-00040":
                assert inv.due_date == parse_terms(inv.payment_terms).due_date(inv.issue_date)
            assert [ln.position for ln in mine] == list(range(1, len(mine) + 1))
            for ln, amount in zip(mine, totals.lines, strict=True):
                assert ln.amount == amount.amount
                assert (ln.unit, ln.discount_percent, ln.tax_inclusive) == ("", 0, False)
                if ln.tax_rate_id is None:
                    assert (ln.tax_name, ln.tax_percent) == ("", 0)
                else:
                    rate = rates[ln.tax_rate_id]
                    assert (ln.tax_name, ln.tax_percent, rate.inclusive) == (
                        rate.name,
                        rate.percent,
                        False,
                    )
        first = invoices[0]
        assert (first.issue_date, first.due_date) == (date(2026, 10, 1), date(2026, 10, 31))
        # 59.97 + 120.00 at 23 % = 41.39; 15.01 at 7.5 % = 1.13; 0 without tax
        assert (first.subtotal, first.tax_total, first.total) == (
            Decimal("194.98"),
            Decimal("42.52"),
            Decimal("237.50"),
        )
        assert [ln.description for ln in lines[:5]] == [
            "Timber",
            "Labour\nweekend",
            "Delivery",
            "Free sample",
            "=SUM(A1)",
        ]
        assert (lines[4].quantity, lines[4].unit_price) == (Decimal("0.333333"), Decimal("10.0001"))
        assert invoices[2].total == Decimal(952)  # 864.5 -> 865 yen, 10 % = 86.5 -> 87
        assert invoices[3].total == Decimal("5.000")  # 1.5 x 3.3335 = 5.00025 -> 5.000 dinars


def test_ids_follow_the_books_and_later_invoices_do_not_collide(books: AppContext) -> None:
    customer = 1
    first = issue_invoice(
        books, save_draft(books, InvoiceDraft(customer, TODAY, (LineDraft("a", "1", "1"),))).id
    )
    assert import_invoices(books, INVOICES.encode()).ok
    with books.db.read() as s:
        imported = list(
            s.scalars(select(Invoice.id).where(Invoice.id != first.id).order_by(Invoice.id))
        )
    assert len(imported) == 5 and min(imported) > first.id
    later = save_draft(books, InvoiceDraft(customer, TODAY, (LineDraft("b", "1", "2"),)))
    assert later.id > max(imported)
    assert issue_invoice(books, later.id).number == "INV-2026-00044"  # after the imported 43
    again = import_invoices(books, (HEADER + "X-1,EU,2026-11-01,,,c,1,3,\n").encode())
    assert again.ok
    with books.db.read() as s:
        assert s.scalar(select(func.max(Invoice.id))) > later.id
        assert s.scalar(select(func.count()).select_from(Invoice)) == 8


def test_chunks_keep_each_invoice_with_its_lines(
    books: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer, "CHUNK", 2)
    monkeypatch.setattr(bulk, "CHUNK", 3)
    rows = [
        f"N-{n},EU,2026-10-{1 + n % 28:02},,,Line {k},{k},1.{n:02},23\n"
        for n in range(9)
        for k in range(1, 1 + n % 4)
    ]
    assert import_invoices(books, (HEADER + "".join(rows)).encode()).ok
    with books.db.read() as s:
        found = s.execute(
            select(Invoice.number, InvoiceLine.position, InvoiceLine.description)
            .join(InvoiceLine, InvoiceLine.invoice_id == Invoice.id)
            .order_by(Invoice.id, InvoiceLine.position)
        ).all()
    assert [(number, f"Line {position}") for number, position, _ in found] == [
        (f"N-{n}", text) for n in range(9) for text in (f"Line {k}" for k in range(1, 1 + n % 4))
    ]
    assert [d for *_, d in found] == [f"Line {p}" for _, p, _ in found]


def test_a_failure_while_writing_writes_nothing(
    books: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer, "CHUNK", 2)
    calls = []
    real = writer.insert_rows

    def failing(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 3:  # the second chunk of invoices
            raise OSError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(writer, "insert_rows", failing)
    with pytest.raises(OSError, match="disk full"):
        import_invoices(books, INVOICES.encode())
    assert count(books, Invoice) == count(books, InvoiceLine) == count(books, TaxRate) == 0
    assert count(books, NumberSequence) == 0
    with books.db.read() as s:
        assert s.scalar(select(func.count()).where(AuditEntry.action == "invoices_imported")) == 0
    assert gc.isenabled()


def test_an_amount_too_large_to_store_writes_nothing(books: AppContext) -> None:
    # issue 13 item 17: refused at the door with its line and column, no longer a traceback
    huge = HEADER + "A-1,EU,2026-10-01,,,ok,1,1,\nA-2,EU,2026-10-01,,,big,1000000,99999999999999,\n"
    report = import_invoices(books, huge.encode())
    assert [(p.line, p.column) for p in report.problems] == [(3, "unit_price")]
    assert "larger than arapp keeps" in report.problems[0].message
    assert count(books, Invoice) == 0
    product = HEADER + "A-1,EU,2026-10-01,,,ok,1,1,\nA-2,EU,2026-10-01,,,big,1000000,999999999,\n"
    report = import_invoices(books, product.encode())
    assert [(p.line, p.column) for p in report.problems] == [(3, "unit_price")]
    assert "Quantity times unit price" in report.problems[0].message
    assert count(books, Invoice) == 0


def test_one_audit_entry_sums_the_import_up(books: AppContext) -> None:
    assert import_invoices(books, INVOICES.encode()).ok
    with books.db.read() as s:
        entries = s.execute(
            select(
                AuditEntry.action, AuditEntry.entity_id, AuditEntry.actor, AuditEntry.details
            ).where(AuditEntry.entity == "invoice")
        ).all()
    assert entries == [("invoices_imported", None, "tester", '{"invoices": 5, "lines": 8}')]


def test_garbage_collection_is_back_on_afterwards(books: AppContext) -> None:
    assert gc.isenabled()
    assert import_invoices(books, INVOICES.encode()).ok
    assert not import_invoices(books, INVOICES.encode()).ok  # numbers taken now
    assert gc.isenabled()
    gc.disable()
    try:
        with bulk.gc_paused():
            pass
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()


TRICKY = (
    "code,ignored,name,currency\r\n"
    "A,x,'=1+1,EUR\r\n"
    "\r\n"
    " , , , \r\n"
    "B,x,\"two\nlines\",''quoted\r\n"
    "C,x,too few\r\n"
    "D,x,'plain,EUR\r\n"
    'E,x,"broken\r\n'
)


@pytest.mark.parametrize("column_map", [None, {"name": "ignored"}])
def test_read_cells_reads_what_read_rows_reads(column_map: dict[str, str] | None) -> None:
    rows, problems = read_rows(TRICKY.encode(), "customers", column_map)
    cells, cell_problems = read_cells(TRICKY.encode(), "customers", column_map)
    listed = [
        (line, dict(zip(COLUMNS["customers"], values, strict=True))) for line, values in cells
    ]
    assert [
        (line, {c: v for c, v in row.items() if c in cells.columns}) for line, row in listed
    ] == (rows)
    assert cell_problems == problems
    assert [p.line for p in problems] == [7, 9]
    assert rows[0] == (
        2,
        {"code": "A", "name": "=1+1" if not column_map else "x", "currency": "EUR"},
    )
    assert all(v == "" for _, row in listed for c, v in row.items() if c not in cells.columns)


def _indexes(ctx: AppContext) -> list[tuple[str, str]]:
    with ctx.db.read() as s:
        found = s.execute(
            text(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                "AND tbl_name = 'invoice' ORDER BY name"
            )
        )
        return [(name, sql) for name, sql in found]


@pytest.fixture
def statements(ctx: AppContext) -> Iterator[list[str]]:
    seen: list[str] = []

    def listen(conn, cursor, statement, *args) -> None:  # type: ignore[no-untyped-def]
        seen.append(statement)

    event.listen(ctx.db.engine, "before_cursor_execute", listen)
    yield seen
    event.remove(ctx.db.engine, "before_cursor_execute", listen)


def test_sqlite_indexes_are_made_again_after_a_big_import(
    ctx: AppContext, statements: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert import_customers(ctx, CUSTOMERS.encode()).ok
    before = _indexes(ctx)
    # the lists' (column, id) ones and the open invoice list's partial ones too
    assert len([sql for _, sql in before if sql]) == 18
    monkeypatch.setattr(bulk, "REBUILD_FROM", 2)
    assert import_invoices(ctx, INVOICES.encode()).ok
    assert sum(s.startswith("DROP INDEX") for s in statements) == 18
    assert _indexes(ctx) == before
    assert "PRAGMA cache_size = -65536" in statements
    with ctx.db.read() as s:  # the import's bigger page cache is given back
        assert s.execute(text("PRAGMA cache_size")).scalar() == -2000
    with ctx.db.read() as s:  # the partial index is used again for open invoices
        plan = s.execute(
            text(
                "EXPLAIN QUERY PLAN SELECT total FROM invoice WHERE customer_id = 1 "
                "AND status IN ('issued', 'sent', 'partially_paid')"
            )
        ).all()
    assert "ix_invoice_open" in str(plan)


def test_sqlite_indexes_are_back_when_a_big_import_fails(
    ctx: AppContext, statements: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert import_customers(ctx, CUSTOMERS.encode()).ok
    before = _indexes(ctx)
    monkeypatch.setattr(bulk, "REBUILD_FROM", 2)
    monkeypatch.setattr(writer, "CHUNK", 2)
    real = writer.insert_rows
    calls: list[int] = []

    def failing(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 3:
            raise OSError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(writer, "insert_rows", failing)
    with pytest.raises(OSError):
        import_invoices(ctx, INVOICES.encode())
    assert any(s.startswith("DROP INDEX") for s in statements)
    assert _indexes(ctx) == before and count(ctx, Invoice) == 0


def test_sqlite_indexes_stay_for_a_small_import_or_a_big_table(
    ctx: AppContext, statements: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert import_customers(ctx, CUSTOMERS.encode()).ok
    assert import_invoices(ctx, INVOICES.encode()).ok  # fewer rows than REBUILD_FROM
    monkeypatch.setattr(bulk, "REBUILD_FROM", 2)
    assert import_invoices(ctx, (HEADER + "X-1,EU,2026-11-01,,,a,1,1,\n").encode()).ok
    assert not any(s.startswith("DROP INDEX") for s in statements)  # 1 new to 5 there
    with ctx.db.write() as s:
        s.execute(text("ANALYZE"))
    again = [f"Y-{n},EU,2026-11-01,,,a,1,1,\n" for n in range(20)]
    assert import_invoices(ctx, (HEADER + "".join(again)).encode()).ok
    assert not any(s.startswith("DROP INDEX") for s in statements)  # statistics kept


def _read_number_as_before(text: str, places: int | None) -> Decimal | str:
    """read_number before its fast path for plain digits: to_decimal and a quantize check
    (and since the decimal comma came, thousands grouped by commas: 1,234.50; since issue 13,
    nothing larger than :data:`LARGEST`)."""
    try:
        value = to_decimal(text)
    except ValidationError:
        grouped = read_decimal(text, ".")
        if grouped is None:
            return f"“{text}” is not a number (write it like 1234.50)."
        value = grouped
    if abs(value) > LARGEST:  # issue 13: refused before the quantize, which cannot take it
        return f"“{text}” is larger than arapp keeps: at most {LARGEST:,} (just under a trillion)."
    if places is not None and value != value.quantize(Decimal(1).scaleb(-places)):
        return f"{text} has more than {places} decimals."
    return value


@settings(max_examples=600, deadline=None)
@given(
    text=st.one_of(
        st.text(alphabet="0123456789.-+eE ,_", max_size=30),
        st.from_regex(r"-?[0-9]{1,20}(\.[0-9]{0,8})?", fullmatch=True),
        st.decimals(allow_nan=True, allow_infinity=True).map(str),
    ),
    places=st.sampled_from([None, 0, 2, 4, 6]),
)
@example(text="1234567890123456789012", places=6)
@example(text="1.50000", places=4)
def test_read_number_reads_as_before(text: str, places: int | None) -> None:
    try:
        expected: object = _read_number_as_before(text, places)
    except ArithmeticError as exc:  # a quantize beyond the context's precision
        expected = type(exc)
    try:
        found: object = read_number(text, places)
    except ArithmeticError as exc:
        found = type(exc)
    assert found == expected and str(found) == str(expected)
