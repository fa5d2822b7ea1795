# SPDX-License-Identifier: MIT
"""Which customers a search text finds: one condition, served by an index on every database.

A search finds the customers whose folded search column (name, code, contact and e-mail; see
:func:`arapp.services.customers.search_key`) contains every word typed, anywhere, in any order,
whatever the case and accents. The words are folded by the domain's
:func:`~arapp.domain.customer.fold_for_search`, the one home of the folding rule.

:func:`matches` is the only way to say so in SQL; the customer list, its count, the pickers and
the invoice and payment lists' customer filter all use it. It reads an index built by migration
0015 instead of every customer:

- SQLite: a word of three characters or more is a phrase query on the FTS5 trigram table
  ``customer_search`` (kept in step by triggers), quoted so that ``"``, ``*``, ``NEAR(``, ``OR``
  or ``-`` are text, never query syntax. A word of two letters is shorter than a trigram: it
  becomes the OR of the index's trigrams that start with it, read from the index's list of
  terms in the same statement. A word of one letter stays a ``LIKE`` (on the narrow index
  ``ix_customer_search_text`` when nothing else narrows the search).
- :func:`count_matches` counts in the FTS5 table alone (it holds each customer's status too),
  without reading a customer.
- PostgreSQL: ``LIKE '%word%'``, which the GIN trigram index serves when ``pg_trgm`` was
  available to the migration (a plain scan, with the same results, when it was not).

``%``, ``_`` and ``\\`` in a ``LIKE`` are escaped, so every word matches literally.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Text,
    and_,
    column,
    func,
    literal,
    literal_column,
    select,
    table,
    true,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.sql.sqltypes import NullType

from arapp.db.models import Customer
from arapp.domain.customer import CustomerStatus, fold_for_search

TRIGRAM = 3
"""Shortest word the trigram index finds by itself."""

PAIR = 2

MANY = 500
"""From this many matches on, a page in an indexed order walks that order, checking each customer
with ``LIKE`` (``matches(text, many=True)``), instead of fetching every match from the index and
sorting them."""
"""A two-letter word is found through the trigrams that start with it (the index's terms)."""

# The FTS5 table of migration 0015 and its list of terms (not models: they are SQLite's, made and
# fed by SQL alone). The indexed text is the search column plus two spaces, so that every letter
# and every pair of letters starts a trigram, even at the end; a typed word never holds a space.
_fts = table("customer_search", column("rowid", Integer), column("search_text", Text))
_terms = table("customer_search_terms", column("term", Text))
#: The customer table's columns, not the ORM class's: a condition on them leaves the mappers
#: unconfigured (the window's first screen counts and lists customers before it needs any).
_CUSTOMER = Customer.__table__.c
_NOTHING = '"   "'  # three spaces: no trigram of the indexed text (words never hold a space)
_LAST_CHAR = chr(0x10FFFF)


def search_words(text: str) -> list[str]:
    """The folded words of a search text, each once (empty: no search)."""
    return list(dict.fromkeys(fold_for_search(text).split()))


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _contains(word: str) -> ColumnElement[bool]:
    return _CUSTOMER.search_text.like(f"%{_escape_like(word)}%", escape="\\")


def _status_phrase(status: str) -> str:
    """The status column starting with the status's first three letters: one trigram to read.

    (``"archived"`` in full would also read the trigram ``ive``, which every active customer has.)
    """
    return "^" + _phrase(status[:TRIGRAM])


assert len({s.value[:TRIGRAM] for s in CustomerStatus}) == len(CustomerStatus), "not unique"


def _phrase(word: str) -> str:
    """An FTS5 phrase: inside double quotes everything is text; a double quote is doubled."""
    return '"' + word.replace('"', '""') + '"'


def fts_query(words: list[str]) -> str:
    """An FTS5 query for rows containing every word of three letters or more, AND-ed."""
    return " AND ".join(_phrase(word) for word in words)


def _starting_with(pair: str) -> ColumnElement[str]:
    """SQL for "any trigram that starts with ``pair``": the index's terms, OR-ed (one query)."""
    quoted = literal('"') + func.replace(_terms.c.term, '"', '""') + literal('"')
    terms = (
        select(func.group_concat(quoted, " OR "))
        .where(_terms.c.term >= pair, _terms.c.term <= pair + _LAST_CHAR)
        .scalar_subquery()
    )
    return literal("(") + func.coalesce(terms, _NOTHING) + literal(")")


def _fts_words(words: list[str]) -> ColumnElement[str] | None:
    """The FTS5 query (SQL text) for every word of two letters or more; ``None``: there is none."""
    long_words = [w for w in words if len(w) >= TRIGRAM]
    pairs = [w for w in words if len(w) == PAIR]
    if not long_words and not pairs:
        return None
    parts: list[ColumnElement[str]] = [literal(fts_query(long_words))] if long_words else []
    parts += [_starting_with(pair) for pair in pairs]
    query = parts[0]
    for part in parts[1:]:
        query = query + literal(" AND ") + part
    return query


def _fts_match(query: ColumnElement[str], status: str = "") -> ColumnElement[bool]:
    """``customer_search MATCH``: the words in the search column, then a status part if any."""
    full = literal("search_text : (") + query + literal(")" + status)
    return literal_column("customer_search").match(full)


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


def matches(text: str, *, many: bool = False) -> ColumnElement[bool]:
    """Customers whose search column contains every word of ``text`` (any order, case, accent).

    A condition on :class:`~arapp.db.models.Customer` for any ``select``; an empty text
    matches everyone. ``many``: the caller knows from the count that many customers match and
    reads one page in an indexed order; the condition is then a plain ``LIKE`` per word, which
    the database checks while it walks that order and stops after the page, instead of fetching
    every match from the index and sorting them.
    """
    words = search_words(text)
    if not words:
        return true()
    every = and_(*(_contains(w) for w in words))
    query = _fts_words(words)
    if many or query is None:
        return every
    single = [_contains(w) for w in words if len(w) < PAIR]
    on_sqlite = and_(_CUSTOMER.id.in_(select(_fts.c.rowid).where(_fts_match(query))), *single)
    return _Indexed(on_sqlite, every)


def count_matches(
    session: Session, text: str, *, only: str | None = None, without: str | None = None
) -> int | None:
    """How many customers match ``text``, counted in SQLite's index alone (status included).

    ``only``: customers of that status; ``without``: all but that status. ``None`` when the index
    cannot count it alone (not SQLite, no text, only words of one letter): count with
    :func:`matches` then.
    """
    words = search_words(text)
    query = _fts_words(words)
    if query is None or session.get_bind().dialect.name != "sqlite":
        return None
    status = ""
    if only is not None:
        status = f" AND status : {_status_phrase(only)}"
    elif without is not None:
        status = f" NOT status : {_status_phrase(without)}"
    # instr, not LIKE: FTS5 answers a LIKE of one letter by reading its whole table.
    single = [func.instr(_fts.c.search_text, w) > 0 for w in words if len(w) < PAIR]
    count = select(func.count()).select_from(_fts).where(_fts_match(query, status), *single)
    return session.scalar(count) or 0
