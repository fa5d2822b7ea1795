# SPDX-License-Identifier: MIT
"""``arapp init`` leaves the demo for one's own books and never writes over books (issue 13,
item 14); the commands open the books opened last."""

from __future__ import annotations

from pathlib import Path

from arapp import paths
from tests.helpers.book_files import fingerprint
from tests.helpers.cli import run


def default_file() -> Path:
    return paths.app_paths().default_db_file


def test_init_starts_the_default_file_when_there_is_none_yet() -> None:
    done = run("init", "--name", "Corner Shop")
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"Started the books of Corner Shop in {default_file()}\n"
    assert paths.recent_books() == [default_file().resolve()]
    before = fingerprint(default_file())
    again = run("init", "--name", "Other Shop")
    assert again.returncode == 1
    assert again.stderr == (
        f"arapp: These books already belong to Corner Shop ({default_file()}). To start books "
        'in another file: arapp --db FILE init --name "NAME"\n'
    )
    assert fingerprint(default_file()) == before


def test_init_after_the_demo_starts_books_beside_it() -> None:
    """The first start puts the demo in the default file; ``arapp init`` used to refuse it."""
    assert run("demo", "--customers", "3", "--months", "1").returncode == 0
    demo = fingerprint(default_file())
    done = run("init", "--name", "Corner Shop", "--currency", "gbp")
    assert done.returncode == 0, done.stderr
    own = default_file().with_name("corner-shop.sqlite3")
    assert done.stdout == (
        f"The demo company stays in {default_file()}.\nStarted the books of Corner Shop in {own}\n"
    )
    assert fingerprint(default_file()) == demo
    assert paths.recent_books() == [own.resolve(), default_file().resolve()]
    info = run("db", "info")  # the commands now open the new books
    assert f"database:  {own}" in info.stdout
    assert len(run("customer", "list").stdout.strip().splitlines()) == 2  # the heading only


def test_init_never_writes_over_the_demo_it_is_pointed_at(tmp_path: Path) -> None:
    books = tmp_path / "demo.sqlite3"
    assert run("demo", "--customers", "3", "--months", "1", db=books).returncode == 0
    before = fingerprint(books)
    done = run("init", "--name", "Corner Shop", db=books)
    assert done.returncode == 1
    assert "These books already belong to Harbour Lane" in done.stderr  # the demo company
    assert fingerprint(books) == before


def test_commands_refuse_when_the_books_opened_last_have_gone(tmp_path: Path) -> None:
    books = tmp_path / "shop.sqlite3"
    assert run("init", "--name", "Corner Shop", db=books).returncode == 0
    assert paths.last_books() == books.resolve()
    books.unlink()
    done = run("customer", "list")
    assert done.returncode == 1
    assert done.stderr.startswith(f"arapp: The books opened last, {books}, are not there any more")
    assert not books.exists() and not default_file().exists()
