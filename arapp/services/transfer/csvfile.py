# SPDX-License-Identifier: MIT
"""Reading and writing the canonical CSV files: UTF-8 with a header, ISO dates, ``.`` decimals.

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
from typing import Any

MAX_BYTES = 32 * 1024 * 1024
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

COLUMNS = {
    "customers": ("code", "name", "email", "phone", "address", "terms", "credit_limit", "currency"),
    "invoices": (
        "number",
        "customer_code",
        "issue_date",
        "due_date",
        "currency",
        "description",
        "quantity",
        "unit_price",
        "tax_rate",
    ),
    "payments": ("date", "customer_code", "amount", "method", "reference", "invoice_number"),
}
OPTIONAL = {
    "customers": {"email", "phone", "address", "terms", "credit_limit", "currency"},
    "invoices": {"due_date", "currency", "tax_rate"},
    "payments": {"reference", "invoice_number", "method"},
}


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


def neutralise(value: str) -> str:
    return "'" + value if value.startswith((*FORMULA_START, "'")) else value


def restore(value: str) -> str:
    if value.startswith("'") and value[1:].startswith((*FORMULA_START, "'")):
        return value[1:]
    return value


def read_rows(
    data: bytes, kind: str, column_map: dict[str, str] | None = None
) -> tuple[list[tuple[int, dict[str, str]]], list[Problem]]:
    """Rows as ``(line, {canonical column: text})``, or the problems that stop the whole file."""
    cells, problems = read_cells(data, kind, column_map)
    present = [(i, c) for i, c in enumerate(COLUMNS[kind]) if c in cells.columns]
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
    data: bytes, kind: str, column_map: dict[str, str] | None = None
) -> tuple[Cells, list[Problem]]:
    """:func:`read_rows` for big files: ``(line, texts)`` one row at a time, the texts in the
    order of ``COLUMNS[kind]`` ("" for a column the file does not have).

    The problems list holds what stops the whole file at once; problems of single rows (a
    wrong number of cells, broken quoting) are added to it while the rows are read.
    """
    if len(data) > MAX_BYTES:
        return _no_rows(), [
            Problem(
                0,
                "",
                f"The file is {len(data) / 1_048_576:.1f} MB; an import "
                f"takes at most {MAX_BYTES // 1_048_576} MB. Split it.",
            )
        ]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return _no_rows(), [
            Problem(
                line,
                "",
                'This is not UTF-8 text. Save the file as "CSV UTF-8" and import it again.',
            )
        ]
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        return _no_rows(), [Problem(0, "", "The file is empty.")]
    mapping = {
        canonical: (column_map or {}).get(canonical, canonical) for canonical in COLUMNS[kind]
    }
    missing = [c for c, name in mapping.items() if name not in header and c not in OPTIONAL[kind]]
    if missing:
        return _no_rows(), [
            Problem(
                1,
                "",
                f"Missing column(s): {', '.join(missing)}. Expected: {','.join(COLUMNS[kind])}.",
            )
        ]
    # A column the file lacks reads the "" appended to every row (at index len(header)).
    index = [header.index(name) if name in header else len(header) for name in mapping.values()]
    present = frozenset(c for c, name in mapping.items() if name in header)
    problems: list[Problem] = []
    return Cells(_rows(reader, len(header), itemgetter(*index), problems), present), problems


def _rows(
    reader: Any, width: int, pick: Callable[[list[str]], tuple[str, ...]], problems: list[Problem]
) -> Iterator[tuple[int, tuple[str, ...]]]:
    last = reader.line_num
    try:
        for cells in reader:
            start, last = last + 1, reader.line_num
            if not "".join(cells).strip():  # a blank row
                continue
            if len(cells) != width:
                problems.append(
                    Problem(start, "", f"{len(cells)} cells where the header has {width}.")
                )
                continue
            cells.append("")
            values = pick(cells)
            if "\0'" in "\0" + "\0".join(values):  # some text starts with an apostrophe
                values = tuple(map(restore, values))
            yield start, values
    except csv.Error as exc:
        problems.append(Problem(last + 1, "", f"Not valid CSV: {exc}."))


def _no_rows() -> Cells:
    return Cells(iter(()), frozenset())


def write_rows(kind: str, rows: Iterable[Sequence[str]], numeric: set[str]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    columns = COLUMNS[kind]
    writer.writerow(columns)
    for row in rows:
        writer.writerow(
            [cell if columns[i] in numeric else neutralise(cell) for i, cell in enumerate(row)]
        )
    return out.getvalue().encode("utf-8")
