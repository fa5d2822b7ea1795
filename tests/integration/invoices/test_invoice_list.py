# SPDX-License-Identifier: MIT
"""The invoice list: filters, sorting and totals in SQL."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from arapp.services import customers as cust
from arapp.services import text_search
from arapp.services.context import AppContext
from arapp.services.invoice_list import (
    InvoiceFilter,
    InvoiceSort,
    InvoiceStatusFilter,
    invoice_ids,
    invoice_rows,
    invoice_totals,
)
from arapp.services.invoices import InvoiceDraft, LineDraft, save_draft
from arapp.services.lifecycle import credit_invoice, issue_invoice, void_invoice

S = InvoiceStatusFilter


def test_filters_sorting_and_totals(ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    zoe = cust.create_customer(ctx, cust.CustomerInput(name="Zoë Łukasiewicz")).id
    bob = cust.create_customer(ctx, cust.CustomerInput(name="Bob's Bikes", terms="net 14")).id

    def invoice(customer: int, day: date, price: str, issue: bool = True) -> int:
        draft = save_draft(ctx, InvoiceDraft(customer, day, (LineDraft("Item", "1", price),)))
        return issue_invoice(ctx, draft.id).id if issue else draft.id

    # Issued in date order (numbers follow dates).
    old = invoice(zoe, date(2026, 9, 1), "100.00")  # due 2026-10-01: overdue
    voided = invoice(bob, date(2026, 10, 1), "5.00")
    bobs = invoice(bob, date(2026, 11, 1), "30.00")  # due 2026-11-15: overdue
    new = invoice(zoe, date(2026, 11, 20), "50.00")  # due 2026-12-20
    draft = invoice(bob, date(2026, 11, 22), "999.00", issue=False)
    void_invoice(ctx, voided, "typo")
    credit = credit_invoice(
        ctx, new, "returned", [LineDraft("Return", "1", "20.00")]
    ).credit_note.id

    assert invoice_ids(ctx) == [credit, draft, new, bobs, voided, old]
    assert invoice_ids(ctx, InvoiceFilter(status=S.OVERDUE)) == [bobs, old]
    # new and bobs both owe 30.00: the later id (new, issued last) first
    assert invoice_ids(ctx, InvoiceFilter(status=S.OPEN), InvoiceSort.BALANCE) == [old, new, bobs]
    assert invoice_ids(ctx, InvoiceFilter(status=S.DRAFT)) == [draft]
    assert invoice_ids(ctx, InvoiceFilter(status=S.CREDIT_NOTES)) == [credit]
    searches = {
        "zoe": [credit, new, old],
        "2026-00003": [bobs],
        "inv-2026-0000": [new, bobs, voided, old],  # a number, in any case
        "bob": [draft, bobs, voided],
        "2026_0000": [],  # "_" is no wildcard
        "%": [],
    }
    for common in (text_search.COMMON_MATCHES, 1):  # few matches, then "many" (read in order)
        monkeypatch.setattr(text_search, "COMMON_MATCHES", common)
        for text, found in searches.items():
            assert invoice_ids(ctx, InvoiceFilter(text=text)) == found, (text, common)
            assert invoice_totals(ctx, InvoiceFilter(text=text)).count == len(found)
    assert invoice_ids(ctx, InvoiceFilter(customer_id=bob, date_from=date(2026, 10, 2))) == [
        draft,
        bobs,
    ]

    rows = invoice_rows(ctx, [old, new, draft, voided])
    assert (rows[old].overdue, rows[old].days_overdue, rows[old].balance) == (
        True,
        53,
        Decimal("100.00"),
    )
    assert (rows[new].overdue, rows[new].balance) == (False, Decimal("30.00"))
    assert rows[draft].balance == rows[voided].balance == 0 and rows[draft].number is None

    everything = invoice_totals(ctx)
    assert everything.count == 6
    # issued documents only, credit notes negative: 100 + 50 + 30 - 20; the credit note is
    # used up on its invoice, so what is owed is 100 + (50 - 20) + 30 as well
    assert everything.by_currency["EUR"] == (Decimal("160.00"), Decimal("160.00"))
    assert invoice_totals(ctx, InvoiceFilter(status=S.OVERDUE)).by_currency["EUR"] == (
        Decimal("130.00"),
        Decimal("130.00"),
    )
