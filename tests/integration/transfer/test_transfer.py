# SPDX-License-Identifier: MIT
"""CSV import and export: all-or-nothing, every bad row reported, exact round trips."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from arapp.db.models import Customer, Invoice, Payment
from arapp.services.company import CompanyProfile, save_company
from arapp.services.context import AppContext
from arapp.services.customer_list import customer_ids, customer_rows
from arapp.services.invoices import InvoiceDraft, LineDraft, invoice_by_number, save_draft
from arapp.services.lifecycle import issue_invoice
from arapp.services.transfer.exports import export_customers, export_invoices, export_payments
from arapp.services.transfer.imports import import_customers, import_invoices, import_payments
from tests.helpers.books import copy_books

CUSTOMERS = (
    "code,name,email,phone,address,terms,credit_limit,currency\r\n"
    "ZOE,Zoë Łukasiewicz,zoe@example.org,+48 1,"
    '"ul. Długa 5\n00-001 Warszawa",2/10 net 30,1500,PLN\r\n'
    'EVIL,"=HYPERLINK(""http://x"",""y"")",,,,net 14,,EUR\r\n'
    'TAG,"<b>&""\'",,,,due on receipt,,EUR\r\n'
    "JP,山田商店,,,東京都,net 30,,JPY\r\n"
)


def count(ctx: AppContext, model: type) -> int:
    with ctx.db.read() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_customers_import_and_round_trip(ctx: AppContext) -> None:
    report = import_customers(ctx, CUSTOMERS.encode())
    assert report.ok and report.created == 4
    with ctx.db.read() as s:
        names = dict(s.execute(select(Customer.code, Customer.name)).all())
        address = s.scalar(select(Customer.street).where(Customer.code == "ZOE"))
    assert names["EVIL"] == '=HYPERLINK("http://x","y")' and names["TAG"] == "<b>&\"'"
    # the books are in the US: a Polish postcode is not read as one, every line stays a street
    assert names["JP"] == "山田商店" and address == "ul. Długa 5\n00-001 Warszawa"
    exported = export_customers(ctx)
    assert b"'=HYPERLINK" in exported  # neutralised for spreadsheets
    again = import_customers(ctx, exported, dry_run=True)
    assert [p.message for p in again.problems][:1] == ["Code EVIL is already used."]


def test_everything_round_trips_into_new_books(  # type: ignore[no-untyped-def]
    ctx: AppContext, tmp_path, migrated_books
) -> None:
    import_customers(ctx, CUSTOMERS.encode())
    import_invoices(ctx, INVOICES.encode())
    import_payments(
        ctx,
        b"date,customer_code,amount,method,reference,invoice_number\n"
        b"2026-11-02,TAG,15.00,cash,'=1+1,\n",
    )
    other = copy_books(migrated_books, tmp_path / "other.sqlite3")
    copy = AppContext(other, today=ctx.today)
    save_company(copy, CompanyProfile(name="Copy", currency="EUR"))
    for kind, export, load in (
        ("customers", export_customers, import_customers),
        ("invoices", export_invoices, import_invoices),
        ("payments", export_payments, import_payments),
    ):
        assert load(copy, export(ctx)).ok, kind
        assert export(copy) == export(ctx), kind
    other.dispose()


def test_customers_bad_rows_import_nothing(ctx: AppContext) -> None:
    bad = (
        b"code,name,email,phone,address,terms,credit_limit,currency\n"
        b"A1,Good One,a@example.org,,,net 30,,EUR\n"
        b"B2,,not-mail,,,whenever,-5,EUR\n"
        b"A1,Twice,,,,net 30,,XX\n"
    )
    report = import_customers(ctx, bad)
    assert not report.ok and report.created == 0 and count(ctx, Customer) == 0
    found = {(p.line, p.column) for p in report.problems}
    assert {
        (3, "name"),
        (3, "email"),
        (3, "terms"),
        (3, "credit_limit"),
        (4, "code"),
        (4, "currency"),
    } <= found


def test_file_level_problems(ctx: AppContext) -> None:
    latin1 = "code,name\nA,Café\n".encode("latin-1")
    assert "not UTF-8" in str(import_customers(ctx, latin1).problems[0])
    assert import_customers(ctx, latin1).problems[0].line == 2
    huge = b"code,name\n" + b"X" * (50 * 1024 * 1024)
    assert "50.0 MB" in str(import_customers(ctx, huge).problems[0])
    assert "Missing column(s): name" in str(import_customers(ctx, b"code\nA\n").problems[0])
    assert count(ctx, Customer) == 0


INVOICES = (
    "number,customer_code,issue_date,due_date,currency,description,quantity,unit_price,tax_rate\n"
    "INV-2026-00007,ZOE,2026-10-01,2026-10-31,PLN,Timber,3,19.99,23\n"
    'INV-2026-00007,ZOE,2026-10-01,2026-10-31,PLN,"Labour\nweekend",2.5,48,23\n'
    "INV-2026-00008,TAG,2026-10-05,,EUR,=SUM(A1),1,10.00,\n"
)


def test_invoices_import_issue_and_continue_numbering(ctx: AppContext) -> None:
    import_customers(ctx, CUSTOMERS.encode())
    report = import_invoices(ctx, INVOICES.encode())
    assert report.ok and report.created == 2
    first = invoice_by_number(ctx, "INV-2026-00007")
    assert first.status == "issued" and first.total == Decimal("221.36")  # 179.97 + 41.39 (23 %)
    assert [ln.description for ln in first.lines] == ["Timber", "Labour\nweekend"]
    second = invoice_by_number(ctx, "INV-2026-00008")
    assert second.lines[0].description == "=SUM(A1)" and second.due_date.isoformat() == "2026-10-05"
    tag = next(c for c in customer_ids(ctx) if customer_rows(ctx, [c])[c].code == "TAG")
    new = save_draft(ctx, InvoiceDraft(tag, second.issue_date, (LineDraft("x", "1", "1"),)))
    assert issue_invoice(ctx, new.id).number == "INV-2026-00009"
    exported = export_invoices(ctx)
    assert import_invoices(ctx, exported, dry_run=True).problems[0].message == (
        "Invoice INV-2026-00007 is already in the books."
    )


def test_invoice_rows_with_problems_are_all_listed(ctx: AppContext) -> None:
    import_customers(ctx, CUSTOMERS.encode())
    bad = (
        b"number,customer_code,issue_date,due_date,currency,description,quantity,unit_price,tax_rate\n"
        b"X-1,NOBODY,2026-10-01,,,a,1,1,\n"
        b"X-2,ZOE,2026-13-01,,,b,1,1,\n"
        b"X-3,ZOE,2026-10-01,,,c,-2,1,\n"
        b"X-4,ZOE,2026-10-01,,USD,d,1,abc,150\n"
        b"X-5,ZOE,2026-10-01,,,e,1,1,\n"
        b"X-5,TAG,2026-10-02,,,f,1,1,\n"
    )
    report = import_invoices(ctx, bad)
    assert report.created == 0 and count(ctx, Invoice) == 0
    assert [(p.line, p.column) for p in report.problems] == [
        (2, "customer_code"),
        (3, "issue_date"),
        (4, "quantity"),
        (5, "currency"),
        (5, "unit_price"),
        (5, "tax_rate"),
        (7, "number"),
    ]


def test_payments_import_allocates_and_round_trips(ctx: AppContext) -> None:
    import_customers(ctx, CUSTOMERS.encode())
    import_invoices(ctx, INVOICES.encode())
    payments = (
        b"date,customer_code,amount,method,reference,invoice_number\n"
        b"2026-11-01,ZOE,100.00,bank transfer,TR-1,INV-2026-00007\n"
        b"2026-11-02,TAG,15.00,cash,,\n"
    )
    report = import_payments(ctx, payments)
    assert report.ok and report.created == 2
    assert invoice_by_number(ctx, "INV-2026-00007").balance == Decimal("121.36")
    assert invoice_by_number(ctx, "INV-2026-00008").status == "paid"
    exported = export_payments(ctx).decode()
    assert "2026-11-02,TAG,10.00,cash,,INV-2026-00008" in exported
    assert "2026-11-02,TAG,5.00,cash,," in exported  # left as credit


def test_payment_problems_import_nothing(ctx: AppContext) -> None:
    import_customers(ctx, CUSTOMERS.encode())
    import_invoices(ctx, INVOICES.encode())
    bad = (
        b"date,customer_code,amount,method,reference,invoice_number\n"
        b"2026-11-01,ZOE,10.00,cash,,\n"
        b"2027-01-01,ZOE,1,cash,,\n"
        b"2026-11-01,ZOE,1.001,cash,,\n"
        b"2026-11-01,ZOE,5,barter,,INV-2026-00008\n"
    )
    report = import_payments(ctx, bad)
    assert [(p.line, p.column) for p in report.problems] == [
        (3, "date"),
        (4, "amount"),
        (5, "method"),
        (5, "invoice_number"),
    ]
    assert count(ctx, Payment) == 0


@pytest.mark.parametrize("dry", [True])
def test_dry_run_writes_nothing(ctx: AppContext, dry: bool) -> None:
    report = import_customers(ctx, CUSTOMERS.encode(), dry_run=dry)
    assert report.ok and report.created == 4 and report.dry_run
    assert count(ctx, Customer) == 0


def test_exported_money_has_the_currency_decimals_and_never_loses_any() -> None:
    from arapp.services.transfer.exports import _money

    assert [_money(Decimal(v), "EUR") for v in ("1234", "16.8", "0.1234", "-5.5")] == [
        "1234.00", "16.80", "0.1234", "-5.50"
    ]  # fmt: skip
    assert [_money(Decimal(v), "JPY") for v in ("1200", "0.5")] == ["1200", "0.5"]
    assert _money(Decimal("1.5"), "KWD") == "1.500"
