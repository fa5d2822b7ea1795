# SPDX-License-Identifier: MIT
"""The import itself shows its progress and can be cancelled, for customers, invoices and
payments: it runs on a worker, the bar moves with the rows written, and Cancel rolls the whole
import back (nothing is imported, and the page says so)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from sqlalchemy import func, select

from arapp.db.models import Customer, Invoice, InvoiceLine, Payment, PaymentAllocation
from arapp.services.context import AppContext
from arapp.services.transfer.imports import import_customers, import_invoices
from arapp.ui.transfer import ImportWizard, check_page
from tests.helpers.books import TODAY

TIMEOUT_MS = 30_000
COMMIT = QWizard.WizardButton.CommitButton
#: More rows than one batch (and one chunk of invoices) holds: the import writes in several.
ROWS = 12_000


def _customers_file(folder: Path) -> Path:
    path = folder / "customers.csv"
    rows = "".join(f"N{n:05},Firm {n}\n" for n in range(ROWS))
    path.write_text("code,name\n" + rows, encoding="utf-8")
    return path


def _invoices_file(folder: Path) -> Path:
    path = folder / "invoices.csv"
    rows = "".join(f"B-{n:05},K1,2026-10-01,,,Work,1,12.50,\n" for n in range(ROWS))
    path.write_text(
        "number,customer_code,issue_date,due_date,currency,description,quantity,unit_price,"
        "tax_rate\n" + rows,
        encoding="utf-8",
    )
    return path


def _payments_file(folder: Path) -> Path:
    path = folder / "payments.csv"
    day = TODAY.isoformat()
    rows = "".join(f"{day},K1,1.00,cash,R{n},{'A-1' if n % 2 else ''}\n" for n in range(ROWS))
    path.write_text(
        "date,customer_code,amount,method,reference,invoice_number\n" + rows, encoding="utf-8"
    )
    return path


FILES = {"customers": _customers_file, "invoices": _invoices_file, "payments": _payments_file}
#: What an import of each kind writes.
TABLES = {
    "customers": (Customer,),
    "invoices": (Invoice, InvoiceLine),
    "payments": (Payment, PaymentAllocation),
}


def _books(ctx: AppContext) -> None:
    """A customer K1 with one invoice A-1 of 5,000.00 (the payments of the file go on it)."""
    assert import_customers(ctx, b"code,name\nK1,Payer\n").ok
    invoice = (
        "number,customer_code,issue_date,due_date,currency,description,quantity,unit_price,"
        "tax_rate\nA-1,K1,2026-10-01,,,Work,1,5000,\n"
    )
    assert import_invoices(ctx, invoice.encode()).ok


def _counts(ctx: AppContext, kind: str) -> list[int]:
    with ctx.db.read() as session:
        return [session.scalar(select(func.count()).select_from(t)) or 0 for t in TABLES[kind]]


def _wizard_on_check_page(qtbot, ctx: AppContext, kind: str, path: Path) -> ImportWizard:  # type: ignore[no-untyped-def]
    wizard = ImportWizard(ctx, kind)
    qtbot.addWidget(wizard)
    wizard.show()
    with qtbot.waitSignal(wizard.file_page.loaded, timeout=TIMEOUT_MS):
        wizard.file_page.open_file(path)
    wizard.next()
    with qtbot.waitSignal(wizard.check_page.checked, timeout=TIMEOUT_MS):
        wizard.next()
    assert wizard.currentPage() is wizard.check_page
    assert wizard.check is not None and wizard.check.report.ok, wizard.check
    assert wizard.button(COMMIT).isEnabled()
    return wizard


@pytest.mark.parametrize("kind", ["customers", "invoices", "payments"])
def test_a_running_import_is_cancelled_and_nothing_is_imported(
    qtbot, ctx, tmp_path, kind, monkeypatch
):  # type: ignore[no-untyped-def]
    _books(ctx)
    before = _counts(ctx, kind)
    # After the first batch is written (inside the import's transaction), the worker waits
    # until Cancel is clicked: the click always lands while the import runs.
    real, stops = check_page.import_file, []

    def held(*args):  # type: ignore[no-untyped-def]
        *rest, stop, progress = args
        stops.append(stop)

        def written(rows: int) -> None:
            progress(rows)
            deadline = time.monotonic() + 10
            while not stop() and time.monotonic() < deadline:
                time.sleep(0.005)

        return real(*rest, stop, written)

    monkeypatch.setattr(check_page, "import_file", held)
    wizard = _wizard_on_check_page(qtbot, ctx, kind, FILES[kind](tmp_path))
    page = wizard.check_page
    qtbot.mouseClick(wizard.button(COMMIT), Qt.MouseButton.LeftButton)
    assert page.importing and page.cancel_import_button.isVisible()
    assert page.import_bar.isVisible() and page.import_bar.maximum() == ROWS
    assert not wizard.button(QWizard.WizardButton.BackButton).isEnabled()
    qtbot.waitUntil(lambda: page.import_bar.value() > 0, timeout=TIMEOUT_MS)
    assert page.status.text().startswith(f"Importing {kind}.csv… ")
    assert page.status.text().endswith(f" of {ROWS:,} rows written.")
    with qtbot.waitSignal(page.finished, timeout=TIMEOUT_MS):
        qtbot.mouseClick(page.cancel_import_button, Qt.MouseButton.LeftButton)
        assert page.status.text() == "Cancelling the import…"
        assert not page.cancel_import_button.isEnabled()
    assert stops[0]()
    assert page.status.text().startswith("The import was cancelled. Nothing was imported")
    assert not page.import_bar.isVisible() and not page.cancel_import_button.isVisible()
    assert wizard.currentPage() is wizard.check_page and wizard.outcome is None
    assert _counts(ctx, kind) == before  # the whole import rolled back
    assert wizard.button(COMMIT).isEnabled()  # and it can be imported after all
    assert wizard.button(QWizard.WizardButton.BackButton).isEnabled()


@pytest.mark.parametrize("kind", ["customers", "invoices", "payments"])
def test_the_import_shows_the_rows_written_as_it_goes(qtbot, ctx, tmp_path, kind):  # type: ignore[no-untyped-def]
    _books(ctx)
    before = _counts(ctx, kind)
    wizard = _wizard_on_check_page(qtbot, ctx, kind, FILES[kind](tmp_path))
    page = wizard.check_page
    shown: list[int] = []
    page.import_bar.valueChanged.connect(shown.append)
    with qtbot.waitSignal(page.finished, timeout=TIMEOUT_MS):
        qtbot.mouseClick(wizard.button(COMMIT), Qt.MouseButton.LeftButton)
    assert wizard.currentPage() is wizard.done_page
    assert len(shown) >= 3, shown  # a batch at a time: 5,000, 10,000 and 12,000 rows
    assert shown == sorted(shown) and shown[-1] == ROWS
    assert _counts(ctx, kind)[0] > before[0]


def test_a_cancel_after_everything_was_written_says_it_came_too_late(
    qtbot, ctx, tmp_path, monkeypatch
):  # type: ignore[no-untyped-def]
    real = check_page.import_file

    def held(*args):  # type: ignore[no-untyped-def]
        *rest, stop, progress = args

        def written(rows: int) -> None:
            progress(rows)
            deadline = time.monotonic() + 10
            while rows == ROWS and not stop() and time.monotonic() < deadline:
                time.sleep(0.005)  # the last batch is written: wait for the Cancel

        return real(*rest, stop, written)

    monkeypatch.setattr(check_page, "import_file", held)
    wizard = _wizard_on_check_page(qtbot, ctx, "customers", _customers_file(tmp_path))
    page = wizard.check_page
    qtbot.mouseClick(wizard.button(COMMIT), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.import_bar.value() == ROWS, timeout=TIMEOUT_MS)
    assert page.status.text() == f"Importing customers.csv… all {ROWS:,} rows written; finishing."
    with qtbot.waitSignal(page.finished, timeout=TIMEOUT_MS):
        qtbot.mouseClick(page.cancel_import_button, Qt.MouseButton.LeftButton)
    assert wizard.currentPage() is wizard.done_page
    assert _counts(ctx, "customers") == [ROWS]
    assert wizard.done_page.summary.text() == (
        f"Imported {ROWS:,} customers from customers.csv.\n\n"
        "Cancel came too late: the import had already written everything."
    )
