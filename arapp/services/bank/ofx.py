# SPDX-License-Identifier: MIT
"""OFX and QFX statements (OFX 1.x SGML and 2.x XML), read as a stream by arapp's own reader
(:mod:`.ofxread`): a statement of a million transactions is never held whole.

Banks often leave out elements the specification requires, so only what a line needs is asked
for. Dates are read as the day the bank wrote (``20261105001500.000[+1:CET]`` is the 5th): a
time zone never moves a booking made just after midnight in Europe to the day before.

Each bank (``STMTRS``) or credit card (``CCSTMTRS``) statement is one account
(``BANKACCTFROM``/``CCACCTFROM`` ``ACCTID``) in the currency ``CURDEF``; its reference is the
period ``DTSTART``–``DTEND`` of its ``BANKTRANLIST``. Each ``STMTTRN`` becomes one line:
``DTPOSTED``, ``TRNAMT`` (signed), ``FITID`` as the bank's id, ``NAME`` (or ``PAYEE/NAME``) as
the counterparty, ``MEMO`` as the reference, and the account of ``BANKACCTTO``/``CCACCTTO``
when given. A ``CURRENCY`` aggregate in the transaction overrides the statement's ``CURDEF``.
The ledger balance (``LEDGERBAL``) is read too (:func:`read_ofx`); ``TRNTYPE``, ``CHECKNUM``
and ``REFNUM`` are read but not used: the sign of ``TRNAMT`` says which way money went.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation

from arapp.domain.money import LARGEST
from arapp.services.bank.lines import (
    ParsedStatement,
    StatementError,
    StatementLine,
    check_size,
    clean_account,
    clean_text,
    fail,
)
from arapp.services.bank.ofxread import excerpt, read_markup
from arapp.services.transfer.csvfile import Problem, Source

__all__ = ["excerpt", "ofx_items", "read_ofx"]

_DATE = re.compile(r"\s*(\d{4})(\d{2})(\d{2})")
_STATEMENTS = ("STMTRS", "CCSTMTRS")


def read_ofx(data: bytes) -> list[ParsedStatement]:
    """Every bank or credit card statement in an OFX/QFX file, with its lines and its ledger
    balance."""
    check_size(data)
    problems: list[Problem] = []
    statements: list[ParsedStatement] = []
    lines: list[StatementLine] = []
    reader = _Statements(problems)
    for item in ofx_items(data, problems, reader):
        if isinstance(item, ParsedStatement):
            if statements:
                statements[-1] = replace(statements[-1], lines=tuple(lines))
            statements.append(item)
            lines = []
        else:
            lines.append(item)
    statements[-1] = replace(statements[-1], lines=tuple(lines))
    if problems:
        raise StatementError(problems)
    return [
        replace(s, balance=b.amount, balance_date=b.day) if b is not None else s
        for s, b in zip(statements, reader.balances, strict=True)
    ]


def ofx_items(
    data: Source, problems: list[Problem], reader: _Statements | None = None
) -> Iterator[ParsedStatement | StatementLine]:
    """The statements of an OFX file as a stream, read a piece at a time: each statement as a
    :class:`~.lines.ParsedStatement` without lines, met before its lines, then its lines. The
    problems of single transactions are added to ``problems``; what stops the whole file raises
    :class:`~.lines.StatementError`."""
    handler = reader or _Statements(problems)
    for _ in read_markup(data, handler):
        yield from handler.ready
        handler.ready.clear()
    if not handler.count:
        raise fail("The OFX file holds no bank or credit card statement (STMTRS).")


@dataclass(frozen=True)
class Balance:
    """A statement's ledger balance (``LEDGERBAL``).

    Attributes:
        amount: ``BALAMT``.
        day: ``DTASOF``, the day it is as of, or ``None`` when not given.
    """

    amount: Decimal
    day: date | None


@dataclass
class _Statement:
    """A statement being read: its values (by path below it) and transactions not yet
    handed on."""

    fields: dict[str, str] = field(default_factory=dict)
    told: bool = False
    held: list[tuple[dict[str, str], int, int]] = field(default_factory=list)
    count: int = 0

    def get(self, key: str) -> str:
        return self.fields.get(key, "")


class _Statements:
    """The :class:`~.ofxread.OfxHandler` that turns a file's events into statements and
    lines, gathered in ``ready`` until the caller takes them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        self.ready: list[ParsedStatement | StatementLine] = []
        self.balances: list[Balance | None] = []
        self.count = 0
        self.path: list[str] = []  # open aggregates below the statement or the transaction
        self.statement: _Statement | None = None
        self.trn: dict[str, str] | None = None
        self.trn_line = 0
        self.trn_path: list[str] = []

    def start(self, name: str, line: int) -> None:
        statement = self.statement
        if name in _STATEMENTS:
            self.statement, self.path = _Statement(), []
            self.count += 1
        elif statement is None:
            return
        elif self.trn is not None:
            self.trn_path.append(name)
        elif name == "STMTTRN":
            self.trn, self.trn_line, self.trn_path = {}, line, []
            if not statement.told and self._known(statement):
                self._tell(statement)
        else:
            self.path.append(name)

    def value(self, name: str, text: str, line: int) -> None:
        if self.trn is not None:
            path, target = self.trn_path, self.trn
        elif self.statement is not None:
            path, target = self.path, self.statement.fields
        else:
            return
        target.setdefault(f"{'/'.join(path)}/{name}" if path else name, text)

    def end(self, name: str, line: int) -> None:
        statement = self.statement
        if statement is None:
            return
        if self.trn is not None:
            if name != "STMTTRN":
                if self.trn_path:
                    self.trn_path.pop()
                return
            statement.count += 1
            if statement.told:
                self._line(self.trn, self.trn_line, statement.count, statement)
            else:  # the account or currency comes after the transactions: wait for them
                statement.held.append((self.trn, self.trn_line, statement.count))
            self.trn = None
        elif name in _STATEMENTS:
            if not statement.told:
                self._tell(statement)
            for trn, line, position in statement.held:
                self._line(trn, line, position, statement)
            self.balances.append(_balance(statement))
            self.statement = None
        elif self.path:
            self.path.pop()

    @staticmethod
    def _known(statement: _Statement) -> bool:
        return bool(statement.get("CURDEF")) and bool(
            statement.get("BANKACCTFROM/ACCTID") or statement.get("CCACCTFROM/ACCTID")
        )

    def _tell(self, statement: _Statement) -> None:
        statement.told = True
        account = statement.get("BANKACCTFROM/ACCTID") or statement.get("CCACCTFROM/ACCTID")
        period = "–".join(
            d.isoformat()
            for d in (
                _date(statement.get("BANKTRANLIST/DTSTART")),
                _date(statement.get("BANKTRANLIST/DTEND")),
            )
            if d is not None
        )
        self.ready.append(ParsedStatement("ofx", clean_account(account), period, ()))

    def _line(self, trn: dict[str, str], line: int, position: int, statement: _Statement) -> None:
        found = _transaction(trn, statement.get("CURDEF").upper(), position, line, self.problems)
        if found is not None:
            self.ready.append(found)


def _balance(statement: _Statement) -> Balance | None:
    raw = statement.get("LEDGERBAL/BALAMT")
    try:
        amount = Decimal(raw.replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        return None
    if not amount.is_finite():
        return None
    return Balance(amount, _date(statement.get("LEDGERBAL/DTASOF")))


def _transaction(
    trn: dict[str, str], curdef: str, position: int, line: int, problems: list[Problem]
) -> StatementLine | None:
    fitid = trn.get("FITID", "")
    where = f"transaction {position}" + (f" (FITID {excerpt(fitid)})" if fitid else "")
    day = _date(trn.get("DTPOSTED", ""))
    if day is None:
        problems.append(Problem(line, "DTPOSTED", f"{where}: no booking date."))
    raw = trn.get("TRNAMT", "")
    try:
        amount = Decimal(raw.replace(",", ".").replace(" ", "")) if raw else None
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite():
        problems.append(Problem(line, "TRNAMT", f"{where}: “{excerpt(raw)}” is not an amount."))
        return None
    if abs(amount) > LARGEST:
        problems.append(Problem(line, "TRNAMT", f"{where}: “{excerpt(raw)}” is larger than "
                                f"arapp keeps: at most {LARGEST:,}."))  # fmt: skip
        return None
    currency = (trn.get("CURRENCY/CURSYM") or curdef).upper()
    if not currency:
        problems.append(Problem(line, "CURDEF", f"{where}: the file names no currency."))
    if day is None or not currency:
        return None
    return StatementLine(
        booking_date=day,
        amount=amount,
        currency=currency,
        counterparty=clean_text(trn.get("NAME") or trn.get("PAYEE/NAME")),
        counterparty_account=clean_account(
            trn.get("BANKACCTTO/ACCTID") or trn.get("CCACCTTO/ACCTID") or ""
        ),
        reference=clean_text(trn.get("MEMO")),
        bank_ref=fitid,
        line=line,
    )


def _date(text: str) -> date | None:
    """The calendar day of an OFX date (``20261120``, ``20261120093000.000[-5:EST]``)."""
    found = _DATE.match(text)
    if not found:
        return None
    try:
        return date(*(int(g) for g in found.groups()))
    except ValueError:
        return None
