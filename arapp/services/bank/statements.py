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

Lines are listed, ignored and reopened in :mod:`.transactions`.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Table, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from arapp.db.chunks import chunked
from arapp.db.models import BankStatement, BankTransaction
from arapp.domain.errors import ValidationError
from arapp.domain.money import minor_units
from arapp.services import audit
from arapp.services.bank.csvformat import CsvMapping
from arapp.services.bank.formats import default_csv_mapping, detect_format, parse_statement
from arapp.services.bank.lines import (
    ParsedStatement,
    StatementError,
    StatementLine,
    clean_account,
)
from arapp.services.company import company_currency
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors, ServiceError
from arapp.services.events import Change, Entity
from arapp.services.transfer.bulk import driver_form, insert_rows
from arapp.services.transfer.csvfile import Problem
from arapp.services.transfer.mappings import load_mapping

_STATUSES = ("new", "matched", "ignored")
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
        ref = line.bank_ref if occurrence == 0 else f"{line.bank_ref}:{occurrence}"
        if len(ref) <= 180:
            return f"id:{ref}"
        return "id:sha256:" + hashlib.sha256(ref.encode()).hexdigest()
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


def _check_lines(statements: list[ParsedStatement]) -> list[Problem]:
    problems = []
    for statement in statements:
        for line in statement.lines:
            where = line.line
            try:
                places = minor_units(line.currency)
            except ValidationError:
                problems.append(Problem(where, "currency", f"“{line.currency}” is not a currency."))
                continue
            if line.amount != line.amount.quantize(Decimal(1).scaleb(-places)):
                problems.append(
                    Problem(
                        where, "amount", f"{line.amount} has too many decimals for {line.currency}."
                    )
                )
    return problems


def import_statement(
    ctx: AppContext,
    data: bytes,
    file_name: str = "",
    mapping: CsvMapping | Mapping[str, Any] | str | None = None,
    account: str | None = None,
    dry_run: bool = False,
) -> StatementImport:
    """Import a bank statement (CSV, OFX/QFX or camt.053): new lines only, all or nothing.

    ``mapping`` (for CSV only) is a saved mapping's name, a mapping dict or a
    :class:`~.csvformat.CsvMapping`; without one the columns are named as our fields.
    ``account`` names the account when the file does not (CSV) or overrides what it says. Every
    problem is reported in the result, with its line; none is raised.
    """
    kind = ""
    try:
        kind = detect_format(data, file_name)
        csv_mapping = _csv_mapping(ctx, mapping) if kind == "csv" else None
        with ctx.db.read() as session:
            currency = company_currency(session)
        statements = parse_statement(data, file_name, csv_mapping, currency)
    except StatementError as exc:
        return StatementImport(kind, (), 0, 0, 0, exc.problems, dry_run)
    except InputErrors as exc:
        wrong = tuple(Problem(0, "mapping", f"{e.field}: {e.message}") for e in exc.errors)
        return StatementImport(kind, (), 0, 0, 0, wrong, dry_run)
    problems = _check_lines(statements)
    fallback = (csv_mapping.account or csv_mapping.name) if csv_mapping else ""
    named = clean_account(account or "")
    if named and len({s.account for s in statements if s.account}) > 1:
        problems.append(
            Problem(0, "account", "The file holds several accounts; it cannot go to one.")
        )
    keyed = [(named or s.account or fallback or "default", s) for s in statements]
    read = sum(len(s.lines) for s in statements)
    if problems:
        return StatementImport(kind, (), read, 0, 0, tuple(problems), dry_run)
    try:
        with ctx.db.read() if dry_run else ctx.db.write() as session:
            ids, new, doubtful = _write(session, ctx, keyed, kind, file_name, data, dry_run)
    except IntegrityError as exc:
        raise ServiceError(
            "Another import of this account ran at the same time. Import the file again: "
            "lines already in the books are skipped."
        ) from exc
    if ids:
        ctx.events.emit(Change.BANK_CHANGED, Entity.BANK_STATEMENT, *ids)
    accounts = tuple(dict.fromkeys(a for a, _ in keyed))
    return StatementImport(kind, accounts, read, new, read - new, (), dry_run, tuple(ids), doubtful)


@dataclass(frozen=True, slots=True)
class _Fresh:
    """A line to add: its fingerprint, and whether it may be a line already imported."""

    fingerprint: str
    line: StatementLine
    doubtful: bool


def _known_ids(session: Session, account: str, prints: list[str]) -> set[str]:
    known: set[str] = set()
    for chunk in chunked(prints):
        known.update(
            session.scalars(
                select(BankTransaction.fingerprint).where(
                    BankTransaction.account == account,
                    BankTransaction.fingerprint.in_(chunk),
                )
            )
        )
    return known


class _Books:
    """What the books hold of an account on the days of a file's lines without a bank id."""

    def __init__(self, session: Session, account: str, days: list[date]) -> None:
        #: hash -> the highest number ``n`` of its fingerprints, stored or given out
        self.highest: dict[str, int] = {}
        #: day -> hash -> how many stored lines
        self.view: dict[date, Counter[str]] = defaultdict(Counter)
        statements: dict[date, set[int]] = defaultdict(set)
        for chunk in chunked(days):
            for print_, day, statement_id in session.execute(
                select(
                    BankTransaction.fingerprint,
                    BankTransaction.booking_date,
                    BankTransaction.statement_id,
                ).where(
                    BankTransaction.status.in_(_STATUSES),  # SQLite: the (status, day) index
                    BankTransaction.booking_date.in_(chunk),
                    BankTransaction.account == account,
                )
            ):
                if not print_.startswith("sha256:"):
                    continue  # a line with a bank id
                _, digest, number = print_.split(":")
                self.highest[digest] = max(self.highest.get(digest, -1), int(number))
                self.view[day][digest] += 1
                statements[day].add(statement_id)
        spans: dict[int, tuple[date, date]] = {}
        ids = sorted(set().union(*statements.values()))
        for id_chunk in chunked(ids):
            for statement_id, first, last in session.execute(
                select(
                    BankTransaction.statement_id,
                    func.min(BankTransaction.booking_date),
                    func.max(BankTransaction.booking_date),
                )
                .where(BankTransaction.statement_id.in_(id_chunk))
                .group_by(BankTransaction.statement_id)
            ):
                spans[statement_id] = (first, last)
        #: day -> for each statement that brought lines of it: (holds its beginning, its end)
        self.sides: dict[date, set[tuple[bool, bool]]] = {
            day: {(spans[i][0] < day, day < spans[i][1]) for i in found if i in spans}
            for day, found in statements.items()
        }

    def count(self, day: date, digest: str) -> int:
        """How many lines with this hash (which includes the day) the books hold."""
        return self.view[day][digest] if day in self.view else 0

    def next_number(self, digest: str) -> int:
        """A number for one more line with this hash, unused so far."""
        number = self.highest[digest] = self.highest.get(digest, -1) + 1
        return number


def _plan(
    session: Session,
    account: str,
    statements: list[ParsedStatement],
    same_file: bool,
) -> list[list[_Fresh]]:
    """The lines of each statement of ``account`` to add (see the module docs for the rule)."""
    every = [line for statement in statements for line in statement.lines]
    hashed = [line for line in every if not line.bank_ref]
    digests = {id(line): line_hash(line) for line in hashed}
    books = _Books(session, account, sorted({line.booking_date for line in hashed}))
    first = min((line.booking_date for line in every), default=None)
    last = max((line.booking_date for line in every), default=None)
    view: dict[date, Counter[str]] = defaultdict(Counter)
    for line in hashed:
        view[line.booking_date][digests[id(line)]] += 1

    def same_day(day: date) -> bool:
        """Whether the file and the books saw the same part of ``day``, or one of them all
        the other saw (rules 1-5 of the module docs)."""
        assert first is not None and last is not None
        ours = (first < day, day < last)
        theirs = books.sides.get(day, set())
        stored = books.view.get(day, Counter())
        return (
            same_file
            or all(ours)
            or (True, True) in theirs
            or all(side[0] for side in (ours, *theirs))
            or all(side[1] for side in (ours, *theirs))
            or (len(stored) >= 2 and all(view[day][h] >= n for h, n in stored.items()))
        )

    seen: Counter[str] = Counter()
    plans: list[list[_Fresh]] = []
    for statement in statements:
        # the lines with a bank id, fingerprinted among themselves (as among all the lines:
        # a bank id is counted only with the same id); the others are hashed once, above
        with_id = tuple(line for line in statement.lines if line.bank_ref)
        id_prints = fingerprints(with_id)
        known = _known_ids(session, account, id_prints)
        prints = iter(id_prints)
        fresh = []
        for line in statement.lines:
            if line.bank_ref:
                print_ = next(prints)
                if print_ not in known:
                    fresh.append(_Fresh(print_, line, False))
                continue
            digest = digests[id(line)]
            twin = seen[digest] < books.count(line.booking_date, digest)
            seen[digest] += 1
            if twin and same_day(line.booking_date):
                continue
            number = books.next_number(digest)
            fresh.append(_Fresh(f"sha256:{digest}:{number}", line, twin and line.amount > 0))
        plans.append(fresh)
    return plans


def _write(
    session: Session,
    ctx: AppContext,
    keyed: list[tuple[str, ParsedStatement]],
    kind: str,
    file_name: str,
    data: bytes,
    dry_run: bool,
) -> tuple[list[int], int, int]:
    """Insert the new lines of each statement; returns the statement ids, the new count and
    how many of those may be lines already imported."""
    ids: list[int] = []
    added = doubtful = 0
    digest = hashlib.sha256(data).hexdigest()
    by_account: dict[str, list[ParsedStatement]] = defaultdict(list)
    for account, statement in keyed:
        by_account[account].append(statement)
    seen_files = set(
        session.scalars(
            select(BankStatement.account).where(
                BankStatement.file_sha256 == digest, BankStatement.account.in_(list(by_account))
            )
        )
    )
    plans = {
        account: iter(_plan(session, account, statements, account in seen_files))
        for account, statements in by_account.items()
    }
    for account, statement in keyed:
        fresh = next(plans[account])
        added += len(fresh)
        doubtful += sum(f.doubtful for f in fresh)
        if not fresh or dry_run:
            continue
        row = BankStatement(
            account=account,
            format=kind,
            file_name=file_name[-500:],
            file_sha256=digest,
            statement_ref=statement.reference[:200],
            imported_at=ctx.now(),
        )
        session.add(row)
        session.flush()
        connection = session.connection()
        money = driver_form(connection, BankTransaction.__table__.c.amount)
        day = driver_form(connection, BankTransaction.__table__.c.booking_date)
        rows = (
            (
                f.fingerprint,
                day(f.line.booking_date),
                money(f.line.amount),
                f.line.currency,
                f.line.counterparty[:200],
                f.line.counterparty_account[:100],
                f.line.reference,
                f.line.bank_ref[:200],
                "new" if f.line.amount > 0 else "ignored",
            )
            for f in fresh
        )
        constants = {"statement_id": row.id, "account": account, "created_at": ctx.now()}
        # through the driver a chunk at a time: no million dictionaries for a million lines
        insert_rows(
            connection, cast(Table, BankTransaction.__table__), _LINE_COLUMNS, rows, constants
        )
        details: dict[str, Any] = {"file": file_name, "account": account, "lines": len(fresh)}
        maybe = sum(f.doubtful for f in fresh)
        if maybe:
            details["possible_duplicates"] = maybe
        audit.record(
            session, ctx, "bank_statement_imported", "bank_statement", row.id, details=details
        )
        ids.append(row.id)
    return ids, added, doubtful
