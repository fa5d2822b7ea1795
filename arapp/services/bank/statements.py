# SPDX-License-Identifier: MIT
"""Importing bank statements, and the list of their lines.

An import is all or nothing and one transaction. It is safe to repeat: each line gets a
fingerprint, unique per account (``bank_transaction (account, fingerprint)``):

* the bank's own id of the line when the format has one (OFX ``FITID``, camt.053
  ``AcctSvcrRef``, a mapped CSV column): ``id:<bank id>``;
* else ``sha256:<hash>:<n>``: a SHA-256 of booking date, amount, currency, counterparty and
  reference (whitespace collapsed, case folded), and ``n``, the place of the line among the
  identical lines of the same file, so two equal payments on one day stay two lines.

Importing the same statement twice, or a later one that overlaps it, adds only the lines not
seen before. (Without bank ids, a later file that holds only the second of two identical lines
of an earlier one would take it for the first: a limit of hashing.)

Money out (amounts of zero or less) is stored with status ``ignored``: it is not a customer's
payment, and the list of lines to match stays short. Lines read from the same file twice in a
dry run are not written at all.

Lines are listed, ignored and reopened in :mod:`.transactions`.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

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
from arapp.services.transfer.csvfile import Problem
from arapp.services.transfer.mappings import load_mapping

_CHUNK = 500


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
    """

    format: str
    accounts: tuple[str, ...]
    lines_read: int
    lines_new: int
    lines_known: int
    problems: tuple[Problem, ...]
    dry_run: bool = False
    statement_ids: tuple[int, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


def fingerprint(line: StatementLine, occurrence: int) -> str:
    """The line's key within its account (see the module docs)."""
    if line.bank_ref:
        ref = line.bank_ref if occurrence == 0 else f"{line.bank_ref}:{occurrence}"
        if len(ref) <= 180:
            return f"id:{ref}"
        return "id:sha256:" + hashlib.sha256(ref.encode()).hexdigest()
    fields = (
        line.booking_date.isoformat(),
        str(line.amount.quantize(Decimal(1).scaleb(-minor_units(line.currency)))),
        line.currency,
        " ".join(line.counterparty.split()).casefold(),
        " ".join(line.reference.split()).casefold(),
    )
    digest = hashlib.sha256("\x1f".join(fields).encode()).hexdigest()
    return f"sha256:{digest}:{occurrence}"


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
        problems = tuple(Problem(0, "mapping", f"{e.field}: {e.message}") for e in exc.errors)
        return StatementImport(kind, (), 0, 0, 0, problems, dry_run)
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
            ids, new = _write(session, ctx, keyed, kind, file_name, data, dry_run)
    except IntegrityError as exc:
        raise ServiceError(
            "Another import of this account ran at the same time. Import the file again: "
            "lines already in the books are skipped."
        ) from exc
    if ids:
        ctx.events.emit("bank_changed", "bank_statement", *ids)
    accounts = tuple(dict.fromkeys(a for a, _ in keyed))
    return StatementImport(kind, accounts, read, new, read - new, (), dry_run, tuple(ids))


def _write(
    session: Session,
    ctx: AppContext,
    keyed: list[tuple[str, ParsedStatement]],
    kind: str,
    file_name: str,
    data: bytes,
    dry_run: bool,
) -> tuple[list[int], int]:
    """Insert the new lines of each statement; returns the statement ids and the new count."""
    ids: list[int] = []
    added = 0
    digest = hashlib.sha256(data).hexdigest()
    for account, statement in keyed:
        prints = fingerprints(statement.lines)
        known: set[str] = set()
        for start in range(0, len(prints), _CHUNK):
            known.update(
                session.scalars(
                    select(BankTransaction.fingerprint).where(
                        BankTransaction.account == account,
                        BankTransaction.fingerprint.in_(prints[start : start + _CHUNK]),
                    )
                )
            )
        fresh = [
            (p, line) for p, line in zip(prints, statement.lines, strict=True) if p not in known
        ]
        added += len(fresh)
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
        now = ctx.now()
        session.execute(
            insert(BankTransaction),
            [
                dict(
                    statement_id=row.id,
                    account=account,
                    fingerprint=p,
                    booking_date=line.booking_date,
                    amount=line.amount,
                    currency=line.currency,
                    counterparty=line.counterparty[:200],
                    counterparty_account=line.counterparty_account[:100],
                    reference=line.reference,
                    bank_ref=line.bank_ref[:200],
                    status="new" if line.amount > 0 else "ignored",
                    payment_id=None,
                    created_at=now,
                )
                for p, line in fresh
            ],
        )
        audit.record(
            session,
            ctx,
            "bank_statement_imported",
            "bank_statement",
            row.id,
            details={"file": file_name, "account": account, "lines": len(fresh)},
        )
        ids.append(row.id)
    return ids, added
