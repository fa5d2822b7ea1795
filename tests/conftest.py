# SPDX-License-Identifier: MIT
"""Fixtures every test gets: a private home folder, strict decimals, real SQLite books."""

from __future__ import annotations

import decimal
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LANG", "C.UTF-8")

from arapp import paths
from arapp.db import migrate
from arapp.db.engine import Database
from arapp.services.company import CompanyProfile, save_company
from arapp.services.context import AppContext

TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every user folder below the test's own temporary folder; never the real home."""
    home = tmp_path / "home"
    monkeypatch.delenv(paths.ENV_DB, raising=False)
    monkeypatch.setenv(paths.ENV_HOME, str(home))
    paths.use_home(home)
    yield home
    paths.use_home(None)


@pytest.fixture(autouse=True)
def strict_decimals() -> Iterator[None]:
    """Mixing float into Decimal arithmetic raises in every test."""
    with decimal.localcontext() as context:
        context.traps[decimal.FloatOperation] = True
        yield


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{(tmp_path / 'books.sqlite3').as_posix()}"


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = Database(db_url)
    migrate.upgrade(database, None)
    yield database
    database.dispose()


@pytest.fixture
def ctx(db: Database) -> AppContext:
    """Empty books of a test shop (EUR), where today is 2026-11-23."""
    context = AppContext(db, today=lambda: TODAY, actor="tester")
    save_company(context, CompanyProfile(name="Test Shop", currency="EUR"))
    return context
