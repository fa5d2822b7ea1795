# SPDX-License-Identifier: MIT
"""What every statement parser hands back: plain lines, no database, no guessing.

A parser reads one file and returns :class:`ParsedStatement` values (one per account in the
file) or raises :class:`StatementError` with every problem it found, so a file is imported
whole or not at all. Amounts are signed: positive is money in, negative money out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from arapp.domain.text import replace_unsafe
from arapp.services.transfer.csvfile import MAX_BYTES, Problem

FORMATS = ("csv", "ofx", "camt053")

_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)  # slots: a statement may hold a million of them
class StatementLine:
    """One booked line of a bank statement, as the bank wrote it.

    Attributes:
        booking_date: The day the bank booked it.
        amount: Signed: positive for money in, negative for money out.
        currency: ISO code of ``amount``.
        counterparty: Who paid (or was paid), as the bank names them.
        counterparty_account: Their IBAN or account number, without spaces.
        reference: Remittance text: what the payer wrote (invoice numbers live here).
        bank_ref: The bank's own id of the line (OFX FITID, camt.053 AcctSvcrRef), or "".
        line: Line of the file where it starts, for messages (0 when the format has none).
    """

    booking_date: date
    amount: Decimal
    currency: str
    counterparty: str = ""
    counterparty_account: str = ""
    reference: str = ""
    bank_ref: str = ""
    line: int = 0


@dataclass(frozen=True)
class ParsedStatement:
    """The lines of one account in one statement file.

    Attributes:
        format: ``csv``, ``ofx`` or ``camt053``.
        account: The account the statement is for (IBAN or number), or "" if the file does
            not say (CSV): the importer then asks for one.
        reference: The statement's own id or period, or "".
        lines: Its booked lines, in file order.
        balance: The balance the file states at the statement's end (OFX ``LEDGERBAL``),
            or ``None``.
        balance_date: The day of ``balance``, or ``None``.
    """

    format: str
    account: str
    reference: str
    lines: tuple[StatementLine, ...]
    balance: Decimal | None = None
    balance_date: date | None = None


class StatementError(Exception):
    """The file cannot be read; nothing of it is imported.

    Attributes:
        problems: Every problem found, each with its line when known.
    """

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def fail(message: str, line: int = 0, column: str = "") -> StatementError:
    """A :class:`StatementError` of one problem."""
    return StatementError([Problem(line, column, message)])


def check_size(data: bytes | int) -> None:
    """Refuse a file (its bytes, or its size) over :data:`MAX_BYTES`, which is read whole."""
    size = data if isinstance(data, int) else len(data)
    if size > MAX_BYTES:
        raise fail(
            f"The file is {size // 1_048_576} MB; a statement takes at most "
            f"{MAX_BYTES // 1_048_576} MB. Export a shorter period."
        )


def refuse_dtd(data: bytes) -> None:
    """Refuse markup that declares a DTD or entities (entity bombs, external files)."""
    found = _DTD.search(data)
    if found:
        line = data[: found.start()].count(b"\n") + 1
        raise fail(
            "The file declares a document type or entities (<!DOCTYPE or <!ENTITY). Bank "
            "statements never need that, and it can be used to attack the program, so the "
            "file is refused.",
            line,
        )


def clean_account(text: str) -> str:
    """An IBAN or account number without spaces, upper case (``de89 3704`` → ``DE893704``)."""
    return "".join(text.split()).upper()


def clean_text(text: str | None) -> str:
    """Whitespace collapsed to single spaces; control characters (a statement comes from
    outside: ESC, NUL, CR...) and bidi overrides count as spaces, so none is stored, matched on
    or shown."""
    text = replace_unsafe(text or "", " ")
    return " ".join(text.split())
