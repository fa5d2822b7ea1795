# SPDX-License-Identifier: MIT
"""Which customers a search text finds: one condition, served by an index on every database.

A search finds the customers whose folded search column (name, code, contact and e-mail; see
:func:`arapp.services.customers.search_key`) contains every word typed, anywhere, in any order,
whatever the case and accents. The words are folded by the domain's
:func:`~arapp.domain.customer.fold_for_search`, the one home of the folding rule.

:func:`matches` is the only way to say so in SQL; the customer list, its count, the pickers and
the invoice and payment lists' customer filter all use it. It reads an index built by migration
0014 instead of every customer:

- SQLite: a word of three characters or more is a phrase query on the FTS5 trigram table
  ``customer_search`` (kept in step by triggers), quoted so that ``"``, ``*``, ``NEAR(``, ``OR``
  or ``-`` are text, never query syntax. A word of one or two letters is shorter than a trigram:
  it stays a ``LIKE`` on the narrow index ``ix_customer_search_text``.
- PostgreSQL: ``LIKE '%word%'``, which the GIN trigram index serves when ``pg_trgm`` was
  available to the migration (a plain scan, with the same results, when it was not).

``%``, ``_`` and ``\\`` in a ``LIKE`` are escaped, so every word matches literally.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Integer, Text, and_, column, select, table, true
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.sql.sqltypes import NullType

from arapp.db.models import Customer
from arapp.domain.customer import fold_for_search

TRIGRAM = 3
"""Shortest word the trigram index can find; shorter words are matched with ``LIKE``."""

# The FTS5 table of migration 0014 (not a model: it is SQLite's, made and fed by SQL alone).
_fts = table("customer_search", column("rowid", Integer), column("search_text", Text))


def search_words(text: str) -> list[str]:
    """The folded words of a search text (empty: no search)."""
    return fold_for_search(text).split()


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _contains(word: str) -> ColumnElement[bool]:
    return Customer.search_text.like(f"%{_escape_like(word)}%", escape="\\")


def fts_query(words: list[str]) -> str:
    """An FTS5 query for rows containing every word: each word one quoted phrase, AND-ed.

    Inside double quotes FTS5 reads everything as text; a double quote is doubled.
    """
    return " AND ".join('"' + word.replace('"', '""') + '"' for word in words)


class _Indexed(FunctionElement[Any]):
    """Compiles to its first clause on SQLite (the FTS5 table), to its second elsewhere."""

    type = NullType()  # not Boolean: SQLite would compare it with "= 1" and lose the index
    name = "customer_search_match"
    inherit_cache = True


@compiles(_Indexed, "sqlite")
def _on_sqlite(element: _Indexed, compiler: SQLCompiler, **kw: Any) -> str:
    on_sqlite, _elsewhere = element.clauses
    return compiler.process(on_sqlite, **kw)


@compiles(_Indexed)
def _elsewhere(element: _Indexed, compiler: SQLCompiler, **kw: Any) -> str:
    _on_sqlite, elsewhere = element.clauses
    return compiler.process(elsewhere, **kw)


def matches(text: str) -> ColumnElement[bool]:
    """Customers whose search column contains every word of ``text`` (any order, case, accent).

    A condition on :class:`~arapp.db.models.Customer` for any ``select``; an empty text
    matches everyone.
    """
    words = list(dict.fromkeys(search_words(text)))
    if not words:
        return true()
    long_words = [w for w in words if len(w) >= TRIGRAM]
    short = [_contains(w) for w in words if len(w) < TRIGRAM]
    if not long_words:
        return and_(*short)
    fts_ids = select(_fts.c.rowid).where(_fts.c.search_text.match(fts_query(long_words)))
    on_sqlite = and_(Customer.id.in_(fts_ids), *short)
    elsewhere = and_(*(_contains(w) for w in words))
    return _Indexed(on_sqlite, elsewhere)
