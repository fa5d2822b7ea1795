# SPDX-License-Identifier: MIT
"""A big aging report on the page makes line objects only for the rows shown.

The report keeps one plain tuple per customer (``AgingLines``); the table, sorted by name as it
opens, shows the report's own order and must not turn 20,000 tuples into objects on the GUI
thread. Sorting by an amount needs every line, and gets them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from arapp.domain.aging import AgingRow
from arapp.services import aging
from arapp.services.aging import AgeBy, AgingLines, AgingReport
from arapp.ui.collections.models import AgingColumn, AgingTableModel, ValueRole
from arapp.ui.collections.views import AgingTableView

ROWS = 20_000


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The customer ids of the line objects made, in order."""
    ids: list[int] = []
    real = aging.AgingLine

    def counting(*args: object) -> aging.AgingLine:
        line = real(*args)  # type: ignore[arg-type]
        ids.append(line.customer_id)
        return line

    monkeypatch.setattr(aging, "AgingLine", counting)
    return ids


def _report() -> AgingReport:
    # by name as the service sorts them; amounts in units of 1/10,000 (1.00 = 10,000)
    rows = [(n, f"C{n:05}", f"Customer {n:05}", 10_000 * n, 0, 0, 0, 0) for n in range(ROWS)]
    total = AgingRow.of(
        [Decimal(sum(range(ROWS))).quantize(Decimal("0.01"))] + [Decimal("0.00")] * 4
    )
    return AgingReport(date(2026, 11, 23), AgeBy.DUE, "EUR", AgingLines(rows, "EUR"), total)


def test_the_table_makes_only_the_lines_it_shows(qtbot, made: list[int]) -> None:  # type: ignore[no-untyped-def]
    model = AgingTableModel()
    view = AgingTableView(model)
    qtbot.addWidget(view)
    view.resize(900, 400)
    view.show()
    report = _report()
    model.set_report(report, "en_US")
    qtbot.wait(50)  # let it paint
    assert model.rowCount() == ROWS and 0 < len(made) < 200
    assert model.data(model.index(0, AgingColumn.CUSTOMER)) == "Customer 00000"
    assert report.lines[ROWS - 1] is report.lines[-1]  # made once, kept
    model.sort(AgingColumn.TOTAL, Qt.SortOrder.DescendingOrder)
    assert model.data(model.index(0, AgingColumn.TOTAL), ValueRole) == Decimal(ROWS - 1)
    assert len(set(made)) == ROWS


def test_lines_compare_and_slice_like_a_tuple(made: list[int]) -> None:
    lines = _report().lines
    assert lines[:2] == tuple(lines)[:2] and lines == tuple(lines) and len(lines) == ROWS
    assert lines.customer_ids[:3] == [0, 1, 2]
