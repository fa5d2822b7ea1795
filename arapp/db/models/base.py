# SPDX-License-Identifier: MIT
"""The declarative base, the naming of constraints and indexes, and small SQL helpers.

Amounts are :class:`~arapp.db.types.FixedDecimal` (exact, never float). Every schema change is an
Alembic migration in ``arapp/db/migrations/versions``; ``tests/integration/test_migrations.py``
checks that the models and the migrations agree, so the names below must not change.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Index, MetaData, TextClause, func, text, type_coerce
from sqlalchemy.orm import DeclarativeBase, Session

from arapp.db.types import Money

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def sql_in(column: str, values: Iterable[str]) -> str:
    """``column IN ('a', 'b')``: check constraints and partial indexes from the domain's values,
    in the text the migrations wrote (the migration test compares it)."""
    quoted = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({quoted})"


#: The partial indexes and their conditions, for :func:`attach_postgresql_conditions`.
_PARTIAL: list[tuple[Index, str]] = []


def partial_index(name: str, *columns: str | TextClause, where: str) -> Index:
    """An index over only the rows where ``where`` holds, on SQLite and on PostgreSQL.

    The SQLite condition is given here; the PostgreSQL one is attached by
    :func:`attach_postgresql_conditions` when PostgreSQL books are opened, because SQLAlchemy
    checks a ``postgresql_where`` by importing the PostgreSQL dialect: 35-60 ms of every start,
    on SQLite books too. The migrations create both (``compare_metadata`` ignores conditions;
    ``tests/integration/db/test_migrations.py`` checks them).
    """
    index = Index(name, *columns, sqlite_where=text(where))
    _PARTIAL.append((index, where))
    return index


def attach_postgresql_conditions() -> None:
    """Give every :func:`partial_index` its PostgreSQL condition (a second call changes nothing)."""
    for index, where in _PARTIAL:
        options = index.dialect_options["postgresql"]
        if options["where"] is None:
            options["where"] = text(where)


def money_sum(expression: Any) -> ColumnElement[Decimal]:
    """``SUM()`` of amounts, handed back as an exact ``Decimal`` (``None`` over no rows)."""
    return type_coerce(func.sum(type_coerce(expression, Money)), Money)


_Row = TypeVar("_Row")


def get_for_update(session: Session, model: type[_Row], ident: Any) -> _Row | None:
    """The row of ``model`` with primary key ``ident``, locked until the transaction ends.

    On PostgreSQL that is ``SELECT ... FOR UPDATE``. SQLite has no row locks: its write
    transactions hold the whole database from ``BEGIN IMMEDIATE`` on, so there a row the session
    already holds is used as it is instead of being selected again (a long transaction, such as
    the demo company's, would otherwise read each row once more per use case).
    """
    if session.get_bind().dialect.name == "sqlite":
        return session.get(model, ident)
    return session.get(model, ident, with_for_update=True)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
