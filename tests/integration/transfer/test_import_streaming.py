# SPDX-License-Identifier: MIT
"""Imports of customers and payments read the file in batches, from its bytes or its path, and
keep the all-or-nothing rule: a bad row after batches that were written rolls them back, every
problem is reported with its line (the first thousand, and how many more), and a stop while
writing leaves nothing behind."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from arapp.db.models import AuditEntry, Customer, Invoice, Payment, PaymentAllocation
from arapp.services.context import AppContext
from arapp.services.transfer import imports, payment_import
from arapp.services.transfer.checks import MAX_PROBLEMS
from arapp.services.transfer.csvfile import ImportStopped
from arapp.services.transfer.imports import import_customers, import_invoices, import_payments

ROWS = 20_000
CUSTOMER_HEADER = "code,name,email,phone,address,terms,credit_limit,currency\n"
PAYMENT_HEADER = "date,customer_code,amount,method,reference,invoice_number\n"


def _count(ctx: AppContext, model: type) -> int:
    with ctx.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def _customers(count: int, prefix: str = "K") -> str:
    return CUSTOMER_HEADER + "".join(
        f"{prefix}{i:06},Kunde {i},,,,net 30,,EUR\n" for i in range(count)
    )


def _books(ctx: AppContext) -> None:
    """Ten customers with two invoices each (I-<customer>-<n>) of 100.00 EUR."""
    assert import_customers(ctx, _customers(10).encode()).ok
    rows = "".join(
        f"I-{c}-{n},K{c:06},2026-0{n + 1}-01,,,Work,1,100,\n" for c in range(10) for n in range(2)
    )
    header = "number,customer_code,issue_date,due_date,currency,description,quantity,unit_price,"
    assert import_invoices(ctx, (header + "tax_rate\n" + rows).encode()).ok


def _payments(count: int) -> str:
    """``count`` payments of 0.01: every third names its invoice, the others go oldest first."""
    return PAYMENT_HEADER + "".join(
        f"2026-10-01,K{k % 10:06},0.01,cash,R{k},{f'I-{k % 10}-1' if k % 3 == 0 else ''}\n"
        for k in range(count)
    )


def _state(ctx: AppContext) -> tuple[object, ...]:
    with ctx.db.read() as s:
        return (
            s.execute(select(Invoice.number, Invoice.status, Invoice.amount_paid)).all(),
            s.execute(
                select(PaymentAllocation.payment_id, PaymentAllocation.invoice_id).order_by(
                    PaymentAllocation.id
                )
            ).all(),
            s.execute(select(Payment.id, Payment.amount, Payment.unapplied)).all(),
        )


def test_a_bad_payment_at_the_end_of_a_big_file_imports_nothing(ctx: AppContext) -> None:
    _books(ctx)
    before = _state(ctx)
    data = _payments(ROWS) + "2026-10-01,NOBODY,5,cash,,\n"
    report = import_payments(ctx, data.encode())
    assert not report.ok and report.rows == ROWS + 1 and report.created == 0
    assert [(p.line, p.column) for p in report.problems] == [(ROWS + 2, "customer_code")]
    assert _state(ctx) == before  # the batches written before the bad row rolled back
    assert _count(ctx, Payment) == 0


def test_a_bad_customer_at_the_end_of_a_big_file_imports_nothing(ctx: AppContext) -> None:
    data = _customers(ROWS) + "K000007,Again,,,,,,EUR\n"
    report = import_customers(ctx, data.encode())
    assert [str(p) for p in report.problems] == [
        f"line {ROWS + 2}, code: Code K000007 is also on line 9."
    ]
    assert _count(ctx, Customer) == 0


def test_a_code_seen_in_an_earlier_batch_is_reported_with_its_line(
    ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(imports, "BATCH", 3)
    data = _customers(7) + "K000001,Again,,,,,,EUR\nK000006,Twice,,,,,,EUR\n"
    report = import_customers(ctx, data.encode(), dry_run=True)
    assert [str(p) for p in report.problems] == [
        "line 9, code: Code K000001 is also on line 3.",
        "line 10, code: Code K000006 is also on line 8.",
    ]


def test_a_big_good_file_imports_from_its_path_as_from_its_bytes(
    ctx: AppContext, tmp_path: Path
) -> None:
    path = tmp_path / "customers.csv"
    path.write_text(_customers(ROWS, "P"), encoding="utf-8")
    report = import_customers(ctx, path)
    assert report.ok and report.created == ROWS
    assert import_customers(ctx, _customers(3, "B").encode()).ok
    with ctx.db.read() as s:
        codes = list(s.scalars(select(Customer.code).order_by(Customer.id)))
    assert codes == [f"P{i:06}" for i in range(ROWS)] + [f"B{i:06}" for i in range(3)]


@pytest.mark.parametrize("batch", [payment_import.BATCH, 4])
def test_payments_from_a_path_in_any_batches_book_as_from_bytes_in_one(
    ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    # 11 payments of 0.01 on each customer, then ones that pay off invoices and leave credit
    data = _payments(110) + "".join(
        f"2026-10-02,K{c:06},{150 + c},card,,{f'I-{c}-0' if c % 2 else ''}\n" for c in range(10)
    )
    _books(ctx)
    assert import_payments(ctx, data.encode()).ok
    whole = _state(ctx)
    path = tmp_path / "payments.csv"
    path.write_text(data, encoding="utf-8")
    other = tmp_path / "other"
    other.mkdir()
    from arapp.db import migrate
    from arapp.db.engine import Database
    from arapp.services.company import CompanyProfile, save_company

    db = Database(f"sqlite:///{other / 'books.sqlite3'}")
    migrate.upgrade(db, None)
    books = AppContext(db, today=ctx.today, actor="tester")
    save_company(books, CompanyProfile(name="Other", currency="EUR"))
    _books(books)
    monkeypatch.setattr(payment_import, "BATCH", batch)
    written: list[int] = []
    report = payment_import.import_payments(books, path, progress=written.append)
    assert report.ok and report.created == 120
    assert _state(books) == whole
    assert written[-1] == 120 and written == sorted(written)
    assert len(written) == -(-120 // batch)  # one report per batch
    statuses = {status for _, status, _ in whole[0]}  # type: ignore[attr-defined]
    assert statuses == {"paid", "partially_paid"}
    assert any(unapplied > Decimal(0) for _, _, unapplied in whole[2])  # type: ignore[attr-defined]
    db.dispose()


def test_problems_past_the_first_thousand_are_counted(ctx: AppContext) -> None:
    _books(ctx)
    bad = MAX_PROBLEMS + 500
    data = PAYMENT_HEADER + "2026-10-01,NOBODY,1,cash,,\n" * bad
    report = import_payments(ctx, data.encode(), dry_run=True)
    assert len(report.problems) == MAX_PROBLEMS + 1
    assert report.problems[0].line == 2 and report.problems[MAX_PROBLEMS - 1].line == 1001
    assert str(report.problems[-1]) == (
        "file: 500 more problem(s) not listed: correct these and check again."
    )


def test_a_stop_while_writing_rolls_back_what_was_written(ctx: AppContext) -> None:
    _books(ctx)
    before = _state(ctx)
    audits = _count(ctx, AuditEntry)
    asked: list[int] = []
    written: list[int] = []

    def stop_later() -> bool:
        asked.append(1)
        return len(asked) > 12  # after two batches of 5,000 were written

    with pytest.raises(ImportStopped):
        import_payments(ctx, _payments(ROWS).encode(), stop=stop_later)
    assert _state(ctx) == before
    assert _count(ctx, AuditEntry) == audits
    # and the progress the window shows went past a batch before the stop
    with pytest.raises(ImportStopped):
        asked.clear()
        payment_import.import_payments(
            ctx, _payments(ROWS).encode(), stop=stop_later, progress=written.append
        )
    assert written == [5_000, 10_000]
    assert _state(ctx) == before


def test_customers_and_invoices_tell_their_progress_and_stop_while_writing(
    ctx: AppContext,
) -> None:
    written: list[int] = []
    assert import_customers(ctx, _customers(12_000).encode(), progress=written.append).ok
    assert written == [5_000, 10_000, 12_000]
    header = "number,customer_code,issue_date,due_date,currency,description,quantity,unit_price,"
    rows = "".join(f"J-{n},K000001,2026-10-01,,,Work,1,10,\n" for n in range(12_000))
    data = (header + "tax_rate\n" + rows).encode()
    lines: list[int] = []
    with pytest.raises(ImportStopped):  # asked before each chunk of 5,000 invoices
        import_invoices(ctx, data, stop=lambda: bool(lines), progress=lines.append)
    assert lines == [5_000] and _count(ctx, Invoice) == 0  # the chunk written rolled back
    lines.clear()
    assert import_invoices(ctx, data, progress=lines.append).ok
    assert lines == [5_000, 10_000, 12_000] and _count(ctx, Invoice) == 12_000
    assert _count(ctx, Customer) == 12_000
