# SPDX-License-Identifier: MIT
"""ISO 20022 camt.053 bank-to-customer statements (versions 001.02 to 001.13).

The XML is read with the standard library (expat into an :mod:`xml.etree.ElementTree` tree)
a piece at a time: each ``Ntry`` is read into lines as soon as it ends and then dropped from
the tree, so a statement of a million entries is never held whole (:func:`camt053_items`). It
is refused outright when it declares a DTD or entities, which statements never need and which
entity bombs ("billion laughs") and external-entity attacks rely on.

Each ``Stmt`` is one account (``Acct/Id/IBAN`` or ``Acct/Id/Othr/Id``). Each booked ``Ntry``
(``Sts`` ``BOOK``; pending and information-only entries are left out) gives one line, or one per
``NtryDtls/TxDtls`` when it carries several (a batch of credits):

* amount: ``TxDtls/Amt``, else ``TxDtls/AmtDtls/TxAmt/Amt`` (001.02), else the entry's ``Amt``;
  signed by ``CdtDbtInd`` (``DBIT`` is money out);
* date: ``BookgDt/Dt`` or ``BookgDt/DtTm`` (the day as written);
* counterparty: for money in the debtor (``RltdPties/Dbtr/Nm``, or ``Dbtr/Pty/Nm`` from 001.08
  on, else ``UltmtDbtr``) and ``DbtrAcct/Id/IBAN``; for money out the creditor;
* reference: ``RmtInf/Ustrd`` and ``RmtInf/Strd/CdtrRefInf/Ref``, else ``AddtlTxInf`` or
  ``AddtlNtryInf``;
* bank id: ``TxDtls/Refs/AcctSvcrRef``, else the entry's ``AcctSvcrRef`` or ``NtryRef`` (with
  ``#2``, ``#3``... for the further transactions of one entry).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.parsers import expat

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
from arapp.services.transfer.csvfile import Problem, Source, pieces

NAMESPACE = re.compile(r"urn:iso:std:iso:20022:tech:xsd:camt\.053\.001\.(\d\d)")
VERSIONS = range(2, 14)


class _Refused(Exception):
    pass


class _Tree:
    """Builds an element tree with expat, remembering each element's line; ``on_end`` is told
    of every element that ends, with its depth (the root is 0)."""

    def __init__(self) -> None:
        self.on_end: Callable[[ET.Element, int], None] | None = None
        self.depth = 0
        self.last: ET.Element | None = None
        self.builder = ET.TreeBuilder()
        self.lines: dict[int, int] = {}
        self.parser = expat.ParserCreate(namespace_separator="}")
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.parser.StartDoctypeDeclHandler = self._refuse
        self.parser.EntityDeclHandler = self._refuse
        self.parser.ExternalEntityRefHandler = self._refuse
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self.builder.data

    def _refuse(self, *args: object) -> int:
        raise _Refused

    @staticmethod
    def _name(name: str) -> str:
        return "{" + name if "}" in name else name

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        element = self.builder.start(
            self._name(name), {self._name(k): v for k, v in attributes.items()}
        )
        self.lines[id(element)] = self.parser.CurrentLineNumber
        self.last = element
        self.depth += 1

    def _end(self, name: str) -> None:
        element = self.builder.end(self._name(name))
        self.depth -= 1
        if self.on_end is not None:
            self.on_end(element, self.depth)

    def parse(self, data: bytes) -> ET.Element:
        self.feed(data, True)
        return self.builder.close()

    def feed(self, data: bytes, last: bool = False) -> None:
        try:
            self.parser.Parse(data, last)
        except _Refused:
            raise fail(
                "The file declares a document type or entities. Bank statements never need "
                "that, and it can be used to attack the program, so the file is refused.",
                self.parser.CurrentLineNumber,
            ) from None
        except expat.ExpatError as exc:
            raise fail(
                f"This is not well-formed XML: {expat.errors.messages[exc.code]}.", exc.lineno
            ) from exc


class _Doc:
    """Paths in the file's namespace, and the line of each element for messages."""

    def __init__(self, namespace: str, lines: dict[int, int]) -> None:
        self.ns, self.lines = namespace, lines

    def tag(self, name: str) -> str:
        return f"{{{self.ns}}}{name}"

    def _path(self, path: str) -> str:
        return "/".join(f"{{{self.ns}}}{part}" for part in path.split("/"))

    def find(self, element: ET.Element | None, path: str) -> ET.Element | None:
        return None if element is None else element.find(self._path(path))

    def all(self, element: ET.Element | None, path: str) -> list[ET.Element]:
        return [] if element is None else element.findall(self._path(path))

    def text(self, element: ET.Element | None, *paths: str) -> str:
        for path in paths:
            found = self.find(element, path)
            if found is not None and (found.text or "").strip():
                return (found.text or "").strip()
        return ""

    def line(self, element: ET.Element) -> int:
        return self.lines.get(id(element), 0)


def read_camt053(data: bytes) -> list[ParsedStatement]:
    """Every account statement (``Stmt``) in a camt.053 file."""
    check_size(data)
    refuse_dtd(data)
    problems: list[Problem] = []
    statements: list[ParsedStatement] = []
    for item in camt053_items(data, problems):
        if isinstance(item, ParsedStatement):
            statements.append(item)
        else:
            last = statements[-1]
            statements[-1] = replace(last, lines=(*last.lines, item))
    if problems:
        raise StatementError(problems)
    return statements


def camt053_items(
    data: Source, problems: list[Problem]
) -> Iterator[ParsedStatement | StatementLine]:
    """The statements of a camt.053 file as a stream, read a piece at a time: each ``Stmt`` as a
    :class:`~.lines.ParsedStatement` without lines, met before its first entry, then its lines.
    The problems of single entries are added to ``problems``; what stops the whole file raises
    :class:`~.lines.StatementError`."""
    tree = _Tree()
    ready: list[ParsedStatement | StatementLine] = []
    doc: _Doc | None = None
    state: dict[str, Any] = {"stmt": None, "currency": "", "count": 0}

    def head(stmt: ET.Element) -> None:
        assert doc is not None
        account = clean_account(doc.text(stmt, "Acct/Id/IBAN", "Acct/Id/Othr/Id"))
        state["stmt"], state["currency"] = stmt, doc.text(stmt, "Acct/Ccy").upper()
        state["count"] += 1
        ready.append(ParsedStatement("camt053", account, doc.text(stmt, "Id"), ()))

    def ended(element: ET.Element, depth: int) -> None:
        nonlocal doc
        if doc is None:
            return
        tag = element.tag
        if depth == 3 and tag == doc.tag("Ntry") and len(stack) == 2:  # .../Stmt/Ntry
            stmt = stack[-1]
            if state["stmt"] is not stmt:
                head(stmt)
            status = doc.text(element, "Sts/Cd", "Sts")
            if not status or status == "BOOK":
                ready.extend(_entry(doc, element, state["currency"], problems))
            stmt.remove(element)  # read: the entry is dropped, with the lines of its elements
            for inner in element.iter():
                tree.lines.pop(id(inner), None)
        elif depth == 2 and tag == doc.tag("Stmt") and len(stack) == 2:
            if state["stmt"] is not element:
                head(element)  # a statement without entries
            stack.pop()
            stack[-1].remove(element)

    stack: list[ET.Element] = []
    original_start = tree._start

    def started(name: str, attributes: dict[str, str]) -> None:
        nonlocal doc
        original_start(name, attributes)
        if tree.depth == 1 and doc is None:
            found = NAMESPACE.fullmatch(name.partition("}")[0]) if "}" in name else None
            if found is None:
                raise fail("This XML is not an ISO 20022 camt.053 statement.", 1)
            if int(found.group(1)) not in VERSIONS:
                raise fail(f"camt.053.001.{found.group(1)} is not a version this program reads.", 1)
            doc = _Doc(found.group(0), tree.lines)
        wanted = {2: "BkToCstmrStmt", 3: "Stmt"}.get(tree.depth)
        if (
            wanted
            and doc is not None
            and tree.last is not None
            and tree.last.tag == doc.tag(wanted)
        ):
            stack.append(tree.last)

    tree.parser.StartElementHandler = started
    tree.on_end = ended
    for piece in pieces(data):
        tree.feed(piece)
        yield from ready
        ready.clear()
    tree.feed(b"", True)
    yield from ready
    if doc is None:
        raise fail("This XML is not an ISO 20022 camt.053 statement.", 1)
    if not state["count"]:
        raise fail("The camt.053 file holds no statement (BkToCstmrStmt/Stmt).")


def _amount(doc: _Doc, element: ET.Element | None) -> tuple[Decimal, str] | None:
    if element is None or not (element.text or "").strip():
        return None
    try:
        value = Decimal((element.text or "").strip())
    except InvalidOperation:
        return None
    if not value.is_finite() or abs(value) > LARGEST:  # larger than arapp keeps: no amount
        return None
    return value, element.get("Ccy", "").upper()


def _entry(
    doc: _Doc, entry: ET.Element, account_currency: str, problems: list[Problem]
) -> list[StatementLine]:
    line = doc.line(entry)
    total = _amount(doc, doc.find(entry, "Amt"))
    sign = doc.text(entry, "CdtDbtInd")
    day_text = doc.text(entry, "BookgDt/Dt", "BookgDt/DtTm")
    try:
        day = date.fromisoformat(day_text[:10])
    except ValueError:
        problems.append(Problem(line, "BookgDt", f"“{day_text}” is not a booking date."))
        day = None
    if total is None:
        problems.append(Problem(line, "Amt", "The entry has no amount."))
    if sign not in ("CRDT", "DBIT"):
        problems.append(Problem(line, "CdtDbtInd", f"“{sign}” is neither CRDT nor DBIT."))
    if day is None or total is None or sign not in ("CRDT", "DBIT"):
        return []
    entry_ref = doc.text(entry, "AcctSvcrRef", "NtryRef")
    details = [tx for d in doc.all(entry, "NtryDtls") for tx in doc.all(d, "TxDtls")]
    if not details:
        reference = doc.text(entry, "AddtlNtryInf")
        return [_make(day, total, sign, account_currency, "", "", reference, entry_ref, line)]
    out = []
    for position, tx in enumerate(details, start=1):
        amount = (
            _amount(doc, doc.find(tx, "Amt"))
            or _amount(doc, doc.find(tx, "AmtDtls/TxAmt/Amt"))
            or (total if len(details) == 1 else None)
        )
        if amount is None:
            problems.append(
                Problem(doc.line(tx), "Amt", "A transaction of a batch entry has no amount.")
            )
            continue
        tx_sign = doc.text(tx, "CdtDbtInd") or sign
        party = "Dbtr" if tx_sign == "CRDT" else "Cdtr"
        name = doc.text(
            tx,
            f"RltdPties/{party}/Nm",
            f"RltdPties/{party}/Pty/Nm",
            f"RltdPties/Ultmt{party}/Nm",
            f"RltdPties/Ultmt{party}/Pty/Nm",
        )
        iban = doc.text(tx, f"RltdPties/{party}Acct/Id/IBAN", f"RltdPties/{party}Acct/Id/Othr/Id")
        remittance = [
            *(u.text or "" for u in doc.all(tx, "RmtInf/Ustrd")),
            *(doc.text(s, "CdtrRefInf/Ref") for s in doc.all(tx, "RmtInf/Strd")),
        ]
        reference = " ".join(r.strip() for r in remittance if r.strip()) or doc.text(
            tx, "AddtlTxInf"
        )
        own = doc.text(tx, "Refs/AcctSvcrRef")
        bank_ref = own or (f"{entry_ref}#{position}" if entry_ref and position > 1 else entry_ref)
        out.append(
            _make(
                day,
                amount,
                tx_sign,
                account_currency,
                name,
                iban,
                reference,
                bank_ref,
                doc.line(tx),
            )
        )
    return out


def _make(
    day: date,
    amount: tuple[Decimal, str],
    sign: str,
    account_currency: str,
    name: str,
    iban: str,
    reference: str,
    bank_ref: str,
    line: int,
) -> StatementLine:
    value, currency = amount
    return StatementLine(
        booking_date=day,
        amount=-abs(value) if sign == "DBIT" else abs(value),
        currency=currency or account_currency,
        counterparty=clean_text(name),
        counterparty_account=clean_account(iban),
        reference=clean_text(reference),
        bank_ref=bank_ref,
        line=line,
    )
