# SPDX-License-Identifier: MIT
"""How fast Collections ▸ Run reminders… shows a big run.

    QT_QPA_PLATFORM=offscreen python benchmarks/run_dialog.py --books BOOKS [--as-of DATE]

On a copy of ``BOOKS`` upgraded to the newest schema (the file given is never written), it
plans the run as of ``DATE`` (default: the newest due date in the books), groups the reminders
into messages (both on a worker in the dialog), and fills the dialog's list on the GUI thread.
The baseline, measured in the same run with the same plan, is the list before issue 12: a
table with one row per invoice, its cells sized to their contents. Figures are CPU seconds of
this process (wall time on a shared machine says more about the neighbours); ticking and
unticking every message, and ``ticked()`` as Send reads it, follow.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableWidget
from sqlalchemy import func, select

from arapp.db import migrate
from arapp.db.engine import Database
from arapp.db.models import Invoice
from arapp.services.context import AppContext
from arapp.services.reminders.run import DueReminder, plan_run
from arapp.ui.dialog_parts import checkable_item, small_table, text_item
from arapp.ui.reminders.run_tree import MessageTree, planned
from benchmarks.common import Row, at_most, compared, copy_of, machine, table

LOCALE = "en_US"


def _cpu(app: QApplication, run: Callable[[], object]) -> float:
    """CPU seconds of ``run()`` and the events it leaves (the repaint)."""
    start = time.process_time()
    run()
    app.processEvents()
    return time.process_time() - start


def per_invoice_table(due: list[DueReminder]) -> QTableWidget:
    """The list before issue 12: one row per invoice, six cells, sized to their contents."""
    headers = ("Customer", "Invoice", "Level", "Amount due", "Days overdue", "Send to")
    grid = small_table(headers, "reminderTable")
    grid.resize(1000, 400)
    grid.show()
    grid.setRowCount(len(due))
    for row, d in enumerate(due):
        cells = (
            checkable_item(d.customer_name, Qt.ItemDataRole.UserRole + 1, row, True),
            text_item(d.invoice_number),
            text_item(d.level_name),
            text_item(f"{d.amount_due} {d.currency}", right=True),
            text_item(str(d.days_overdue), right=True),
            text_item(d.recipient or d.channel),
        )
        for column, item in enumerate(cells):
            grid.setItem(row, column, item)
    return grid


def measure(books: Path, as_of: date | None) -> list[Row]:
    app = QApplication.instance() or QApplication(["arapp"])
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as folder:
        db = Database(f"sqlite:///{copy_of(books, Path(folder)).as_posix()}")
        migrate.upgrade(db, None)
        if as_of is None:
            with db.read() as session:
                as_of = session.scalar(select(func.max(Invoice.due_date)))
        assert as_of is not None
        ctx = AppContext(db, today=lambda: as_of)
        started = time.process_time()
        due = plan_run(ctx, as_of)
        plan_cpu = time.process_time() - started
        started = time.process_time()
        plan = planned(due, as_of, LOCALE)
        group_cpu = time.process_time() - started
        old_cpu = _cpu(app, lambda: per_invoice_table(due))
        tree = MessageTree(LOCALE)
        tree.resize(1000, 400)
        tree.show()
        fill_cpu = _cpu(app, lambda: tree.fill(plan))
        none_cpu = _cpu(app, lambda: tree.tick_all(False))
        all_cpu = _cpu(app, lambda: tree.tick_all(True))
        ticked_cpu = _cpu(app, tree.ticked)
        db.dispose()
    size = f"{len(due):,} reminders, {len(plan.messages):,} messages"
    return [
        Row(f"plan_run as of {as_of} ({size}), worker", plan_cpu, "s", "-", None),
        Row("grouping into messages, worker", group_cpu, "s", "-", None),
        compared(
            "filling the list, GUI thread",
            fill_cpu,
            "s",
            old_cpu,
            "per-invoice table",
            0.25,
            limit=1.0,
        ),
        at_most("untick every message", none_cpu, "s", 0.5),
        at_most("tick every message", all_cpu, "s", 0.5),
        at_most("the ticked reminders (Send)", ticked_cpu, "s", 0.1),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--books", type=Path, required=True, help="books to measure a copy of")
    parser.add_argument("--as-of", type=date.fromisoformat, help="YYYY-MM-DD")
    args = parser.parse_args()
    rows = measure(args.books, args.as_of)
    print(machine())
    print(table(rows))
    sys.exit(0 if all(r.passed is not False for r in rows) else 1)


if __name__ == "__main__":
    main()
