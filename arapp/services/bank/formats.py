# SPDX-License-Identifier: MIT
"""Which kind of statement a file is, from its content first and its name second."""

from __future__ import annotations

from dataclasses import replace
from pathlib import PurePath

from arapp.services.bank.camt import read_camt053
from arapp.services.bank.csvformat import CsvMapping, read_csv
from arapp.services.bank.lines import ParsedStatement, fail, refuse_dtd
from arapp.services.bank.ofx import read_ofx

_HEAD = 4096


def detect_format(data: bytes, file_name: str = "") -> str:
    """``ofx``, ``camt053`` or ``csv``; raises :class:`~.lines.StatementError` for other XML
    and for XML that declares a DTD or entities.

    OFX 1.x starts with ``OFXHEADER:``, OFX 2.x is XML with an ``<?OFX ...?>`` declaration or an
    ``<OFX>`` root; camt.053 is XML in a ``camt.053`` namespace. Anything else that is not XML
    is taken by its extension (``.ofx``, ``.qfx``, ``.xml``) or else as CSV.
    """
    head = data[:_HEAD].lstrip(b"\xef\xbb\xbf \t\r\n")
    upper = head.upper()
    if upper.startswith(b"OFXHEADER") or b"<?OFX" in upper or b"<OFX>" in upper:
        return "ofx"
    if head.startswith(b"<"):
        refuse_dtd(data)
        if b"camt.053." in head:
            return "camt053"
        for other, what in ((b"camt.052.", "an intraday report"), (b"camt.054.", "a notice")):
            if other in head:
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
