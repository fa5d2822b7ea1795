# SPDX-License-Identifier: MIT
"""A statement's lines written in batches, the duplicate rule worked out in indexed SQL.

The rule of :mod:`.statements` looks at the whole file: the ``k``-th identical line of a day,
the file's first and last day, and whether the file holds every line the books hold for a day.
Held in Python, that is every line of the file at once (+880 MB for a CSV of a million lines).
Here the lines go, a batch at a time as they are read, into a temporary table of the
transaction (SQLite keeps it in its temporary file, not in memory; PostgreSQL in its temporary
buffers); the counts the rule needs are then grouped in SQL, per hash and per day, against the
books as they were before the import; and the lines are read back in file order, a batch at a
time, and the new ones written. Memory stays that of a batch, whatever the file's length.

What a line gets is worked out from counts alone, so no batch needs another's lines: for the
``k``-th line (from 0) with a hash of which the books hold ``c`` lines, the highest numbered
``h``, the line has a twin when ``k < c``; when the day is seen alike (rules 1-5) the twins are
skipped and the others numbered ``h + 1 + (k - c)``, else every one is added, numbered
``h + 1 + k`` (as numbering them one by one in file order does). Lines with a bank id are known
by their fingerprint, looked up by the ``(account, fingerprint)`` key for each batch, lines
written by earlier batches of the same transaction included.

The temporary tables are dropped at the end of the transaction's work; a rollback takes them
away with everything else.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import BigInteger, Column, Connection, Date, Integer, MetaData, Table, Text, select
from sqlalchemy.orm import Session

from arapp.db.chunks import chunked
from arapp.db.models import BankTransaction

#: Lines copied or read back at a time.
BATCH = 10_000
#: The statuses a stored line may have (named so that SQLite uses the (status, day) index).
STATUSES = ("new", "matched", "ignored")

_meta = MetaData()
#: The file's lines, in file order (``seq``), ``stmt`` the statement's place in the file.
LINES = Table(
    "bank_import_line",
    _meta,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("stmt", Integer, nullable=False),
    Column("account", Text, nullable=False),
    Column("day", Date, nullable=False),
    Column("digest", Text),  # the line's hash; NULL for a line with a bank id
    Column("amount", BigInteger, nullable=False),  # the stored integer
    Column("currency", Text, nullable=False),
    Column("counterparty", Text, nullable=False),
    Column("counterparty_account", Text, nullable=False),
    Column("reference", Text, nullable=False),
    Column("bank_ref", Text, nullable=False),
    prefixes=["TEMPORARY"],
)
#: Each line's ``k``: how many lines with its hash (or, in its statement, its bank id) come
#: before it in the file.
_RANKS = Table(
    "bank_import_rank",
    _meta,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("k", Integer, nullable=False),
    prefixes=["TEMPORARY"],
)
LINE_COLUMNS = tuple(c.name for c in LINES.columns)


@dataclass(frozen=True, slots=True)
class Fresh:
    """A line to add, as read back (values in the driver's form).

    Attributes:
        stmt: Its statement's place in the file.
        account: Its account.
        fingerprint: Its key within the account.
        values: day, amount, currency, counterparty, counterparty account, reference, bank id.
        doubtful: It may be a line already imported (money in with a stored twin).
    """

    stmt: int
    account: str
    fingerprint: str
    values: tuple[Any, ...]
    doubtful: bool


def create(connection: Connection) -> None:
    """Make the temporary table of the lines (empty)."""
    drop(connection)
    LINES.create(connection)


def drop(connection: Connection) -> None:
    """Drop the temporary tables, if there."""
    for table in (_RANKS, LINES):
        table.drop(connection, checkfirst=True)
    connection.exec_driver_sql("DROP TABLE IF EXISTS bank_import_twin")


def _mark(connection: Connection) -> str:
    return "?" if connection.dialect.paramstyle == "qmark" else "%s"


def plan(
    connection: Connection,
    same_file: set[str],
    id_print: Callable[[str, int], str],
    known: Callable[[str, list[str]], set[str]],
) -> Iterator[list[Fresh]]:
    """The new lines in file order, a batch at a time, once every line is in :data:`LINES`.

    ``same_file`` names the accounts for which this very file was imported before (rule 5);
    ``id_print`` makes a bank id's fingerprint from the id and its ``k``; ``known`` says which
    of an account's fingerprints the table holds when asked (the batches written so far
    included). The caller writes each batch before asking for the next.
    """
    _RANKS.create(connection)
    connection.exec_driver_sql(
        "INSERT INTO bank_import_rank (seq, k) SELECT seq, ROW_NUMBER() OVER (PARTITION BY "
        "account, digest, CASE WHEN digest IS NULL THEN stmt END, "
        "CASE WHEN digest IS NULL THEN bank_ref END ORDER BY seq) - 1 FROM bank_import_line"
    )
    statuses = ", ".join(f"'{s}'" for s in STATUSES)
    # the books' lines with a hash on the file's days, per hash: how many, the highest number
    connection.exec_driver_sql(
        "CREATE TEMPORARY TABLE bank_import_twin AS SELECT t.account AS account, "
        "substr(t.fingerprint, 8, 64) AS digest, MIN(t.booking_date) AS day, "
        "COUNT(*) AS stored, MAX(CAST(substr(t.fingerprint, 73) AS INTEGER)) AS highest "
        f"FROM bank_transaction t WHERE t.status IN ({statuses}) AND t.booking_date IN "
        "(SELECT DISTINCT day FROM bank_import_line WHERE digest IS NOT NULL) "
        "AND t.account IN (SELECT DISTINCT account FROM bank_import_line) "
        "AND substr(t.fingerprint, 1, 7) = 'sha256:' "
        "GROUP BY t.account, substr(t.fingerprint, 8, 64)"
    )
    connection.exec_driver_sql(
        "CREATE INDEX bank_import_twin_digest ON bank_import_twin (account, digest)"
    )
    if connection.exec_driver_sql("SELECT 1 FROM bank_import_twin LIMIT 1").first():
        # rule 4 counts the file's lines per hash; a file of days the books have no line of
        # (the usual big one) needs no such count, nor the index
        connection.exec_driver_sql(
            "CREATE INDEX bank_import_line_digest ON bank_import_line (account, digest)"
        )
    same = _same_days(connection, same_file)
    mark = _mark(connection)
    sql = (
        "SELECT s.seq, s.stmt, s.account, s.digest, s.bank_ref, r.k, w.stored, w.highest, "
        "s.day, s.amount, s.currency, s.counterparty, s.counterparty_account, s.reference "
        "FROM bank_import_line s JOIN bank_import_rank r ON r.seq = s.seq "
        "LEFT JOIN bank_import_twin w ON w.account = s.account AND w.digest = s.digest "
        f"WHERE s.seq > {mark} ORDER BY s.seq LIMIT {BATCH}"
    )
    after = -1
    while rows := connection.exec_driver_sql(sql, (after,)).all():
        after = rows[-1][0]
        yield _fresh(rows, same, id_print, known)


def _fresh(
    rows: Sequence[Any],
    same: dict[tuple[str, Any], bool],
    id_print: Callable[[str, int], str],
    known: Callable[[str, list[str]], set[str]],
) -> list[Fresh]:
    out: list[Fresh | None] = []
    with_id: dict[str, list[int]] = defaultdict(list)  # account -> places in ``out``
    for _, stmt, account, digest, bank_ref, k, stored, highest, *values in rows:
        if digest is None:
            with_id[account].append(len(out))
            out.append(Fresh(stmt, account, id_print(bank_ref, k), (*values, bank_ref), False))
            continue
        count = stored or 0
        alike = bool(count) and same[account, values[0]]
        if k < count and alike:
            continue  # its twin is in the books
        number = (-1 if highest is None else highest) + 1 + (k - count if alike else k)
        doubtful = k < count and values[1] > 0
        out.append(Fresh(stmt, account, f"sha256:{digest}:{number}", (*values, ""), doubtful))
    for account, places in with_id.items():
        found = known(account, [cast(Fresh, out[i]).fingerprint for i in places])
        for i in places:
            if cast(Fresh, out[i]).fingerprint in found:
                out[i] = None
    return [f for f in out if f is not None]


def _same_days(connection: Connection, same_file: set[str]) -> dict[tuple[str, Any], bool]:
    """For each account and day with a stored twin of a line of the file: whether the file
    and the books saw the same part of the day (rules 1-5 of :mod:`.statements`)."""
    distinct = {
        (account, day): n
        for account, day, n in connection.exec_driver_sql(
            "SELECT account, day, COUNT(*) FROM bank_import_twin GROUP BY account, day"
        )
    }
    if not distinct:
        return {}  # no line of the file has a twin in the books
    ends = {
        account: (first, last)
        for account, first, last in connection.exec_driver_sql(
            "SELECT account, MIN(day), MAX(day) FROM bank_import_line GROUP BY account"
        )
    }
    # rule 4 fails on a day where the books hold a line more often than the file does
    short = set(
        connection.exec_driver_sql(
            "SELECT DISTINCT w.account, w.day FROM bank_import_twin w WHERE w.stored > "
            "(SELECT COUNT(*) FROM bank_import_line s "
            "WHERE s.account = w.account AND s.digest = w.digest)"
        ).all()
    )
    statuses = ", ".join(f"'{s}'" for s in STATUSES)
    # the statements that brought the books' lines of those days, and their first, last day
    brought: dict[tuple[str, Any], set[int]] = defaultdict(set)
    for account, day, statement_id in connection.exec_driver_sql(
        "SELECT DISTINCT t.account, t.booking_date, t.statement_id FROM bank_transaction t "
        f"WHERE t.status IN ({statuses}) AND t.booking_date IN "
        "(SELECT DISTINCT day FROM bank_import_twin) "
        "AND t.account IN (SELECT DISTINCT account FROM bank_import_twin) "
        "AND substr(t.fingerprint, 1, 7) = 'sha256:'"
    ):
        if (account, day) in distinct:
            brought[account, day].add(statement_id)
    spans = _spans(connection, sorted(set().union(*brought.values())))
    same: dict[tuple[str, Any], bool] = {}
    for (account, day), n in distinct.items():
        first, last = ends[account]
        ours = (first < day, day < last)
        theirs = {(spans[i][0] < day, day < spans[i][1]) for i in brought[account, day]}
        same[account, day] = (
            account in same_file
            or all(ours)
            or (True, True) in theirs
            or all(side[0] for side in (ours, *theirs))
            or all(side[1] for side in (ours, *theirs))
            or (n >= 2 and (account, day) not in short)
        )
    return same


def _spans(connection: Connection, ids: list[int]) -> dict[int, tuple[Any, Any]]:
    spans: dict[int, tuple[Any, Any]] = {}
    for chunk in chunked(ids):
        marks = ", ".join([_mark(connection)] * len(chunk))
        for statement_id, first, last in connection.exec_driver_sql(
            "SELECT statement_id, MIN(booking_date), MAX(booking_date) FROM bank_transaction "
            f"WHERE statement_id IN ({marks}) GROUP BY statement_id",
            tuple(chunk),
        ):
            spans[statement_id] = (first, last)
    return spans


def known_ids(session: Session, account: str, prints: Iterable[str]) -> set[str]:
    """The fingerprints of ``prints`` an account's lines in the table have."""
    known: set[str] = set()
    for chunk in chunked(list(prints)):
        known.update(
            session.scalars(
                select(BankTransaction.fingerprint).where(
                    BankTransaction.account == account,
                    BankTransaction.fingerprint.in_(chunk),
                )
            )
        )
    return known


def by_statement(fresh: list[Fresh]) -> Iterator[tuple[int, str, list[Fresh]]]:
    """A batch's lines cut where the statement changes: ``(stmt, account, lines)``."""
    for (stmt, account), group in itertools.groupby(fresh, key=lambda f: (f.stmt, f.account)):
        yield stmt, account, list(group)
