# SPDX-License-Identifier: MIT
"""Decimal commas in the customer, invoice and payment imports: a European Excel writes
``1.234,50``; the mark is detected from the numeric cells (or chosen, or saved with the mapping),
amounts come out exactly, and cells that contradict each other are problems with their line."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from arapp.db.models import Customer, Invoice, Payment
from arapp.domain.money import parse_amount
from arapp.services.context import AppContext
from arapp.services.transfer.files import import_file, open_csv
from arapp.services.transfer.imports import import_customers, import_invoices, import_payments
from arapp.services.transfer.mappings import load_mapping
from arapp.services.transfer.numbers import detect_decimal
from tests.helpers.cli import run

CUSTOMERS = (
    "\ufeffcode;name;terms;credit_limit;currency\r\n"
    "A100;Alpha Bau GmbH;net 30;1.234,50;EUR\r\n"
    "B200;Beta, Söhne & Co;;12,5;\r\n"
    "C300;Gamma SARL;;250.000,00;\r\n"
    "D400;Delta AG;;;\r\n"
).encode()
INVOICES = (
    b"number;customer_code;issue_date;due_date;currency;description;quantity;unit_price;tax_rate\r\n"
    b"R-1;A100;2026-10-01;2026-10-31;EUR;Farbe 5 l;2,5;1.234,5678;19\r\n"
    b"R-1;A100;2026-10-01;2026-10-31;EUR;Pinsel;3;4,50;7,5 %\r\n"
    b"R-2;B200;2026-10-03;;;Beratung;1;80;0\r\n"
)
PAYMENTS = (
    b"date;customer_code;amount;method;reference;invoice_number\r\n"
    b"2026-11-02;A100;1.000,01;bank_transfer;R-1 Teil;R-1\r\n"
    b"2026-11-03;B200;0,99;cash;;\r\n"
)


def rows(ctx: AppContext, model: type, *columns: str) -> dict[str, tuple[object, ...]]:
    with ctx.db.read() as s:
        found = s.scalars(select(model)).all()
        return {
            str(getattr(r, columns[0])): tuple(getattr(r, c) for c in columns[1:]) for r in found
        }


def test_semicolon_files_with_decimal_commas_import_to_the_cent(ctx: AppContext) -> None:
    customers = import_customers(ctx, CUSTOMERS)
    assert customers.ok, customers.problems
    assert rows(ctx, Customer, "code", "credit_limit") == {
        "A100": (Decimal("1234.50"),),
        "B200": (Decimal("12.50"),),
        "C300": (Decimal("250000.00"),),
        "D400": (None,),
    }
    invoices = import_invoices(ctx, INVOICES)
    assert invoices.ok and invoices.created == 2, invoices.problems
    with ctx.db.read() as s:
        r1 = s.scalar(select(Invoice).where(Invoice.number == "R-1"))
        assert r1 is not None
        lines = [(x.quantity, x.unit_price, x.tax_percent, x.amount) for x in r1.lines]
        assert lines == [
            (Decimal("2.5"), Decimal("1234.5678"), Decimal("19"), Decimal("3086.42")),
            (Decimal("3"), Decimal("4.50"), Decimal("7.5"), Decimal("13.50")),
        ]
        # 3086.42 * 19 % = 586.4198 -> 586.42; 13.50 * 7.5 % = 1.0125 -> 1.01
        assert (r1.subtotal, r1.tax_total, r1.total) == (
            Decimal("3099.92"),
            Decimal("587.43"),
            Decimal("3687.35"),
        )
    payments = import_payments(ctx, PAYMENTS)
    assert payments.ok and payments.created == 2, payments.problems
    assert sorted(rows(ctx, Payment, "id", "amount", "currency").values()) == [
        (Decimal("0.99"), "EUR"),
        (Decimal("1000.01"), "EUR"),
    ]


@pytest.mark.parametrize(
    ("cells", "delimiter", "mark", "source"),
    [
        (["12,50"], ";", ",", "detected"),
        (["12,50"], ",", ",", "detected"),  # quoted in a comma file: still only a comma reads it
        (["1.234,50"], ";", ",", "detected"),
        (["1,234.50"], ";", ".", "detected"),
        (["3.5"], ";", ".", "detected"),
        (["1,234"], ",", ".", "assumed"),  # either way: a point, unless ...
        (["1,234"], ";", ",", "assumed"),  # ... semicolons
        (["12", "1.000"], ";", ",", "assumed"),
        (["1,234", "5,5"], ",", ",", "detected"),  # the ambiguous cell follows the clear one
        ([], ",", ".", "assumed"),
    ],
)
def test_the_decimal_mark_is_detected_from_the_numbers(
    cells: list[str], delimiter: str, mark: str, source: str
) -> None:
    sep = {"tab": "\t"}.get(delimiter, delimiter)
    lines = [f'2026-11-02{sep}A1{sep}"{cell}"' for cell in cells]
    data = "\n".join([f"date{sep}customer_code{sep}amount", *lines]).encode()
    guess = detect_decimal(data, "payments", delimiter=delimiter)
    assert (guess.mark, guess.source, guess.problems) == (mark, source, ())


def test_numbers_that_contradict_each_other_are_a_problem_with_their_line(
    ctx: AppContext,
) -> None:
    import_customers(ctx, CUSTOMERS)
    data = (
        b"date;customer_code;amount\n"
        b"2026-11-02;A100;1.234\n"  # either 1234 or 1.234: nothing decided yet
        b"2026-11-02;A100;12,50\n"
        b"2026-11-02;B200;3.75\n"
    )
    guess = detect_decimal(data, "payments")
    assert guess.mark == "," and len(guess.problems) == 1
    problem = guess.problems[0]
    assert (problem.line, problem.column) == (4, "amount")
    assert "“3.75”" in problem.message and "line 3" in problem.message
    report = import_payments(ctx, data, dry_run=True)
    assert not report.ok
    assert [(p.line, p.column) for p in report.problems] == [(4, "amount"), (4, "amount")]
    # Chosen, the mark is not second-guessed: what does not fit it is a problem.
    chosen = import_payments(ctx, data, dry_run=True, decimal=".")
    found = [str(p) for p in chosen.problems]
    assert found == [
        "line 2, amount: More than 2 decimals.",  # 1.234 with a decimal point
        "line 3, amount: “12,50” is not a number (write it like 1234.50).",
    ]


def test_a_chosen_mark_reads_every_number_that_way(ctx: AppContext) -> None:
    assert import_customers(ctx, CUSTOMERS).ok
    data = b"date;customer_code;amount\n2026-11-02;A100;1.234\n"
    assert import_payments(ctx, data, decimal=",").ok
    assert list(rows(ctx, Payment, "id", "amount").values()) == [(Decimal("1234.00"),)]
    point = b'date,customer_code,amount\n2026-11-02,A100,"1,234.56"\n2026-11-02,A100,7\n'
    assert import_payments(ctx, point, decimal=".").ok
    amounts = sorted(a for (a,) in rows(ctx, Payment, "id", "amount").values())
    assert amounts == [Decimal("7.00"), Decimal("1234.00"), Decimal("1234.56")]
    wrong = import_payments(ctx, b"date,customer_code,amount\n2026-11-02,A100,12.50\n", decimal=",")
    assert [str(p) for p in wrong.problems] == [
        "line 2, amount: “12.50” is not a number (write it like 1234,50)."
    ]


def test_the_mark_is_saved_with_the_mapping_and_brought_back(
    ctx: AppContext, tmp_path: Path
) -> None:
    path = tmp_path / "kunden.csv"
    path.write_bytes(CUSTOMERS)
    file, choices = open_csv(ctx, "customers", path)
    assert (file.delimiter, file.decimal, file.decimal_source) == (";", ",", "detected")
    chosen = {c: c for c in ("code", "name", "terms", "credit_limit", "currency")}
    outcome = import_file(ctx, "customers", file.data, chosen, "Excel DE", ";")
    assert outcome.report.ok and load_mapping(ctx, "customers", "Excel DE")["decimal"] == ","
    again = tmp_path / "more.csv"
    again.write_bytes(b"code;name;credit_limit\nE500;Epsilon;100\n")
    file, choices = open_csv(ctx, "customers", again)
    assert choices.preferred == "Excel DE"
    assert (file.decimal, file.decimal_source) == (",", "mapping")


def test_the_bank_parsing_is_the_shared_one() -> None:
    from arapp.services.bank import csvformat

    assert csvformat.parse_amount is parse_amount
    assert parse_amount("1.234,50", ",", ".") == Decimal("1234.50")


def test_the_import_command_reads_decimal_commas(tmp_path: Path) -> None:
    db = tmp_path / "shop.sqlite3"
    assert run("init", "--name", "Laden", "--currency", "EUR", db=db).returncode == 0
    customers = tmp_path / "kunden.csv"
    customers.write_bytes(CUSTOMERS)
    done = run("import", "customers", str(customers), db=db)
    assert done.returncode == 0, done.stderr
    assert "imported 4 customers" in done.stdout
    payments = tmp_path / "zahlungen.csv"
    payments.write_bytes(b"date;customer_code;amount\n2026-01-05;A100;1.234\n")
    dry = run("import", "payments", str(payments), "--dry-run", "--decimal", ",", db=db)
    assert dry.returncode == 0 and "would import 1 payments" in dry.stdout
    bad = run("import", "payments", str(payments), "--decimal", "x", db=db)
    assert bad.returncode == 2 and "--decimal" in bad.stderr
    wrong = tmp_path / "falsch.csv"
    wrong.write_bytes(b"date;customer_code;amount\n2026-01-05;A100;12.50\n")
    refused = run("import", "payments", str(wrong), "--decimal", ",", db=db)
    assert refused.returncode == 1
    assert "line 2, amount: “12.50” is not a number (write it like 1234,50)." in refused.stderr
    ok = run("import", "payments", str(payments), "--decimal", ",", db=db)
    assert ok.returncode == 0 and "imported 1 payments" in ok.stdout
    listed = run("export", "payments", "-", db=db)
    assert "2026-01-05,A100,1234.00,other" in listed.stdout  # 1234, not 1.234


def test_the_same_amount_is_checked_for_each_payers_currency(ctx: AppContext) -> None:
    """An amount is checked once per text, mark and currency (the import remembers the
    answers): the same text is fine in euros and too precise in yen, and each bad row says
    so on its own line, however often the text repeats."""
    customers = "code,name,currency\nE1,Euro Shop,EUR\nY1,Yen Shop,JPY\n"
    assert import_customers(ctx, customers.encode()).ok
    data = (
        "date,customer_code,amount\n"
        "2026-11-02,E1,12.50\n"
        "2026-11-02,Y1,12.50\n"  # yen have no decimals
        "2026-11-02,E1,12.50\n"
        "2026-11-02,Y1,12.50\n"
        "2026-11-02,Y1,0\n"
        "2026-11-02,NOBODY,-3\n"  # no customer: the number alone is checked, and is one
        "2026-11-02,NOBODY,abc\n"
    )
    report = import_payments(ctx, data.encode(), dry_run=True)
    assert [str(p) for p in report.problems] == [
        "line 3, amount: More than 0 decimals.",
        "line 5, amount: More than 0 decimals.",
        "line 6, amount: A payment is more than zero.",
        "line 7, customer_code: There is no customer with code NOBODY.",
        "line 8, customer_code: There is no customer with code NOBODY.",
        "line 8, amount: “abc” is not a number (write it like 1234.50).",
    ]
    assert report.rows == 7
