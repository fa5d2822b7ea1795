# SPDX-License-Identifier: MIT
"""Importing bank statements, and the list of their lines.

An import is all or nothing and one transaction. It is safe to repeat: each line gets a
fingerprint, unique per account (``bank_transaction (account, fingerprint)``):

* the bank's own id of the line when the format has one (OFX ``FITID``, camt.053
  ``AcctSvcrRef``, a mapped CSV column): ``id:<bank id>``; a line whose id is stored is known;
* else ``sha256:<hash>:<n>``: a SHA-256 of booking date, amount, currency, counterparty and
  reference (whitespace collapsed, case folded), and ``n`` numbering the lines of the account
  with that hash, so two equal payments on one day stay two lines.

Lines without a bank id: the rule
=================================

Statements overlap (a later export repeats earlier days), so a line identical to a stored one
is usually the same payment, but not always: two equal payments on one day look alike, and a
file holding only the second of them cannot be told from one holding only the first. The
import does not drop money on that guess. For each hash (account, day, amount, text), the
file's ``k``-th identical line (``k`` = 1, 2, ...) has a stored twin when the books hold at
least ``k`` lines with that hash; a line without a twin is new.

Exports are contiguous runs of days, and only a first or last day can be seen in part (an
export made during that day, or one starting where the previous download stopped). The dates
of a file are those of the account's lines in it; those of a statement imported before, of
the lines it brought. A line with a twin is already imported when the file and the books saw
the same part of its day, or one of them all the other saw:

1. the day is inside the file's dates (after its first, before its last): the file holds the
   whole day, so every line of it the books hold;
2. the day is inside the dates of a statement imported before that brought lines of the day:
   the books hold the whole day;
3. the file and every statement that brought lines of the day all hold its beginning (the day
   is not their first) or all hold its end (not their last): each saw the day up to (or from)
   some moment, so the smaller view lies inside the larger and counting is exact;
4. the file holds every line the books hold for that day (counting identical ones) and those
   are at least two different lines: it repeats the books' view of the day. A file continuing
   the day would have to repeat two different payments identically; this is the one guess of
   the rule, so that the common one-day overlap of weekly exports asks nothing;
5. the file is byte for byte one imported before for the account (the same download again).

Otherwise (the file begins on the day the books' view of it ends or the other way round, or
one of them is a file of that single day) the file's view may follow the books' rather than
repeat it, as in the known case of a later file holding
only the second of two equal payments. The line is then imported as a *possible duplicate*:
counted in :attr:`StatementImport.possible_duplicates` and in the audit log, shown as "may be
the same money as line #..." when matching, and left to a person by auto-match, who matches it
or ignores it. The price is a question now and then at the edge of two statements. Re-importing
a file adds nothing (5.), nor does a later export repeating whole days (1.-4.). Not used yet:
the periods and balances OFX and camt.053 declare, which could settle more edges.

Money out (amounts of zero or less) is stored with status ``ignored``: it is not a customer's
payment, and the list of lines to match stays short (nor is it counted as a possible
duplicate). Lines read from the same file twice in a dry run are not written at all.

The file is read and its new lines written in batches inside the one transaction, the rule
worked out in indexed SQL (:mod:`.batches`), so memory does not grow with the file. Lines are
listed, ignored and reopened in :mod:`.transactions`.
"""

from __future__ import annotations

import hashlib
import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Connection, Table, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from arapp.db.models import BankStatement, BankTransaction
from arapp.domain.errors import ValidationError
from arapp.domain.money import minor_units
from arapp.services import audit
from arapp.services.bank import batches
from arapp.services.bank.csvformat import CsvMapping
from arapp.services.bank.formats import (
    StatementHead,
    default_csv_mapping,
    detect_format,
    statement_items,
)
from arapp.services.bank.lines import StatementError, StatementLine, clean_account
from arapp.services.company import company_currency
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors, ServiceError
from arapp.services.events import Change, Entity
from arapp.services.transfer.bulk import (
    STREAM_CACHE,
    driver_form,
    indexes_rebuilt,
    insert_rows,
    roomy_cache,
)
from arapp.services.transfer.csvfile import (
    ImportStopped,
    Problem,
    Source,
    Stop,
    pieces,
    stoppable,
)
from arapp.services.transfer.mappings import load_mapping

#: The columns of a bank line an import writes (and, the same on every line, its statement,
#: account and time).
_LINE_COLUMNS = (
    "fingerprint",
    "booking_date",
    "amount",
    "currency",
    "counterparty",
    "counterparty_account",
    "reference",
    "bank_ref",
    "status",
)


@dataclass(frozen=True)
class StatementImport:
    """What an import did, or would do.

    Attributes:
        format: ``csv``, ``ofx`` or ``camt053`` ("" when the file could not be read).
        accounts: The accounts the lines were booked to.
        lines_read: Lines in the file.
        lines_new: Lines added (in a dry run: that would be added).
        lines_known: Lines already imported before, skipped.
        problems: Every problem; when there is any, nothing was imported.
        dry_run: Checked only, nothing written.
        statement_ids: The statements recorded (none when nothing was new).
        possible_duplicates: Of the lines added, the money in that looks like a line imported
            before and may be the same payment (see the module docs): a person decides.
    """

    format: str
    accounts: tuple[str, ...]
    lines_read: int
    lines_new: int
    lines_known: int
    problems: tuple[Problem, ...]
    dry_run: bool = False
    statement_ids: tuple[int, ...] = ()
    possible_duplicates: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def line_hash(line: StatementLine) -> str:
    """SHA-256 of what identifies a line without a bank id (day, amount, currency, text)."""
    fields = (
        line.booking_date.isoformat(),
        str(line.amount.quantize(Decimal(1).scaleb(-minor_units(line.currency)))),
        line.currency,
        " ".join(line.counterparty.split()).casefold(),
        " ".join(line.reference.split()).casefold(),
    )
    return hashlib.sha256("\x1f".join(fields).encode()).hexdigest()


def fingerprint(line: StatementLine, occurrence: int) -> str:
    """The line's key within its account (see the module docs)."""
    if line.bank_ref:
        return _id_print(line.bank_ref, occurrence)
    return f"sha256:{line_hash(line)}:{occurrence}"


def fingerprints(lines: tuple[StatementLine, ...]) -> list[str]:
    """The fingerprints of a file's lines, counting identical lines in file order."""
    seen: Counter[tuple[Any, ...]] = Counter()
    out = []
    for line in lines:
        key: tuple[Any, ...] = (
            ("id", line.bank_ref) if line.bank_ref else ("h", fingerprint(line, 0))
        )
        out.append(fingerprint(line, seen[key]))
        seen[key] += 1
    return out


def _csv_mapping(
    ctx: AppContext, mapping: CsvMapping | Mapping[str, Any] | str | None
) -> CsvMapping:
    if mapping is None:
        return default_csv_mapping()
    if isinstance(mapping, CsvMapping):
        return mapping
    if isinstance(mapping, str):
        return CsvMapping.from_dict(load_mapping(ctx, "bank_csv", mapping), name=mapping)
    return CsvMapping.from_dict(mapping)


def _check_line(line: StatementLine, problems: list[Problem]) -> None:
    try:
        places = minor_units(line.currency)
    except ValidationError:
        problems.append(Problem(line.line, "currency", f"“{line.currency}” is not a currency."))
        return
    if line.amount != line.amount.quantize(Decimal(1).scaleb(-places)):
        problems.append(
            Problem(
                line.line, "amount", f"{line.amount} has too many decimals for {line.currency}."
            )
        )


def import_statement(
    ctx: AppContext,
    data: Source,
    file_name: str = "",
    mapping: CsvMapping | Mapping[str, Any] | str | None = None,
    account: str | None = None,
    dry_run: bool = False,
    stop: Stop | None = None,
    progress: Progress | None = None,
) -> StatementImport:
    """Import a bank statement (CSV, OFX/QFX or camt.053): new lines only, all or nothing.

    ``data`` is the file's bytes or its path (a CSV file is then read a piece at a time, and
    may be bigger than :data:`~arapp.services.transfer.csvfile.MAX_BYTES`). ``mapping`` (for
    CSV only) is a saved mapping's name, a mapping dict or a :class:`~.csvformat.CsvMapping`;
    without one the columns are named as our fields. ``account`` names the account when the
    file does not (CSV) or overrides what it says. Every problem is reported in the result,
    with its line; none is raised. ``stop`` is asked every thousand lines read, after each
    batch written and before the end; when it says so the import raises
    :class:`~arapp.services.transfer.csvfile.ImportStopped` and nothing is written.
    ``progress`` is told how far it got (:data:`Progress`), on the caller's thread.

    The lines are read and written in batches inside one transaction (see :mod:`.batches`),
    so memory does not grow with the file.
    """
    kind = ""
    try:
        kind = detect_format(data, file_name)
        csv_mapping = _csv_mapping(ctx, mapping) if kind == "csv" else None
        with ctx.db.read() as session:
            currency = company_currency(session)
    except StatementError as exc:
        return StatementImport(kind, (), 0, 0, 0, exc.problems, dry_run)
    except InputErrors as exc:
        wrong = tuple(Problem(0, "mapping", f"{e.field}: {e.message}") for e in exc.errors)
        return StatementImport(kind, (), 0, 0, 0, wrong, dry_run)
    fallback = (csv_mapping.account or csv_mapping.name) if csv_mapping else ""
    job = _Job(ctx, kind, file_name, clean_account(account or ""), fallback, dry_run)
    job.stop, job.progress = stop, progress
    items = statement_items(data, kind, csv_mapping, currency, job.problems)
    try:
        with ctx.db.read() if dry_run else ctx.db.write() as session:
            job.run(session, stoppable(items, job.tick), _file_digest(data))
    except _Refused:
        return StatementImport(kind, (), job.read, 0, 0, tuple(job.problems), dry_run)
    except IntegrityError as exc:
        raise ServiceError(
            "Another import of this account ran at the same time. Import the file again: "
            "lines already in the books are skipped."
        ) from exc
    if job.ids:
        ctx.events.emit(Change.BANK_CHANGED, Entity.BANK_STATEMENT, *job.ids)
    return StatementImport(
        kind,
        tuple(dict.fromkeys(job.accounts)),
        job.read,
        job.added,
        job.read - job.added,
        (),
        dry_run,
        tuple(job.ids),
        job.doubtful,
    )


def _file_digest(data: Source) -> str:
    digest = hashlib.sha256()
    for piece in pieces(data):
        digest.update(piece)
    return digest.hexdigest()


Progress = Callable[[str, int], None]
"""Told ``("read", lines)`` every thousand lines read and ``("written", lines)`` after each
batch of new lines written (``"checked"`` in a dry run)."""


class _Refused(Exception):
    """The file has problems: the transaction rolls back (the problems are on the job)."""


def _id_print(bank_ref: str, occurrence: int) -> str:
    ref = bank_ref if occurrence == 0 else f"{bank_ref}:{occurrence}"
    if len(ref) <= 180:
        return f"id:{ref}"
    return "id:sha256:" + hashlib.sha256(ref.encode()).hexdigest()


class _Job:
    """One import: the lines copied into the temporary table a batch at a time as they are
    read, then the new ones written a batch at a time (:mod:`.batches`)."""

    def __init__(
        self, ctx: AppContext, kind: str, file_name: str, named: str, fallback: str, dry: bool
    ) -> None:
        self.ctx, self.kind, self.file_name, self.dry_run = ctx, kind, file_name, dry
        self.named, self.fallback = named, fallback
        self.problems: list[Problem] = []
        #: each statement's account and reference, in file order
        self.accounts: list[str] = []
        self.references: list[str] = []
        self.read = self.added = self.doubtful = 0
        self.ids: list[int] = []
        self.stop: Stop | None = None
        self.progress: Progress | None = None

    def tick(self) -> bool:
        """Asked every thousand lines read: says how far, and whether to stop."""
        if self.progress is not None:
            self.progress("read", self.read)
        return self.stop is not None and self.stop()

    def _stopped(self) -> None:
        if self.stop is not None and self.stop():
            raise ImportStopped

    def run(
        self, session: Session, items: Iterable[StatementHead | StatementLine], digest: str
    ) -> None:
        connection = session.connection()
        batches.create(connection)  # a rollback (an error, a problem) takes it away
        with roomy_cache(connection, STREAM_CACHE):
            self._copy(connection, items)
            if self.problems:
                raise _Refused
            seen = set(
                session.scalars(
                    select(BankStatement.account).where(
                        BankStatement.file_sha256 == digest,
                        BankStatement.account.in_(set(self.accounts)),
                    )
                )
            )
            self._write(session, digest, seen)
        batches.drop(connection)

    def _copy(self, connection: Connection, items: Iterable[StatementHead | StatementLine]) -> None:
        money = driver_form(connection, BankTransaction.__table__.c.amount)
        day = driver_form(connection, BankTransaction.__table__.c.booking_date)
        raw: list[str] = []
        stmt = -1
        account = ""
        problems = self.problems

        def rows() -> Iterator[tuple[Any, ...]]:
            nonlocal stmt, account
            for seq, item in enumerate(items):
                if isinstance(item, StatementHead):
                    stmt += 1
                    raw.append(item.account)
                    account = self.named or item.account or self.fallback or "default"
                    self.accounts.append(account)
                    self.references.append(item.reference)
                    continue
                self.read += 1
                _check_line(item, problems)
                if problems:
                    continue  # nothing will be written: the lines after a problem are only read
                yield (
                    seq,
                    stmt,
                    account,
                    day(item.booking_date),
                    None if item.bank_ref else line_hash(item),
                    money(item.amount),
                    item.currency,
                    item.counterparty[:200],
                    item.counterparty_account[:100],
                    item.reference,
                    item.bank_ref,
                )

        try:
            insert_rows(connection, batches.LINES, batches.LINE_COLUMNS, rows())
        except StatementError as exc:
            problems.extend(exc.problems)
        if self.named and len({a for a in raw if a}) > 1:
            problems.append(
                Problem(0, "account", "The file holds several accounts; it cannot go to one.")
            )

    def _write(self, session: Session, digest: str, seen: set[str]) -> None:
        connection = session.connection()
        table = cast(Table, BankTransaction.__table__)
        counts: dict[int, list[int]] = {}  # statement -> [id, lines, possibly known]
        lines = batches.plan(
            connection, seen, _id_print, lambda a, p: batches.known_ids(session, a, p)
        )
        # the first batch says whether lines are being added at all: a file already imported
        # keeps the indexes as they are
        first = next(lines, [])
        adding = self.read if first and not self.dry_run else 0
        with indexes_rebuilt(connection, table, adding):
            self._insert(session, itertools.chain([first], lines), digest, counts)
        self._audit(session, counts)
        self._stopped()  # the last moment: nothing is committed yet

    def _insert(
        self,
        session: Session,
        lines: Iterable[list[batches.Fresh]],
        digest: str,
        counts: dict[int, list[int]],
    ) -> None:
        connection = session.connection()
        table = cast(Table, BankTransaction.__table__)
        for fresh in lines:
            self._stopped()
            self.added += len(fresh)
            self.doubtful += sum(f.doubtful for f in fresh)
            if self.progress is not None:
                self.progress("checked" if self.dry_run else "written", self.added)
            if self.dry_run:
                continue
            for stmt, account, group in batches.by_statement(fresh):
                if stmt not in counts:
                    counts[stmt] = [self._statement(session, stmt, account, digest), 0, 0]
                counts[stmt][1] += len(group)
                counts[stmt][2] += sum(f.doubtful for f in group)
                rows = (
                    (
                        f.fingerprint,
                        *f.values[:6],
                        f.values[6][:200],
                        "new" if f.values[1] > 0 else "ignored",
                    )
                    for f in group
                )
                constants = {
                    "statement_id": counts[stmt][0],
                    "account": account,
                    "created_at": self.ctx.now(),
                }
                insert_rows(connection, table, _LINE_COLUMNS, rows, constants)

    def _audit(self, session: Session, counts: dict[int, list[int]]) -> None:
        for stmt, (statement_id, lines, maybe) in counts.items():
            details: dict[str, Any] = {
                "file": self.file_name,
                "account": self.accounts[stmt],
                "lines": lines,
            }
            if maybe:
                details["possible_duplicates"] = maybe
            audit.record(
                session,
                self.ctx,
                "bank_statement_imported",
                "bank_statement",
                statement_id,
                details=details,
            )
            self.ids.append(statement_id)

    def _statement(self, session: Session, stmt: int, account: str, digest: str) -> int:
        row = BankStatement(
            account=account,
            format=self.kind,
            file_name=self.file_name[-500:],
            file_sha256=digest,
            statement_ref=self.references[stmt][:200],
            imported_at=self.ctx.now(),
        )
        session.add(row)
        session.flush()
        return row.id
