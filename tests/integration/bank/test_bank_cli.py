# SPDX-License-Identifier: MIT
"""``arapp bank`` as a real process: mapping, import, list, match, confirm."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

from arapp.db.engine import Database
from arapp.services import customers as cust
from arapp.services.company import CompanyProfile, save_company
from arapp.services.context import AppContext
from arapp.services.invoices import InvoiceDraft, LineDraft, save_draft
from arapp.services.lifecycle import issue_invoice
from tests.helpers.cli import run


def test_a_bank_statement_from_file_to_payment(db: Database, tmp_path: Path) -> None:
    # the books are made in-process (quick); the payments must not be in the real future
    today = datetime.now(UTC).date()
    ctx = AppContext(db, today=lambda: today, actor="tester")
    save_company(ctx, CompanyProfile(name="Corner Shop", currency="EUR"))
    for name, amount in (("Zoë Dupont", "119"), ("Müller GmbH", "1500")):
        customer = cust.create_customer(ctx, cust.CustomerInput(name=name, terms="net 30")).id
        draft = save_draft(ctx, InvoiceDraft(customer, today, (LineDraft("Goods", "1", amount),)))
        issue_invoice(ctx, draft.id)
    db.dispose()
    day = (today - timedelta(days=2)).strftime("%d.%m.%Y")
    number = f"INV-{today.year}-0000"
    statement = tmp_path / "umsaetze.csv"
    statement.write_bytes(
        (
            f'"Kontonummer:";"DE89 3704 0044 0532 0130 00"\r\n\r\n'
            f'"Buchungstag";"Auftraggeber/Empfänger";"Verwendungszweck";"Betrag"\r\n'
            f'"{day}";"Zoë Dupont";"{number}1";"119,00"\r\n'
            f'"{day}";"MUELLER GMBH";"Rechnung {number}2 Teil 1";"1.200,00"\r\n'
            f'"{day}";"Stadtwerke";"Strom";"-45,90"\r\n'
        ).encode("cp1252")
    )
    books = Path(db.sqlite_path or "")

    saved = run(
        "bank", "mapping", "save", "Sparkasse", "--date", "Buchungstag", "--amount", "Betrag",
        "--counterparty", "Auftraggeber/Empfänger", "--reference", "Verwendungszweck",
        "--decimal", ",", "--date-format", "%d.%m.%Y", "--encoding", "cp1252",
        "--account", "DE89 3704 0044 0532 0130 00", db=books,
    )  # fmt: skip
    assert saved.returncode == 0, saved.stderr
    wrong = run("bank", "mapping", "save", "Bad", "--amount", "x", db=books)
    assert wrong.returncode == 1 and "date: Say which column" in wrong.stderr

    load = ("bank", "import", str(statement), "--mapping", "Sparkasse")
    dry = run(*load, "--dry-run", db=books)
    assert "3 line(s) read (csv, account DE89370400440532013000): would add 3" in dry.stdout
    assert "added 3, 0 already imported" in run(*load, db=books).stdout
    assert "added 0, 3 already imported" in run(*load, db=books).stdout

    listing = run("bank", "list", "--format", "csv", db=books)
    rows = {r["Payer"]: r for r in csv.DictReader(io.StringIO(listing.stdout))}
    assert {p: (r["Amount"], r["Status"]) for p, r in rows.items()} == {
        "Zoë Dupont": ("119.00", "new"),
        "MUELLER GMBH": ("1200.00", "new"),
        "Stadtwerke": ("-45.90", "ignored"),
    }

    auto = run("bank", "match", "--auto", "95", db=books)
    assert auto.returncode == 0, auto.stderr
    assert "1 line(s) recorded as payments; 1 new line(s) left to match." in auto.stdout
    left = run("bank", "match", db=books).stdout
    assert f"{number}2 1200.00" in left and "MULLERGMBH" in left

    line = rows["MUELLER GMBH"]["Line"]
    confirmed = run("bank", "confirm", line, "MULLERGMBH", db=books)
    assert confirmed.returncode == 0, confirmed.stderr
    assert f"{number}2: 1200.00" in confirmed.stdout
    again = run("bank", "confirm", line, "MULLERGMBH", db=books)
    assert again.returncode == 1 and "already matched" in again.stderr

    # a later export from that day on, holding a payment equal to one already imported: it
    # may be a second payment, so it is added and the person is told
    later = tmp_path / "later.csv"
    next_day = (today - timedelta(days=1)).strftime("%d.%m.%Y")
    later.write_bytes(
        (
            f'"Buchungstag";"Auftraggeber/Empfänger";"Verwendungszweck";"Betrag"\r\n'
            f'"{day}";"Zoë Dupont";"{number}1";"119,00"\r\n'
            f'"{next_day}";"Stadtwerke";"Wasser";"-12,00"\r\n'
        ).encode("cp1252")
    )
    twin = run("bank", "import", str(later), "--mapping", "Sparkasse", db=books)
    assert twin.returncode == 0, twin.stderr
    assert "added 2, 0 already imported" in twin.stdout
    assert "1 of the new line(s) may be the same money as a line imported before" in twin.stdout

    bad = tmp_path / "bad.csv"
    bad.write_text("date,amount\n2026-11-01,12\n2026-11-02,twelve\n", encoding="utf-8")
    refused = run("bank", "import", str(bad), db=books)
    assert refused.returncode == 1
    assert "bad.csv: line 3, amount:" in refused.stderr
    assert "nothing was imported" in refused.stderr
