# SPDX-License-Identifier: MIT
"""The late-payment risk model on 100,000 customers, 1,000,000 invoices and ~1,000,000 payments.

    python -m benchmarks.risk [--db FILE] [--runs 2]

Reads the big books of :mod:`benchmarks.books` (generated under ``.bench/`` when missing;
``--db FILE`` names a copy, the file is only read) and prints, against issue 15's goals:

* training the model (<= 10 s): reading the facts as of the books' last day in SQL, indexing
  them and fitting and calibrating the regression; the reading and the fitting are shown apart;
* scoring every customer (<= 2 s): their features as of that day, the score, the three
  reasons in words and the segment, from the trained model and the indexed facts;
* the back-test on the last six months (no goal; its figures are shown);
* the peak memory of the process that did all of it (<= 500 MB).

Everything runs in a fresh child process (its peak memory is the row's); each row also says
its processor time, steadier than the wall clock on a shared machine.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from benchmarks.common import Row, at_most, big_books_main, in_child

TRAIN_LIMIT, SCORE_LIMIT, MEMORY_LIMIT = 10.0, 2.0, 500.0


def _timed(run: Callable[[], Any]) -> tuple[float, float, Any]:
    began, began_cpu = time.perf_counter(), time.process_time()
    result = run()
    return time.perf_counter() - began, time.process_time() - began_cpu, result


def _work(path: str, runs: int) -> list[tuple[str, float, str]]:
    """In the child: ``(what, seconds, note)`` per timed row (the best of ``runs``)."""
    from arapp.db.engine import Database
    from arapp.domain.risk_model import backtest
    from arapp.services.risk import score_customers, train_model
    from arapp.services.risk_facts import customers_issued, day_number, read_history

    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        last = connection.execute("SELECT max(issue_date) FROM invoice").fetchone()[0]
    today = date.fromisoformat(last)
    db = Database(f"sqlite:///{path}")
    best: dict[str, tuple[float, float]] = {}
    note: dict[str, str] = {}

    def keep(what: str, wall: float, cpu: float) -> None:
        old = best.get(what)
        best[what] = (min(wall, old[0]), min(cpu, old[1])) if old else (wall, cpu)

    def read() -> Any:
        with db.read() as session:
            return read_history(session, today), customers_issued(session, today)

    for _ in range(max(1, runs)):
        read_s, read_cpu, ((history, ids), who) = _timed(read)
        fit_s, fit_cpu, (index, model) = _timed(partial(train_model, history, today))
        keep("read", read_s, read_cpu)
        keep("fit", fit_s, fit_cpu)
        keep("train", read_s + fit_s, read_cpu + fit_cpu)
        score_s, score_cpu, rows = _timed(partial(score_customers, index, model, ids, who, today))
        keep("score", score_s, score_cpu)
        test_s, test_cpu, test = _timed(partial(backtest, index, day_number(today)))
        keep("backtest", test_s, test_cpu)
        sizes = len(history.customer), model.examples, len(rows)
        del history, ids, who, index, model, rows  # the next run starts from nothing
    note["train"] = (
        f"{sizes[0]:,} invoices, {sizes[1]:,} learned from; read "
        f"{best['read'][0]:.2f} s + fit {best['fit'][0]:.2f} s; cpu {best['train'][1]:.2f} s"
    )
    note["score"] = (
        f"{sizes[2]:,} customers with reasons and segments; cpu {best['score'][1]:.2f} s"
    )
    note["backtest"] = (
        f"AUC {test.auc:.3f} (plain late rate {test.plain_auc:.3f}), worst tenth "
        f"{test.worst_gap:.1f} points, {test.tested:,} invoices; cpu {best['backtest'][1]:.2f} s"
    )
    return [
        ("Risk: training the model (read facts + fit)", best["train"][0], note["train"]),
        ("Risk: scoring every customer", best["score"][0], note["score"]),
        ("Risk: back-test on the last 6 months", best["backtest"][0], note["backtest"]),
    ]


def measure(path: Path, runs: int = 2) -> list[Row]:
    """The risk rows on the books at ``path`` (read only)."""
    timed, peak = in_child(_work, str(path), runs)
    rows = []
    for what, seconds, note in timed:
        if "back-test" in what:
            rows.append(Row(what, seconds, "s", "(no goal)", None, note))
        else:
            limit = TRAIN_LIMIT if "training" in what else SCORE_LIMIT
            rows.append(at_most(what, seconds, "s", limit, note))
    rows.append(at_most("Risk: peak memory", peak, "MB", MEMORY_LIMIT))
    return rows


def main(argv: list[str] | None = None) -> int:
    return big_books_main(__doc__ or "", measure, argv, runs=2)


if __name__ == "__main__":
    raise SystemExit(main())
