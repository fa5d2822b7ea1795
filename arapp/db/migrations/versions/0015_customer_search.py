# SPDX-License-Identifier: MIT
"""Customer search as you type reads an index instead of every customer.

The search matches every word typed anywhere inside the folded search column (``customer.
search_text``: name, code, contact and e-mail, case- and accent-folded by the services).
``LIKE '%word%'`` cannot use a B-tree, so on 100,000 customers each keystroke read every row.

- SQLite: an FTS5 table with the trigram tokenizer over the folded text; a phrase query finds a
  substring of three characters or more through the index, and a two-letter word is found
  through the trigrams that start with it (``customer_search_terms``, the index's own list of
  terms). The text is indexed with two spaces after it, so that every letter and pair of letters
  starts a trigram, even at the end. Each customer's status is indexed beside the text, so the
  list's count (not archived, on hold, ...) is answered by the index alone. The table keeps its
  own copy of the text (not ``content='customer'``): an external-content index handed a stale
  old value on delete is corrupted, whereas a copy can only ever be out of date, and triggers
  keep it in step with every write, the services', the bulk import's and the benchmark
  generator's alike. A later
  migration that rebuilds the customer table in batch mode drops these triggers and must create
  them again (a test checks they exist at head).
- PostgreSQL: ``pg_trgm`` with a GIN index, which serves the same ``LIKE '%word%'`` the search
  already runs. The extension is created if the server offers it and the role may; if not, the
  migration carries on without the index and the search stays a plain (slower) ``LIKE``.
- Both: a B-tree on (search_text, status). A one-letter word stays a ``LIKE``, which scans this
  narrow index instead of the wide table; the list sorted by name reads it in order and stops
  after a page.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07
"""

import logging

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)

_SQLITE_UP = [
    "CREATE VIRTUAL TABLE customer_search USING fts5("
    "search_text, status, tokenize = 'trigram case_sensitive 1', columnsize = 0)",
    "CREATE VIRTUAL TABLE customer_search_terms USING fts5vocab(customer_search, 'row')",
    "INSERT INTO customer_search (rowid, search_text, status) "
    "SELECT id, search_text || '  ', status FROM customer",
    "CREATE TRIGGER customer_search_insert AFTER INSERT ON customer BEGIN "
    "INSERT INTO customer_search (rowid, search_text, status) "
    "VALUES (new.id, new.search_text || '  ', new.status); END",
    "CREATE TRIGGER customer_search_update AFTER UPDATE OF id, search_text, status ON customer "
    "BEGIN DELETE FROM customer_search WHERE rowid = old.id; "
    "INSERT INTO customer_search (rowid, search_text, status) "
    "VALUES (new.id, new.search_text || '  ', new.status); END",
    "CREATE TRIGGER customer_search_delete AFTER DELETE ON customer BEGIN "
    "DELETE FROM customer_search WHERE rowid = old.id; END",
]

_SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS customer_search_delete",
    "DROP TRIGGER IF EXISTS customer_search_update",
    "DROP TRIGGER IF EXISTS customer_search_insert",
    "DROP TABLE IF EXISTS customer_search_terms",
    "DROP TABLE IF EXISTS customer_search",
]


def _trigram_opclass(bind: sa.Connection) -> str | None:
    """``gin_trgm_ops``, schema-qualified, once pg_trgm is installed (wherever it lives)."""
    row = bind.execute(
        sa.text(
            "SELECT n.nspname FROM pg_opclass c JOIN pg_namespace n ON n.oid = c.opcnamespace "
            "JOIN pg_am a ON a.oid = c.opcmethod "
            "WHERE c.opcname = 'gin_trgm_ops' AND a.amname = 'gin'"
        )
    ).first()
    return None if row is None else f'"{row[0]}".gin_trgm_ops'


def _postgres_trigram_index(bind: sa.Connection) -> None:
    opclass = _trigram_opclass(bind)
    if opclass is None:
        try:
            with bind.begin_nested():  # a failure must not abort the whole upgrade
                bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
        except sa.exc.DBAPIError as exc:
            log.warning("pg_trgm is not available (%s); customer search will scan", exc.orig)
            return
        opclass = _trigram_opclass(bind)
    if opclass is not None:
        bind.execute(
            sa.text(
                "CREATE INDEX ix_customer_search_trgm ON customer "
                f"USING gin (search_text {opclass})"
            )
        )


def upgrade() -> None:
    op.create_index("ix_customer_search_text", "customer", ["search_text", "status"])
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in _SQLITE_UP:
            bind.exec_driver_sql(statement)
    elif bind.dialect.name == "postgresql":
        _postgres_trigram_index(bind)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in _SQLITE_DOWN:
            bind.exec_driver_sql(statement)
    elif bind.dialect.name == "postgresql":
        # The extension stays: other objects may use it, and it costs nothing unused.
        bind.execute(sa.text("DROP INDEX IF EXISTS ix_customer_search_trgm"))
    op.drop_index("ix_customer_search_text", table_name="customer")
