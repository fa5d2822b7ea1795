# SPDX-License-Identifier: MIT
"""The demo's story, bank side: this morning's statement imported and auto-matched.

The statement holds the last two days: three customers paying an invoice each (its number in
the reference, the exact amount: auto-match records them), a transfer whose sender and sum fit
no invoice (it waits for the owner to say who paid), and the bank's monthly charge (money out,
set aside). It is written as the bank's CSV export and goes through the same import as a file
the owner picks.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from arapp.db.models import Customer, Invoice
from arapp.db.models import open_invoice as still_open
from arapp.domain.customer import CustomerStatus
from arapp.domain.invoice import DocumentKind
from arapp.services.bank.confirm import auto_match
from arapp.services.bank.statements import import_statement
from arapp.services.demo_data import COMPANY, CURRENCY
from arapp.services.demo_replay import Story

#: The bank's CSV columns (our field names: the default mapping reads them).
COLUMNS = ("date", "amount", "currency", "counterparty", "reference", "bank_ref")


def bank_scene(story: Story) -> None:
    """Plan the statement's import for today, after everything else."""
    story.on(0, lambda: _import(story))


def _import(story: Story) -> None:
    ctx, today = story.ctx, story.today
    with ctx.db.read() as session:
        rows = session.execute(
            select(Invoice.number, Invoice.total, Customer.name)
            .join(Customer, Customer.id == Invoice.customer_id)
            .where(
                still_open(),
                Invoice.kind == DocumentKind.INVOICE,
                Invoice.amount_paid == 0,
                Invoice.issue_date.between(today - timedelta(days=45), today - timedelta(days=15)),
                Customer.id.not_in(story.cast),
                Customer.status == CustomerStatus.ACTIVE,
            )
            .order_by(Invoice.issue_date, Invoice.id)
        ).all()
    payers: dict[str, tuple[str | None, Decimal]] = {}
    for number, total, name in rows:
        payers.setdefault(name, (number, total))
    lines = [
        (today - timedelta(days=2 - n // 2), f"{total:.2f}", name, f"Invoice {number}")
        for n, (name, (number, total)) in enumerate(list(payers.items())[:3])
    ]
    lines.append((today - timedelta(days=1), "120.00", "J KELLY", "THANKS FOR THE PAINT"))
    lines.append((today - timedelta(days=1), "-12.50", "ALLIED IRISH BANKS", "ACCOUNT FEE"))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for n, (day, amount, who, reference) in enumerate(lines, start=1):
        writer.writerow((day.isoformat(), amount, CURRENCY, who, reference, f"DEMO{n:04}"))
    import_statement(
        ctx, out.getvalue().encode(), "statement.csv", account=COMPANY.iban.replace(" ", "")
    )
    auto_match(ctx, 90)
