# SPDX-License-Identifier: MIT
"""Gaps in a run of document numbers: ``INV-2026-00001``, ``INV-2026-00003`` misses ``…00002``.

Numbers are grouped by what surrounds their last run of digits (``INV-2026-`` and the text after
it), so each year of a ``{year}`` pattern, and numbers of an older pattern, are their own runs;
within a run every number from the lowest to the highest must be there.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from arapp.i18n import _, ngettext

_LAST_DIGITS = re.compile(r"^(?P<head>.*?)(?P<digits>\d+)(?P<tail>\D*)$")
#: A run missing more numbers than this is reported by its first ones and a count.
SHOWN = 5


def number_gaps(numbers: Iterable[str]) -> list[str]:
    """One sentence per run with missing numbers, naming them (the first :data:`SHOWN`)."""
    runs: dict[tuple[str, str], set[int]] = defaultdict(set)
    widths: dict[tuple[str, str], int] = defaultdict(int)
    for number in numbers:
        found = _LAST_DIGITS.match(number)
        if found is None:
            continue
        key, digits = (found["head"], found["tail"]), found["digits"]
        runs[key].add(int(digits))
        if digits.startswith("0"):  # zero-padded: the missing ones are written the same way
            widths[key] = max(widths[key], len(digits))
    gaps = []
    for (head, tail), seen in sorted(runs.items()):
        width = widths[(head, tail)]
        missing = [n for n in range(min(seen), max(seen) + 1) if n not in seen]
        if not missing:
            continue
        names = [_name(head, tail, width, n) for n in missing]
        shown = ", ".join(names[:SHOWN])
        low, high = (_name(head, tail, width, n) for n in (min(seen), max(seen)))
        if len(names) > SHOWN:
            # Translators: {numbers} are the first five missing invoice numbers.
            gap = _("{numbers} and {more} more are missing between {low} and {high}").format(
                numbers=shown, more=len(names) - SHOWN, low=low, high=high
            )
        else:
            gap = ngettext(
                "{numbers} is missing between {low} and {high}",
                "{numbers} are missing between {low} and {high}",
                len(names),
            ).format(numbers=shown, low=low, high=high)
        gaps.append(gap)
    return gaps


def _name(head: str, tail: str, width: int, number: int) -> str:
    return f"{head}{number:0{width}d}{tail}" if width else f"{head}{number}{tail}"
