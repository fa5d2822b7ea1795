# SPDX-License-Identifier: MIT
"""The decimal mark of an import file: ``1,234.50`` (``.``) or ``1.234,50`` (``,``).

A spreadsheet saved with a German or French locale writes ``12,50`` and ``1.234,50``. The mark
is chosen by the person (or a saved mapping, key ``"decimal"``), or detected here from the
numeric cells of the first rows (:func:`detect_decimal`):

* a cell that reads only one way (``12,50``, ``1.234,50``, ``3.5``, ``1,234.50``) decides;
* when none does (``1,234`` could be either, ``12`` is the same both ways), ``.`` is assumed,
  or ``,`` when the columns are separated by semicolons;
* cells that decide for both marks contradict each other: a :class:`Problem` with the line,
  so the import is refused instead of reading some amounts a thousand times too big or small.

The thousands mark is the other one, accepted only in groups of three
(:func:`arapp.domain.csvtext.read_decimal`; :func:`~arapp.domain.csvtext.mark_of` says which
mark a cell decides for, for the bank CSV statements too).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice

from arapp.domain.csvtext import DECIMALS, mark_of
from arapp.services.transfer.csvfile import (
    COLUMNS,
    Problem,
    Source,
    delimiter_mark,
    detect_delimiter,
    read_cells,
)

#: How people see each mark.
EXAMPLES = {".": "1,234.50", ",": "1.234,50"}
#: The numeric columns of each import.
NUMERIC = {
    "customers": ("credit_limit",),
    "invoices": ("quantity", "unit_price", "tax_rate"),
    "payments": ("amount",),
}
#: How many rows decide the mark.
DETECT_ROWS = 1_000


def check_decimal_option(decimal: str) -> str:
    """The mark ``decimal`` (``.`` or ``,``); :class:`ValueError` for anything else."""
    if decimal not in DECIMALS:
        raise ValueError(f"Unknown decimal mark {decimal!r}: . or ,")
    return decimal


@dataclass(frozen=True)
class DecimalGuess:
    """The decimal mark detected in a file.

    Attributes:
        mark: ``.`` or ``,``.
        source: ``detected`` (cells that read only one way decided) or ``assumed`` (none did).
        problems: Cells that contradict each other, with their lines; empty when none do.
    """

    mark: str
    source: str
    problems: tuple[Problem, ...] = ()


def detect_decimal(
    data: Source,
    kind: str,
    column_map: dict[str, str] | None = None,
    delimiter: str | None = None,
    encoding: str = "utf-8",
) -> DecimalGuess:
    """The decimal mark of the numeric columns of the first :data:`DETECT_ROWS` rows."""
    delimiter = delimiter if delimiter is not None else detect_delimiter(data, encoding)
    fallback = "," if delimiter_mark(delimiter) == ";" else "."
    cells, _problems = read_cells(data, kind, column_map, delimiter, encoding=encoding)
    at = [(COLUMNS[kind].index(c), c) for c in NUMERIC[kind] if c in cells.columns]
    first: dict[str, tuple[int, str, str]] = {}  # mark: (line, column, text) deciding for it
    clash: tuple[int, str, str, str] | None = None
    for line, values in islice(cells, DETECT_ROWS):
        for i, column in at:
            text = values[i].strip().rstrip("% ")
            if not text:
                continue
            mark = mark_of(text)
            if mark is None:  # both ways (or neither): undecided
                continue
            first.setdefault(mark, (line, column, text))
            if len(first) == 2 and clash is None:
                clash = (line, column, text, mark)
        if clash is not None:
            break
    if clash is None:
        if first:
            return DecimalGuess(next(iter(first)), "detected")
        return DecimalGuess(fallback, "assumed")
    line, column, text, mark = clash
    other = "," if mark == "." else "."
    seen_line, _seen_column, seen = first[other]
    message = (
        f"“{text}” is written like {EXAMPLES[mark]}, but “{seen}” on line {seen_line} like "
        f"{EXAMPLES[other]}: choose the decimal mark, or write every number the same way."
    )
    return DecimalGuess(next(iter(first)), "detected", (Problem(line, column, message),))


def decimal_for(
    data: Source,
    kind: str,
    column_map: dict[str, str] | None,
    delimiter: str | None,
    decimal: str | None,
    encoding: str = "utf-8",
) -> tuple[str, list[Problem]]:
    """The mark to read ``data`` with: ``decimal`` when given, else detected with its
    problems."""
    if decimal is not None:
        return check_decimal_option(decimal), []
    guess = detect_decimal(data, kind, column_map, delimiter, encoding)
    return guess.mark, list(guess.problems)
