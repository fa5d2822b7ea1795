# SPDX-License-Identifier: MIT
"""OFX and QFX statements (OFX 1.x SGML and 2.x XML), read with ``ofxtools``.

``ofxtools`` reads the header, the character set and the tag soup into an element tree; the
fields are then read from that tree directly instead of through ``OFXTree.convert()``, for two
reasons: banks often leave out elements the specification requires (which ``convert()``
refuses), and ``convert()`` turns dates into UTC, which can move a booking made just after
midnight in Europe to the day before. The booking date is the day the bank wrote.

Each ``STMTTRN`` becomes one line: ``DTPOSTED``, ``TRNAMT`` (signed), ``FITID`` as the bank's
id, ``NAME`` (or ``PAYEE/NAME``) as the counterparty, ``MEMO`` as the reference, and the account
of ``BANKACCTTO``/``CCACCTTO`` when given. A ``CURRENCY`` aggregate in the transaction overrides
the statement's ``CURDEF``.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
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
    refuse_dtd,
)
from arapp.services.transfer.csvfile import Problem

_DATE = re.compile(r"\s*(\d{4})(\d{2})(\d{2})")


def read_ofx(data: bytes) -> list[ParsedStatement]:
    """Every bank or credit card statement in an OFX/QFX file."""
    # imported here: ofxtools takes a noticeable part of a second to load, and every command
    # of the command line would pay for it
    from ofxtools.header import OFXHeaderError
    from ofxtools.Parser import OFXTree, ParseError

    check_size(data)
    refuse_dtd(data)
    tree = OFXTree()
    try:
        root = tree.parse(io.BytesIO(data))
    except (
        ParseError, ET.ParseError, OFXHeaderError, UnicodeDecodeError, ValueError, IndexError,
    ) as exc:  # fmt: skip
        raise fail(f"This is not an OFX file that can be read: {excerpt(exc)}") from exc
    statements = [*root.iter("STMTRS"), *root.iter("CCSTMTRS")]
    if not statements:
        raise fail("The OFX file holds no bank or credit card statement (STMTRS).")
    problems: list[Problem] = []
    found = [_statement(s, problems) for s in statements]
    if problems:
        raise StatementError(problems)
    return found


#: Characters of a parser's complaint quoted to a person: ofxtools puts the whole header it
#: could not read into its message (689 KB of a hostile file once), so only its start is shown.
EXCERPT = 160


def excerpt(exc: Exception) -> str:
    """The start of ``exc``'s message on one line, at most :data:`EXCERPT` characters."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= EXCERPT else f"{text[:EXCERPT]}… ({len(text):,} characters)"


def _text(element: ET.Element | None, path: str) -> str:
    if element is None:
        return ""
    found = element.find(path)
    return (found.text or "").strip() if found is not None else ""


def _statement(rs: ET.Element, problems: list[Problem]) -> ParsedStatement:
    curdef = _text(rs, "CURDEF").upper()
    account = rs.find("BANKACCTFROM")
    if account is None:
        account = rs.find("CCACCTFROM")
    number = clean_account(_text(account, "ACCTID"))
    transactions = rs.find("BANKTRANLIST")
    period = "–".join(
        d.isoformat()
        for d in (_date(_text(transactions, "DTSTART")), _date(_text(transactions, "DTEND")))
        if d is not None
    )
    lines = []
    for position, trn in enumerate(rs.iter("STMTTRN"), start=1):
        line = _transaction(trn, curdef, position, problems)
        if line is not None:
            lines.append(line)
    return ParsedStatement("ofx", number, period, tuple(lines))


def _transaction(
    trn: ET.Element, curdef: str, position: int, problems: list[Problem]
) -> StatementLine | None:
    fitid = _text(trn, "FITID")
    where = f"transaction {position}" + (f" (FITID {fitid})" if fitid else "")
    day = _date(_text(trn, "DTPOSTED"))
    if day is None:
        problems.append(Problem(0, "DTPOSTED", f"{where}: no booking date."))
    raw = _text(trn, "TRNAMT")
    try:
        amount = Decimal(raw.replace(",", ".").replace(" ", "")) if raw else None
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite():
        problems.append(Problem(0, "TRNAMT", f"{where}: “{raw}” is not an amount."))
        return None
    if abs(amount) > LARGEST:
        problems.append(Problem(0, "TRNAMT", f"{where}: “{raw}” is larger than arapp keeps: "
                                f"at most {LARGEST:,}."))  # fmt: skip
        return None
    currency = (_text(trn, "CURRENCY/CURSYM") or curdef).upper()
    if not currency:
        problems.append(Problem(0, "CURDEF", f"{where}: the file names no currency."))
    name = _text(trn, "NAME") or _text(trn, "PAYEE/NAME")
    other = trn.find("BANKACCTTO")
    if other is None:
        other = trn.find("CCACCTTO")
    if day is None or not currency:
        return None
    return StatementLine(
        booking_date=day,
        amount=amount,
        currency=currency,
        counterparty=clean_text(name),
        counterparty_account=clean_account(_text(other, "ACCTID")),
        reference=clean_text(_text(trn, "MEMO")),
        bank_ref=fitid,
        line=0,
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
