# SPDX-License-Identifier: MIT
"""The files of exported books (``arapp export all``), and what their import says about bad rows."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from arapp.db.models import Customer, Invoice, Payment
from arapp.services.context import AppContext
from arapp.services.credit import refund_credit
from arapp.services.customers import CustomerInput, create_customer
from arapp.services.fees import charge_late_fees, pending_fees
from arapp.services.invoices import InvoiceDraft, LineDraft
from arapp.services.lifecycle import credit_invoice, issue_new_invoice, void_invoice
from arapp.services.payments import PaymentInput, record_payment
from arapp.services.reversals import reverse_payment
from arapp.services.settings import set_setting
from arapp.services.transfer.books import BOOK_FILES, export_books
from arapp.services.transfer.books_import import import_books
from arapp.services.transfer.columns import guess_mapping, read_header
from arapp.services.transfer.exports import export_invoices, export_payments
from arapp.services.transfer.files import check_import
from arapp.services.transfer.formats import BOOK_COLUMNS, COLUMNS
from arapp.services.transfer.imports import import_invoices, import_payments
from arapp.services.write_offs import write_off
from tests.helpers.books import TODAY, copy_books, on_day
from tests.helpers.cli import run


def small_books(ctx: AppContext) -> None:
    """One customer with an invoice paid in part, one credited, one voided, one written off,
    a payment reversed and credit refunded."""
    who = create_customer(ctx, CustomerInput(name="Ann", code="ANN", terms="net 30")).id
    day = date(2026, 11, 2)
    now = on_day(ctx, day)

    def invoice(amount: str, text: str = "Goods") -> int:
        draft = InvoiceDraft(who, day, (LineDraft(text, "1", amount),))
        return issue_new_invoice(now, draft).id

    first, second, third, fourth = (
        invoice("100", "=SUM(A1)"),
        invoice("50"),
        invoice("20"),
        invoice("5"),
    )
    record_payment(now, PaymentInput(who, day, "130", "card", "POS 7"))  # 100 + 30 of 50
    credit_invoice(now, second, "damaged", [LineDraft("Back", "1", "10")])
    void_invoice(now, fourth, "-typed twice")  # a spreadsheet would read it as a formula
    write_off(now, third, "bad_debt", "gone bust")
    bounced = record_payment(now, PaymentInput(who, day, "25", "cheque", "CHQ 1")).id
    reverse_payment(now, bounced, "bounced")
    record_payment(now, PaymentInput(who, day, "15", "cash"))  # 10 pays off the second
    refund_credit(now, who, "5", day, "bank_transfer", "back")
    assert first


def rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_the_books_files_keep_every_document_and_movement(ctx: AppContext) -> None:
    small_books(ctx)
    files = export_books(ctx)
    assert list(files) == list(BOOK_FILES)
    invoices = rows(files["invoices.csv"])
    # The per-kind columns first, as they always were: a contract.
    head = files["invoices.csv"].split(b"\r\n")[0].decode()
    assert head.split(",")[: len(COLUMNS["invoices"])] == list(COLUMNS["invoices"])
    assert head.split(",") == list(BOOK_COLUMNS["book_invoices"])
    assert invoices[0]["description"] == "'=SUM(A1)"  # a formula is text in a spreadsheet
    note = next(r for r in invoices if r["kind"] == "credit_note")
    assert (note["credits"], note["applied"]) == ("INV-2026-00002", "10.00")
    void = next(r for r in invoices if r["void_reason"])
    assert (void["number"], void["voided_on"], void["void_reason"]) == (
        "INV-2026-00004",
        "2026-11-02",
        "'-typed twice",
    )
    payments = rows(files["payments.csv"])
    bounced = [r for r in payments if r["reversed_on"]]
    # 25 paid the 10 open on the second invoice, 15 was credit: both undone on the same day
    assert [(r["amount"], r["reversal_reason"], r["invoice_number"]) for r in bounced] == [
        ("10.00", "bounced", "INV-2026-00002"),
        ("15.00", "bounced", ""),
    ]
    first = [r for r in payments if r["payment"] == "1"]
    assert [(r["invoice_number"], r["amount"]) for r in first] == [
        ("INV-2026-00001", "100.00"),
        ("INV-2026-00002", "30.00"),
    ]
    last = [r for r in payments if r["payment"] == "3"]
    # 15 paid: 10 to the second invoice, 5 left as credit (refunded: its own file, not netted)
    assert [(r["invoice_number"], r["amount"]) for r in last] == [
        ("INV-2026-00002", "10.00"),
        ("", "5.00"),
    ]
    assert rows(files["adjustments.csv"]) == [
        {
            "date": "2026-11-02",
            "invoice_number": "INV-2026-00003",
            "kind": "bad_debt",
            "amount": "20.00",
            "reason": "gone bust",
            "payment": "",
            "reversed_on": "",
        }
    ]
    assert rows(files["refunds.csv"]) == [
        {
            "date": "2026-11-02",
            "customer_code": "ANN",
            "amount": "5.00",
            "method": "bank_transfer",
            "reference": "back",
        }
    ]


def write(folder: Path, files: dict[str, bytes]) -> Path:
    folder.mkdir(exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def count(ctx: AppContext, model: type) -> int:
    with ctx.db.read() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def new_books(tmp_path: Path, template: Path, name: str = "new") -> AppContext:
    from arapp.services.company import CompanyProfile, save_company

    books = AppContext(copy_books(template, tmp_path / f"{name}.sqlite3"), today=lambda: TODAY)
    save_company(books, CompanyProfile(name="Shop", currency="EUR"))
    return books


def test_a_bad_row_names_its_file_line_and_column_and_nothing_is_imported(
    ctx: AppContext, tmp_path: Path, migrated_books: Path
) -> None:
    small_books(ctx)
    files = export_books(ctx)
    files["invoices.csv"] = files["invoices.csv"].replace(
        b"2026-11-02,2026-12-02", b"2.11.2026,2026-12-02", 1
    )
    files["payments.csv"] = files["payments.csv"].replace(b",bounced", b",")
    files["adjustments.csv"] = files["adjustments.csv"].replace(b"bad_debt", b"bad_luck")
    files["refunds.csv"] += b"2026-11-02,ANN,500.00,cash,\r\n"
    new = new_books(tmp_path, migrated_books)
    report = import_books(new, write(tmp_path / "books", files))
    messages = [str(p) for p in report.problems]
    assert (
        "invoices.csv: line 2, issue_date: “2.11.2026” is not a date (write it as YYYY-MM-DD)."
        in messages
    )
    assert "payments.csv: line 4, reversal_reason: Say why the payment was reversed." in messages
    assert any(
        m.startswith("adjustments.csv: line 2, kind: “bad_luck” is not one of") for m in messages
    )
    assert any(m.startswith("refunds.csv: line 3, amount: ANN has less credit") for m in messages)
    assert [count(new, m) for m in (Customer, Invoice, Payment)] == [0, 0, 0]  # all or nothing


def test_books_import_twice_refuses_the_numbers_and_a_dry_run_writes_nothing(
    ctx: AppContext, tmp_path: Path, migrated_books: Path
) -> None:
    small_books(ctx)
    folder = write(tmp_path / "books", export_books(ctx))
    new = new_books(tmp_path, migrated_books)
    dry = import_books(new, folder, dry_run=True)
    assert dry.ok and dry.dry_run and dry.created["invoices.csv"] == 5
    assert count(new, Invoice) == 0
    assert import_books(new, folder).ok
    with new.db.read() as session:
        reasons = session.scalars(select(Invoice.void_reason).where(Invoice.void_reason != ""))
        assert list(reasons) == ["-typed twice"]
    again = import_books(new, folder)
    messages = [str(p) for p in again.problems]
    assert messages[0] == "customers.csv: line 2, code: Code ANN is already used."
    assert "invoices.csv: line 2, number: INV-2026-00001 is already in the books." in messages
    assert count(new, Invoice) == 5


def test_a_documents_lines_agree_and_paid_on_must_be_true(
    ctx: AppContext, tmp_path: Path, migrated_books: Path
) -> None:
    small_books(ctx)
    files = export_books(ctx)
    text = files["invoices.csv"].decode()
    lines = text.split("\r\n")
    second_line = (
        lines[1]
        .replace("Goods", "More")
        .replace("INV-2026-00001,ANN,2026-11-02", "INV-2026-00001,ANN,2026-11-01")
    )
    lines.insert(2, second_line)
    files["invoices.csv"] = "\r\n".join(lines).encode()
    # without its write-off, the third invoice is not paid off on the day the file says
    files["adjustments.csv"] = b"date,invoice_number,kind,amount,reason,payment,reversed_on\r\n"
    new = new_books(tmp_path, migrated_books)
    report = import_books(new, write(tmp_path / "books", files))
    messages = [str(p) for p in report.problems]
    assert (
        "invoices.csv: line 3, number: INV-2026-00001 has other document details on line 2."
        in messages
    )
    assert (
        "invoices.csv: line 5, paid_on: INV-2026-00003 is not paid off: leave paid_on empty."
        in messages
    )


def test_a_per_kind_import_refuses_a_file_of_books(ctx: AppContext) -> None:
    small_books(ctx)
    files = export_books(ctx)
    for kind, importer, name in (
        ("invoices", import_invoices, "invoices.csv"),
        ("payments", import_payments, "payments.csv"),
    ):
        report = importer(ctx, files[name], dry_run=True)
        assert [str(p) for p in report.problems] == [
            f"line 1, {'void_reason' if kind == 'invoices' else 'reversal_reason'}: This file is "
            "part of exported books (credit notes, voids, reversals): import its folder with "
            "arapp import all FOLDER."
        ]
    # the per-kind exports are as they were: issued invoices, and payments netted of refunds
    assert export_invoices(ctx).split(b"\r\n")[0].decode().split(",") == list(COLUMNS["invoices"])
    assert export_payments(ctx).split(b"\r\n")[0].decode().split(",") == list(COLUMNS["payments"])


def test_export_all_and_import_all_from_the_command_line(
    ctx: AppContext, db_url: str, tmp_path: Path, migrated_books: Path
) -> None:
    small_books(ctx)
    db = Path(db_url.removeprefix("sqlite:///"))
    folder = tmp_path / "books"
    done = run("export", "all", str(folder), db=db)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in folder.iterdir()) == sorted(BOOK_FILES)
    new = new_books(tmp_path, migrated_books, "cli")
    target = tmp_path / "cli.sqlite3"
    imported = run("import", "all", str(folder), db=target)
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.splitlines()[:3] == [
        "customers.csv: 1 row(s) checked: imported 1 customer(s).",
        "invoices.csv: 5 row(s) checked: imported 5 invoice(s) and credit note(s).",
        "payments.csv: 6 row(s) checked: imported 3 payment(s).",
    ]
    assert count(new, Invoice) == 5
    (folder / "refunds.csv").write_text("date,customer_code,amount\n2026-11-02,NOBODY,1\n")
    refused = run("import", "all", str(folder), "--dry-run", db=target)
    assert refused.returncode == 1
    assert (
        f"{folder / 'refunds.csv'}: line 2, customer_code: There is no customer with code NOBODY."
        in refused.stderr
    )
    assert run("export", "all", "-", db=db).returncode == 1
    assert run("import", "all", str(folder), "--decimal", ",", db=target).returncode == 1
    # the per-kind exports say what they leave out
    invoices = run("export", "invoices", str(tmp_path / "invoices.csv"), db=db)
    assert invoices.returncode == 0
    assert invoices.stderr == (
        "arapp: Not in this file: 1 credit note, 1 voided invoice, 1 write-off. To move the "
        "whole books, use arapp export all FOLDER.\n"
    )
    payments = run("export", "payments", "-", db=db)
    assert payments.stdout.startswith("date,customer_code,amount")
    assert "Not in this file: 1 reversed payment, 1 refund." in payments.stderr
    assert run("export", "customers", "-", db=db).stderr == ""


def test_late_fees_charged_stay_charged_in_the_new_books(
    ctx: AppContext, tmp_path: Path, migrated_books: Path
) -> None:
    for books in (ctx, new := new_books(tmp_path, migrated_books)):
        set_setting(books, "fees.late_fee_flat", "5")
        set_setting(books, "fees.interest_percent_per_month", "1")
    who = create_customer(ctx, CustomerInput(name="Late", code="LATE", terms="net 30")).id
    old = date(2026, 8, 1)
    issue_new_invoice(on_day(ctx, old), InvoiceDraft(who, old, (LineDraft("Goods", "1", "500"),)))
    charged = charge_late_fees(ctx)
    assert charged and pending_fees(ctx) == []
    files = export_books(ctx)
    fees = rows(files["late_fees.csv"])
    assert [(r["invoice_number"], r["period"], r["fee_number"]) for r in fees] == [
        ("INV-2026-00001", str(period), c.fee_number) for c in charged for period in c.periods
    ]
    assert len(fees) > 1  # August to November: several periods
    assert import_books(new, write(tmp_path / "books", files)).ok
    assert pending_fees(new) == []  # no period charged twice, no fee on the fee document
    assert charge_late_fees(new) == []


def test_the_import_wizard_says_a_books_file_goes_in_with_its_folder(ctx: AppContext) -> None:
    small_books(ctx)
    data = export_books(ctx)["payments.csv"]
    chosen = guess_mapping("payments", read_header(data))
    assert set(chosen) == set(COLUMNS["payments"])  # the per-kind columns are all there
    check = check_import(ctx, "payments", data, chosen)
    assert [p.message for p in check.report.problems] == [
        "This file is part of exported books (credit notes, voids, reversals): import its "
        "folder with arapp import all FOLDER."
    ]


def test_a_negative_invoice_is_refused_with_its_line(
    ctx: AppContext, tmp_path: Path, migrated_books: Path
) -> None:
    create_customer(ctx, CustomerInput(name="Ann", code="ANN"))
    files = export_books(ctx)
    head = ",".join(BOOK_COLUMNS["book_invoices"])
    cells = ["INV-9", "ANN", "2026-11-02", "", "", "Refund?", "-1", "5.00"]
    files["invoices.csv"] = f"{head}\r\n{','.join(cells)}{',' * 15}\r\n".encode()
    new = new_books(tmp_path, migrated_books)
    report = import_books(new, write(tmp_path / "books", files))
    assert [str(p) for p in report.problems] == [
        "invoices.csv: line 2, number: INV-9 comes to -5.00: an invoice cannot be negative "
        "(a credit note takes amounts off)."
    ]
