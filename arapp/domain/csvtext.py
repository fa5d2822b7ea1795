# SPDX-License-Identifier: MIT
"""The rules for reading CSV text, shared by the imports and the bank statements.

A CSV file arrives as bytes written by a spreadsheet or a bank. Three things must be known
before its cells mean anything, and each is decided here once:

* the **encoding**: UTF-8 (a byte order mark at the start is dropped), or one the person or a
  bank mapping names, such as ``cp1252`` (what Excel and many banks write in Western Europe).
  :func:`decode` says on which line a file stops being text of that encoding;
* the **delimiter**: comma, semicolon, tab (or a vertical bar, which some banks use), by the
  option names saved mappings use (:data:`DELIMITERS`); :func:`detect_delimiter` reads the
  header and the first rows as CSV with each and keeps the one that splits them most evenly;
* the **decimal mark** of numbers: :func:`mark_of` tells whether a cell reads only with ``.``
  or only with ``,`` (``12,50`` and ``1,234.50`` decide; ``1,234`` and ``12`` do not), with
  :func:`arapp.domain.money.parse_amount`.

Pure functions over bytes and text: the callers keep the file and say what went wrong in
their own words. A big file need not be held whole: :func:`check_chunks` finds the first line
that is not text of the encoding while the bytes stream by, a piece at a time.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

from arapp.domain.money import parse_amount

#: Encoding options (as typed or saved) to the codec that reads them; UTF-8 drops a BOM.
ENCODINGS = {
    "utf-8": "utf-8-sig",
    "utf8": "utf-8-sig",
    "cp1252": "cp1252",
    "windows-1252": "cp1252",
    "latin-1": "latin-1",
    "latin1": "latin-1",
    "iso-8859-1": "latin-1",
    "iso-8859-15": "iso8859-15",
    "utf-16": "utf-16",
}
#: Delimiter options (as typed or saved) to the character between cells.
DELIMITERS = {",": ",", ";": ";", "tab": "\t", "|": "|"}
#: How many rows after the header, and how much of the start of a file, decide the delimiter.
SNIFF_ROWS, SNIFF_BYTES = 20, 64 * 1024
#: The decimal marks, by their option names.
DECIMALS = (".", ",")
#: The thousands mark that goes with each decimal mark.
THOUSANDS = {".": ",", ",": "."}

_PLAIN_NUMBER = re.compile(r"\s*[-+]?[0-9][0-9.,]*\s*").fullmatch


class NotText(ValueError):
    """Bytes that are not text of the encoding they were read with.

    Attributes:
        codec: The codec that could not read them.
        line: The line (from 1) where the first byte it could not read is.
    """

    def __init__(self, codec: str, line: int) -> None:
        super().__init__(f"not {codec} text from line {line}")
        self.codec = codec
        self.line = line


def codec(encoding: str) -> str | None:
    """The codec of an encoding option (``utf-8``, ``CP1252``...), or ``None`` if unknown."""
    return ENCODINGS.get(encoding.strip().lower())


def decode(data: bytes, encoding: str = "utf-8") -> str:
    """``data`` as text of ``encoding`` (an option of :data:`ENCODINGS` or a codec).

    Raises:
        NotText: with the line of the first byte that is not text of that encoding.
    """
    name = codec(encoding) or encoding
    try:
        return data.decode(name)
    except UnicodeDecodeError as exc:
        raise NotText(name, data[: exc.start].count(b"\n") + 1) from None


def check_chunks(chunks: Iterable[bytes], encoding: str = "utf-8") -> None:
    """Read the pieces of a file, in their order, as text of ``encoding`` and keep nothing.

    Raises:
        NotText: with the line of the first byte that is not text of that encoding (what
            :func:`decode` says for the whole file).
    """
    name = codec(encoding) or encoding
    decoder = codecs.getincrementaldecoder(name)()
    line = 1
    for chunk in chunks:
        pending = decoder.getstate()[0]  # the start of a character cut at the last piece
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError as exc:
            raise NotText(name, line + (pending + chunk)[: exc.start].count(b"\n")) from None
        line += chunk.count(b"\n")
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise NotText(name, line) from None


def guess_encoding(data: bytes) -> str:
    """``utf-8`` when ``data`` (perhaps the cut start of a file) reads as UTF-8, else
    ``cp1252``, which reads any bytes."""
    try:
        codecs.getincrementaldecoder("utf-8-sig")().decode(data, final=False)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def sample(data: bytes, encoding: str = "utf-8", size: int = SNIFF_BYTES) -> str:
    """The start of ``data`` as text, for guessing: bytes the encoding cannot read are
    replaced, and a last line cut short is left out."""
    cut = len(data) > size
    text = data[:size].decode(codec(encoding) or encoding, errors="replace")
    if cut:
        text = text[: text.rfind("\n") + 1] or text
    return text


def delimiter_mark(option: str) -> str:
    """The character of a delimiter option (a tab may be given as itself).

    Raises:
        KeyError: for an option not in :data:`DELIMITERS`.
    """
    return "\t" if option == "\t" else DELIMITERS[option]


def delimiter_option(mark: str) -> str:
    """The option name of a delimiter character (``tab`` for a tab)."""
    return next(option for option, m in DELIMITERS.items() if m == mark)


def detect_delimiter(
    text: str,
    options: Sequence[str] = (",", ";", "tab"),
    preamble: bool = False,
    rows: int = SNIFF_ROWS,
) -> str:
    """The option of ``options`` that ``text`` (the start of a file) seems written with.

    Each is tried on the header and up to ``rows`` rows after it, read as CSV (so a delimiter
    inside a quoted cell does not count). The header is the first row, or with ``preamble``
    (a bank's account details above it) the first of the most cells. The best option splits
    the header into two or more columns, then gives most rows the header's number of cells,
    then starts fewest cells with a space (", " is punctuation in text, not a separator), then
    gives the most columns; a tie (or a file of one column) is the first of ``options``.
    """
    best, best_score = options[0], (False, 0.0, 0.0, 0)
    for option in options:
        records = _first_records(text, delimiter_mark(option), rows)
        if not records:
            continue
        widths = [len(r) for r in records]
        at = widths.index(max(widths)) if preamble else 0
        width, body = widths[at], widths[at + 1 :]
        fits = sum(w == width for w in body) / len(body) if body else 1.0
        cells = [c for r in records[at:] for c in r]
        spaced = sum(c[:1].isspace() for c in cells) / len(cells)
        score = (width > 1, fits, -spaced, width)
        if score > best_score:
            best, best_score = option, score
    return best


def _first_records(text: str, mark: str, rows: int) -> list[list[str]]:
    """Up to ``rows`` + 1 non-blank records of ``text`` split at ``mark``."""
    records: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=mark)
    try:
        for cells in reader:
            if "".join(cells).strip():
                records.append(cells)
                if len(records) > rows:
                    break
    except csv.Error:  # broken quoting, or a quoted cell cut at the end of the sample
        pass
    return records


def read_decimal(text: str, decimal: str) -> Decimal | None:
    """``text`` as a plain number written with the decimal mark ``decimal``, or ``None``.

    Only digits, a leading sign and the two marks: no currency symbols or brackets; the
    thousands mark (the other one) only in groups of three.
    """
    if not _PLAIN_NUMBER(text):
        return None
    return parse_amount(text, decimal, THOUSANDS[decimal])


def mark_of(text: str, plain: bool = True) -> str | None:
    """``.`` or ``,`` when ``text`` reads as a number with only that decimal mark; ``None``
    when it reads both ways (``1,234``, ``12``) or neither.

    ``plain`` numbers are digits, a sign and the marks (:func:`read_decimal`); otherwise
    anything :func:`~arapp.domain.money.parse_amount` reads (``EUR 1.234,56-``) counts.
    """
    if plain:
        point, comma = read_decimal(text, "."), read_decimal(text, ",")
    else:
        point, comma = parse_amount(text, ".", ","), parse_amount(text, ",", ".")
    if (point is None) == (comma is None):
        return None
    return "." if point is not None else ","
