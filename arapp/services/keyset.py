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

from typing import Any

from sqlalchemy import ColumnElement, SQLColumnExpression, and_, bindparam, or_, tuple_


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
