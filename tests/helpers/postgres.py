# SPDX-License-Identifier: MIT
"""Books on a real PostgreSQL server, for the tests marked ``postgres``.

``ARAPP_TEST_PG_URL`` names a database the tests may wipe (.ci/run starts one); without it those
tests are skipped. The fixtures ``pg`` and ``pg_ctx`` (offered to every test by tests/conftest.py)
empty the database's schema and migrate it for real: a server has no file to copy.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from arapp.db import migrate
from arapp.db.engine import Database
from arapp.services.company import CompanyProfile, save_company
from arapp.services.context import AppContext
from tests.helpers.books import TODAY

PG_URL = os.environ.get("ARAPP_TEST_PG_URL", "")
SKIP_REASON = "set ARAPP_TEST_PG_URL to a PostgreSQL database"
# A module of PostgreSQL-only tests sets ``pytestmark = ON_POSTGRES``.
ON_POSTGRES = [pytest.mark.postgres, pytest.mark.skipif(not PG_URL, reason=SKIP_REASON)]


@pytest.fixture
def pg() -> Iterator[Database]:
    db = Database(PG_URL)
    with db.engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    assert migrate.upgrade(db, None) is None  # no file to back up on a server
    yield db
    db.dispose()


@pytest.fixture
def pg_ctx(pg: Database) -> AppContext:
    ctx = AppContext(pg, today=lambda: TODAY, actor="tester")
    save_company(ctx, CompanyProfile(name="Server Shop", currency="EUR"))
    return ctx
