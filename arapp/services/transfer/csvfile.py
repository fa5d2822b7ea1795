# SPDX-License-Identifier: MIT
"""Reading and writing the canonical CSV files: UTF-8 with a header, ISO dates, ``.`` decimals.

Cells a spreadsheet would run as a formula (starting with ``= + - @``, tab or carriage return)
are written with a leading apostrophe; a leading apostrophe of the original text is doubled, so
reading the file back gives exactly what was written (:func:`neutralise` / :func:`restore`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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
    if len(data) > MAX_BYTES:
        return [], [
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
        return [], [
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
        return [], [Problem(0, "", "The file is empty.")]
    mapping = {
        canonical: (column_map or {}).get(canonical, canonical) for canonical in COLUMNS[kind]
    }
    missing = [c for c, name in mapping.items() if name not in header and c not in OPTIONAL[kind]]
    if missing:
        return [], [
            Problem(
                1,
                "",
                f"Missing column(s): {', '.join(missing)}. Expected: {','.join(COLUMNS[kind])}.",
            )
        ]
    index = {c: header.index(name) for c, name in mapping.items() if name in header}
    rows: list[tuple[int, dict[str, str]]] = []
    problems: list[Problem] = []
    last = reader.line_num
    try:
        for cells in reader:
            start, last = last + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(header):
                problems.append(
                    Problem(start, "", f"{len(cells)} cells where the header has {len(header)}.")
                )
                continue
            rows.append((start, {c: restore(cells[i]) for c, i in index.items()}))
    except csv.Error as exc:
        problems.append(Problem(last + 1, "", f"Not valid CSV: {exc}."))
    return rows, problems


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
