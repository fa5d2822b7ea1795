# SPDX-License-Identifier: MIT
"""The ids of a long list's rows away from the top, read where the view went.

A :class:`~arapp.ui.paged_model.PagedTableModel` of a million rows knows the ids of the rows
read from the top (its head) and of a few *segments* of one chunk each: where the person
pressed Ctrl+End, dragged the scroll bar or jumped to a row. :func:`plan` says how to read a
segment from what is known, the cheapest way first: a seek past the row just before it, a seek
back from the row just after it, back from the end of the list, and only when nothing near is
known, by position from the nearer end (``OFFSET`` over the sort's index).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Seek:
    """How to read the ids of a segment.

    Attributes:
        limit: How many.
        offset: Their position from the start (from the end when ``reverse``); used when
            ``after`` is ``None``.
        after: The id of the row next to them (before them, or after them when ``reverse``).
        reverse: Read in the opposite order (the result then comes last row first).
    """

    limit: int
    offset: int
    after: int | None
    reverse: bool


def plan(first: int, count: int, chunk: int, known: Callable[[int], int | None]) -> Seek | None:
    """How to read rows ``first..`` up to the end of their chunk (or of the list), given the
    ids ``known`` so far by row; ``None`` when there is nothing to read."""
    end = min(first - first % chunk + chunk, count)
    limit = end - first
    if limit <= 0:
        return None
    before, after = known(first - 1), known(end)
    if before is not None:
        return Seek(limit, first, before, False)
    if after is not None:
        return Seek(limit, count - end, after, True)
    if count - end < first:  # nearer the end (Ctrl+End: the very end)
        return Seek(limit, count - end, None, True)
    return Seek(limit, first, None, False)


class Segments:
    """Segments of ids by their first row; at most ``max_segments``, the farthest from the
    latest one dropped first."""

    def __init__(self, max_segments: int) -> None:
        self.max_segments = max_segments
        self._by_first: dict[int, list[int]] = {}

    def __bool__(self) -> bool:
        return bool(self._by_first)

    def items(self) -> list[tuple[int, list[int]]]:
        return list(self._by_first.items())

    def get(self, row: int, chunk: int) -> int | None:
        """The id on ``row`` if a segment holds it."""
        ids = self._by_first.get(row - row % chunk)  # the usual: an aligned segment
        if ids is not None and row % chunk < len(ids):
            return ids[row % chunk]
        for first, ids in self._by_first.items():  # one may start where the head ends
            if 0 <= row - first < len(ids):
                return ids[row - first]
        return None

    def add(self, first: int, ids: list[int]) -> bool:
        """Keep ``ids`` from row ``first``; True if another segment was dropped for room."""
        dropped = len(self._by_first) >= self.max_segments
        if dropped:
            self._by_first.pop(max(self._by_first, key=lambda s: abs(s - first)))
        self._by_first[first] = ids
        return dropped

    def clear(self) -> None:
        self._by_first.clear()

    def cut(self, rows: int) -> None:
        """Forget the segments that start at or past ``rows`` (the list got shorter)."""
        self._by_first = {s: ids for s, ids in self._by_first.items() if s < rows}
