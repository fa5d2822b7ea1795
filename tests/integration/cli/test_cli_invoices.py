# SPDX-License-Identifier: MIT
"""Invoices from the command line, as a real process."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from pypdf import PdfReader

from tests.helpers.cli import run


def test_invoice_commands(tmp_path: Path) -> None:
    db = tmp_path / "shop.sqlite3"
    assert run("init", "--name", "Corner Shop", db=db).returncode == 0
    run("customer", "add", "--name", "Ünal Çelik", "--code", "UNAL", db=db)
    assert run("tax", "add", "VAT 20%", "20", db=db).returncode == 0
    assert "VAT 20%" in run("tax", "list", db=db).stdout
    assert (
        run("product", "add", "Bolt", "0.35", "--unit", "pcs", "--tax", "vat 20%", db=db).returncode
        == 0
    )

    made = run(
        "invoice",
        "new",
        "--customer",
        "unal",
        "--line",
        "Bolts M8;100;0.35;VAT 20%",
        "--line",
        "Advice <b>&\"';1;50",
        "--issue",
        "--date",
        "2026-11-02",
        db=db,
    )
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip() == "Issued INV-2026-00001 to Ünal Çelik: 92.00 EUR"

    listing = run("invoice", "list", "--format", "csv", "--status", "open", db=db).stdout
    [row] = list(csv.DictReader(io.StringIO(listing)))
    assert (row["number"], row["total"], row["balance"]) == ("INV-2026-00001", "92.00", "92.00")

    pdf = tmp_path / "out.pdf"
    result = run("invoice", "pdf", "INV-2026-00001", "-o", str(pdf), db=db)
    assert result.returncode == 0, result.stderr
    text = PdfReader(pdf).pages[0].extract_text()
    assert "INV-2026-00001" in text and "Ünal Çelik" in text and "Advice <b>&\"'" in text

    credit = run(
        "invoice",
        "credit",
        "INV-2026-00001",
        "--reason",
        "wrong advice",
        "--line",
        "Advice refund;1;50",
        db=db,
    )
    assert credit.stdout.strip() == (
        "Issued CN-2026-00001 for 50.00 EUR against INV-2026-00001; 50.00 applied to its balance."
    )
    assert run("invoice", "sent", "INV-2026-00001", db=db).stdout.strip() == "Marked 1 as sent."
    refused = run("invoice", "void", "INV-2026-00001", "--reason", "x", db=db)
    assert refused.returncode == 1 and "credit note" in refused.stderr
    bad = run("invoice", "new", "--customer", "UNAL", "--line", "only two;1", db=db)
    assert bad.returncode == 1 and "description;quantity;unit price" in bad.stderr
    missing = run("invoice", "pdf", "INV-9", "-o", str(pdf), db=db)
    assert missing.returncode == 1 and "no invoice or credit note numbered INV-9" in missing.stderr


def test_import_and_export_commands(tmp_path: Path) -> None:
    db = tmp_path / "shop.sqlite3"
    run("init", "--name", "Corner Shop", db=db)
    good = tmp_path / "customers.csv"
    good.write_text(
        "code,name,email,phone,address,terms,credit_limit,currency\n"
        "A,Alpha,,,,net 30,,EUR\nB,=Beta,,,,net 14,100,EUR\n",
        encoding="utf-8",
    )
    dry = run("import", "customers", str(good), "--dry-run", db=db)
    assert dry.stdout.strip() == "2 row(s) checked: would import 2 customers."
    assert "Alpha" not in run("customer", "list", db=db).stdout
    assert run("import", "customers", str(good), db=db).returncode == 0
    again = run("import", "customers", str(good), db=db)
    assert again.returncode == 1
    assert "customers.csv: line 2, code: Code A is already used." in again.stderr
    assert "nothing was imported: 2 problem(s) in 2 row(s)" in again.stderr
    out = run("export", "customers", "-", db=db).stdout
    assert out.splitlines()[2] == "B,'=Beta,,,,net 14,100.00,EUR,,,,,US,,,,,,email-pdf,facturx,,,"


def test_recurring_commands(tmp_path: Path) -> None:
    db = tmp_path / "shop.sqlite3"
    run("init", "--name", "Corner Shop", db=db)
    run("customer", "add", "--name", "Gym", "--code", "GYM", db=db)
    added = run(
        "recurring",
        "add",
        "--customer",
        "GYM",
        "--name",
        "Towel service",
        "--every",
        "monthly",
        "--start",
        "2026-09-30",
        "--line",
        "Towels;40;1.25",
        db=db,
    )
    assert added.stdout.strip() == "Recurring invoice 1 for Gym: Towel service."
    billed = run("recurring", "run", "--as-of", "2026-11-30", db=db).stdout.split("\n")
    assert billed[:3] == ["Billed INV-2026-00001", "Billed INV-2026-00002", "Billed INV-2026-00003"]
    assert (
        run("recurring", "run", "--as-of", "2026-11-30", db=db).stdout.strip() == "Nothing is due."
    )
    listing = run("recurring", "list", db=db).stdout
    assert "Towel service" in listing and "2026-12-30" in listing
    assert "paused" in run("recurring", "pause", "1", db=db).stdout
