# SPDX-License-Identifier: MIT
"""``arapp invoice new --issue`` is one transaction: refused or failing, it leaves no draft."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from arapp.services import lifecycle
from tests.helpers.cli import run


def _invoices(db: Path) -> list[tuple[str, str | None]]:
    with sqlite3.connect(db) as con:
        return list(con.execute("SELECT status, number FROM invoice ORDER BY id"))


def _book(tmp_path: Path) -> Path:
    db = tmp_path / "shop.sqlite3"
    assert run("init", "--name", "Corner Shop", db=db).returncode == 0
    assert run("customer", "add", "--name", "Zoë", "--code", "ZOE", db=db).returncode == 0
    return db


def test_a_refused_issue_leaves_no_draft(tmp_path: Path) -> None:
    db = _book(tmp_path)
    assert run("customer", "hold", "ZOE", "--reason", "Late", db=db).returncode == 0
    new = ("invoice", "new", "--customer", "ZOE", "--line", "Goods;1;100", "--issue")
    held = run(*new, db=db)
    assert held.returncode == 1
    assert "on credit hold" in held.stderr and "--yes" in held.stderr
    assert _invoices(db) == []  # before: the draft stayed behind the refusal
    issued = run(*new, "--yes", db=db)
    assert issued.returncode == 0, issued.stderr
    assert issued.stdout.startswith("Issued INV-") and issued.stdout.strip().endswith("EUR")
    assert [status for status, _ in _invoices(db)] == ["issued"]


def test_a_failure_inside_the_issue_leaves_no_draft(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _book(tmp_path)

    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("killed between the draft and its number")

    monkeypatch.setattr(lifecycle, "next_number", broken)
    with pytest.raises(RuntimeError):
        run("invoice", "new", "--customer", "ZOE", "--line", "Goods;1;100", "--issue", db=db)
    assert _invoices(db) == []
    monkeypatch.undo()
    made = run("invoice", "new", "--customer", "ZOE", "--line", "Goods;1;100", "--issue", db=db)
    assert made.returncode == 0, made.stderr
    assert [n for _, n in _invoices(db)] == [made.stdout.split()[1]]  # no number lost
