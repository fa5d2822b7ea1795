# SPDX-License-Identifier: MIT
"""The command line reports the database's errors as it reports the services': one line on
stderr and exit code 1, caught through ``arapp.services.errors`` (the CLI imports no
``arapp.db``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from arapp.cli import database as db_command
from arapp.cli import main
from arapp.db import engine
from arapp.db.engine import DatabaseBusy
from arapp.services import errors
from tests.helpers.cli import run_process


def test_services_name_the_database_error() -> None:
    assert errors.DatabaseError is engine.DatabaseError


def test_a_database_error_is_one_line_and_exit_code_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def busy(*_args: object) -> None:
        raise DatabaseBusy("The database is busy. Nothing was changed; try again in a moment.")

    monkeypatch.setattr(db_command, "back_up_database", busy)
    code = main(["--db", str(tmp_path / "books.sqlite3"), "db", "backup"])
    captured = capsys.readouterr()
    assert code == 1
    assert captured.err == (
        "arapp: The database is busy. Nothing was changed; try again in a moment.\n"
    )
    assert captured.out == ""


def test_backup_through_the_service(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(tmp_path / "books.sqlite3"), "db", "backup"]) == 0
    written = capsys.readouterr().out.removeprefix("Backup written to ").strip()
    assert Path(written).is_file() and Path(written).name.startswith("books-")


def test_a_file_that_is_not_a_database_is_one_line_and_exit_code_1(tmp_path: Path) -> None:
    """A real process: the point is that no traceback reaches the person."""
    not_books = tmp_path / "notes.sqlite3"
    not_books.write_text("shopping list: milk, bread\n" * 100, encoding="utf-8")
    result = run_process("db", "info", db=not_books)
    assert result.returncode == 1
    assert result.stderr == (
        f"arapp: {not_books} could not be opened as books: file is not a database\n"
    )
    assert result.stdout == ""
