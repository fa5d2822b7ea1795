# SPDX-License-Identifier: MIT
"""Writing many rows at once, through the database driver.

SQLAlchemy runs every parameter of every row through its type (``FixedDecimal``, dates,
booleans): for an import of 100,000 invoices that is most of the time. Here the caller hands
rows already in the driver's form (amounts as the stored integers, dates through
:func:`driver_form`) and they go to the driver's ``executemany`` in chunks, inside the caller's
transaction, so the import stays one transaction and a failure still writes nothing. Values that
are the same on every row are written into the statement once. The same code runs on SQLite and
PostgreSQL (psycopg).
"""

from __future__ import annotations

import contextlib
import gc
import re
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Connection, Table, func, select

from arapp.db.chunks import IN_LIMIT, chunked
from arapp.db.types import FixedDecimal, int_storer

#: Rows per executemany: bounded memory, and few round trips.
CHUNK = 5_000
#: The page cache (MiB) of the imports that stream a file in batches: filled by the first
#: hundred thousand rows or so, it is the most memory they take whatever the rows.
STREAM_CACHE = 16
#: Constants written as SQL text; anything else is bound on every row.
_PLAIN_TEXT = re.compile(r"[\w .:-]*")
_PLACEHOLDERS = {"qmark": "?", "format": "%s", "pyformat": "%s"}


def driver_form(connection: Connection, column: ColumnElement[Any]) -> Callable[[Any], Any]:
    """What the column's type does to a value before the driver gets it (a date becomes text
    on SQLite, a Decimal the stored integer...), as one function."""
    dialect = connection.dialect
    kind = column.type
    if isinstance(kind, FixedDecimal) and kind.impl_instance.bind_processor(dialect) is None:
        return int_storer(kind.scale)  # an amount: the one rule without SQLAlchemy's two calls
    process = kind.dialect_impl(dialect).bind_processor(dialect)
    return process if process is not None else _same


def result_form(connection: Connection, column: ColumnElement[Any]) -> Callable[[Any], Any]:
    """What the column's type does to a value the driver returns (stored integers become a
    Decimal, SQLite's date text a date...), as one function: :func:`driver_form` backwards."""
    dialect = connection.dialect
    kind = column.type
    if (
        isinstance(kind, FixedDecimal)
        and kind.impl_instance.result_processor(dialect, None) is None
    ):
        return _amount(kind.scale)  # as FixedDecimal reads it, without SQLAlchemy's two calls
    process = kind.dialect_impl(dialect).result_processor(dialect, None)
    return process if process is not None else _same


def _amount(scale: int) -> Callable[[int | Decimal | None], Decimal | None]:
    def amount(value: int | Decimal | None) -> Decimal | None:
        return None if value is None else Decimal(value).scaleb(-scale)

    return amount


def _same(value: Any) -> Any:
    return value


def select_in(connection: Connection, sql: str, values: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
    """The rows of ``sql`` (driver-level SQL whose ``{}`` is the list of an ``IN``, its only
    parameters), run for ``values`` a chunk at a time."""
    placeholder = _PLACEHOLDERS.get(connection.dialect.paramstyle)
    if placeholder is None:  # pragma: no cover - SQLite and psycopg use the two above
        raise NotImplementedError(f"paramstyle {connection.dialect.paramstyle}")
    for chunk in chunked(values):
        # A list of a few sizes only, the last value repeated: each size is a statement the
        # driver prepares and keeps (SQLite's cache holds 128, and one of 5,000 parameters
        # takes about half a megabyte: a statement per length grew an import by 100 MB).
        size = min(max(16, 1 << (len(chunk) - 1).bit_length()), IN_LIMIT)
        padded = (*chunk, *[chunk[-1]] * (size - len(chunk)))
        marks = ", ".join([placeholder] * size)
        yield from connection.exec_driver_sql(sql.format(marks), padded).all()


def _literal(value: object) -> str | None:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and _PLAIN_TEXT.fullmatch(value):
        return f"'{value}'"
    return None


def insert_rows(
    connection: Connection,
    table: Table,
    columns: Sequence[str],
    rows: Iterable[tuple[Any, ...]],
    constants: Mapping[str, object] | None = None,
) -> int:
    """Insert ``rows`` (tuples in the driver's form, one value per name in ``columns``) and, on
    every row, ``constants`` (plain Python values, converted here by the columns' types).

    Returns the number of rows written.
    """
    placeholder = _PLACEHOLDERS.get(connection.dialect.paramstyle)
    if placeholder is None:  # pragma: no cover - SQLite and psycopg use the two above
        raise NotImplementedError(f"paramstyle {connection.dialect.paramstyle}")
    names, values, tail = list(columns), [placeholder] * len(columns), []
    for name, value in (constants or {}).items():
        stored = driver_form(connection, table.c[name])(value)
        literal = _literal(stored)
        names.append(name)
        values.append(placeholder if literal is None else literal)
        if literal is None:
            tail.append(stored)
    quote = connection.dialect.identifier_preparer
    sql = (
        f"INSERT INTO {quote.format_table(table)} "
        f"({', '.join(quote.format_column(table.c[name]) for name in names)}) "
        f"VALUES ({', '.join(values)})"
    )
    if tail:
        extra = tuple(tail)
        rows = (row + extra for row in rows)
    written = 0
    for chunk in chunked(rows, CHUNK):
        connection.exec_driver_sql(sql, chunk)
        written += len(chunk)
    return written


def update_rows(
    connection: Connection,
    table: Table,
    columns: Sequence[str],
    rows: Iterable[tuple[Any, ...]],
) -> int:
    """Set ``columns`` on the rows of ``table`` whose id is the last value of each of ``rows``
    (tuples in the driver's form: the new values in the order of ``columns``, then the id).

    Returns the number of rows given.
    """
    placeholder = _PLACEHOLDERS.get(connection.dialect.paramstyle)
    if placeholder is None:  # pragma: no cover - SQLite and psycopg use the two above
        raise NotImplementedError(f"paramstyle {connection.dialect.paramstyle}")
    quote = connection.dialect.identifier_preparer
    if connection.dialect.name == "sqlite":
        return _update_joined(connection, table, columns, rows)
    sets = ", ".join(f"{quote.format_column(table.c[name])} = {placeholder}" for name in columns)
    sql = (
        f"UPDATE {quote.format_table(table)} SET {sets} "
        f"WHERE {quote.format_column(table.c.id)} = {placeholder}"
    )
    written = 0
    for chunk in chunked(rows, CHUNK):
        connection.exec_driver_sql(sql, chunk)
        written += len(chunk)
    return written


#: Rows one ``UPDATE ... FROM (VALUES ...)`` statement sets on SQLite.
JOINED_ROWS = 500


def _update_joined(
    connection: Connection, table: Table, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]
) -> int:
    """:func:`update_rows` on SQLite (the ids of ``rows`` differ): :data:`JOINED_ROWS` rows a
    statement, joined to a list of values. Run once a row, a statement would also build again,
    for every row, the lookup table of each ``CHECK (x IN (...))`` of the table (the invoice's
    status has six values): a third of the time of the update."""
    quote = connection.dialect.identifier_preparer
    width = len(columns) + 1
    sets = ", ".join(
        f"{quote.format_column(table.c[name])} = v.column{at}"
        for at, name in enumerate(columns, start=1)
    )
    one = f"({', '.join(['?'] * width)})"
    written = 0
    for chunk in chunked(rows, JOINED_ROWS):
        sql = (
            f"UPDATE {quote.format_table(table)} SET {sets} "
            f"FROM (VALUES {', '.join([one] * len(chunk))}) AS v "
            f"WHERE {quote.format_column(table.c.id)} = v.column{width}"
        )
        connection.exec_driver_sql(sql, tuple(value for row in chunk for value in row))
        written += len(chunk)
    return written


def reserve_ids(connection: Connection, table: Table, count: int) -> Sequence[int]:
    """``count`` new ids for ``table``, in increasing order, which no other insert will take.

    SQLite: the ids after the highest one; the write transaction took the write lock with its
    first statement (``BEGIN IMMEDIATE``), so no one else can insert before it commits, and
    SQLite numbers later rows after the highest id. PostgreSQL: drawn from the column's
    sequence in one statement, so later inserts (which draw from it too) never collide.
    """
    if count <= 0:
        return ()
    if connection.dialect.name == "postgresql":
        sequence = connection.scalar(select(func.pg_get_serial_sequence(table.name, "id")))
        drawn = connection.scalars(
            select(func.nextval(sequence)).select_from(func.generate_series(1, count))
        )
        return sorted(drawn)
    if connection.dialect.name != "sqlite":  # pragma: no cover
        raise NotImplementedError(connection.dialect.name)
    if not connection.get_execution_options().get("arapp_write"):
        raise RuntimeError("reserve_ids needs a write transaction (Database.write)")
    highest = connection.scalar(select(func.max(table.c.id))) or 0
    return range(highest + 1, highest + 1 + count)


@contextlib.contextmanager
def roomy_cache(connection: Connection, mebibytes: int = 64) -> Iterator[None]:
    """On SQLite, a page cache big enough for the indexes a bulk insert touches, for the time
    of the block (the default 2 MB makes it spill pages to disk in the middle of the
    transaction); elsewhere nothing."""
    if connection.dialect.name != "sqlite":
        yield
        return
    before: int = connection.exec_driver_sql("PRAGMA cache_size").scalar() or 0
    wanted = -1024 * mebibytes  # negative: in KiB
    roomier = wanted < before < 0
    if roomier:
        connection.exec_driver_sql(f"PRAGMA cache_size = {wanted}")
    try:
        yield
    finally:
        if roomier:
            connection.exec_driver_sql(f"PRAGMA cache_size = {before}")


#: Below this many new rows, rebuilding a table's indexes saves nothing worth the trouble.
REBUILD_FROM = 10_000
#: The share of a table's rows an update must reach for the indexes of its columns to be made
#: again afterwards instead of kept up to date row by row.
UPDATE_SHARE = 0.25


@contextlib.contextmanager
def indexes_rebuilt(
    connection: Connection, table: Table, adding: int, updating: Collection[str] = ()
) -> Iterator[None]:
    """On SQLite, when a bulk insert at least doubles a table, its indexes are dropped for the
    time of the block and made again after it, from their own ``CREATE INDEX`` text.

    With ``updating`` (column names), the block updates those columns on ``adding`` rows
    instead: only the indexes naming one of them are dropped (SQLite leaves the others alone
    on such an update), once ``adding`` is at least :data:`UPDATE_SHARE` of the rows. Each
    updated row moves in every such index, at a random place (an import of 80,000 payments
    setting the balance and status of 64,000 of 100,000 invoices: 8.6 s of updates with the
    indexes, 3.0 s without, 0.9 s to make them again).

    Sorting all keys once costs far less than putting 100,000 keys into five indexes one at a
    time, each at a random place (half of an import into new books). It happens inside the
    write transaction: if anything fails, the rollback brings the indexes back as they were,
    and other connections only ever see the indexes there. A unique index checks its rows when
    made again. Constraint indexes (primary and unique keys) stay; so does everything when
    ``ANALYZE`` statistics exist (dropping an index drops its statistics). Elsewhere nothing.
    """
    if connection.dialect.name != "sqlite" or adding < REBUILD_FROM:
        yield
        return
    existing = connection.scalar(select(func.max(table.c.id))) or 0  # about the row count
    analyzed = connection.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'"
    ).first()
    indexes: Sequence[tuple[str, str]] = (
        connection.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master "
            "WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
            (table.name,),
        ).all()
        if adding >= (existing * UPDATE_SHARE if updating else existing) and analyzed is None
        else []
    )
    if updating:
        named = re.compile(rf"\b({'|'.join(map(re.escape, updating))})\b", re.IGNORECASE)
        indexes = [(name, sql) for name, sql in indexes if named.search(sql.partition(" ON ")[2])]
    quote = connection.dialect.identifier_preparer.quote_identifier
    for name, _sql in indexes:
        connection.exec_driver_sql(f"DROP INDEX {quote(name)}")
    yield  # on an error the transaction rolls back, and the indexes with it: no finally
    for _name, sql in indexes:
        connection.exec_driver_sql(sql)


_gc_lock = threading.Lock()
_gc_pauses = 0
_gc_resume = False


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection during the block.

    Reading and writing 100,000 rows makes millions of objects that all stay alive until the
    end; Python's collector would walk the growing heap again and again to find no garbage
    (a quarter of an import's time). Reference counting still frees everything meanwhile, and
    the collector runs again after the last such block of any thread has ended.
    """
    global _gc_pauses, _gc_resume
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_resume = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_resume:
                gc.enable()


class Memo(dict[Any, Any]):
    """A function's result per argument, worked out once each (dates, terms and quantities
    repeat in an import). With ``limit``, it forgets them all when it holds that many (for
    arguments that may not repeat: the memory stays the same whatever the rows)."""

    def __init__(self, function: Callable[[Any], Any], limit: int | None = None) -> None:
        super().__init__()
        self.function = function
        self.limit = limit

    def __missing__(self, key: Any) -> Any:
        if self.limit is not None and len(self) >= self.limit:
            self.clear()
        value = self[key] = self.function(key)
        return value
