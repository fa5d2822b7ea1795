# SPDX-License-Identifier: MIT
"""Books as files (issue 13, item 14): new books are all or nothing and never written over
anything, a file that is not arapp books (or is newer) is refused before it is touched, the demo
carries its mark, and the books opened last are remembered."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from arapp import paths
from arapp.app import BooksGone, open_books
from arapp.db import migrate
from arapp.db.engine import Database, DatabaseError
from arapp.services.books import (
    books_file_for,
    check_books_file,
    create_books,
    is_demo_books,
    open_books_file,
)
from arapp.services.company import CompanyProfile, get_company
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors, ServiceError
from arapp.services.settings import INVOICE_NUMBER_PATTERN, get_setting
from tests.helpers.book_files import fingerprint, newer_books, other_database, small_demo

SHOP = CompanyProfile(
    name="Corner Shop",
    address="1 Quay Street\nCork\nIreland",
    tax_id="IE 1234567W",
    currency="gbp",
    locale="en_GB",
    bank_name="Harbour Bank",
    iban="DE89 3704 0044 0532 0130 00",
    bic="cobadeffxxx",
)


def test_new_books_hold_the_company_and_the_number_pattern(tmp_path: Path) -> None:
    path = create_books(tmp_path / "corner-shop.sqlite3", SHOP, "CS-{year}-{seq:04}")
    db = Database(paths.sqlite_url(path))
    ctx = AppContext(db)
    company = get_company(ctx)
    assert company is not None
    assert (company.name, company.currency, company.locale) == ("Corner Shop", "GBP", "en_GB")
    assert company.iban == "DE89370400440532013000" and company.bic == "COBADEFFXXX"
    assert get_setting(ctx, INVOICE_NUMBER_PATTERN) == "CS-{year}-{seq:04}"
    assert migrate.current_revision(db) == migrate.head_revision()
    assert not is_demo_books(ctx)
    db.dispose()
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_new_books_with_wrong_fields_make_no_file(tmp_path: Path) -> None:
    target = tmp_path / "shop.sqlite3"
    wrong = CompanyProfile(name=" ", currency="XX", iban="IE00 1234")
    with pytest.raises(InputErrors) as caught:
        create_books(target, wrong, "INV-{year}")
    assert {e.field for e in caught.value.errors} == {"name", "currency", "iban", "number_pattern"}
    assert not target.exists()


def test_new_books_never_go_over_a_file(tmp_path: Path, migrated_books: Path) -> None:
    taken = small_demo(migrated_books, tmp_path / "taken.sqlite3")
    before = fingerprint(taken)
    with pytest.raises(InputErrors) as caught:
        create_books(taken, SHOP)
    assert caught.value.for_field("file") == (
        "There is already a file called taken.sqlite3 there; books are never written over it."
    )
    assert fingerprint(taken) == before


def test_the_file_name_comes_from_the_company_and_is_new(tmp_path: Path) -> None:
    assert books_file_for("Corner Shop & Café", tmp_path).name == "corner-shop-café.sqlite3"
    (tmp_path / "corner-shop.sqlite3").write_bytes(b"")
    assert books_file_for("Corner Shop", tmp_path).name == "corner-shop-2.sqlite3"
    assert books_file_for("***", tmp_path).name == "books.sqlite3"


def test_files_that_are_not_books_are_refused_untouched(tmp_path: Path, migrated_books) -> None:
    notes = tmp_path / "notes.sqlite3"
    notes.write_text("shopping list", encoding="utf-8")
    recipes = other_database(tmp_path / "recipes.sqlite3")
    newer = newer_books(migrated_books, tmp_path / "newer.sqlite3")
    cases = {
        notes: "notes.sqlite3 is not arapp books: it is not an SQLite database file.",
        recipes: "recipes.sqlite3 is an SQLite database, but not arapp books (it has no arapp "
        "schema).",
        newer: "newer.sqlite3 was saved by a newer version of arapp (schema 9999; this version "
        f"knows up to {migrate.head_revision()}). Update arapp to open these books; nothing was "
        "changed.",
        tmp_path / "gone.sqlite3": f"{tmp_path / 'gone.sqlite3'} is not there any more (moved "
        "or deleted?).",
    }
    for path, message in cases.items():
        before = fingerprint(path) if path.exists() else None
        with pytest.raises(ServiceError) as caught:
            open_books_file(path, tmp_path / "backups")
        assert str(caught.value) == message
        assert (fingerprint(path) if path.exists() else None) == before
    assert paths.recent_books() == []
    assert not (tmp_path / "backups").exists()


def test_newer_books_named_with_db_are_refused_before_a_backup(tmp_path, migrated_books) -> None:
    """``--db newer.sqlite3`` used to take a backup, then fail in Alembic's words."""
    newer = newer_books(migrated_books, tmp_path / "newer.sqlite3")
    with pytest.raises(DatabaseError, match="saved by a newer version of arapp"):
        open_books(str(newer))
    assert list(paths.app_paths().backup_dir.iterdir()) == []


def test_older_books_pass_the_check(tmp_path: Path) -> None:
    old = Database(paths.sqlite_url(tmp_path / "old.sqlite3"))
    migrate.upgrade(old, None, revision="0021")
    old.dispose()
    check_books_file(tmp_path / "old.sqlite3")  # opening upgrades them after a backup
    opened = open_books_file(tmp_path / "old.sqlite3", tmp_path / "backups")
    assert opened.backup is not None and opened.backup.exists()
    assert migrate.current_revision(opened.ctx.db) == migrate.head_revision()
    opened.ctx.db.dispose()


def test_the_demo_carries_its_mark(tmp_path: Path, migrated_books: Path) -> None:
    demo = Database(paths.sqlite_url(small_demo(migrated_books, tmp_path / "demo.sqlite3")))
    assert is_demo_books(AppContext(demo))
    demo.dispose()


def test_the_books_opened_last_open_next_time(tmp_path: Path) -> None:
    first = create_books(tmp_path / "first.sqlite3", SHOP)
    second = create_books(tmp_path / "second.sqlite3", CompanyProfile(name="Second Shop"))
    for path in (first, second, first):
        open_books_file(path, tmp_path / "backups").ctx.db.dispose()
    assert paths.recent_books() == [first.resolve(), second.resolve()]
    books = open_books()  # neither --db nor ARAPP_DB: the books opened last
    assert books.ctx.db.sqlite_path == str(first.resolve())
    books.ctx.db.dispose()
    recent = paths.app_paths().config_dir / paths.RECENT_FILE_NAME
    if os.name == "posix":
        assert stat.S_IMODE(recent.stat().st_mode) == 0o600


def test_books_opened_last_that_have_gone_are_not_made_again(tmp_path: Path) -> None:
    gone = create_books(tmp_path / "gone.sqlite3", SHOP)
    paths.remember_books(gone)
    gone.unlink()
    with pytest.raises(BooksGone, match=r"gone\.sqlite3, are not there any more"):
        open_books()
    assert not gone.exists()


def test_the_recent_list_keeps_five_and_survives_a_broken_file(tmp_path: Path) -> None:
    for n in range(7):
        paths.remember_books(tmp_path / f"{n}.sqlite3")
    assert [p.name for p in paths.recent_books()] == [f"{n}.sqlite3" for n in (6, 5, 4, 3, 2)]
    (paths.app_paths().config_dir / paths.RECENT_FILE_NAME).write_text("{oops", encoding="utf-8")
    assert paths.recent_books() == []
