# SPDX-License-Identifier: MIT
"""Collection KPIs on 100,000 customers, 1,000,000 invoices and ~1,000,000 payments.

    python -m benchmarks.kpis [--db FILE] [--runs 3]

Reads the big books of :mod:`benchmarks.books` (generated under ``.bench/`` when missing;
``--db FILE`` names a copy, the file is only read), and prints, against issue 15's goals:

* the company's KPIs as of the books' last day, and as of a day six months earlier (<= 1 s
  each; the earlier day takes the aging report's rebuild from dated movements);
* the 24-month trend (<= 3 s);
* one customer's KPIs (no goal of its own; shown beside them);
* the peak memory of the process that did all of it (<= 500 MB).

Everything runs in a fresh child process (its peak memory is the row's); each row also says
its processor time (all threads), steadier than the wall clock on a shared machine.
``measure(path)`` gives the rows to :mod:`benchmarks.speed` (section ``kpis``). The trend's last
month must equal the day's KPIs computed alone: a row says whether it does.
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

from benchmarks.common import Row, at_most, best_with_cpu, big_books_main, in_child

DAY_LIMIT, TREND_LIMIT, MEMORY_LIMIT = 1.0, 3.0, 500.0


def _work(path: str, runs: int) -> list[tuple[str, float, str]]:
    """In the child: ``(what, seconds, note)`` per timed row."""
    from arapp.db.engine import Database
    from arapp.services.context import AppContext
    from arapp.services.kpis import kpi_report, kpi_trend

    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        last = connection.execute("SELECT max(issue_date) FROM invoice").fetchone()[0]
        code = connection.execute(
            "SELECT c.code FROM customer c JOIN invoice i ON i.customer_id = c.id"
            " GROUP BY c.id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()[0]
    today = date.fromisoformat(last)
    ctx = AppContext(Database(f"sqlite:///{path}"), today=lambda: today)
    rows = []
    took, report, cpu = best_with_cpu(runs, lambda: kpi_report(ctx))
    rows.append(("KPIs as of a day (the books' last)", took, f"{_shown(report)}; cpu {cpu:.2f} s"))
    earlier = today - timedelta(days=183)
    took, _, cpu = best_with_cpu(runs, lambda: kpi_report(ctx, earlier))
    rows.append(("KPIs as of a day 6 months earlier", took, f"cpu {cpu:.2f} s"))
    took, trend, cpu = best_with_cpu(max(1, runs - 1), lambda: kpi_trend(ctx))
    same = trend[-1].figures == report.figures  # type: ignore[index, union-attr]
    check = "last month = the day alone" if same else "DIFFERS"
    rows.append(("KPIs, 24-month trend", took, f"{check}; cpu {cpu:.2f} s"))
    took, _, cpu = best_with_cpu(runs, lambda: kpi_report(ctx, customer_code=code))
    rows.append((f"KPIs of one customer ({code})", took, f"cpu {cpu:.2f} s"))
    return rows


def _shown(report: object) -> str:
    figures = report.figures  # type: ignore[attr-defined]
    return f"DSO {figures.dso}, CEI {figures.cei_percent} %"


def measure(path: Path, runs: int = 3) -> list[Row]:
    """The KPI rows on the books at ``path`` (read only)."""
    timed, peak = in_child(_work, str(path), runs)
    rows = []
    for what, seconds, note in timed:
        if what.startswith("KPIs of one customer"):
            rows.append(Row(what, seconds, "s", "(no goal)", None, note))
            continue
        limit = TREND_LIMIT if "trend" in what else DAY_LIMIT
        row = at_most(what, seconds, "s", limit, note)
        differs = note.startswith("DIFFERS")
        rows.append(Row(what, seconds, "s", row.goal, False, note) if differs else row)
    rows.append(at_most("KPIs: peak memory", peak, "MB", MEMORY_LIMIT))
    return rows


def main(argv: list[str] | None = None) -> int:
    return big_books_main(__doc__ or "", measure, argv)


if __name__ == "__main__":
    raise SystemExit(main())
