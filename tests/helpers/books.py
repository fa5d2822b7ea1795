# SPDX-License-Identifier: MIT
"""Books for tests: the test calendar's today and new SQLite books copied from the template
that tests/conftest.py migrates once per session (fixture ``migrated_books``)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from arapp.db.engine import Database

TODAY = date(2026, 11, 23)


def copy_books(template: Path, path: Path) -> Database:
    """Empty books at the newest schema in the new file ``path``, a copy of ``template``."""
    shutil.copyfile(template, path)
    return Database(f"sqlite:///{path.as_posix()}")
