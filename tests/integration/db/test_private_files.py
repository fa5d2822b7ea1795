# SPDX-License-Identifier: MIT
"""The books, their backups and the log are the owner's alone (issue 13, item 20): under the usual
umask 022 arapp still makes its folders 0700 and its files 0600, since the machine may have
other accounts. On Windows the user's profile protects them and POSIX modes mean little."""

from __future__ import annotations

import logging
import logging.handlers
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.cli import run

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


@pytest.fixture
def umask_022() -> Iterator[None]:
    before = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(before)


@pytest.fixture
def fresh_log() -> Iterator[None]:
    """The CLI runs in this process and sets its log up once per process: an earlier test's
    log file would be the one written to. Start without it, and put it back afterwards."""
    arapp = logging.getLogger("arapp")
    before = [h for h in arapp.handlers if isinstance(h, logging.handlers.RotatingFileHandler)]
    for handler in before:
        arapp.removeHandler(handler)
    try:
        yield
    finally:
        for handler in list(arapp.handlers):
            if isinstance(handler, logging.handlers.RotatingFileHandler):
                arapp.removeHandler(handler)
                handler.close()
        for handler in before:
            arapp.addHandler(handler)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_books_backups_and_log_are_private(
    umask_022: None, fresh_log: None, private_home: Path
) -> None:
    assert run("init", "--name", "Corner Shop").returncode == 0
    assert run("customer", "add", "--code", "ACME", "--name", "Acme").returncode == 0
    assert run("db", "backup").returncode == 0
    data, backups, logs = (private_home / name for name in ("data", "backups", "logs"))
    for folder in (data, backups, logs):
        assert _mode(folder) == 0o700, folder
    files = [*data.iterdir(), *backups.iterdir(), *logs.iterdir()]
    assert {p.name for p in files} >= {"arapp.sqlite3", "arapp.log"}
    assert any(p.parent == backups for p in files)
    for path in files:
        assert _mode(path) == 0o600, path


def test_a_folder_made_open_by_an_older_arapp_is_closed(
    umask_022: None, private_home: Path
) -> None:
    (private_home / "data").mkdir(parents=True, mode=0o755)
    assert run("init", "--name", "Corner Shop").returncode == 0
    assert _mode(private_home / "data") == 0o700
    assert _mode(private_home / "data" / "arapp.sqlite3") == 0o600


def test_a_backup_file_is_private_under_any_folder(umask_022: None, tmp_path: Path) -> None:
    db = tmp_path / "shop.sqlite3"
    assert run("init", "--name", "Corner Shop", db=db).returncode == 0
    assert _mode(db) == 0o600
    # An upgrade's backup goes through the same copy as ``db backup``.
    assert run("db", "backup", db=db).returncode == 0
    (copy,) = (tmp_path / "home" / "backups").iterdir()
    assert _mode(copy) == 0o600
