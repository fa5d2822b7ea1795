# SPDX-License-Identifier: MIT
"""Printing tables and CSV for the command line, and keeping what reaches a terminal harmless.

Names, numbers and bank counterparties come from people and from outside (a bank statement, an
imported file). Printed as they are, an ESC or OSC sequence in one retitles the terminal, hides a
line or plants a link, a backspace or CR overwrites what the person reads, U+202E reverses it.
:func:`printable` replaces every such character with a visible placeholder, and :func:`main`
(arapp.cli) puts every people-facing line the command line writes through :class:`SafeText`, so no
``print`` can forget it. CSV written to a file or a pipe is data, not text for people, and stays
exact (it is cleaned only when it goes to a terminal).
"""

from __future__ import annotations

import csv
import sys
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from arapp.domain.text import BIDI_CONTROLS, CONTROLS
from arapp.i18n import _

#: The placeholder shown for a character that must not reach a terminal.
PLACEHOLDER = "\ufffd"

_UNSAFE = CONTROLS.replace("\n", "") + BIDI_CONTROLS


def _table(placeholder: str) -> dict[int, str]:
    table = {ord(ch): placeholder for ch in _UNSAFE}
    table[ord("\t")] = " "  # harmless whitespace, kept as such
    return table


_SAFE = _table(PLACEHOLDER)
_SAFE_ASCII = _table("?")


def printable(text: str, *, ascii_placeholder: bool = False) -> str:
    """``text`` with every control character (but newline) and bidi override replaced by a
    visible placeholder; a tab becomes a space."""
    return text.translate(_SAFE_ASCII if ascii_placeholder else _SAFE)


class SafeText:
    """A text stream that writes :func:`printable` text to ``raw``: what the command line's
    ``print`` calls go through. Everything else (``fileno``, ``buffer``, ``isatty``) is ``raw``'s.

    Attributes:
        raw: The stream written to.
    """

    def __init__(self, raw: TextIO) -> None:
        self.raw = raw
        encoding = getattr(raw, "encoding", None) or "utf-8"
        try:
            PLACEHOLDER.encode(encoding)
            self._ascii = False
        except (UnicodeEncodeError, LookupError):
            self._ascii = True  # a console that cannot show U+FFFD shows "?"

    def write(self, text: str) -> int:
        return self.raw.write(printable(text, ascii_placeholder=self._ascii))

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


def data_stream(out: TextIO | None) -> TextIO:
    """Where data (CSV) goes unchanged: ``out``, or standard output without :class:`SafeText`
    unless it is a terminal (a person reads that)."""
    target = out or sys.stdout
    if isinstance(target, SafeText) and not target.raw.isatty():
        return target.raw
    return target


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def print_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    right: Sequence[int] = (),
    out: TextIO | None = None,
) -> None:
    out = out or sys.stdout
    cells = [[" ".join(printable(str(c)).split()) for c in row] for row in rows]
    widths = [max([_width(h)] + [_width(r[i]) for r in cells]) for i, h in enumerate(headers)]

    def line(values: Sequence[str]) -> str:
        parts = []
        for i, value in enumerate(values):
            pad = " " * (widths[i] - _width(value))
            parts.append(pad + value if i in right else value + pad)
        return "  ".join(parts).rstrip()

    out.write(line(headers) + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for row in cells:
        out.write(line(row) + "\n")


def print_fields(
    fields: Sequence[tuple[str, str]], gap: int = 1, out: TextIO | None = None
) -> None:
    """``label: value`` lines, the values lined up ``gap`` spaces after the longest label
    (labels are translated, so their length is not known in advance)."""
    show = field_printer([label for label, _value in fields], gap, out)
    for label, value in fields:
        show(label, value)


def field_printer(
    labels: Sequence[str], gap: int = 1, out: TextIO | None = None
) -> Callable[[str, str], None]:
    """What prints one ``label: value`` line of :func:`print_fields`, the values lined up after
    the longest of ``labels``: for values worked out one after the other, each printed as soon
    as it is known."""
    width = max((_width(_("{label}:").format(label=label)) for label in labels), default=0) + gap

    def show(label: str, value: str) -> None:
        text = _("{label}:").format(label=label)
        (out or sys.stdout).write(text + " " * (width - _width(text)) + f"{value}\n")

    return show


def write_csv(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric: Sequence[int] = (),
    out: TextIO | None = None,
) -> None:
    """CSV with text cells neutralised against formulas (the exports' rule); the ``numeric``
    columns are left as they are, so a credit of ``-15.00`` stays a number."""
    from arapp.services.transfer.csvfile import neutralise  # not at start: it loads the database

    writer = csv.writer(data_stream(out), lineterminator="\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([str(c) if i in numeric else neutralise(str(c)) for i, c in enumerate(row)])
