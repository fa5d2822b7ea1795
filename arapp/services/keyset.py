# SPDX-License-Identifier: MIT
"""Reading a long list from anywhere in it without counting the rows before (a keyset seek).

The invoice and payment lists are ordered by one column and then by id, so the order is total.
Rows after a known row are the rows whose ``(key, id)`` comes after that row's: with an index
on ``(key, id)`` the database jumps there and reads on, however deep in the list it is, where
``OFFSET`` would step over every row before. Reading *before* a row is the same seek in the
opposite order (``ORDER BY key DESC, id DESC`` is exactly the reverse of ``key ASC, id ASC``,
ties and empty values included), which is also how the end of a list is read.

Empty (``NULL``) keys sort first in ascending order on SQLite and last on PostgreSQL; the seek
follows the database, so the order never depends on how the list was reached.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Select,
    SQLColumnExpression,
    and_,
    bindparam,
    func,
    or_,
    select,
    tuple_,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement


def nulls_first_ascending(dialect: str) -> bool:
    """Whether ``NULL`` sorts before every value in an ascending ``ORDER BY`` on ``dialect``."""
    return dialect != "postgresql"


def after_row(
    key: SQLColumnExpression[Any],
    id_column: SQLColumnExpression[int],
    boundary: tuple[Any, int],
    descending: bool,
    dialect: str,
) -> ColumnElement[bool]:
    """The rows that come after ``boundary`` (its key and id) in the order
    ``key, id`` (both descending when ``descending``)."""
    value, rid = boundary
    nulls_before = nulls_first_ascending(dialect) != descending
    id_after = id_column < rid if descending else id_column > rid
    if value is None:
        in_nulls = and_(key.is_(None), id_after)
        return or_(in_nulls, key.is_not(None)) if nulls_before else in_nulls
    mark = tuple_(bindparam(None, value, type_=getattr(key, "type", None)), bindparam(None, rid))
    pair = tuple_(key, id_column)
    seek = pair < mark if descending else pair > mark
    return seek if nulls_before else or_(seek, key.is_(None))


def page_of_ids(
    session: Session,
    query: Select[Any],
    key: SQLColumnExpression[Any],
    id_column: SQLColumnExpression[int],
    descending: bool,
    *,
    marker: Select[Any],
    after: int | None,
    offset: int,
    limit: int | None,
) -> list[int]:
    """The ids of ``query`` in the order ``key, id`` (both descending when ``descending``):
    the ``limit`` that follow the row of id ``after`` by a seek, or from ``offset`` when there is
    no ``after`` or that row is gone. ``marker`` selects a row's ``(key, id)`` (the ``query``'s
    joins, no filter): it finds where ``after`` stands."""
    dialect = session.get_bind().dialect.name
    boundary = None
    if after is not None:
        found = session.execute(marker.where(id_column == after)).first()
        boundary = None if found is None else (found[0], found[1])
    if boundary is not None:
        query = query.where(after_row(key, id_column, boundary, descending, dialect))
    else:
        query = query.offset(offset)
    order = (key.desc(), id_column.desc()) if descending else (key.asc(), id_column.asc())
    return list(session.scalars(query.order_by(*order).limit(limit)))


#: A filter met by at least one row in this many is common (see :func:`is_common`).
COMMON_SHARE = 5
#: How many rows :func:`is_common` looks at, evenly spread over the ids.
SAMPLE = 200


def is_common(
    session: Session, id_column: SQLColumnExpression[int], condition: ColumnElement[bool]
) -> bool:
    """Whether about one row in :data:`COMMON_SHARE` or more meets ``condition``, judged from
    :data:`SAMPLE` rows picked by id (a few primary-key look-ups).

    A list filtered by a common condition (paid invoices) is best read by walking the sort's
    index in order and testing each row; by a rarer one (drafts, open invoices), by gathering
    the matches from the condition's index and sorting them. SQLite, without statistics,
    takes an equality on an indexed column for rare: :func:`not_by_index` tells it otherwise.
    ``condition`` itself should be written with :func:`not_by_index`, so that the sample is
    read by id.
    """
    # Apart: SQLite reads min() or max() from the end of an index, but both at once by a scan.
    low = session.scalar(select(func.min(id_column)))
    high = session.scalar(select(func.max(id_column)))
    if low is None or high is None:
        return False
    probe = list(range(low, high + 1, max((high - low) // SAMPLE, 1)))[:SAMPLE]
    found = session.scalar(select(func.count(id_column)).where(id_column.in_(probe)))
    hits = session.scalar(select(func.count(id_column)).where(id_column.in_(probe), condition))
    return bool(found) and (hits or 0) * COMMON_SHARE >= (found or 0)


class NotLookedUp(FunctionElement[bool]):
    """A condition SQLite tests on each row read rather than looks up in an index, while it
    still knows that a partial index made for the condition holds every row meeting it
    (``likely()``: a hint to its planner, no claim about the data).

    SQLite chooses indexes without statistics (the books have none): an equality on a column
    that starts an index looks like ten rows to it, so ``status IN (...)`` went through the
    lists' (status, id) index and then to every matching row: open invoices gathered and
    sorted for a chunk of the list (0.4 s), the table read for the aging (0.33 s against 0.13 s
    by the open invoices' covering partial index). Other databases keep statistics and get the
    condition as it is.
    """

    name = "likely"  # no Boolean type: SQLite would compare it with 1, which no index proves
    inherit_cache = True


@compiles(NotLookedUp)
def _plain(element: NotLookedUp, compiler: SQLCompiler, **kw: object) -> str:
    return f"({compiler.process(element.clauses, **kw)})"


@compiles(NotLookedUp, "sqlite")
def _likely(element: NotLookedUp, compiler: SQLCompiler, **kw: object) -> str:
    return f"likely({compiler.process(element.clauses, **kw)})"


def not_by_index(column: SQLColumnExpression[str], dialect: str) -> ColumnElement[str]:
    """``column`` as SQLite cannot look it up in an index (``column || ''``), for a common
    filter (see :func:`is_common`); PostgreSQL keeps statistics and chooses well itself."""
    if dialect == "sqlite":
        return column.concat("")
    return cast(ColumnElement[str], column)
