# SPDX-License-Identifier: MIT
"""Invoice lifecycle on real SQLite files: drafts, issue, numbering, void, credit notes."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from arapp.db.models import AuditEntry
from arapp.domain.customer import CustomerStatus
from arapp.services import customers as cust
from arapp.services.catalog import TaxRateRecord, save_tax_rate
from arapp.services.context import AppContext
from arapp.services.customer_list import customer_rows
from arapp.services.errors import InputErrors, ServiceError
from arapp.services.invoices import (
    InvoiceDraft,
    LineDraft,
    delete_draft,
    duplicate_invoice,
    get_invoice,
    save_draft,
)
from arapp.services.lifecycle import (
    NeedsConfirmation,
    credit_invoice,
    issue_invoice,
    mark_sent,
    void_invoice,
)
from arapp.services.settings import set_setting
from tests.helpers.books import on_day

D = Decimal


@pytest.fixture
def shop(ctx: AppContext) -> tuple[AppContext, int, int, int]:
    customer = cust.create_customer(ctx, cust.CustomerInput(name="Zoë Łukasiewicz", code="ZOE"))
    vat = save_tax_rate(ctx, TaxRateRecord(0, "VAT 23%", D("23"))).id
    reduced = save_tax_rate(ctx, TaxRateRecord(0, "VAT 13.5%", D("13.5"))).id
    return ctx, customer.id, vat, reduced


def draft(customer_id: int, vat: int, reduced: int, day: date = date(2026, 11, 20)) -> InvoiceDraft:
    return InvoiceDraft(
        customer_id=customer_id,
        issue_date=day,
        lines=(
            LineDraft("Timber decking board 2.4 m", "3", "19.99", "0", vat, "pcs"),
            LineDraft("Installation labour", "2.5", "48.00", "10", vat, "h"),
            LineDraft("Delivery", "1", "15.00", "0", reduced),
        ),
        discount_percent="5",
    )


def test_draft_totals_by_hand(shop) -> None:  # type: ignore[no-untyped-def]
    ctx, customer, vat, reduced = shop
    record = save_draft(ctx, draft(customer, vat, reduced))
    # lines: 59.97; 120.00 - 12.00 = 108.00; 15.00 -> subtotal 182.97
    assert [ln.amount for ln in record.lines] == [D("59.97"), D("108.00"), D("15.00")]
    assert record.subtotal == D("182.97")
    # 5 % of 182.97 = 9.1485 -> 9.15, shared 2.9991/5.4011/0.7501 -> 3.00/5.40/0.75
    assert record.discount_total == D("9.15")
    # VAT 23 % on 159.57 = 36.7011 -> 36.70; 13.5 % on 14.25 = 1.92375 -> 1.92
    assert record.tax_total == D("38.62")
    assert record.total == D("212.44")
    assert record.due_date == date(2026, 12, 20)  # net 30
    assert record.status == "draft" and record.number is None
    taxes = {t.rate.name: (t.net, t.tax) for t in record.totals().taxes if t.rate}
    assert taxes == {"VAT 23%": (D("159.57"), D("36.70")), "VAT 13.5%": (D("14.25"), D("1.92"))}


def test_bad_lines_are_all_reported(shop) -> None:  # type: ignore[no-untyped-def]
    ctx, customer, _vat, _ = shop
    bad = InvoiceDraft(
        customer,
        date(2026, 11, 20),
        (LineDraft("", "x", "1"), LineDraft("ok", "1", "1.00001"), LineDraft("d", "1", "1", "120")),
    )
    with pytest.raises(InputErrors) as info:
        save_draft(ctx, bad)
    fields = [e.field for e in info.value.errors]
    assert fields == [
        "lines[1].description",
        "lines[1].quantity",
        "lines[2].unit_price",
        "lines[3].discount_percent",
    ]


def test_issue_numbers_and_freezes(shop) -> None:  # type: ignore[no-untyped-def]
    ctx, customer, vat, reduced = shop
    first = save_draft(ctx, draft(customer, vat, reduced))
    second = save_draft(ctx, draft(customer, vat, reduced))
    next_year = save_draft(ctx, draft(customer, vat, reduced, date(2027, 1, 2)))
    assert issue_invoice(ctx, second.id).number == "INV-2026-00001"
    assert issue_invoice(ctx, first.id).number == "INV-2026-00002"
    with pytest.raises(ServiceError, match="a day still to come"):  # not before its day
        issue_invoice(ctx, next_year.id)
    assert issue_invoice(on_day(ctx, date(2027, 1, 2)), next_year.id).number == "INV-2027-00001"
    with pytest.raises(ServiceError, match="can no longer be changed"):
        save_draft(ctx, draft(customer, vat, reduced), invoice_id=first.id)
    with pytest.raises(ServiceError, match="can no longer be changed"):
        delete_draft(ctx, first.id)
    with pytest.raises(ServiceError, match=r"already issued|can no longer"):
        issue_invoice(ctx, first.id)
    assert get_invoice(ctx, first.id).total == D("212.44")


def test_refused_issue_takes_no_number(shop) -> None:  # type: ignore[no-untyped-def]
    ctx, customer, vat, reduced = shop
    cust.set_status(ctx, customer, CustomerStatus.CREDIT_HOLD, "late")
    held = save_draft(ctx, draft(customer, vat, reduced))
    with pytest.raises(NeedsConfirmation, match="credit hold"):
        issue_invoice(ctx, held.id)
    assert get_invoice(ctx, held.id).number is None
    assert issue_invoice(ctx, held.id, confirmed=True).number == "INV-2026-00001"


def test_credit_limit_warning(shop) -> None:  # type: ignore[no-untyped-def]
    ctx, customer, vat, reduced = shop
    record = cust.get_customer(ctx, customer).customer
    cust.update_customer(
        ctx, customer, cust.CustomerInput(**{**record.as_input().__dict__, "credit_limit": "300"})
    )
    issue_invoice(ctx, save_draft(ctx, draft(customer, vat, reduced)).id)
    with pytest.raises(NeedsConfirmation, match=r"over the credit limit of €300\.00"):
        issue_invoice(ctx, save_draft(ctx, draft(customer, vat, reduced)).id)


def test_void_keeps_the_number_and_needs_a_reason(shop) -> None:  # type: ignore[no-untyped-def]
    ctx, customer, vat, reduced = shop
    invoice = issue_invoice(ctx, save_draft(ctx, draft(customer, vat, reduced)).id)
    with pytest.raises(ServiceError, match="Say why"):
        void_invoice(ctx, invoice.id, "  ")
    voided = void_invoice(ctx, invoice.id, "Wrong customer")
    assert (voided.status, voided.number, voided.void_reason) == (
        "void",
        invoice.number,
        "Wrong customer",
    )
    assert voided.balance == 0
    nxt = issue_invoice(ctx, save_draft(ctx, draft(customer, vat, reduced)).id)
    assert nxt.number == "INV-2026-00002"
    with ctx.db.read() as s:
        actions = s.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
        reason = s.scalar(select(AuditEntry.reason).where(AuditEntry.action == "invoice_voided"))
    assert actions.count("invoice_issued") == 2 and reason == "Wrong customer"


def test_full_and_partial_credit_notes(shop) -> None:  # type: ignore[no-untyped-def]
    ctx, customer, vat, reduced = shop
    invoice = issue_invoice(ctx, save_draft(ctx, draft(customer, vat, reduced)).id)
    partial = credit_invoice(
        ctx,
        invoice.id,
        "One board was damaged",
        [LineDraft("Damaged board", "1", "19.99", "0", vat)],
    )
    assert partial.credit_note.number == "CN-2026-00001"
    assert partial.credit_note.total == D("24.59") == partial.applied
    after = get_invoice(ctx, invoice.id)
    assert (after.status, after.balance) == ("partially_paid", D("187.85"))
    with pytest.raises(ServiceError, match="more than"):
        credit_invoice(ctx, invoice.id, "again", [LineDraft("Everything", "1", "200", "0", vat)])
    with pytest.raises(ServiceError, match="Say why"):
        credit_invoice(ctx, invoice.id, "")


def test_credit_notes_settle_the_invoice_to_the_cent(shop) -> None:  # type: ignore[no-untyped-def]
    ctx, customer, vat, reduced = shop
    invoice = issue_invoice(ctx, save_draft(ctx, draft(customer, vat, reduced)).id)
    first = credit_invoice(
        ctx, invoice.id, "Goods returned", [LineDraft("Return", "1", "100", "0", None)]
    )
    assert get_invoice(ctx, invoice.id).balance == D("112.44")
    whole = credit_invoice(
        ctx, invoice.id, "Cancelled", [LineDraft("Rest", "1", "112.44", "0", None)]
    )
    assert whole.applied == D("112.44") and get_invoice(ctx, invoice.id).status == "paid"
    assert first.credit_note.status == "paid"
    row = customer_rows(ctx, [customer])[customer]
    assert row.balance == D("0.00")


def test_full_credit_copies_the_invoice(shop) -> None:  # type: ignore[no-untyped-def]
    ctx, customer, vat, reduced = shop
    invoice = issue_invoice(ctx, save_draft(ctx, draft(customer, vat, reduced)).id)
    result = credit_invoice(ctx, invoice.id, "Order cancelled")
    assert result.credit_note.total == invoice.total == result.applied
    assert result.credit_note.related_invoice_id == invoice.id
    assert get_invoice(ctx, invoice.id).status == "paid"
    assert "INV-2026-00001" in result.credit_note.notes


def test_mark_sent_and_duplicate(shop) -> None:  # type: ignore[no-untyped-def]
    ctx, customer, vat, reduced = shop
    invoice = issue_invoice(ctx, save_draft(ctx, draft(customer, vat, reduced)).id)
    assert mark_sent(ctx, [invoice.id]) == 1 and mark_sent(ctx, [invoice.id]) == 0
    assert get_invoice(ctx, invoice.id).status == "sent"
    copy = duplicate_invoice(ctx, invoice.id)
    assert copy.status == "draft" and copy.issue_date == date(2026, 11, 23)
    assert copy.total == invoice.total and copy.id != invoice.id


def test_custom_number_pattern(shop) -> None:  # type: ignore[no-untyped-def]
    ctx, customer, vat, reduced = shop
    set_setting(ctx, "invoice.number_pattern", "{year}{month}-{seq:03}")
    assert (
        issue_invoice(ctx, save_draft(ctx, draft(customer, vat, reduced)).id).number == "202611-001"
    )


def test_two_processes_issuing_at_once_share_no_number_and_leave_no_gap(
    shop, db_url: str, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    ctx, customer, vat, reduced = shop
    ids = [save_draft(ctx, draft(customer, vat, reduced)).id for _ in range(40)]
    script = textwrap.dedent(
        f"""
        import sys
        from arapp.db.engine import Database
        from arapp.services.context import AppContext
        from arapp.services.lifecycle import issue_invoice
        ctx = AppContext(Database({db_url!r}))
        for invoice_id in map(int, sys.argv[1:]):
            issue_invoice(ctx, invoice_id)
        """
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", script, *map(str, ids[n::2])]) for n in range(2)
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    numbers = sorted(get_invoice(ctx, i).number or "" for i in ids)
    assert numbers == [f"INV-2026-{n:05}" for n in range(1, 41)]
