# SPDX-License-Identifier: MIT
"""Early warnings on 100,000 customers and 1,000,000 invoices.

    python -m benchmarks.alerts [--db FILE] [--runs 2]

Reads the big books of :mod:`benchmarks.books` (``--db FILE`` names a copy; the file is only
read, so the dismissed/snoozed state, which needs migration 0027, is not read: every alert
counts) and prints the time of :func:`arapp.services.alerts.alerts` as of the books' last day
and as of a day six months earlier, with how many alerts of each kind it found, and the peak
memory of the process.
"""

from __future__ import annotations

import argparse
import resource
import sqlite3
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

DEFAULT = Path(".bench/books-100000-1000000.sqlite")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, default=DEFAULT)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    from arapp.db.engine import Database
    from arapp.services.alerts import alerts
    from arapp.services.context import AppContext

    path = str(args.db)
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        last = connection.execute("SELECT max(issue_date) FROM invoice").fetchone()[0]
    today = date.fromisoformat(last)
    ctx = AppContext(Database(f"sqlite:///{path}"), today=lambda: today)
    for label, day in (
        ("the books' last day", today),
        ("6 months earlier", today - timedelta(183)),
    ):
        best, cpu_best, found = float("inf"), float("inf"), None
        for _ in range(max(1, args.runs)):
            began, cpu = time.perf_counter(), time.process_time()
            found = alerts(ctx, day, everything=True)
            best = min(best, time.perf_counter() - began)
            cpu_best = min(cpu_best, time.process_time() - cpu)
        assert found is not None
        kinds = Counter(a.kind.value for a in found.alerts)
        print(f"alerts as of {label} ({day}): {best:.2f} s (cpu {cpu_best:.2f} s), "
              f"{len(found.alerts)} alerts: {dict(sorted(kinds.items()))}")  # fmt: skip
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:.0f} MB")


if __name__ == "__main__":
    main()
