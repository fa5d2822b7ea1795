# SPDX-License-Identifier: MIT
"""Bank statements as CSV: every bank has its own columns, so a mapping says which is which.

A mapping (saved per bank with :mod:`arapp.services.transfer.mappings`, kind ``bank_csv``) is a
small JSON object. Fields name the bank's columns:

``date`` (required), ``amount`` or ``credit``/``debit`` (separate columns for money in and out),
``currency``, ``counterparty``, ``counterparty_account``, ``reference`` (one column or a list,
joined with spaces), ``bank_ref``.

Options say how the file is written:

``delimiter`` (``;``, ``,``, ``tab``, ``|`` or ``auto``, the default), ``decimal`` (``.`` or
``,``), ``thousands`` (``""``, ``.``, ``,``, ``" "`` or ``'``; only used in proper groups of
three), ``date_format`` (``%d.%m.%Y``; default ISO ``%Y-%m-%d``), ``encoding`` (``utf-8``,
``cp1252``, ``latin-1``, ``iso-8859-15``, ``utf-16``), ``skip_lines`` (lines before the header;
by default the header is found as the first line that has the mapped columns),
``fixed_currency`` (when there is no currency column; default the company's) and ``account``
(the account the file is for, when the file does not say).

Rows whose date and amount cells are all empty (blank lines, balance lines at the end) are
skipped; any other row that cannot be read is a problem, and one problem stops the import.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from arapp.domain import csvtext
from arapp.domain.errors import ValidationError
from arapp.domain.money import LARGEST, minor_units, parse_amount
from arapp.services.bank.lines import (
    ParsedStatement,
    StatementError,
    StatementLine,
    check_size,
    clean_account,
    clean_text,
    fail,
)
from arapp.services.errors import InputErrors
from arapp.services.transfer.bulk import Memo
from arapp.services.transfer.csvfile import Problem, Source, head, open_text, pieces

FIELDS = (
    "date",
    "amount",
    "credit",
    "debit",
    "currency",
    "counterparty",
    "counterparty_account",
    "reference",
    "bank_ref",
)
OPTIONS = (
    "delimiter",
    "decimal",
    "thousands",
    "date_format",
    "encoding",
    "skip_lines",
    "fixed_currency",
    "account",
)
#: The delimiter options a mapping may name, in the order ``auto`` tries them.
DELIMITER_OPTIONS = (";", ",", "tab", "|")
THOUSANDS = ("", ".", ",", " ", "'", "\u00a0")
_HEADER_SEARCH = 50


@dataclass(frozen=True)
class CsvMapping:
    """A checked bank CSV mapping (see the module docs for the keys).

    Attributes:
        columns: Our field to the bank's column name; ``reference`` may name several.
        delimiter: The cell separator, or "" to detect it.
        decimal: The decimal mark.
        thousands: The digit-group mark allowed in amounts, or "".
        date_format: A :func:`datetime.strptime` format.
        encoding: A Python codec name.
        skip_lines: Lines before the header, or ``None`` to find the header.
        fixed_currency: The currency of every line when no column gives it, or "".
        account: The account the file is for, or "".
        name: The saved mapping's name, or "".
        lenient: Columns other than date and amount may be missing from the file (the
            default mapping); otherwise a missing column is a mistake in the mapping.
    """

    columns: Mapping[str, tuple[str, ...]]
    delimiter: str = ""
    decimal: str = "."
    thousands: str = ""
    date_format: str = "%Y-%m-%d"
    encoding: str = "utf-8-sig"
    skip_lines: int | None = None
    fixed_currency: str = ""
    account: str = ""
    name: str = ""
    lenient: bool = False

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any], name: str = "") -> CsvMapping:
        """Check a mapping as saved or typed; every mistake is reported at once."""
        errors: list[ValidationError] = []
        unknown = sorted(set(raw) - set(FIELDS) - set(OPTIONS))
        if unknown:
            errors.append(
                ValidationError(
                    "mapping",
                    f"Unknown key(s) {', '.join(unknown)}; "
                    f"use {', '.join(FIELDS)} and {', '.join(OPTIONS)}.",
                )
            )
        columns: dict[str, tuple[str, ...]] = {}
        for field in FIELDS:
            value = raw.get(field)
            names = [value] if isinstance(value, str) else value or []
            if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
                errors.append(ValidationError(field, "Name a column (or, for reference, a list)."))
                continue
            names = [n.strip() for n in names if n.strip()]
            if len(names) > 1 and field != "reference":
                errors.append(ValidationError(field, "Only the reference can join columns."))
            if names:
                columns[field] = tuple(names)
        if "date" not in columns:
            errors.append(ValidationError("date", "Say which column holds the booking date."))
        if "amount" in columns and ({"credit", "debit"} & set(columns)):
            errors.append(ValidationError("amount", "Map either amount or credit/debit."))
        elif not {"amount", "credit", "debit"} & set(columns):
            errors.append(ValidationError("amount", "Say which column holds the amount."))
        delimiter = str(raw.get("delimiter", "auto"))
        if delimiter != "auto" and delimiter not in (*DELIMITER_OPTIONS, "\t"):
            errors.append(ValidationError("delimiter", "Use ; , tab | or auto."))
        decimal = str(raw.get("decimal", "."))
        if decimal not in (".", ","):
            errors.append(ValidationError("decimal", "The decimal mark is . or ,"))
        thousands = str(raw.get("thousands", "," if decimal == "." else "."))
        if thousands not in THOUSANDS or thousands == decimal:
            errors.append(ValidationError("thousands", "Use nothing, . , ' or a space."))
        date_format = str(raw.get("date_format", "%Y-%m-%d"))
        try:
            sample = date(2026, 1, 31).strftime(date_format)
            datetime.strptime(sample, date_format)  # noqa: DTZ007 - dates only
            if "%" not in date_format:
                raise ValueError
        except ValueError:
            errors.append(ValidationError("date_format", f"“{date_format}” is not like %d.%m.%Y"))
        encoding = csvtext.codec(str(raw.get("encoding", "utf-8")))
        if encoding is None:
            known = ", ".join(csvtext.ENCODINGS)
            errors.append(ValidationError("encoding", f"Use one of: {known}."))
        skip = raw.get("skip_lines")
        if skip is not None and (not isinstance(skip, int) or isinstance(skip, bool)):
            errors.append(ValidationError("skip_lines", "Give a whole number of lines."))
        elif skip is not None and not 0 <= skip <= 100:
            errors.append(ValidationError("skip_lines", "Skip 0 to 100 lines."))
        currency = str(raw.get("fixed_currency", "")).strip().upper()
        if currency:
            try:
                minor_units(currency)
            except ValidationError as exc:
                errors.append(ValidationError("fixed_currency", exc.message))
        if errors:
            raise InputErrors(errors)
        return cls(
            columns=columns,
            delimiter="" if delimiter == "auto" else csvtext.delimiter_mark(delimiter),
            decimal=decimal,
            thousands=thousands,
            date_format=date_format,
            encoding=encoding or "utf-8-sig",
            skip_lines=skip,
            fixed_currency=currency,
            account=clean_account(str(raw.get("account", ""))),
            name=name,
        )

    @property
    def required(self) -> tuple[str, ...]:
        """The bank's column names the header must have."""
        keys = [k for k in ("date", "amount", "credit", "debit") if k in self.columns]
        return tuple(self.columns[k][0] for k in keys)


def read_csv(data: bytes, mapping: CsvMapping, default_currency: str) -> ParsedStatement:
    """Read a bank CSV with ``mapping``; raises :class:`StatementError` with every problem."""
    problems: list[Problem] = []
    lines = tuple(csv_lines(data, mapping, default_currency, problems))
    if problems:
        raise StatementError(problems)
    return ParsedStatement("csv", mapping.account, "", lines)


def csv_lines(
    data: Source, mapping: CsvMapping, default_currency: str, problems: list[Problem]
) -> Iterator[StatementLine]:
    """The lines of a bank CSV one at a time, the file read a piece at a time (a path is
    never held whole); the problems of single rows are added to ``problems`` as they are
    found, and the rows after them are still read. What stops the whole file (not text, no
    header, missing columns) raises :class:`StatementError` before the first line."""
    if isinstance(data, bytes):
        check_size(data)
    try:  # every byte first, a piece at a time: a file that is not text is refused whole
        csvtext.check_chunks(pieces(data), mapping.encoding)
    except csvtext.NotText as exc:
        raise fail(
            f"This is not {mapping.encoding} text. Many banks write cp1252: set "
            '"encoding": "cp1252" in the mapping.',
            exc.line,
        ) from exc
    skip, delimiter = _find_header(_first_lines(data, mapping), mapping)
    # the rows are decoded as they are read, never the whole file at once
    with open_text(data, mapping.encoding) as text:
        for _ in range(skip):
            text.readline()
        reader = csv.reader(text, delimiter=delimiter)
        header = [h.strip() for h in next(reader, [])]
        index = {
            field: [header.index(n) for n in names if n in header]
            for field, names in mapping.columns.items()
        }
        missing = [
            name
            for names in mapping.columns.values()
            for name in names
            if name not in header and (name in mapping.required or not mapping.lenient)
        ]
        if missing:
            raise fail(f"Missing column(s): {', '.join(missing)}.", skip + 1)
        currency = mapping.fixed_currency or default_currency
        # a day is read once: a statement's lines share a few hundred dates
        days = Memo(functools.partial(_day, date_format=mapping.date_format))
        last = reader.line_num
        try:
            for cells in reader:
                start, last = skip + last + 1, reader.line_num
                row = _Row(cells, index, start, problems)
                if not any(row.get(f) for f in ("date", "amount", "credit", "debit")):
                    continue
                parsed = _line(row, mapping, currency, days)
                if parsed is not None:
                    yield parsed
        except csv.Error as exc:
            problems.append(Problem(skip + last + 1, "", f"Not valid CSV: {exc}."))


class _Row:
    def __init__(
        self, cells: list[str], index: dict[str, list[int]], line: int, problems: list[Problem]
    ) -> None:
        self.cells, self.index, self.line, self.problems = cells, index, line, problems

    def get(self, field: str) -> str:
        found = [self.cells[i].strip() for i in self.index.get(field, ()) if i < len(self.cells)]
        return " ".join(c for c in found if c)

    def problem(self, field: str, message: str) -> None:
        self.problems.append(Problem(self.line, field, message))


def _line(
    row: _Row, mapping: CsvMapping, currency: str, days: Mapping[str, date | None]
) -> StatementLine | None:
    needed = max(i for ix in row.index.values() for i in ix)
    if len(row.cells) <= needed:
        row.problem("", f"{len(row.cells)} cells; the mapped columns need {needed + 1}.")
        return None
    day = _date(row, mapping.date_format, days)
    if row.index.get("currency"):
        currency = row.get("currency").upper() or currency
    try:
        places = minor_units(currency)
    except ValidationError:
        row.problem("currency", f"“{currency}” is not a currency code.")
        return None
    if "amount" in mapping.columns:
        amount = _amount(row, "amount", mapping)
    else:
        credit = _amount(row, "credit", mapping, empty=True)
        debit = _amount(row, "debit", mapping, empty=True)
        amount = None if credit is None or debit is None else abs(credit) - abs(debit)
    if amount is not None and amount != amount.quantize(Decimal(1).scaleb(-places)):
        row.problem("amount", f"{amount} has more than {places} decimals for {currency}.")
        return None
    if day is None or amount is None:
        return None
    return StatementLine(
        booking_date=day,
        amount=amount,
        currency=currency,
        counterparty=clean_text(row.get("counterparty")),
        counterparty_account=clean_account(row.get("counterparty_account")),
        reference=clean_text(row.get("reference")),
        bank_ref=row.get("bank_ref"),
        line=row.line,
    )


def _day(text: str, date_format: str) -> date | None:
    try:
        return datetime.strptime(text, date_format).date()  # noqa: DTZ007 - a calendar day
    except ValueError:
        return None


def _date(row: _Row, date_format: str, days: Mapping[str, date | None]) -> date | None:
    text = row.get("date")
    day = days[text]
    if day is None:
        shown = date(2026, 1, 31).strftime(date_format)
        row.problem("date", f"“{text}” is not a date written like {shown} ({date_format}).")
    return day


def _amount(row: _Row, field: str, mapping: CsvMapping, empty: bool = False) -> Decimal | None:
    text = row.get(field)
    if not text and empty:
        return Decimal(0)
    value = parse_amount(text, mapping.decimal, mapping.thousands)
    if value is None:
        example = "-1.234,56" if mapping.decimal == "," else "-1,234.56"
        row.problem(field, f"“{text}” is not an amount written like {example}.")
    elif abs(value) > LARGEST:
        row.problem(field, f"“{text}” is larger than arapp keeps: at most {LARGEST:,}.")
        return None
    return value


def _first_lines(data: Source, mapping: CsvMapping) -> list[str]:
    """The lines of the start of ``data`` where the header is looked for (all the lines of a
    short file), as ``str.splitlines`` splits the text."""
    wanted = max(_HEADER_SEARCH, (mapping.skip_lines or 0) + 1)
    size = 64 * 1024
    codec = csvtext.codec(mapping.encoding) or mapping.encoding
    while True:
        start = head(data, size + 1)
        if len(start) <= size:
            return start.decode(codec).splitlines(keepends=True)[:wanted]
        # a character cut at the end of the piece reads as U+FFFD, in a line not kept
        lines = start[:size].decode(codec, errors="replace").splitlines(keepends=True)
        if len(lines) > wanted:  # the last one may be cut, the wanted ones are whole
            return lines[:wanted]
        size *= 4


def auto_delimiters(lines: list[str]) -> list[str]:
    """The delimiters a bank's file may use, the one it seems written with first (a preamble
    of account details above the header allowed)."""
    head = "".join(lines[:_HEADER_SEARCH])
    found = csvtext.detect_delimiter(head, DELIMITER_OPTIONS, preamble=True, rows=_HEADER_SEARCH)
    marks = [csvtext.delimiter_mark(option) for option in DELIMITER_OPTIONS]
    return sorted(marks, key=lambda mark: mark != csvtext.delimiter_mark(found))


def _find_header(lines: list[str], mapping: CsvMapping) -> tuple[int, str]:
    """The number of lines before the header, and the delimiter: the mapping's, or each in
    turn, the one :func:`~arapp.domain.csvtext.detect_delimiter` finds first."""
    choices = [mapping.delimiter] if mapping.delimiter else auto_delimiters(lines)
    rows = (
        range(mapping.skip_lines, mapping.skip_lines + 1)
        if mapping.skip_lines is not None
        else range(min(len(lines), _HEADER_SEARCH))
    )
    for number in rows:
        if number >= len(lines):
            break
        for delimiter in choices:
            cells = {c.strip() for c in next(csv.reader([lines[number]], delimiter=delimiter))}
            if all(name in cells for name in mapping.required):
                return number, delimiter
    if mapping.skip_lines is not None:
        line = lines[mapping.skip_lines] if mapping.skip_lines < len(lines) else ""
        delimiter = max(choices, key=line.count)
        return mapping.skip_lines, delimiter
    raise fail(
        f"No header line with the column(s) {', '.join(mapping.required)} in the first "
        f"{_HEADER_SEARCH} lines. Check the mapping's column names and encoding.",
    )
