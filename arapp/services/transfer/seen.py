# SPDX-License-Identifier: MIT
"""Codes already seen in a file, kept on disk: a file of a million customers is checked for a
code on two lines without holding a million codes in memory.

The codes go to a throw-away SQLite file of the standard library (not the books: a check
writes nothing there), with the line each was first seen on; the file is deleted at the end.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType

#: Codes looked up per statement (well below SQLite's limit on parameters).
_LOOKUP = 500


def batch_codes(batch: Sequence[tuple[int, tuple[str, ...]]], index: int) -> list[tuple[str, int]]:
    """``(code, line)`` of the rows of ``batch`` with a code in cell ``index`` (stripped and
    upper-cased, as codes are compared), in their order."""
    found = []
    for line, values in batch:
        code = values[index].strip().upper()
        if code:
            found.append((code, line))
    return found


class SeenCodes:
    """The first line of every code added so far (use it in a ``with`` block)."""

    def __init__(self) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="arapp-seen-")
        self._db = sqlite3.connect(Path(self._folder.name) / "seen.sqlite3")
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("PRAGMA synchronous = OFF")
        self._db.execute("CREATE TABLE seen (code TEXT PRIMARY KEY, line INTEGER) WITHOUT ROWID")

    def add(self, codes: Iterable[tuple[str, int]]) -> dict[str, int]:
        """Add ``(code, line)`` pairs (in the order of the file, after those added before);
        returns each code's first line in the file so far."""
        first: dict[str, int] = {}
        for code, line in codes:
            first.setdefault(code, line)
        keys = list(first)
        for start in range(0, len(keys), _LOOKUP):
            chunk = keys[start : start + _LOOKUP]
            marks = ", ".join("?" * len(chunk))
            first.update(
                self._db.execute(f"SELECT code, line FROM seen WHERE code IN ({marks})", chunk)
            )
        self._db.executemany("INSERT OR IGNORE INTO seen VALUES (?, ?)", first.items())
        return first

    def close(self) -> None:
        self._db.close()
        self._folder.cleanup()

    def __enter__(self) -> SeenCodes:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
