# SPDX-License-Identifier: MIT
"""What every speed benchmark shares: a row of the table, timing, memory and the machine's load.

A row pairs a figure with its goal, and, where the issue compares, with a baseline measured in
the same run (empty books, a hello-world window, plain SQL, plain smtplib): on a shared machine
the ratio says more than the seconds. Measuring functions return :class:`Row` (or the
``(what, figure, goal, passed)`` tuples :func:`rows_of` accepts) and never print.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

_T = TypeVar("_T")


@dataclass(frozen=True)
class Row:
    """One line of the speed table.

    Attributes:
        what: The issue's row, such as "aging as of today".
        figure: What was measured, in ``unit``.
        unit: "s", "ms", "MB", "x" (a ratio), "msg/s", "rows/s".
        goal: The goal in words, such as "<= 1.2x".
        passed: Whether the figure meets the goal; ``None`` for a row shown beside the judged
            ones (no goal of its own).
        baseline: What the figure is compared with, and its own figure ("empty books 0.9 s");
            empty for an absolute goal.
        ratio: figure / baseline, when there is a baseline.
    """

    what: str
    figure: float
    unit: str
    goal: str
    passed: bool | None
    baseline: str = ""
    ratio: float | None = None


def at_most(what: str, figure: float, unit: str, limit: float, baseline: str = "") -> Row:
    """A row whose goal is ``figure <= limit``."""
    return Row(what, figure, unit, f"<= {show(limit, unit)}", figure <= limit, baseline)


def at_least(what: str, figure: float, unit: str, limit: float, baseline: str = "") -> Row:
    """A row whose goal is ``figure >= limit``."""
    return Row(what, figure, unit, f">= {show(limit, unit)}", figure >= limit, baseline)


def compared(
    what: str,
    figure: float,
    unit: str,
    base: float,
    base_name: str,
    max_ratio: float,
    limit: float | None = None,
) -> Row:
    """A row whose goal is ``figure / base <= max_ratio`` (and ``figure <= limit`` if given)."""
    ratio = figure / base if base else float("inf")
    goal = f"<= {max_ratio:g}x {base_name}"
    passed = ratio <= max_ratio
    if limit is not None:
        goal = f"<= {show(limit, unit)} and {goal}"
        passed = passed and figure <= limit
    return Row(what, figure, unit, goal, passed, f"{base_name} {show(base, unit)}", ratio)


def rows_of(items: Iterable[Row | tuple[Any, ...]]) -> list[Row]:
    """Rows from a measuring function: :class:`Row` as they are, ``(what, figure, goal,
    passed)`` tuples (the figure as text or a number) as rows without a unit."""
    rows = []
    for item in items:
        if isinstance(item, Row):
            rows.append(item)
        else:
            what, figure, goal, passed = item
            # a baseline or a row shown beside the judged ones is not judged itself
            judged = None if goal in (None, "-", "baseline") else bool(passed)
            goal = "-" if goal is None else str(goal)
            if isinstance(figure, str):
                rows.append(Row(what, float("nan"), figure, goal, judged))
            else:
                rows.append(Row(what, float(figure), "", goal, judged))
    return rows


def show(value: float, unit: str) -> str:
    """``value`` for people: 3 significant figures, then the unit."""
    if value != value:  # NaN: the unit carries the figure as text
        return unit
    if unit == "x":
        return f"{value:.2f}x"
    if unit in ("msg/s", "rows/s") or abs(value) >= 100:
        return f"{value:,.0f} {unit}".strip()
    return f"{value:.3g} {unit}".strip()


def table(rows: Sequence[Row], markdown: bool = False) -> str:
    """The rows as a table: what | baseline | figure | ratio | goal | pass/fail."""
    head = ("what", "baseline", "figure", "ratio", "goal", "pass/fail")
    body = [
        (
            r.what,
            r.baseline or "-",
            show(r.figure, r.unit),
            "-" if r.ratio is None else f"{r.ratio:.2f}x",
            r.goal,
            "-" if r.passed is None else "pass" if r.passed else "FAIL",
        )
        for r in rows
    ]
    if markdown:
        lines = [f"| {' | '.join(head)} |", f"|{'---|' * len(head)}"]
        lines += [f"| {' | '.join(cells)} |" for cells in body]
        return "\n".join(lines)
    widths = [max(len(c[i]) for c in [head, *body]) for i in range(len(head))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()
                     for cells in [head, *body])  # fmt: skip


def machine() -> str:
    """The load averages and CPU count, to print next to every table."""
    one, five, fifteen = os.getloadavg()
    return f"load {one:.1f} / {five:.1f} / {fifteen:.1f} (1/5/15 min) on {os.cpu_count()} CPUs"


def best_of(runs: int, run: Callable[[], object]) -> float:
    """The shortest of ``runs`` wall times of ``run()``, in seconds."""
    best = float("inf")
    for _ in range(max(1, runs)):
        began = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - began)
    return best


def best_with_cpu(runs: int, run: Callable[[], _T]) -> tuple[float, _T, float]:
    """The best wall time of ``runs`` runs of ``run()``, the last result, and the best
    processor time (all threads: steadier than the wall on a shared machine)."""
    best, cpu = float("inf"), float("inf")
    for _ in range(max(1, runs)):
        began, began_cpu = time.perf_counter(), time.process_time()
        result = run()
        best = min(best, time.perf_counter() - began)
        cpu = min(cpu, time.process_time() - began_cpu)
    return best, result, cpu


def times_of(runs: Iterable[Callable[[], object]]) -> list[float]:
    """The wall time of each of ``runs``, in seconds."""
    spent = []
    for run in runs:
        began = time.perf_counter()
        run()
        spent.append(time.perf_counter() - began)
    return spent


def percentile(values: Sequence[float], percent: float) -> float:
    """The ``percent`` percentile of ``values`` (inclusive method; one value is itself)."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(percent) - 1]


def peak_mb() -> float:
    """This process's peak resident memory so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _with_peak(function: Callable[..., _T], args: tuple[Any, ...]) -> tuple[_T, float]:
    return function(*args), peak_mb()


def in_child(function: Callable[..., _T], *args: Any) -> tuple[_T, float]:
    """``function(*args)`` in a fresh child process: (its result, the child's peak MB).

    ``function`` must be importable (a module-level function): the child is a new process."""
    spawn = multiprocessing.get_context("spawn")  # a fork would start at this process's peak
    with ProcessPoolExecutor(1, mp_context=spawn) as child:
        return child.submit(_with_peak, function, args).result()


def copy_of(path: Path, folder: Path) -> Path:
    """A copy of the SQLite file ``path`` in ``folder`` (a ``copy-`` of it when ``path`` lives
    there itself), for a benchmark that writes."""
    import shutil

    target = folder / path.name
    if target.resolve() == path.resolve():
        target = folder / f"copy-{path.name}"
    shutil.copyfile(path, target)
    return target


def in_date_order(rows: list[tuple[Any, ...]], day_at: int = 3) -> list[tuple[Any, ...]]:
    """``rows`` (number first, issue date at ``day_at``) with the same numbers given out in
    date order, as the app numbers (numbers follow dates); the rows keep their places."""
    numbers = sorted(row[0] for row in rows)
    by_day = sorted(range(len(rows)), key=lambda i: (rows[i][day_at], i))
    out = list(rows)
    for number, i in zip(numbers, by_day, strict=True):
        out[i] = (number, *rows[i][1:])
    return out


def big_books_main(
    doc: str, measure: Callable[[Path, int], list[Row]], argv: list[str] | None, runs: int = 3
) -> int:
    """The command line of a benchmark measured on the big books (``--db``, ``--customers``,
    ``--invoices``, ``--runs``): the books (generated when missing), the rows, the load."""
    import argparse

    from benchmarks.books import books

    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--db", type=Path, help="the big books (generated when missing)")
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--invoices", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=runs, help=f"best of how many ({runs})")
    args = parser.parse_args(argv)
    path = books(args.db, args.customers, args.invoices, args.invoices)
    before = machine()
    rows = measure(path, args.runs)
    print(f"{path.name}; best of {args.runs}\nbefore: {before}\nafter:  {machine()}\n")
    print(table(rows))
    return 0
