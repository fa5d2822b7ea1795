# SPDX-License-Identifier: MIT
"""The dialogs of arapp/ui under the pseudo-translation: payment plans, late fees, the PDF
preview, the document outbox, sending documents, saving PDFs, the company profile and the
notices show no text that missed the translation (names, numbers, dates and amounts from the
books, and the services' own sentences, are the only words left as they are)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtWidgets import QWidget

from arapp.formatting import format_date
from arapp.services.delivery.outbox import list_deliveries
from arapp.services.delivery.send import send_invoices
from arapp.services.delivery.telling import describe, headline
from arapp.services.invoices import get_invoice
from arapp.services.plans import PlanInput, create_plan
from arapp.services.settings import set_setting
from arapp.ui.batch_export import BatchExport
from arapp.ui.company_dialog import CompanyDialog
from arapp.ui.document_outbox import DocumentOutboxPage
from arapp.ui.fees import LateFeesDialog
from arapp.ui.notices import NoticeBanner
from arapp.ui.pdf_view import PdfPreviewDialog
from arapp.ui.placeholder import collections_tab
from arapp.ui.plans import PaymentPlansDialog
from arapp.ui.send_documents import AGAIN_HINT, send_invoices_in_window
from tests.helpers.books import TODAY, issued_invoice
from tests.helpers.qt import company_display
from tests.helpers.untranslated import pseudo_language, untranslated_texts

TIMEOUT_MS = 30_000
NAME = "Acme <b>&"


def _invoice(ctx, add_customer, day: date = date(2026, 9, 1)) -> int:  # type: ignore[no-untyped-def]
    customer = add_customer(NAME, terms="net 30", email="acme@example.org").id
    return issued_invoice(ctx, customer, day, "250.00", description="Work")


@pytest.fixture
def window(qtbot) -> QWidget:  # type: ignore[no-untyped-def]
    """The window the batches report to (a fixture: it goes after what they left behind)."""
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    return window


def test_payment_plans_are_translated(ctx, add_customer, qtbot) -> None:  # type: ignore[no-untyped-def]
    invoice = _invoice(ctx, add_customer)
    customer = get_invoice(ctx, invoice).customer_id
    create_plan(ctx, PlanInput(customer, (), ((date(2026, 12, 1), Decimal("250.00")),)))
    number = get_invoice(ctx, invoice).number
    data = [NAME, number, format_date(date(2026, 12, 1)), format_date(TODAY)]
    with pseudo_language():
        dialog = PaymentPlansDialog(ctx, company_display(ctx))
        qtbot.addWidget(dialog)
        assert dialog.panel.table.rowCount() == 1
        assert untranslated_texts(dialog, data) == []


def test_late_fees_are_translated(ctx, add_customer, qtbot) -> None:  # type: ignore[no-untyped-def]
    invoice = _invoice(ctx, add_customer)
    set_setting(ctx, "fees.late_fee_flat", "5")
    set_setting(ctx, "fees.interest_percent_per_month", "1.5")
    number = get_invoice(ctx, invoice).number
    with pseudo_language():
        dialog = LateFeesDialog(ctx, company_display(ctx))
        qtbot.addWidget(dialog)
        assert dialog.table.rowCount() == 1
        assert untranslated_texts(dialog, [NAME, number, "EUR"]) == []
        with qtbot.waitSignal(dialog.run_finished, timeout=TIMEOUT_MS):
            dialog.charge()
        fee = dialog.made[0].fee_number
        assert dialog.result_label.text().startswith("⟦Màdé 1 féé döçûméñt")
        day = format_date(dialog.as_of())
        assert untranslated_texts(dialog, [NAME, number, fee, day]) == []


def test_the_pdf_preview_is_translated(ctx, add_customer, qtbot) -> None:  # type: ignore[no-untyped-def]
    invoice = _invoice(ctx, add_customer)
    with pseudo_language():
        dialog = PdfPreviewDialog(ctx, invoice)
        qtbot.addWidget(dialog)
        assert untranslated_texts(dialog) == []  # while the PDF is prepared
        with qtbot.waitSignal(dialog.loaded, timeout=TIMEOUT_MS):
            pass
        assert untranslated_texts(dialog, [NAME, get_invoice(ctx, invoice).number]) == []


def test_the_document_outbox_is_translated(ctx, add_customer, qtbot) -> None:  # type: ignore[no-untyped-def]
    invoice = _invoice(ctx, add_customer)
    assert [o.result for o in send_invoices(ctx, [invoice])] == ["queued"]  # no mail account
    record = list_deliveries(ctx, None)[0]
    data = [NAME, record.label, record.recipients]
    with pseudo_language():
        page = DocumentOutboxPage(ctx, company_display(ctx))
        qtbot.addWidget(page)
        page.show()
        page.table.selectRow(0)
        assert page.table.item(0, 3).text().startswith("⟦wàîtîñg")
        assert untranslated_texts(page, data) == []


def test_sending_invoices_tells_in_the_language(ctx, add_customer, qtbot, window) -> None:  # type: ignore[no-untyped-def]
    invoice = _invoice(ctx, add_customer)
    with pseudo_language():
        batch = send_invoices_in_window(window, ctx, [invoice], ask=False)
        assert batch is not None
        assert untranslated_texts(batch.progress) == []
        qtbot.waitUntil(lambda: batch.summary is not None, timeout=TIMEOUT_MS)
        assert batch.summary is not None and batch.outcomes is not None
        # each document's sentence comes from the services, as it is for now
        said = [headline(batch.outcomes), *(describe(o, AGAIN_HINT) for o in batch.outcomes)]
        assert untranslated_texts(batch.summary, said) == []
        batch.summary.close()


def test_saving_pdfs_tells_in_the_language(ctx, add_customer, qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    invoice = _invoice(ctx, add_customer)
    folder = tmp_path / "pdfs"
    with pseudo_language():
        batch = BatchExport(window, ctx, [invoice], folder)
        assert untranslated_texts(batch.progress) == []
        with qtbot.waitSignal(batch.finished, timeout=TIMEOUT_MS):
            batch.start()
        assert batch.summary is not None
        assert untranslated_texts(batch.summary, [str(folder)]) == []
        batch.summary.close()


def test_the_company_profile_is_translated(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    with pseudo_language():
        dialog = CompanyDialog(ctx)
        qtbot.addWidget(dialog)
        found = untranslated_texts(dialog)
    # The payment link's preview is written by arapp/ui/settings (another part of the window).
    assert [f for f in found if "payment_link_preview" not in f[0]] == []


def test_the_notices_and_the_placeholder_are_translated(qtbot) -> None:  # type: ignore[no-untyped-def]
    with pseudo_language():
        banner = NoticeBanner()
        qtbot.addWidget(banner)
        banner.add("This is a demo company.")  # the caller's text: translated by the caller
        placeholder = collections_tab()
        qtbot.addWidget(placeholder)
        assert untranslated_texts(banner, ["This is a demo company."]) == []
        assert untranslated_texts(placeholder) == []
