# SPDX-License-Identifier: MIT
"""Saving many invoice PDFs into a folder: progress, Cancel between files, a summary at the end,
and the GUI thread free all along."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget

from arapp.services.catalog import TaxRateRecord, save_tax_rate
from arapp.services.context import AppContext
from arapp.services.invoice_documents import BatchResult
from arapp.services.invoices import InvoiceDraft, LineDraft, save_draft
from arapp.services.lifecycle import issue_invoice
from arapp.ui.batch_export import BatchExport, export_pdfs

TIMEOUT_MS = 30_000
COUNT = 10


@pytest.fixture
def invoice_ids(ctx: AppContext, add_customer) -> list[int]:
    """Ten issued invoices, one per customer."""
    vat = save_tax_rate(ctx, TaxRateRecord(0, "VAT 20%", Decimal(20)))
    ids = []
    for n in range(COUNT):
        customer = add_customer(f"Customer {n:02}")
        line = LineDraft("Paint, 5 l", "1", "30.00", tax_rate_id=vat.id, unit="can")
        draft = save_draft(ctx, InvoiceDraft(customer.id, date(2026, 11, 2), (line,)))
        ids.append(issue_invoice(ctx, draft.id).id)
    return ids


@pytest.fixture
def window(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def progress_at_end(batch: BatchExport) -> list[tuple[int, int]]:
    """The progress window's value and maximum when ``finished`` is emitted."""
    seen: list[tuple[int, int]] = []
    batch.finished.connect(
        lambda _result: seen.append((batch.progress.value(), batch.progress.maximum()))
    )
    return seen


def test_every_invoice_is_written_and_progress_reaches_the_end(
    qtbot, window, ctx, invoice_ids, tmp_path
):
    folder = tmp_path / "pdfs"
    steps: list[tuple[int, int]] = []
    batch = BatchExport(window, ctx, invoice_ids, folder)
    batch.progressed.connect(lambda done, total: steps.append((done, total)))
    at_end = progress_at_end(batch)
    with qtbot.waitSignal(batch.finished, timeout=TIMEOUT_MS) as blocker:
        batch.start()
        assert batch.result is None  # start() returned at once: the work is on a worker
    result = blocker.args[0]
    assert isinstance(result, BatchResult)
    assert not result.cancelled and result.failed == ()
    assert len(result.written) == COUNT
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in result.written)
    assert all(p.read_bytes().startswith(b"%PDF") for p in result.written)
    assert steps == [(n, COUNT) for n in range(1, COUNT + 1)]
    assert at_end == [(COUNT, COUNT)]
    assert batch.summary is not None
    assert batch.summary.text() == f"Saved {COUNT} PDFs in:\n{folder}"
    assert "Open folder" in [b.text() for b in batch.summary.buttons()]
    batch.summary.close()


def test_cancel_stops_between_files_and_says_so(qtbot, window, ctx, invoice_ids, tmp_path):
    batch = BatchExport(window, ctx, invoice_ids, tmp_path)
    # Direct: runs on the worker right after the first file, before the second is started.
    batch.progressed.connect(
        lambda done, _total: batch.cancel() if done == 1 else None,
        Qt.ConnectionType.DirectConnection,
    )
    with qtbot.waitSignal(batch.finished, timeout=TIMEOUT_MS) as blocker:
        batch.start()
    result = blocker.args[0]
    assert result.cancelled
    assert len(result.written) == 1
    assert list(tmp_path.glob("*.pdf")) == list(result.written)
    assert batch.summary is not None
    assert batch.summary.text() == f"Stopped after 1 PDF of {COUNT}, saved in:\n{tmp_path}"
    batch.summary.close()


def test_the_cancel_button_sets_the_flag_the_worker_reads(qtbot, window, ctx, invoice_ids):
    batch = BatchExport(window, ctx, invoice_ids, Path("unused"))
    assert not batch.cancelled()
    batch.progress.show()
    qtbot.waitExposed(batch.progress)
    qtbot.mouseClick(batch.progress.findChild(QPushButton), Qt.MouseButton.LeftButton)
    assert batch.cancelled()
    batch.progress.deleteLater()
    batch.deleteLater()


def test_failures_are_listed_with_their_reasons(qtbot, window, ctx, invoice_ids, tmp_path):
    batch = export_pdfs(window, ctx, [invoice_ids[0], 9_999], tmp_path)
    assert batch is not None
    with qtbot.waitSignal(batch.finished, timeout=TIMEOUT_MS) as blocker:
        pass
    result = blocker.args[0]
    assert len(result.written) == 1
    assert result.failed == ((9_999, "Invoice #9999 does not exist."),)
    assert batch.summary is not None
    assert batch.summary.text().splitlines() == [
        "Saved 1 of 2 PDFs in:",
        str(tmp_path),
        "",
        "1 invoice could not be saved:",
        "• #9999: Invoice #9999 does not exist.",
    ]
    batch.summary.close()
