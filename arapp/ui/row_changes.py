# SPDX-License-Identifier: MIT
"""Turning "the ids were A, now they are B" into few row removals and insertions.

The rows whose relative order did not change (a longest increasing subsequence of their old
positions) stay where they are; every other row is removed or inserted, in runs.
"""

from __future__ import annotations


def runs(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted row numbers as (first, last) runs: [1, 2, 3, 7] -> [(1, 3), (7, 7)]."""
    found: list[tuple[int, int]] = []
    for row in rows:
        if found and found[-1][1] == row - 1:
            found[-1] = (found[-1][0], row)
        else:
            found.append((row, row))
    return found


def longest_increasing(values: list[int]) -> list[int]:
    """One longest strictly increasing subsequence of ``values`` (O(n log n))."""
    tails: list[int] = []  # tails[k]: index in values of the smallest tail of a run of k+1
    before: list[int] = [-1] * len(values)
    for n, value in enumerate(values):
        k = _bisect(values, tails, value)
        if k > 0:
            before[n] = tails[k - 1]
        if k == len(tails):
            tails.append(n)
        else:
            tails[k] = n
    out: list[int] = []
    at = tails[-1] if tails else -1
    while at >= 0:
        out.append(values[at])
        at = before[at]
    return out[::-1]


def _bisect(values: list[int], tails: list[int], value: int) -> int:
    lo, hi = 0, len(tails)
    while lo < hi:
        mid = (lo + hi) // 2
        if values[tails[mid]] < value:
            lo = mid + 1
        else:
            hi = mid
    return lo
