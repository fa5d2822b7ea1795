# SPDX-License-Identifier: MIT
"""A first look at a bank CSV, before it has a mapping: its columns and a guess at the mapping.

The screen that maps a bank's columns shows the file's column names in its boxes; they come
from :func:`preview_csv`, which finds the header line (the first line with as many cells as
the widest line near the top, so a preamble of account details is skipped), the delimiter and
the encoding, and guesses which column is which from common names in English, German and
French, and how dates and amounts are written from the first rows.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from arapp.domain import csvtext
from arapp.services.bank.csvformat import DELIMITER_OPTIONS, auto_delimiters

_LOOK = 50
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%m/%d/%Y", "%d-%m-%Y", "%d.%m.%y", "%Y%m%d")
_NAMES: dict[str, tuple[str, ...]] = {
    "date": ("buchungstag", "booking date", "date", "datum", "posting date", "date opération"),
    "amount": ("betrag", "amount", "umsatz", "montant"),
    "credit": ("credit", "haben", "gutschrift", "crédit"),
    "debit": ("debit", "soll", "lastschrift", "débit"),
    "currency": ("währung", "waehrung", "currency", "ccy", "devise"),
    "counterparty": (
        "auftraggeber/empfänger",
        "beguenstigter/zahlungspflichtiger",
        "name",
        "payee",
        "payer",
        "counterparty",
        "empfänger",
        "auftraggeber",
    ),
    "counterparty_account": ("iban", "counterparty account", "kontonummer", "account"),
    "reference": ("verwendungszweck", "reference", "memo", "purpose", "libellé", "description"),
    "bank_ref": ("transaction id", "bank reference", "id"),
}


@dataclass(frozen=True)
class CsvPreview:
    """What a bank CSV looks like.

    Attributes:
        columns: The header's column names, in file order ("" when none was found).
        samples: The first data row's cell under each column name.
        delimiter: The delimiter option found (``;``, ``,``, ``tab`` or ``|``).
        encoding: The encoding option that reads the file.
        guess: A mapping dict guessed from the names and the first rows (see
            :mod:`.csvformat`); the options are only set where the rows told.
    """

    columns: tuple[str, ...]
    samples: dict[str, str] = field(default_factory=dict)
    delimiter: str = "auto"
    encoding: str = "utf-8"
    guess: dict[str, Any] = field(default_factory=dict)


def _decode(data: bytes, encoding: str) -> tuple[str, str]:
    if encoding == "auto":
        encoding = csvtext.guess_encoding(data)
    known = encoding if csvtext.codec(encoding) else "utf-8"
    return csvtext.sample(data, known, len(data)), encoding


def _cells(line: str, delimiter: str) -> list[str]:
    return [c.strip() for c in next(csv.reader([line], delimiter=delimiter), [])]


def preview_csv(data: bytes, encoding: str = "auto", delimiter: str = "auto") -> CsvPreview:
    """The columns of a bank CSV and a guessed mapping (``auto`` finds encoding or delimiter)."""
    text, encoding = _decode(data[:256_000], encoding)
    lines = text.splitlines(keepends=True)[:_LOOK]
    known = delimiter in DELIMITER_OPTIONS or delimiter == "\t"
    best = csvtext.delimiter_mark(delimiter) if known else auto_delimiters(lines)[0]
    rows = [_cells(line, best) for line in lines]
    best_width = max(
        (len(r) for r, line in zip(rows, lines, strict=True) if line.strip()), default=0
    )
    header_at = next((n for n, r in enumerate(rows) if len(r) == best_width and all(r)), None)
    if header_at is None:
        return CsvPreview((), {}, csvtext.delimiter_option(best), encoding)
    header = tuple(rows[header_at])
    body = [r for r in rows[header_at + 1 :] if len(r) == len(header)]
    samples = dict(zip(header, body[0], strict=True)) if body else {}
    guess = _guess(header, body)
    return CsvPreview(header, samples, csvtext.delimiter_option(best), encoding, guess)


def _guess(header: tuple[str, ...], body: list[list[str]]) -> dict[str, Any]:
    folded = [h.casefold() for h in header]
    guess: dict[str, Any] = {}
    taken: set[int] = set()
    for key, words in _NAMES.items():
        for word in words:
            found = next((n for n, h in enumerate(folded) if h == word and n not in taken), None)
            if found is not None:
                guess[key] = header[found]
                taken.add(found)
                break
    if "amount" in guess or not ("credit" in guess and "debit" in guess):
        guess.pop("credit", None)
        guess.pop("debit", None)
    column = {h: n for n, h in enumerate(header)}
    if "date" in guess:
        days = [r[column[guess["date"]]] for r in body[:20] if r[column[guess["date"]]]]
        for fmt in DATE_FORMATS:
            if days and all(_reads(d, fmt) for d in days):
                guess["date_format"] = fmt
                break
    money = [guess[k] for k in ("amount", "credit", "debit") if k in guess]
    amounts = [r[column[m]] for r in body[:20] for m in money if r[column[m]]]
    if {csvtext.mark_of(a, plain=False) for a in amounts} - {None} == {","}:
        guess["decimal"] = ","
    return guess


def _reads(text: str, fmt: str) -> bool:
    try:
        datetime.strptime(text, fmt)  # noqa: DTZ007 - a calendar day
    except ValueError:
        return False
    return True
