# SPDX-License-Identifier: MIT
"""Reading and writing the canonical CSV files: UTF-8 with a header, ISO dates, ``.`` decimals.

Files are written with commas. They are read separated by commas, semicolons (a spreadsheet
saved with a German or French locale) or tabs: :func:`detect_delimiter` decides from the header
line and the first rows, quoted cells allowed, unless the caller names the delimiter. They are
read as UTF-8 (a byte order mark dropped) unless the caller names another encoding such as
``cp1252``. Both rules are those of :mod:`arapp.domain.csvtext`, which the bank statements share.

A file is its bytes, or its path (:data:`Source`): a path is read a piece at a time, as the rows
are needed, so a file of a million rows is never held whole, and it may be bigger than the
:data:`MAX_BYTES` that bytes held in memory may be. Each reading opens it again: an import reads
it once to check every row and once more to write them.

Cells a spreadsheet would run as a formula (starting with ``= + - @``, tab or carriage return)
are written with a leading apostrophe; a leading apostrophe of the original text is doubled, so
reading the file back gives exactly what was written (:func:`neutralise` / :func:`restore`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import IO, Any

from arapp.domain import csvtext
from arapp.services.errors import ServiceError
from arapp.services.transfer.formats import BOOKS_ONLY, columns_of, optional_of
from arapp.services.transfer.formats import COLUMNS as COLUMNS  # where the importers look
from arapp.services.transfer.formats import OPTIONAL as OPTIONAL

#: The most bytes of a file held in memory an import takes (a file read from its path streams).
MAX_BYTES = 32 * 1024 * 1024
#: Bytes read from a file at a time.
PIECE = 1024 * 1024
#: The delimiters read, by the name options and saved mappings use for them.
DELIMITERS = {option: csvtext.DELIMITERS[option] for option in (",", ";", "tab")}
#: Rows read or checked between two looks at the caller's ``stop``.
STOP_EVERY = 1_000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Problem:
    """Why one row (or the file) cannot be imported.

    Attributes:
        line: Line in the file where the row starts (1 is the header, 0 the whole file).
        column: The column at fault, or "".
        message: What is wrong, for people.
    """

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "file"
        return f"{where}{f', {self.column}' if self.column else ''}: {self.message}"


class ImportStopped(ServiceError):
    """The caller's ``stop`` said to stop while the rows were read or checked; nothing was
    written."""

    def __init__(self) -> None:
        super().__init__("The check was stopped; nothing was written.")


Source = bytes | Path
"""A CSV file to read: its bytes, or its path (read a piece at a time, see the module)."""


def open_source(source: Source) -> IO[bytes]:
    """``source`` opened for reading bytes (the caller closes it)."""
    return io.BytesIO(source) if isinstance(source, bytes) else source.open("rb")


def head(source: Source, size: int) -> bytes:
    """The first ``size`` bytes of ``source`` (all of a shorter file)."""
    if isinstance(source, bytes):
        return source[:size]
    with source.open("rb") as file:
        return file.read(size)


def pieces(source: Source) -> Iterator[bytes]:
    """The bytes of ``source`` in pieces of at most :data:`PIECE`."""
    if isinstance(source, bytes):
        for start in range(0, len(source), PIECE):
            yield source[start : start + PIECE]
        return
    with source.open("rb") as file:
        while piece := file.read(PIECE):
            yield piece


def count_lines(source: Source) -> int:
    """How many line ends ``source`` has (about its rows: a quoted cell may hold some too)."""
    return sum(piece.count(b"\n") for piece in pieces(source))


def open_text(source: Source, encoding: str) -> IO[str]:
    """``source`` as text of ``encoding`` with line ends kept as they are, as :mod:`csv`
    wants it; read a piece at a time."""
    name = csvtext.codec(encoding) or encoding
    return io.TextIOWrapper(open_source(source), encoding=name, newline="")


Stop = Callable[[], bool]
"""Asked every :data:`STOP_EVERY` rows while rows are read and checked: ``True`` stops with
:class:`ImportStopped`."""


def stoppable(rows: Iterable[Any], stop: Stop | None) -> Iterator[Any]:
    """``rows``, asking ``stop`` before the first and then every :data:`STOP_EVERY` rows."""
    if stop is None:
        return iter(rows)  # no generator in between: a row costs no extra step
    return _asking(rows, stop)


def _asking(rows: Iterable[Any], stop: Stop) -> Iterator[Any]:
    for n, row in enumerate(rows):
        if n % STOP_EVERY == 0 and stop():
            raise ImportStopped
        yield row


def delimiter_mark(delimiter: str) -> str:
    """The character of a delimiter option (``,``, ``;``, ``tab`` or a tab itself)."""
    if delimiter not in DELIMITERS and delimiter != "\t":
        known = ", ".join(DELIMITERS)
        raise ValueError(f"Unknown delimiter {delimiter!r}: one of {known}.")
    return csvtext.delimiter_mark(delimiter)


def detect_delimiter(data: Source, encoding: str = "utf-8") -> str:
    """The delimiter option (``,``, ``;`` or ``tab``) the file seems to be written with, by
    :func:`arapp.domain.csvtext.detect_delimiter`; a tie (or one column) is a comma."""
    start = head(data, csvtext.SNIFF_BYTES + 1)  # one more: the sample knows it is cut
    return csvtext.detect_delimiter(csvtext.sample(start, encoding), tuple(DELIMITERS))


def not_text(encoding: str) -> str:
    """What to tell people about a file that is not text of ``encoding``."""
    if csvtext.codec(encoding) == "utf-8-sig":
        return 'This is not UTF-8 text. Save the file as "CSV UTF-8" and import it again.'
    return f"This is not {encoding} text. Choose the encoding the file was saved with."


def neutralise(value: str) -> str:
    return "'" + value if value.startswith((*FORMULA_START, "'")) else value


def restore(value: str) -> str:
    if value.startswith("'") and value[1:].startswith((*FORMULA_START, "'")):
        return value[1:]
    return value


def read_rows(
    data: Source,
    kind: str,
    column_map: dict[str, str] | None = None,
    delimiter: str | None = None,
    stop: Stop | None = None,
    encoding: str = "utf-8",
) -> tuple[list[tuple[int, dict[str, str]]], list[Problem]]:
    """Rows as ``(line, {canonical column: text})``, or the problems that stop the whole file.

    ``delimiter`` is an option of :data:`DELIMITERS`; ``None`` detects it
    (:func:`detect_delimiter`). ``stop`` is asked while the rows are read (:data:`Stop`).
    ``encoding`` is an option of :data:`arapp.domain.csvtext.ENCODINGS`.
    """
    cells, problems = read_cells(data, kind, column_map, delimiter, stop, encoding)
    present = [(i, c) for i, c in enumerate(columns_of(kind)) if c in cells.columns]
    rows = [(line, {c: values[i] for i, c in present}) for line, values in cells]
    return rows, problems


class Cells:
    """The rows of a file, read one at a time (see :func:`read_cells`).

    Attributes:
        columns: The canonical columns the file has.
    """

    def __init__(self, rows: Iterator[tuple[int, tuple[str, ...]]], columns: frozenset[str]):
        self._rows = rows
        self.columns = columns

    def __iter__(self) -> Iterator[tuple[int, tuple[str, ...]]]:
        return self._rows


def read_cells(
    data: Source,
    kind: str,
    column_map: dict[str, str] | None = None,
    delimiter: str | None = None,
    stop: Stop | None = None,
    encoding: str = "utf-8",
) -> tuple[Cells, list[Problem]]:
    """:func:`read_rows` for big files: ``(line, texts)`` one row at a time, the texts in the
    order of ``COLUMNS[kind]`` ("" for a column the file does not have).

    The problems list holds what stops the whole file at once; problems of single rows (a
    wrong number of cells, broken quoting) are added to it while the rows are read.
    ``delimiter``, ``stop`` and ``encoding`` are as in :func:`read_rows`.
    """
    if delimiter is None:
        delimiter = detect_delimiter(data, encoding)
    mark = delimiter_mark(delimiter)
    if isinstance(data, bytes) and len(data) > MAX_BYTES:
        return _no_rows(), [
            Problem(
                0,
                "",
                f"The file is {len(data) / 1_048_576:.1f} MB; an import "
                f"takes at most {MAX_BYTES // 1_048_576} MB. Split it.",
            )
        ]
    try:  # the whole file first: one that is not text is refused before any row is read
        csvtext.check_chunks(pieces(data), encoding)
    except csvtext.NotText as exc:
        return _no_rows(), [Problem(exc.line, "", not_text(encoding))]
    with open_text(data, encoding) as text:
        try:
            header = [h.strip() for h in next(csv.reader(text, delimiter=mark))]
        except StopIteration:
            return _no_rows(), [Problem(0, "", "The file is empty.")]
        except csv.Error as exc:  # a header cell over csv's field limit, say
            return _no_rows(), [Problem(1, "", not_csv(exc))]
    columns = columns_of(kind)
    mapping = {canonical: (column_map or {}).get(canonical, canonical) for canonical in columns}
    missing = [
        c for c, name in mapping.items() if name not in header and c not in optional_of(kind)
    ]
    if missing:
        return _no_rows(), [
            Problem(
                1,
                "",
                f"Missing column(s): {', '.join(missing)}. Expected: {','.join(columns)}.",
            )
        ]
    books_only = BOOKS_ONLY.get(kind, "")
    if books_only in header and books_only not in (column_map or {}).values():
        return _no_rows(), [
            Problem(
                1,
                books_only,
                "This file is part of exported books (credit notes, voids, reversals): "
                "import its folder with arapp import all FOLDER.",
            )
        ]
    # A column the file lacks reads the "" appended to every row (at index len(header)).
    index = [header.index(name) if name in header else len(header) for name in mapping.values()]
    present = frozenset(c for c, name in mapping.items() if name in header)
    problems: list[Problem] = []
    rows = _rows(data, encoding, mark, len(header), itemgetter(*index), problems, stop)
    return Cells(rows, present), problems


def _rows(
    data: Source,
    encoding: str,
    mark: str,
    width: int,
    pick: Callable[[list[str]], tuple[str, ...]],
    problems: list[Problem],
    stop: Stop | None,
) -> Iterator[tuple[int, tuple[str, ...]]]:
    """The rows after the header, the file opened when the first is asked for and closed after
    the last (or when the caller drops them)."""
    with open_text(data, encoding) as text:
        reader = csv.reader(text, delimiter=mark)
        try:
            next(reader)  # the header, read before
        except (StopIteration, csv.Error):
            return
        last = reader.line_num
        try:
            for cells in stoppable(reader, stop):
                start, last = last + 1, reader.line_num
                joined = "".join(cells)
                if not joined.strip():  # a blank row
                    continue
                if len(cells) != width:
                    problems.append(
                        Problem(start, "", f"{len(cells)} cells where the header has {width}.")
                    )
                    continue
                if "\0" in joined:  # SQLite would keep it, PostgreSQL refuses it mid-import
                    column = next(i for i, c in enumerate(cells, start=1) if "\0" in c)
                    problems.append(Problem(start, "", f"Cell {column} holds a NUL character."))
                    continue
                cells.append("")
                values = pick(cells)
                if "\0'" in "\0" + "\0".join(values):  # some text starts with an apostrophe
                    values = tuple(map(restore, values))
                yield start, values
        except csv.Error as exc:
            problems.append(Problem(last + 1, "", not_csv(exc)))


def not_csv(exc: csv.Error) -> str:
    """What a :class:`csv.Error` means, in one sentence."""
    if "field larger than field limit" in str(exc):
        return (
            f"A cell is longer than {csv.field_size_limit():,} characters, the most one may hold."
        )
    return f"Not valid CSV: {exc}."


def _no_rows() -> Cells:
    return Cells(iter(()), frozenset())


def write_rows(kind: str, rows: Iterable[Sequence[str]], numeric: set[str]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    columns = columns_of(kind)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(
            [cell if columns[i] in numeric else neutralise(cell) for i, cell in enumerate(row)]
        )
    return out.getvalue().encode("utf-8")
