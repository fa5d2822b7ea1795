# SPDX-License-Identifier: MIT
"""What the CSV imports share: the report, and checking rows while collecting every problem."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from arapp.domain.csvtext import read_decimal
from arapp.domain.errors import ValidationError
from arapp.domain.money import check_size, to_decimal
from arapp.services.transfer.csvfile import Problem

Found = tuple[tuple[str, str], ...]
"""Problems of one cell: (column, message) each."""


@dataclass(frozen=True)
class ImportReport:
    """What an import did, or would do.

    Attributes:
        kind: customers, invoices or payments.
        rows: Rows read.
        created: Records written (0 when refused or a dry run).
        problems: Every problem found; empty when the import is good.
        dry_run: Checked only.
    """

    kind: str
    rows: int
    created: int
    problems: tuple[Problem, ...]
    dry_run: bool

    @property
    def ok(self) -> bool:
        return not self.problems


#: Problems of rows listed at most; the others are counted (a file of a million bad rows).
MAX_PROBLEMS = 1_000


class Rows:
    """Collects problems while checking rows: the first :data:`MAX_PROBLEMS`, and how many more.

    Attributes:
        problems: The problems listed, in the order found.
        unlisted: How many more were found.
    """

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.unlisted = 0

    def add(self, line: int, column: str, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(line, column, message))
        else:
            self.unlisted += 1

    def extend(self, line: int, found: Found) -> None:
        for column, message in found:
            self.add(line, column, message)

    def listed(self) -> list[Problem]:
        """The problems, and one more saying how many were not listed (if any were not)."""
        if not self.unlisted:
            return list(self.problems)
        more = f"{self.unlisted} more problem(s) not listed: correct these and check again."
        return [*self.problems, Problem(0, "", more)]

    def decimal(
        self, line: int, column: str, text: str, places: int | None = None, mark: str = "."
    ) -> Decimal | None:
        value = read_number(text, places, mark)
        if isinstance(value, str):
            self.add(line, column, value)
            return None
        return value

    def day(self, line: int, column: str, text: str) -> date | None:
        try:
            return date.fromisoformat(text.strip())
        except ValueError:
            self.add(line, column, not_a_date(text))
            return None


def not_a_date(text: str) -> str:
    return f"“{text}” is not a date (write it as YYYY-MM-DD)."


def read_number(text: str, places: int | None, mark: str = ".") -> Decimal | str:
    """The number in ``text``, or what is wrong with it (more than ``places`` decimals...).

    ``mark`` is the decimal mark, ``.`` or ``,``; the other one may group thousands
    (:func:`arapp.domain.csvtext.read_decimal`).
    """
    if mark == ".":
        plain = _PLAIN(text)  # most cells: read at once, nothing can be wrong with them
        if plain is not None and (places is None or len(plain[1] or "") <= places):
            return _sized(Decimal(text), text)
    value: Decimal | None = None
    if mark == ".":  # as it always was, and then 1,234.50 too
        try:
            value = to_decimal(text)
        except ValidationError:
            value = None
    if value is None:
        value = read_decimal(text, mark)
    if value is None:
        example = "1234.50" if mark == "." else "1234,50"
        return f"“{text}” is not a number (write it like {example})."
    sized = _sized(value, text)  # first: quantize cannot take 1E+30 to 6 places
    if isinstance(sized, str):
        return sized
    if places is not None and value != value.quantize(Decimal(1).scaleb(-places)):
        return f"{text} has more than {places} decimals."
    return value


def _sized(value: Decimal, text: str) -> Decimal | str:
    """``value``, or the sentence saying it is larger than arapp keeps (:data:`LARGEST`)."""
    try:
        return check_size(value, shown=text)
    except ValidationError as exc:
        return f"{exc.message}."


#: Digits, maybe a minus and a point: at most 18 digits before the point and 6 after it, which
#: any decimal context holds exactly.
_PLAIN = re.compile(r"-?[0-9]{1,18}(?:\.([0-9]{0,6}))?").fullmatch


def report(kind: str, rows: int, created: int, problems: list[Problem], dry: bool) -> ImportReport:
    return ImportReport(kind, rows, 0 if problems else created, tuple(problems), dry)
