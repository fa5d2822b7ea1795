# SPDX-License-Identifier: MIT
"""Which kind of statement a file is, from its content first and its name second."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import PurePath

from arapp.services.bank.camt import camt053_items, read_camt053
from arapp.services.bank.csvformat import CsvMapping, csv_lines, read_csv
from arapp.services.bank.lines import ParsedStatement, StatementLine, check_size, fail, refuse_dtd
from arapp.services.bank.ofx import ofx_items, read_ofx
from arapp.services.transfer.csvfile import Problem, Source, head

_HEAD = 4096
#: The start of a file searched for a DTD when the file is read as a stream.
_PROLOG = 1024 * 1024


def detect_format(data: Source, file_name: str = "") -> str:
    """``ofx``, ``camt053`` or ``csv``; raises :class:`~.lines.StatementError` for other XML
    and for XML that declares a DTD or entities.

    OFX 1.x starts with ``OFXHEADER:``, OFX 2.x is XML with an ``<?OFX ...?>`` declaration or an
    ``<OFX>`` root; camt.053 is XML in a ``camt.053`` namespace. Anything else that is not XML
    is taken by its extension (``.ofx``, ``.qfx``, ``.xml``) or else as CSV.
    """
    start = head(data, _HEAD).lstrip(b"\xef\xbb\xbf \t\r\n")
    upper = start.upper()
    if upper.startswith(b"OFXHEADER") or b"<?OFX" in upper or b"<OFX>" in upper:
        return "ofx"
    if start.startswith(b"<"):
        # a DTD comes before the root element; the camt.053 reader refuses one anywhere
        refuse_dtd(data if isinstance(data, bytes) else head(data, _PROLOG))
        if b"camt.053." in start:
            return "camt053"
        for other, what in ((b"camt.052.", "an intraday report"), (b"camt.054.", "a notice")):
            if other in start:
                raise fail(
                    f"This is a camt.{other[5:8].decode()} file ({what}), not a statement. "
                    "Import the camt.053 end-of-day statement instead."
                )
        raise fail("This XML file is neither a camt.053 statement nor OFX.")
    suffix = PurePath(file_name).suffix.lower()
    if suffix in (".ofx", ".qfx"):
        return "ofx"
    if suffix == ".xml":
        return "camt053"
    return "csv"


def parse_statement(
    data: bytes,
    file_name: str = "",
    mapping: CsvMapping | None = None,
    default_currency: str = "EUR",
) -> list[ParsedStatement]:
    """The statements in a file of any supported format (CSV needs ``mapping`` or the
    default one: columns named as our fields)."""
    kind = detect_format(data, file_name)
    if kind == "ofx":
        return read_ofx(data)
    if kind == "camt053":
        return read_camt053(data)
    return [read_csv(data, mapping or default_csv_mapping(), default_currency)]


def default_csv_mapping() -> CsvMapping:
    """Columns named as our fields (date, amount, currency, ...), ISO dates."""
    fields = ("date", "amount", "currency", "counterparty", "counterparty_account")
    mapping = CsvMapping.from_dict({f: f for f in (*fields, "reference", "bank_ref")})
    return replace(mapping, lenient=True)


@dataclass(frozen=True)
class StatementHead:
    """A statement of a file, met before its lines (see :func:`statement_items`).

    Attributes:
        account: The account the file names for it (IBAN or number), or "".
        reference: The statement's own id or period, or "".
    """

    account: str
    reference: str


def statement_items(
    data: Source,
    kind: str,
    mapping: CsvMapping | None,
    default_currency: str,
    problems: list[Problem],
) -> Iterator[StatementHead | StatementLine]:
    """The statements of a file of ``kind`` (:func:`detect_format`) as a stream: each
    statement's :class:`StatementHead`, then its lines, in file order.

    Every format is read a piece at a time, the problems of single rows added to ``problems``
    while the rows after them are still read; what stops the whole file raises
    :class:`~.lines.StatementError`.
    """
    if kind == "csv":
        chosen = mapping or default_csv_mapping()
        yield StatementHead(chosen.account, "")
        yield from csv_lines(data, chosen, default_currency, problems)
        return
    if isinstance(data, bytes):
        check_size(data)
    read = camt053_items if kind == "camt053" else ofx_items
    for item in read(data, problems):
        if isinstance(item, ParsedStatement):
            yield StatementHead(item.account, item.reference)
        else:
            yield item
