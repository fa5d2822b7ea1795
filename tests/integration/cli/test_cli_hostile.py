# SPDX-License-Identifier: MIT
"""No control character from the books reaches the terminal (issue 13, item 18).

Names, numbers and bank counterparties come from people and from outside. The fuzzing campaign
printed ESC (erase the screen), OSC 0 (retitle the terminal), OSC 8 (a hidden link), BEL,
backspace, NUL and U+202E (text read backwards) through ``customer list``, ``invoice list``,
``ledger``, ``customer show`` and ``bank list``. The door refuses them where they mean nothing,
a bank statement loses them at import, and whatever is already in the books is printed with a
visible placeholder.
"""

from __future__ import annotations

import io
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from arapp.cli.output import SafeText, print_table, printable
from arapp.db.engine import Database
from arapp.services import customers as cust
from arapp.services.company import CompanyProfile, save_company
from arapp.services.context import AppContext
from arapp.services.invoices import InvoiceDraft, LineDraft, save_draft
from arapp.services.lifecycle import issue_invoice
from tests.helpers.cli import run

HOSTILE = (
    "Evil\x1b[2J\x1b]0;pwned\x07\x1b]8;;https://x.example\x1b\\link\x1b]8;;\x1b\\"
    "\x08\x00\u202egpj.exe\x9b31m\x7f\u2066end"
)
BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _unsafe(text: str) -> list[str]:
    return [
        ch for ch in text if (ord(ch) < 0x20 and ch != "\n") or 0x7F <= ord(ch) < 0xA0 or ch in BIDI
    ]


@pytest.fixture
def books(db: Database, tmp_path: Path) -> Path:
    """Books whose customer, contact, invoice number and bank line carry ``HOSTILE``, put there
    behind the door's back (as older books or another program could have)."""
    today = datetime.now(UTC).date()
    ctx = AppContext(db, today=lambda: today, actor="tester")
    save_company(ctx, CompanyProfile(name="Corner Shop", currency="EUR"))
    customer = cust.create_customer(
        ctx, cust.CustomerInput(name="Plain", code="EVIL", terms="net 30")
    ).id
    draft = save_draft(ctx, InvoiceDraft(customer, today, (LineDraft("Goods", "1", "119"),)))
    issue_invoice(ctx, draft.id)
    cust.add_log_entry(ctx, customer, "called")
    db.dispose()
    path = Path(db.sqlite_path or "")
    statement = tmp_path / "statement.csv"
    day = (today - timedelta(days=1)).isoformat()
    statement.write_text(
        f'date,amount,counterparty,reference\n{day},119,"{HOSTILE}","{HOSTILE}"\n',
        encoding="utf-8",
    )
    imported = run("bank", "import", str(statement), db=path)
    assert imported.returncode == 0, imported.stderr
    with sqlite3.connect(path) as con:
        stored = con.execute("SELECT counterparty, reference FROM bank_transaction").fetchall()
        assert stored and not any(_unsafe(text) for row in stored for text in row), stored
        con.execute("UPDATE customer SET name = ?, contact_person = ?, tax_id = ?", (HOSTILE,) * 3)
        con.execute("UPDATE invoice SET number = ?", (f"INV{HOSTILE}",))
        con.execute("UPDATE contact_log SET summary = ?", (HOSTILE,))
        con.execute("UPDATE bank_transaction SET counterparty = ?, reference = ?", (HOSTILE,) * 2)
    con.close()
    return path


@pytest.mark.parametrize(
    "command",
    [
        ("customer", "list"),
        ("customer", "show", "EVIL"),
        ("invoice", "list"),
        ("ledger", "EVIL"),
        ("bank", "list"),
    ],
)
def test_what_is_printed_holds_no_control_character(books: Path, command: tuple[str, ...]) -> None:
    result = run(*command, db=books)
    assert result.returncode == 0, result.stderr
    assert "Evil" in result.stdout and "\ufffd" in result.stdout  # shown, with placeholders
    assert _unsafe(result.stdout) == [], result.stdout
    assert _unsafe(result.stderr) == []


def test_a_control_character_is_refused_at_the_door(tmp_path: Path) -> None:
    db = tmp_path / "shop.sqlite3"
    assert run("init", "--name", "Corner Shop", db=db).returncode == 0
    refused = run("customer", "add", "--code", "EVIL", "--name", "Evil\x1b[2JCorp", db=db)
    assert refused.returncode == 1
    assert refused.stderr.count("\n") == 1 and "arapp: name:" in refused.stderr
    assert "control character (U+001B)" in refused.stderr
    assert _unsafe(refused.stderr) == []
    for option in ("--contact", "--tax-id", "--phone"):
        value = "A\u202eB" if option == "--tax-id" else "A\x07B"
        bad = run("customer", "add", "--code", "X", "--name", "X", option, value, db=db)
        assert bad.returncode == 1 and "control character" in bad.stderr, option
    assert "EVIL" not in run("customer", "list", db=db).stdout


def test_the_placeholder_is_visible_and_newlines_stay() -> None:
    assert printable("a\rb\x1b[1mc\td\ne\u202ef") == "a\ufffdb\ufffd[1mc d\ne\ufffdf"
    latin1 = io.TextIOWrapper(io.BytesIO(), encoding="latin-1")
    safe = SafeText(latin1)  # type: ignore[arg-type]
    print("x\x1by", file=safe)  # type: ignore[arg-type]
    latin1.flush()
    assert latin1.buffer.getvalue() == b"x?y\n"  # type: ignore[attr-defined]
    out = io.StringIO()
    print_table(["name"], [[HOSTILE]], out=out)
    assert _unsafe(out.getvalue()) == []


def test_an_imported_customer_with_a_control_character_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "shop.sqlite3"
    assert run("init", "--name", "Corner Shop", db=db).returncode == 0
    file = tmp_path / "customers.csv"
    hostile = HOSTILE.replace("\x00", "")  # a NUL is refused earlier, by the CSV reader
    file.write_text(f"code,name\nA,Alpha\nB,{hostile}\n", encoding="utf-8")
    refused = run("import", "customers", str(file), db=db)
    assert refused.returncode == 1
    assert "customers.csv: line 3, name: Name contains a control character" in refused.stderr
    assert _unsafe(refused.stderr) == []
    assert "Alpha" not in run("customer", "list", db=db).stdout  # all or nothing


def test_a_windowed_build_without_streams_still_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pythonw and a windowed bundle start with no stdout or stderr: nothing is wrapped."""
    from arapp.cli import main
    from tests.helpers.cli import _engines_closed, _logging_restored

    monkeypatch.setattr("sys.stdout", None)
    monkeypatch.setattr("sys.stderr", None)
    with _engines_closed(), _logging_restored():  # as run() leaves no global state behind
        assert main(["--db", str(tmp_path / "shop.sqlite3"), "init", "--name", "Shop"]) == 0
