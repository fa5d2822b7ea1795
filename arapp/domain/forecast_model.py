# SPDX-License-Identifier: MIT
"""The forecast's arithmetic (see :mod:`arapp.domain.forecast` for the rules): each open
invoice's chance of being paid in each week, the expected receipts, and the P10-P90 range.

**The range.** A week's total is the sum over the open invoices of their amount when paid in
that week, each invoice drawn independently from its own weekly chances. It is simulated
(:data:`DRAWS` draws, a fixed seed, so the same books give the same range): the
:data:`EXACT_INVOICES` invoices with the largest amounts are drawn one by one (a few amounts
that matter make the range lopsided: a normal curve would hide that), and the sum of all the
others, many small independent parts, is drawn from the normal curve with their mean and
variance (never below zero). The 10th and 90th percentiles of each week's draws are the range.

numpy is imported when a forecast is computed, never when arapp starts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING, Any

from arapp.domain.forecast import LATENESS_BINS, POOL_WEIGHT

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["DRAWS", "EXACT_INVOICES", "SEED", "Habits", "ModelResult", "OpenItems", "forecast"]

#: Draws of the simulated range.
DRAWS = 4000
#: The invoices drawn one by one (the largest amounts); the rest as a normal curve.
EXACT_INVOICES = 300
#: The simulation's seed: the same books give the same range.
SEED = 15


@dataclass(frozen=True)
class Habits:
    """The payers' curves: for each row, a customer, how many of their invoices were paid
    off in the history (unweighted), and the weighted count in each lateness bin of
    :data:`arapp.domain.forecast.LATENESS_BINS`. A customer may have several rows: they add up.

    Attributes:
        rows: ``(customer id, paid, mass per bin...)``.
    """

    rows: Sequence[Sequence[int]]


@dataclass(frozen=True)
class OpenItems:
    """The invoices open on D that are expected (disputes and agency cases left out).

    Attributes:
        customers: Each invoice's customer id.
        ages: Days past due on D (D - due date; negative: not yet due).
        units: What is open of it, in stored units.
    """

    customers: Sequence[int]
    ages: Sequence[int]
    units: Sequence[int]


@dataclass(frozen=True)
class ModelResult:
    """Expected receipts per week and their range, in stored units (not rounded).

    Attributes:
        expected: Per week.
        later: Expected after the last week.
        low: The 10th percentile of each week's total.
        high: The 90th percentile.
    """

    expected: tuple[float, ...]
    later: float
    low: tuple[float, ...]
    high: tuple[float, ...]


def _curves(habits: Habits, customers: Sequence[int]) -> tuple[NDArray[Any], NDArray[Any]]:
    """Each invoice's row in the pooled curves (one row per customer with a history, the last
    row the shop's alone), and the curves as ``(rows, bins)`` chances adding up to one."""
    import numpy as np

    width = len(LATENESS_BINS)
    flat = chain.from_iterable(habits.rows)  # (a list of tuples reads slowly through asarray)
    table = np.fromiter(flat, dtype=float, count=len(habits.rows) * (width + 2))
    table = table.reshape(-1, width + 2)
    ids, where = np.unique(table[:, 0].astype(np.int64), return_inverse=True)
    paid, masses = np.zeros(len(ids)), np.zeros((len(ids), width))
    np.add.at(paid, where, table[:, 1])
    np.add.at(masses, where, table[:, 2:])
    total = masses.sum()
    shop = masses.sum(axis=0) / total if total > 0 else np.zeros(width)
    own_total = masses.sum(axis=1)
    has_own = own_total > 0
    weight = np.where(has_own, paid / (paid + POOL_WEIGHT), 0.0)
    own = masses / np.where(has_own, own_total, 1.0)[:, None]
    rows = np.vstack([weight[:, None] * own + (1 - weight[:, None]) * shop[None, :], shop])
    wanted = np.asarray(customers, dtype=np.int64)
    index = np.clip(np.searchsorted(ids, wanted), 0, max(0, len(ids) - 1))
    found = (ids[index] == wanted) if len(ids) else np.zeros(len(wanted), dtype=bool)
    return np.where(found, index, len(ids)), rows


class _Curves:
    """Each invoice's pooled curve, ready to be read at any lateness (one cumulative sum)."""

    def __init__(self, habits: Habits, customers: Sequence[int]) -> None:
        import numpy as np

        self.index, self.rows = _curves(habits, customers)
        width = self.rows.shape[0]
        self.cumulative = np.concatenate([np.zeros((width, 1)), np.cumsum(self.rows, axis=1)], 1)
        self.lows = np.array([low for low, _ in LATENESS_BINS])
        self.highs = np.array([high for _, high in LATENESS_BINS])

    def cdf(self, lateness: NDArray[Any]) -> NDArray[Any]:
        """P(paid off at most ``lateness`` days after due) for each invoice (days within a bin
        equally likely; before the first bin 0, from the last bin's end 1)."""
        import numpy as np

        lows, highs = self.lows, self.highs
        b = np.clip(np.searchsorted(highs, lateness, side="left"), 0, len(highs) - 1)
        share = np.clip((lateness - lows[b] + 1) / (highs[b] - lows[b] + 1), 0.0, 1.0)
        value = self.cumulative[self.index, b] + self.rows[self.index, b] * share
        value = np.where(lateness < lows[0], 0.0, value)
        return np.where(lateness >= highs[-1], 1.0, np.minimum(value, 1.0))


def _chances(habits: Habits, items: OpenItems, weeks: int) -> NDArray[Any]:
    """``(invoices, weeks + 1)``: each invoice's chance of being paid in each week, and after
    the last (the last column)."""
    import numpy as np

    curves = _Curves(habits, items.customers)
    ages = np.asarray(items.ages, dtype=float)
    passed = curves.cdf(ages)
    bounds = [passed] + [curves.cdf(ages + 7 * k + 6) for k in range(weeks)]
    steps = np.diff(np.stack(bounds, axis=1), axis=1)
    left = 1.0 - passed
    known = left > 1e-12
    out = np.zeros((len(ages), weeks + 1))
    out[known, :weeks] = np.maximum(steps[known], 0.0) / left[known, None]
    out[:, weeks] = 1.0 - out[:, :weeks].sum(axis=1)
    return np.clip(out, 0.0, 1.0)


def forecast(habits: Habits, items: OpenItems, weeks: int) -> ModelResult:
    """The expected receipts of ``items`` per week for ``weeks`` weeks, and their range."""
    import numpy as np

    if not len(items.units):
        zero = (0.0,) * weeks
        return ModelResult(zero, 0.0, zero, zero)
    chances = _chances(habits, items, weeks)
    units = np.asarray(items.units, dtype=float)
    expected = units @ chances
    rng = np.random.default_rng(SEED)
    order = np.argsort(-units, kind="stable")
    exact, rest = order[:EXACT_INVOICES], order[EXACT_INVOICES:]
    draws = np.zeros((weeks, DRAWS))
    # the largest invoices one by one: each draw picks the week it is paid in (or later)
    cumulative = np.cumsum(chances[exact], axis=1)
    picks = (rng.random((len(exact), DRAWS))[:, :, None] > cumulative[:, None, :]).sum(axis=2)
    for k in range(weeks):
        draws[k] = ((picks == k) * units[exact, None]).sum(axis=0)
    if len(rest):
        p = chances[rest, :weeks]
        mean = units[rest] @ p
        spread = np.sqrt((units[rest] ** 2) @ (p * (1 - p)))
        draws += np.maximum(rng.normal(mean[:, None], spread[:, None], (weeks, DRAWS)), 0.0)
    low, high = np.percentile(draws, [10, 90], axis=1)
    return ModelResult(
        tuple(float(x) for x in expected[:weeks]),
        float(expected[weeks]),
        tuple(float(x) for x in low),
        tuple(float(x) for x in high),
    )
