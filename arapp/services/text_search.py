# SPDX-License-Identifier: MIT
"""Searching a big list for text that may match many rows or very few.

A list shows its rows in display order, a screenful at a time. When a search matches many rows
(the first letters of a name), reading in that order and testing each row finds a screenful at
once. When it matches few (a number, a rare name), the same reading tests every row: 2 s for a
million. :func:`any_of` counts each way a row can match, up to a bound, and picks: the test in
display order for many, or the few matching ids gathered from their indexes for few.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, SQLColumnExpression, false, func, literal, or_, select, union
from sqlalchemy.orm import Session

#: From this many matching rows on, a search reads rows in display order.
COMMON_MATCHES = 20_000


def like_text(
    column: SQLColumnExpression[str | None], text: str, dialect: str
) -> ColumnElement[bool]:
    """``column`` contains ``text``, ignoring case; ``%`` and ``_`` are no wildcards.

    SQLite's ``LIKE`` ignores ASCII case already; its ``ILIKE`` would put ``lower()`` on
    every row.
    """
    if dialect == "sqlite":
        return column.contains(text, autoescape=True)
    return column.icontains(text, autoescape=True)


def any_of(
    session: Session,
    id_column: SQLColumnExpression[int],
    conditions: list[ColumnElement[bool]],
) -> ColumnElement[bool]:
    """Rows meeting any of ``conditions`` (each should be served by an index), as the cheaper
    of an ``OR`` tested in display order and an ``IN`` over the matching ids."""
    counts = []
    for condition in conditions:
        found = select(literal(1)).where(condition).limit(COMMON_MATCHES).subquery()
        counts.append((condition, session.scalar(select(func.count()).select_from(found)) or 0))
    if sum(n for _, n in counts) >= COMMON_MATCHES:
        return or_(*conditions)
    parts = [select(id_column).where(condition) for condition, n in counts if n]
    if not parts:
        return false()
    return id_column.in_(union(*parts) if len(parts) > 1 else parts[0])
