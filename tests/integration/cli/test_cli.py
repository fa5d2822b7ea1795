# SPDX-License-Identifier: MIT
"""The command line on real files: in this process (tests/helpers/cli.py), and as a real
process where the process is the point (entry point, ``--version``/``--help``, exit codes)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

import arapp
from tests.helpers.cli import run, run_process


def test_version_and_help() -> None:
    assert run_process("--version").stdout.strip() == f"arapp {arapp.__version__}"
    out = run_process("--help").stdout
    for command in ("gui", "demo", "init", "db", "customer", "config"):
        assert command in out


def test_the_in_process_runner_answers_as_the_process_does(tmp_path: Path) -> None:
    """The harness's ``run`` stands in for the process: same exit code and output, for a refused
    action (1), wrong usage from argparse (2), and help."""
    db = tmp_path / "shop.sqlite3"
    assert run("init", "--name", "Corner Shop", db=db).returncode == 0
    for args in (("customer", "show", "NOBODY"), ("customer", "frobnicate"), ("db", "--help")):
        inside, real = run(*args, db=db), run_process(*args, db=db)
        assert (inside.returncode, inside.stdout, inside.stderr) == (
            real.returncode,
            real.stdout,
            real.stderr,
        )
    assert [run(*a, db=db).returncode for a in (("customer", "frobnicate"), ("--help",))] == [2, 0]


def test_customers_from_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "shop.sqlite3"
    assert run("init", "--name", "Corner Shop", "--currency", "usd", db=db).returncode == 0
    added = run(
        "customer",
        "add",
        "--name",
        "Zoë Łukasiewicz",
        "--email",
        "zoe@example.org",
        "--terms",
        "2/10 net 30",
        "--credit-limit",
        "1500",
        db=db,
    )
    assert added.returncode == 0, added.stderr
    assert "Added ZOELUKASIEWI" in added.stdout
    run("customer", "add", "--name", '=HYPERLINK("http://x","y")', "--code", "EVIL", db=db)

    listing = run("customer", "list", "--format", "csv", db=db)
    rows = list(csv.DictReader(io.StringIO(listing.stdout)))
    assert [r["name"] for r in rows] == ['\'=HYPERLINK("http://x","y")', "Zoë Łukasiewicz"]
    assert rows[1]["terms"] == "2/10 net 30" and rows[1]["currency"] == "USD"
    assert rows[1]["balance"] == "0.00"

    shown = run("customer", "show", "zoelukasiewi", db=db).stdout
    assert "credit limit: 1500.00 USD" in shown
    held = run("customer", "hold", "ZOELUKASIEWI", "--reason", "late", db=db)
    assert held.stdout.strip() == "ZOELUKASIEWI is now on credit hold."
    assert "Credit hold" in run("customer", "list", db=db).stdout
    run("customer", "archive", "EVIL", db=db)
    assert "HYPERLINK" not in run("customer", "list", db=db).stdout
    assert run("customer", "edit", "ZOELUKASIEWI", "--phone", "+48 123", db=db).returncode == 0
    assert "+48 123" in run("customer", "show", "ZOELUKASIEWI", db=db).stdout


def test_bad_input_is_one_clear_line_per_field(tmp_path: Path) -> None:
    db = tmp_path / "shop.sqlite3"
    run("init", "--name", "Corner Shop", db=db)
    result = run_process(
        "customer", "add", "--name", "X", "--email", "nope", "--credit-limit", "-1", db=db
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2 and all(line.startswith("arapp: ") for line in lines)
    assert "Traceback" not in result.stderr
    missing = run_process("customer", "show", "NOBODY", db=db)
    assert missing.returncode == 1 and "no customer with code NOBODY" in missing.stderr


def test_database_commands(tmp_path: Path, private_home: Path) -> None:
    info = run("db", "info").stdout
    assert str(private_home / "data" / "arapp.sqlite3") in info
    assert "schema:" in info
    assert "Upgraded the schema from empty to" in run("db", "upgrade").stdout
    assert "up to date" in run("db", "upgrade").stdout
    backup = run("db", "backup")
    assert backup.returncode == 0 and str(private_home / "backups") in backup.stdout


def test_settings(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite3"
    assert run("config", "set", "invoice.default_terms", "NET 14", db=db).stdout.strip() == (
        "invoice.default_terms = net 14"
    )
    assert run("config", "get", "invoice.default_terms", db=db).stdout.strip() == "net 14"
    bad = run("config", "set", "invoice.paper_size", "A3", db=db)
    assert bad.returncode == 1 and "a4, letter" in bad.stderr


@pytest.mark.slow
def test_demo_command(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite3"
    result = run("demo", "--customers", "12", "--months", "6", db=db)
    assert result.returncode == 0 and "12 customers" in result.stdout
    again = run("demo", db=db)
    assert again.returncode == 1 and "already hold" in again.stderr


def test_settings_are_checked_before_they_are_stored(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite3"
    bad = run("config", "set", "invoice.number_pattern", "INV-{year}", db=db)
    assert bad.returncode == 1 and "{seq}" in bad.stderr
    assert run("config", "get", "invoice.number_pattern", db=db).stdout.strip() == (
        "INV-{year}-{seq:05}"
    )
    assert run("config", "set", "fees.late_fee_flat", "-5", db=db).returncode == 1


def test_csv_listing_keeps_credit_balances_as_numbers(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite3"
    run("init", "--name", "Shop", db=db)
    run("customer", "add", "--name", "-Minus Co", "--code", "MINUS", db=db)
    run("import", "payments", str(_payments(tmp_path)), db=db)
    rows = list(
        csv.DictReader(io.StringIO(run("customer", "list", "--format", "csv", db=db).stdout))
    )
    assert (rows[0]["name"], rows[0]["balance"]) == ("'-Minus Co", "-15.00")


def _payments(folder: Path) -> Path:
    path = folder / "payments.csv"
    path.write_text(
        "date,customer_code,amount,method,reference,invoice_number\n"
        "2020-01-02,MINUS,15.00,cash,,\n",
        encoding="utf-8",
    )
    return path


def test_import_reads_a_file_in_the_encoding_named(tmp_path: Path) -> None:
    db = tmp_path / "books.sqlite3"
    run("init", "--name", "Shop", db=db)
    excel = tmp_path / "kunden.csv"  # what Excel on Windows saves as "CSV (semicolon)"
    excel.write_bytes("code;name\r\nMUE;Müller & Söhne GmbH\r\n".encode("cp1252"))
    refused = run("import", "customers", str(excel), db=db)
    assert refused.returncode == 1
    assert 'This is not UTF-8 text. Save the file as "CSV UTF-8"' in refused.stderr
    imported = run("import", "customers", str(excel), "--encoding", "cp1252", db=db)
    assert imported.returncode == 0, imported.stderr
    assert "imported 1 customers" in imported.stdout
    assert "Müller & Söhne GmbH" in run("customer", "show", "MUE", db=db).stdout
