# SPDX-License-Identifier: MIT
"""The books check (issue 16, item 6): each broken invariant is found in a deliberately damaged
copy of sound books, in plain words with the record, and the last sound backup is named."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from arapp.db import backups as files
from arapp.db.engine import Database
from arapp.paths import app_paths
from arapp.services.books_check import Finding, check_books, check_books_file, last_good_backup
from arapp.services.context import AppContext
from arapp.services.demo import create_demo_company
from tests.helpers.books import TODAY, copy_books
from tests.helpers.cli import run


@pytest.fixture(scope="module")
def sound_books(tmp_path_factory: pytest.TempPathFactory, migrated_books: Path) -> Path:
    """The demo company (invoices, payments, credit notes, refunds, write-offs), made once."""
    path = tmp_path_factory.mktemp("sound") / "books.sqlite3"
    database = copy_books(migrated_books, path)
    create_demo_company(AppContext(database, today=lambda: TODAY), customers=25, months=8)
    database.dispose()
    return path


@pytest.fixture
def books(sound_books: Path, tmp_path: Path) -> Path:
    path = tmp_path / "damaged.sqlite3"
    shutil.copyfile(sound_books, path)
    return path


def _damage(path: Path, *statements: str) -> None:
    with sqlite3.connect(path, isolation_level=None) as connection:
        connection.execute("PRAGMA foreign_keys = OFF")
        for statement in statements:
            connection.execute(statement)
    connection.close()


def _one(path: Path, query: str) -> tuple:
    with sqlite3.connect(path) as connection:
        row = connection.execute(query).fetchone()
    connection.close()
    assert row is not None, query
    return row


def _findings(path: Path) -> list[Finding]:
    return check_books_file(path)


def test_sound_books_have_nothing_wrong(sound_books: Path) -> None:
    assert _findings(sound_books) == []
    assert run("db", "check", db=sound_books).returncode == 0


def _paid_invoice(path: Path) -> tuple:
    return _one(path, "SELECT id, number FROM invoice WHERE status = 'paid' ORDER BY id LIMIT 1")


DAMAGES: dict[str, Callable[[Path], str]] = {}


def damage(kind: str) -> Callable[[Callable[[Path], str]], Callable[[Path], str]]:
    def register(function: Callable[[Path], str]) -> Callable[[Path], str]:
        DAMAGES[kind] = function
        return function

    return register


@damage("invoice_paid")
def _invoice_paid(path: Path) -> str:
    invoice_id, number = _paid_invoice(path)
    _damage(path, f"UPDATE invoice SET amount_paid = amount_paid + 10000 WHERE id = {invoice_id}")
    return f"Invoice {number} (record {invoice_id}) shows"


@damage("payment_unapplied")
def _payment_unapplied(path: Path) -> str:
    (payment_id,) = _one(path, "SELECT id FROM payment WHERE status = 'recorded' LIMIT 1")
    _damage(path, f"UPDATE payment SET unapplied = amount + 10000 WHERE id = {payment_id}")
    return f"Payment {payment_id} of"


@damage("customer_credit")
def _customer_credit(path: Path) -> str:
    refund_id, customer_id = _one(path, "SELECT id, customer_id FROM refund LIMIT 1")
    _damage(path, f"UPDATE refund SET amount = amount + 10000 WHERE id = {refund_id}")
    return f"Customer record {customer_id}: the payments' unapplied amounts"


@damage("numbering")
def _numbering(path: Path) -> str:
    invoice_id, number = _one(
        path, "SELECT id, number FROM invoice WHERE kind = 'invoice' AND status != 'draft' "
        "ORDER BY number DESC LIMIT 1",
    )  # fmt: skip
    head, digits = number[: -len(number.split("-")[-1])], number.split("-")[-1]
    skipped = f"{head}{int(digits) + 3:0{len(digits)}d}"
    _damage(path, f"UPDATE invoice SET number = '{skipped}' WHERE id = {invoice_id}")
    return f"{head}{int(digits):0{len(digits)}d}, {head}{int(digits) + 1:0{len(digits)}d}"


@damage("ledger")
def _ledger(path: Path) -> str:
    invoice_id, code = _one(
        path, "SELECT invoice.id, customer.code FROM invoice JOIN customer ON customer.id = "
        "invoice.customer_id WHERE invoice.status IN ('issued', 'sent') AND invoice.kind = "
        "'invoice' LIMIT 1",
    )  # fmt: skip
    _damage(path, f"UPDATE invoice SET status = 'paid' WHERE id = {invoice_id}")
    return f"Customer {code} (record"


@damage("file")
def _foreign_key(path: Path) -> str:
    (allocation_id,) = _one(path, "SELECT id FROM payment_allocation LIMIT 1")
    _damage(path, f"UPDATE payment_allocation SET payment_id = 999999 WHERE id = {allocation_id}")
    return f"payment_allocation record {allocation_id} refers to a payment record that is missing"


@pytest.mark.parametrize("kind", sorted(DAMAGES))
def test_each_broken_invariant_is_found(books: Path, kind: str) -> None:
    expected = DAMAGES[kind](books)
    found = _findings(books)
    assert [f for f in found if f.kind == kind and expected in f.text], found
    assert run("db", "check", db=books).returncode == 1


def test_a_damaged_page_is_found(books: Path) -> None:
    (page,) = _one(books, "SELECT rootpage FROM sqlite_master WHERE name = 'ix_customer_name'")
    (size,) = _one(books, "PRAGMA page_size")
    data = bytearray(books.read_bytes())
    data[(page - 1) * size + 8 : page * size] = b"\xff" * (size - 8)
    books.write_bytes(bytes(data))
    found = _findings(books)
    assert found and all(f.kind == "file" for f in found), found
    assert any("damaged" in f.text or "could not be read" in f.text for f in found)


def test_the_check_names_the_newest_sound_backup(books: Path) -> None:
    folder = app_paths().backup_dir
    good = files.write_backup(books, folder, "opening")
    DAMAGES["invoice_paid"](books)
    # A backup of the damaged books, newer. No rotation: taken a second later on the same day,
    # the daily rule would remove the sound one (the test is about the search, not the rule).
    files.write_backup(books, folder, "closing", retention=None)
    database = Database(f"sqlite:///{books.as_posix()}")
    try:
        assert last_good_backup(AppContext(database)).path == good
        assert check_books(AppContext(database))
    finally:
        database.dispose()
    checked = run("db", "check", db=books)
    assert checked.returncode == 1
    assert "shows" in checked.stdout and f"The newest sound backup is {good}" in checked.stdout
