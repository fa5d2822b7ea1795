# SPDX-License-Identifier: MIT
"""The cash-in forecast on 100,000 customers, 1,000,000 invoices and ~1,000,000 payments.

    python -m benchmarks.forecast [--db FILE] [--runs 3]

Reads the big books of :mod:`benchmarks.books` (generated under ``.bench/`` when missing, and
migrated when older: ``--db FILE`` names a copy), and prints, against issue 15's goals:

* the forecast of the next 8 weeks as of the books' last day (<= 2 s): the open invoices, the
  payers' habits, the weekly chances and the simulated range;
* the same with its back-test (four earlier days rerun, each from its own facts: no goal of
  its own, shown beside it);
* the peak memory of the process that did all of it (<= 500 MB).

Everything runs in a fresh child process; each row also says its processor time (all
threads), steadier than the wall clock on a shared machine.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from benchmarks.common import Row, at_most, best_with_cpu, big_books_main, in_child

FORECAST_LIMIT, MEMORY_LIMIT = 2.0, 500.0


def _work(path: str, runs: int) -> list[tuple[str, float, str]]:
    """In the child: ``(what, seconds, note)`` per timed row."""
    from arapp.db.engine import Database
    from arapp.services.context import AppContext
    from arapp.services.forecast import cash_forecast

    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        last = connection.execute("SELECT max(issue_date) FROM invoice").fetchone()[0]
    today = date.fromisoformat(last)
    ctx = AppContext(Database(f"sqlite:///{path}"), today=lambda: today)
    took, report, cpu = best_with_cpu(runs, lambda: cash_forecast(ctx, backtest=False))
    rows = [("Cash-in forecast, 8 weeks", took, f"{_shown(report)}; cpu {cpu:.2f} s")]
    took, tested, cpu = best_with_cpu(1, lambda: cash_forecast(ctx))
    test = tested.backtest  # type: ignore[attr-defined]
    note = (
        f"MAE a week: habits {test.habit_mae}, due dates {test.due_date_mae}; cpu {cpu:.2f} s"
        if test
        else f"no back-test; cpu {cpu:.2f} s"
    )
    rows.append(("Cash-in forecast with its back-test", took, note))
    return rows


def _shown(report: object) -> str:
    weeks = report.weeks  # type: ignore[attr-defined]
    return f"{report.open_count:,} open invoices; week 1 {weeks[0].expected}"  # type: ignore[attr-defined]


def measure(path: Path, runs: int = 3) -> list[Row]:
    """The forecast rows on the books at ``path`` (read only)."""
    timed, peak = in_child(_work, str(path), runs)
    rows = []
    for what, seconds, note in timed:
        if "back-test" in what:
            rows.append(Row(what, seconds, "s", "(no goal)", None, note))
        else:
            rows.append(at_most(what, seconds, "s", FORECAST_LIMIT, note))
    rows.append(at_most("Forecast: peak memory", peak, "MB", MEMORY_LIMIT))
    return rows


def main(argv: list[str] | None = None) -> int:
    return big_books_main(__doc__ or "", measure, argv)


if __name__ == "__main__":
    raise SystemExit(main())
