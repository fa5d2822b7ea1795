# SPDX-License-Identifier: MIT
"""Fixtures every test gets: a private home folder, strict decimals, real SQLite books.

The books are a copy of one SQLite file migrated once per session: running every Alembic
migration costs about 0.18 s of CPU a test, copying the file 0.002 s. The migrations themselves
run for real in tests/integration/db/test_migrations.py.
"""

from __future__ import annotations

import decimal
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LANG", "C.UTF-8")
# The tests read the window and the command line in English whatever the machine's language;
# tests of other languages set their own (see arapp.i18n).
os.environ["ARAPP_LANGUAGE"] = "en"

from arapp import paths
from arapp.db import migrate
from arapp.db.engine import Database
from arapp.services.company import CompanyProfile, save_company
from arapp.services.context import AppContext
from tests.helpers.books import TODAY, copy_books
from tests.helpers.postgres import pg, pg_ctx  # noqa: F401 (fixtures for every test)

ENV_SHOTS = "ARAPP_TEST_SHOTS"


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
def shots(tmp_path: Path) -> Path:
    """The folder a test saves pictures of what it shows in: the one named by
    ``ARAPP_TEST_SHOTS`` when a person wants to look at them, else the test's temporary folder."""
    wanted = os.environ.get(ENV_SHOTS)
    folder = Path(wanted) if wanted else tmp_path / "shots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def migrated_books(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file at the newest schema and without data, made once per session."""
    path = tmp_path_factory.mktemp("template") / "books.sqlite3"
    database = Database(f"sqlite:///{path.as_posix()}")
    migrate.upgrade(database, None)
    database.dispose()  # the last connection closing folds the WAL journal into the file
    assert not path.with_name(path.name + "-wal").exists()
    return path


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{(tmp_path / 'books.sqlite3').as_posix()}"


@pytest.fixture
def db(db_url: str, migrated_books: Path) -> Iterator[Database]:
    """Empty books at the newest schema in ``db_url``: a copy of the migrated template."""
    path = Database(db_url).sqlite_path
    assert path is not None
    database = copy_books(migrated_books, Path(path))
    yield database
    database.dispose()


@pytest.fixture
def ctx(db: Database) -> AppContext:
    """Empty books of a test shop (EUR), where today is 2026-11-23."""
    context = AppContext(db, today=lambda: TODAY, actor="tester")
    save_company(context, CompanyProfile(name="Test Shop", currency="EUR"))
    return context


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Say what could keep this process from ending once the tests are done: threads that
    are not daemons, child processes still running (a run once did not end in CI)."""
    import multiprocessing
    import threading

    threads = [
        t.name for t in threading.enumerate() if t is not threading.main_thread() and not t.daemon
    ]
    children = [f"{c.name} (pid {c.pid})" for c in multiprocessing.active_children()]
    if threads or children:
        print(f"\nStill running as the tests end: threads {threads}, child processes {children}")


@pytest.fixture
def german(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The person's language is German inside the test (this tree's catalogues), English after."""
    from tests.helpers.spoken import speaking

    with speaking("de", monkeypatch):
        yield None


@pytest.fixture
def french(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The person's language is French inside the test (this tree's catalogues), English after."""
    from tests.helpers.spoken import speaking

    with speaking("fr", monkeypatch):
        yield None
