# SPDX-License-Identifier: MIT
"""Bank import and matching on a real PostgreSQL server (``ARAPP_TEST_PG_URL``)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from arapp.services import customers as cust
from arapp.services.bank.confirm import confirm_match
from arapp.services.bank.matching import propose_matches
from arapp.services.bank.statements import import_statement
from arapp.services.bank.transactions import count_transactions, list_transactions
from arapp.services.context import AppContext
from arapp.services.invoices import InvoiceDraft, LineDraft, save_draft
from arapp.services.ledger import balance_check
from arapp.services.lifecycle import issue_invoice
from tests.helpers.bank import V, W, X, Y, Z, counts, csv_file, load
from tests.helpers.books import TODAY
from tests.helpers.postgres import ON_POSTGRES

pytestmark = ON_POSTGRES
DATA = Path(__file__).parents[2] / "data" / "bank"


def test_import_match_and_confirm_on_postgres(pg_ctx: AppContext) -> None:
    ctx = pg_ctx
    customer = cust.create_customer(ctx, cust.CustomerInput(name="Müller GmbH")).id
    for amount in ("99.00", "200.00"):
        draft = save_draft(ctx, InvoiceDraft(customer, TODAY, (LineDraft("Goods", "1", amount),)))
        issue_invoice(ctx, draft.id)
    data = (DATA / "camt053_v02.xml").read_bytes()
    assert import_statement(ctx, data, "s.xml").lines_new == 4
    assert import_statement(ctx, data, "s.xml").lines_known == 4
    assert [line.counterparty for line in list_transactions(ctx, search="MÜLLER")] == [
        "Müller GmbH"
    ]
    by_payer = {p.line.counterparty: p for p in propose_matches(ctx)}
    assert set(by_payer) == {"Zoë Dupont", "Müller GmbH", "Ünal Çelik"}
    proposal = by_payer["Müller GmbH"]
    best = proposal.best
    assert best is not None and best.customer_id == customer
    assert [(a.number, a.amount) for a in best.allocations] == [
        ("INV-2026-00002", Decimal("200.00"))
    ]
    confirm_match(ctx, proposal.line.id, customer, best.allocation_pairs)
    assert balance_check(ctx, customer)[0] == Decimal("99.00")
    assert count_transactions(ctx, "matched") == 1


def test_equal_lines_without_bank_ids_on_postgres(pg_ctx: AppContext) -> None:
    ctx = pg_ctx
    assert counts(load(ctx, csv_file, Y, X)) == (2, 2, 0, 0)
    assert counts(load(ctx, csv_file, X, Z)) == (2, 2, 0, 1)  # the second X is kept, asked
    assert counts(load(ctx, csv_file, X, Z)) == (2, 0, 2, 0)
    assert counts(load(ctx, csv_file, Y, X, X, W, Z, V)) == (6, 2, 4, 0)
