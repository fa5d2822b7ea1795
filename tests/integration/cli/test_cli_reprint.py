# SPDX-License-Identifier: MIT
"""The issue's reproduction, as a real process: after ``customer edit`` and a change of the fee
settings, ``invoice pdf`` of an older invoice prints what it printed when it was issued."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from tests.helpers.cli import run


def _pdf_text(db: Path, out: Path) -> str:
    result = run("invoice", "pdf", "INV-2026-00001", "-o", str(out), db=db)
    assert result.returncode == 0, result.stderr
    return "\n".join(p.extract_text() for p in PdfReader(out).pages)


def test_customer_edit_and_fee_settings_leave_an_issued_invoice_as_it_was(tmp_path: Path) -> None:
    db = tmp_path / "shop.sqlite3"
    assert run("init", "--name", "Corner Shop", db=db).returncode == 0
    added = run("customer", "add", "--name", "Ünal Çelik", "--code", "UNAL",
                "--address", "1 Old Road", db=db)  # fmt: skip
    assert added.returncode == 0, added.stderr
    made = run("invoice", "new", "--customer", "unal", "--line", "Bolts;100;0.35",
               "--issue", "--date", "2026-11-02", db=db)  # fmt: skip
    assert made.returncode == 0, made.stderr
    first = _pdf_text(db, tmp_path / "first.pdf")
    assert "Ünal Çelik" in first and "1 Old Road" in first and "late fee" not in first

    edited = run("customer", "edit", "UNAL", "--name", "Somebody Else",
                 "--address", "9 New Road", db=db)  # fmt: skip
    assert edited.returncode == 0, edited.stderr
    fee = run("config", "set", "fees.late_fee_flat", "12", db=db)
    assert fee.returncode == 0, fee.stderr

    assert _pdf_text(db, tmp_path / "again.pdf") == first
