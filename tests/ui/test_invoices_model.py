# SPDX-License-Identifier: MIT
"""The invoice table model: ids a chunk at a time, rows a page at a time, and changes applied
as row insertions and removals instead of resets.

50,000 invoices are written with one bulk insert (allowed here only: through ``arapp.db.models``
and ``sqlalchemy.insert``) so the test shows the Invoices tab opening without reading them all.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QApplication
from sqlalchemy import insert

from arapp.db.models import Invoice  # direct bulk insert: allowed in this test only
from arapp.services.invoice_list import InvoiceFilter, InvoiceStatusFilter
from arapp.services.invoices import InvoiceDraft, LineDraft, delete_draft, save_draft
from arapp.services.lifecycle import issue_invoice, void_invoice
from arapp.ui.invoices import model as invoice_model
from arapp.ui.invoices.model import CHUNK_SIZE, PAGE_SIZE, Column, InvoiceTableModel
from arapp.ui.row_changes import longest_increasing, runs
from tests.helpers.books import TODAY

COUNT = 50_000


@pytest.fixture
def fifty_thousand(ctx, add_customer):  # type: ignore[no-untyped-def]
    customers = [add_customer(f"Customer {n:02d}").id for n in range(20)]
    now = ctx.now()
    rows = []
    for n in range(COUNT):
        day = date(2024, 1, 1) + timedelta(days=n % 1000)
        rows.append(
            {
                "kind": "invoice",
                "number": f"INV-{day.year}-{n:06d}",
                "customer_id": customers[n % len(customers)],
                "status": "paid" if n % 3 else "sent",
                "issue_date": day,
                "due_date": day + timedelta(days=30),
                "currency": "EUR",
                "payment_terms": "net 30",
                "discount_percent": Decimal(0),
                "subtotal": Decimal(100),
                "discount_total": Decimal(0),
                "tax_total": Decimal(20),
                "total": Decimal(120),
                "amount_paid": Decimal(120) if n % 3 else Decimal(0),
                "notes": "",
                "footer": "",
                "void_reason": "",
                "created_at": now,
            }
        )
    with ctx.db.write() as session:
        session.execute(insert(Invoice), rows)
    return customers


pytestmark = pytest.mark.slow


def test_fifty_thousand_invoices_open_a_chunk_at_a_time(ctx, fifty_thousand, qtbot):
    model = InvoiceTableModel(ctx)
    model.set_filter(InvoiceFilter())
    assert model.rowCount() == CHUNK_SIZE  # ids of the first chunk only
    assert model.fetch_count == 0  # and no row read yet

    assert model.index(0, Column.NUMBER).data() is not None
    assert model.fetch_count == 1 and model.rows_fetched <= PAGE_SIZE

    for index in (model.index(r, c) for r in range(0, CHUNK_SIZE, 7) for c in range(len(Column))):
        model.flags(index)
    assert model.fetch_count == 1  # flags() never reads the database

    assert model.canFetchMore(QModelIndex())
    with qtbot.waitSignal(model.rowsInserted):
        model.fetchMore(QModelIndex())  # before the count arrives: the next chunk, by a seek
    assert model.rowCount() == 2 * CHUNK_SIZE
    ids = model.loaded_ids()
    assert len(set(ids)) == len(ids)
    assert model.fetch_count == 1

    with qtbot.waitSignal(model.count_known):  # counted on a worker: every row at once
        pass
    assert model.rowCount() == COUNT and not model.canFetchMore(QModelIndex())
    assert len(model.loaded_ids()) == 2 * CHUNK_SIZE  # the ids are not all read for that
    queries = model.id_queries
    # Newest first, ties newest id first: the first invoice written is the last row.
    assert model.index(COUNT - 1, Column.NUMBER).data() == "INV-2024-000000"
    assert model.id_queries == queries + 1  # the last chunk, read back from the end


def test_the_tab_opens_fifty_thousand_invoices_reading_one_page(main_window, fifty_thousand, qtbot):
    tab = main_window.invoices
    main_window.tabs.setCurrentWidget(tab)
    QApplication.processEvents()
    model = tab.model
    assert model.rowCount() in (CHUNK_SIZE, COUNT)  # the first chunk, until counted
    assert model.fetch_count <= 2  # the rows on screen, not the books
    assert model.rows_fetched <= 2 * PAGE_SIZE
    qtbot.waitUntil(lambda: not model.counting, timeout=10_000)
    assert model.rowCount() == COUNT
    qtbot.waitUntil(lambda: tab.totals_label.text().startswith("50,000 invoices"), timeout=10_000)
    assert tab.totals_label.text() == (
        "50,000 invoices · total €6,000,000.00 · open €2,000,040.00"
    )  # 16,667 of them unpaid, €120.00 each

    queries = model.id_queries
    tab.view.scrollToBottom()  # the last rows: read back from the end, not walked to
    QApplication.processEvents()
    assert model.id_queries <= queries + 1
    assert len(model.loaded_ids()) == CHUNK_SIZE
    assert model.cached_rows() <= invoice_model.MAX_CACHED_ROWS


def test_changes_insert_and_remove_rows_without_a_reset(ctx, add_customer, qtbot):
    acme = add_customer("Acme")
    ids = [
        save_draft(
            ctx, InvoiceDraft(acme.id, TODAY - timedelta(days=n), (LineDraft("Bolts", "1", "10"),))
        ).id
        for n in range(5)
    ]
    model = InvoiceTableModel(ctx)
    model.set_filter(InvoiceFilter(status=InvoiceStatusFilter.DRAFT))
    assert model.loaded_ids() == ids  # newest first
    with qtbot.assertNotEmitted(model.modelReset):
        issue_invoice(ctx, ids[1])  # leaves the drafts
        delete_draft(ctx, ids[3])
        with qtbot.waitSignal(model.rowsRemoved):
            model.refresh([ids[1], ids[3]])
        assert model.loaded_ids() == [ids[0], ids[2], ids[4]]

        newer = save_draft(ctx, InvoiceDraft(acme.id, TODAY, (LineDraft("Nuts", "1", "5"),)))
        with qtbot.waitSignal(model.rowsInserted):
            model.refresh([newer.id])
        assert model.loaded_ids()[0] == newer.id

    model.set_filter(InvoiceFilter())
    void_invoice(ctx, ids[1], "wrong customer")
    with qtbot.waitSignal(model.dataChanged), qtbot.assertNotEmitted(model.modelReset):
        model.refresh([ids[1]])
    assert model.index(model.row_of(ids[1]), Column.STATUS).data() == "Void"


def test_moved_rows_keep_the_rest_in_place():
    assert longest_increasing([0, 1, 2, 3]) == [0, 1, 2, 3]
    assert longest_increasing([3, 0, 1, 2]) == [0, 1, 2]  # one row moved: three stay
    assert longest_increasing([2, 0, 3, 1, 4]) in ([0, 1, 4], [2, 3, 4], [0, 3, 4])
    assert longest_increasing([]) == []
    assert runs([1, 2, 3, 7]) == [(1, 3), (7, 7)]
