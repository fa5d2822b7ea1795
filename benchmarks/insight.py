# SPDX-License-Identifier: MIT
"""Opening the Insight tab on 100,000 customers, 1,000,000 invoices and ~1,000,000 payments.

    python -m benchmarks.insight [--db FILE] [--runs 3]

Reads the big books of :mod:`benchmarks.books` (generated under ``.bench/`` when missing;
``--db FILE`` names a copy, the file is only read) and, in a fresh child process per run (no
import, cache or page of an earlier run helps), makes the tab with every part the window
gives it (tiles, charts, segments, forecast, top risks; offscreen, 1366x768), shows it, and
runs the event loop, timing from before the tab is made:

* **first figures shown** (issue 15: <= 1 s): the first tile is painted with its figure
  (what is owed);
* every tile with its figure (the day's KPIs; no goal of its own);
* everything read, the 24 months, the risk model and the forecast included (no goal), with
  the processor time the process spent until then (all threads).

Beside them, measured in the same run: the day's KPIs computed alone, what the tab used to
show first. ``measure(path)`` gives the rows to :mod:`benchmarks.speed` (section ``insight``).
"""

from __future__ import annotations

import os
import sqlite3
import time
from datetime import date
from pathlib import Path

from benchmarks.common import Row, at_most, big_books_main, in_child

FIRST_LIMIT = 1.0
#: Longest wait for everything, in seconds.
_PATIENCE = 300.0


def _last_day(path: str) -> date:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        return date.fromisoformat(
            connection.execute("SELECT max(issue_date) FROM invoice").fetchone()[0]
        )


def _open_tab(path: str) -> dict[str, float]:
    """In the child: seconds from making the tab to each stage, and the processor time."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    from arapp.db.engine import Database
    from arapp.services.context import AppContext
    from arapp.ui.display import DisplaySource
    from arapp.ui.insight import InsightTab
    from arapp.ui.insight.wiring import add_risk_and_forecast

    class Painted(QObject):
        """Notes when the first tile is first painted with a figure (shown, not only set)."""

        at: float | None = None

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            painted = self.at is None and event.type() == QEvent.Type.Paint
            if painted and watched.text() not in ("…", ""):  # type: ignore[attr-defined]
                self.at = time.perf_counter()
            return False

    app = QApplication.instance() or QApplication([])
    today = _last_day(path)
    ctx = AppContext(Database(f"sqlite:///{path}"), today=lambda: today)
    began, began_cpu = time.perf_counter(), time.process_time()
    tab = InsightTab(ctx, DisplaySource(ctx))
    add_risk_and_forecast(tab)
    tab.resize(1366, 768)
    tab.show()
    seen: dict[str, float] = {}
    painted = Painted()
    tab.tiles.tiles["owed"].value.installEventFilter(painted)
    while time.perf_counter() - began < _PATIENCE:
        app.processEvents()
        now = time.perf_counter() - began
        if "first figures" not in seen and painted.at is not None:
            seen["first figures"] = painted.at - began
        if "every tile" not in seen and "first" in tab.results:
            seen["every tile"] = now
        if "first figures" in seen and not tab.loading:
            seen["everything"] = now
            seen["cpu"] = time.process_time() - began_cpu
            break
        time.sleep(0.002)
    tab.close()
    return seen


def _day_alone(path: str) -> float:
    """In the child: seconds for the day's KPIs alone (the tab's former first feed)."""
    from arapp.db.engine import Database
    from arapp.services.context import AppContext
    from arapp.services.insight import insight_first

    today = _last_day(path)
    ctx = AppContext(Database(f"sqlite:///{path}"), today=lambda: today)
    began = time.perf_counter()
    insight_first(ctx, compare=False)
    return time.perf_counter() - began


def measure(path: Path, runs: int = 3) -> list[Row]:
    """The rows of opening the tab on the books at ``path`` (read only): the best of ``runs``
    fresh processes."""
    best: dict[str, float] = {}
    alone = min(in_child(_day_alone, str(path))[0] for _ in range(max(1, runs)))
    for _ in range(max(1, runs)):
        seen, _peak = in_child(_open_tab, str(path))
        for stage, seconds in seen.items():
            best[stage] = min(seconds, best.get(stage, seconds))
    missing = float("inf")
    base = f"the day's KPIs alone (the former first tiles) {alone:.2f} s"
    return [
        at_most("Insight tab: first figures shown", best.get("first figures", missing), "s",
                FIRST_LIMIT, base),
        Row("Insight tab: every tile with its figure", best.get("every tile", missing), "s",
            "(no goal)", None),
        Row("Insight tab: everything read (months, risk, forecast)",
            best.get("everything", missing), "s", "(no goal)", None,
            f"cpu {best.get('cpu', missing):.1f} s"),
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    return big_books_main(__doc__ or "", measure, argv)


if __name__ == "__main__":
    raise SystemExit(main())
