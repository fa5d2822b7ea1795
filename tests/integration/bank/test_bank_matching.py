# SPDX-License-Identifier: MIT
"""Matching bank lines to customers on hand-built books, and confirming them as payments."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import select

from arapp.db.models import AuditEntry
from arapp.domain.numbering import NumberPattern
from arapp.services import customers as cust
from arapp.services.bank.clues import invoice_numbers, name_likeness, name_tokens, number_finder
from arapp.services.bank.confirm import auto_match, confirm_match
from arapp.services.bank.matching import MatchProposal, payers_query, propose_matches
from arapp.services.bank.statements import import_statement
from arapp.services.bank.transactions import (
    get_transaction,
    ignore_transaction,
    list_transactions,
)
from arapp.services.context import AppContext
from arapp.services.errors import ServiceError
from arapp.services.events import Event
from arapp.services.invoices import InvoiceDraft, LineDraft, get_invoice, save_draft
from arapp.services.ledger import balance_check
from arapp.services.lifecycle import issue_invoice
from arapp.services.reversals import reverse_payment

D = Decimal
DATA = Path(__file__).parents[2] / "data" / "bank"


@dataclass
class Books:
    ctx: AppContext
    customer: Callable[[str], int]
    invoice: Callable[[int, str], int]

    def bank(self, *rows: str) -> list[int]:
        """Import CSV rows ``date;amount;counterparty;counterparty_account;reference``."""
        header = "date;amount;counterparty;counterparty_account;reference"
        report = import_statement(self.ctx, "\n".join([header, *rows]).encode(), "b.csv")
        assert report.ok, report.problems
        return [p.line.id for p in proposals(self.ctx)]


def proposals(ctx: AppContext) -> list[MatchProposal]:
    return propose_matches(ctx)


@pytest.fixture
def books(ctx: AppContext) -> Books:
    def customer(name: str) -> int:
        return cust.create_customer(ctx, cust.CustomerInput(name=name, terms="net 30")).id

    def invoice(customer_id: int, amount: str) -> int:
        draft = save_draft(
            ctx, InvoiceDraft(customer_id, date(2026, 10, 1), (LineDraft("Goods", "1", amount),))
        )
        return issue_invoice(ctx, draft.id).id

    return Books(ctx, customer, invoice)


def test_invoice_numbers_are_found_however_they_are_typed() -> None:
    pattern = NumberPattern("INV-{year}-{seq:05}")
    finder = number_finder(pattern)
    for text in (
        "INV-2026-00012",
        "inv 2026 00012",
        "Rechnung Nr. INV2026-12, danke",
        "inv/2026/012",
        "payment for INV - 2026 - 00012.",
    ):
        assert invoice_numbers(text, pattern, finder)[0] == "INV-2026-00012", text
    assert "INV-2026-00012" not in invoice_numbers("XINV-2026-00012", pattern, finder)
    assert "INV-2026-00012" not in invoice_numbers("INV-2026-000123", pattern, finder)
    assert "R-1234/26" in invoice_numbers("old invoice R-1234/26.", pattern, finder)


def test_names_are_compared_folded() -> None:
    assert name_tokens("MUELLER GMBH") == name_tokens("Müller GmbH") == {"muller"}
    assert name_likeness(name_tokens("DUPONT ZOE"), name_tokens("Zoë Dupont")) == 100
    assert name_likeness(name_tokens("Hans Müller"), name_tokens("Müller GmbH")) == 50
    assert name_likeness(name_tokens("Anna Müller"), name_tokens("Hans Müller")) == 50
    assert name_likeness(name_tokens("Mueler"), name_tokens("Müller")) == 90
    assert name_likeness(name_tokens("Acme"), name_tokens("Zoë Dupont")) == 0


def test_number_in_reference_beats_amount_beats_name(books: Books) -> None:
    muller = books.customer("Müller GmbH")
    dupont = books.customer("Zoë Dupont")
    celik = books.customer("Ünal Çelik")
    named = books.invoice(muller, "200.00")  # INV-2026-00001
    exact = books.invoice(dupont, "150.00")  # INV-2026-00002
    books.invoice(celik, "80.00")  # INV-2026-00003
    books.bank("2026-11-20;150.00;UNAL CELIK;;Zahlung inv 2026 00001")
    [proposal] = proposals(books.ctx)
    assert [(c.customer_id, c.confidence) for c in proposal.candidates] == [
        (muller, 90),
        (dupont, 60),
        (celik, 40),
    ]
    first, second, third = proposal.candidates
    assert first.reason == "the reference names INV-2026-00001, which has 200.00 EUR open"
    assert [(a.invoice_id, a.amount) for a in first.allocations] == [(named, D("150.00"))]
    assert first.credit == 0
    assert second.reason == "150.00 EUR is exactly what INV-2026-00002 owes"
    assert [(a.invoice_id, a.amount) for a in second.allocations] == [(exact, D("150.00"))]
    assert third.reason == "the payer “UNAL CELIK” is “Ünal Çelik”"
    assert [a.number for a in third.allocations] == ["INV-2026-00003"]
    assert third.credit == D("70.00")


def test_each_clue_alone_and_clues_together(books: Books) -> None:
    muller = books.customer("Müller GmbH")
    books.invoice(muller, "200.00")
    books.invoice(muller, "50.00")
    books.bank(
        "2026-11-20;10.00;Someone;;INV-2026-00001",
        "2026-11-20;50.00;Someone;;thanks",
        "2026-11-20;10.00;MUELLER GMBH;;thanks",
        "2026-11-20;250.00;Someone;;all of it",
        "2026-11-20;200.00;Mueller GmbH;;INV-2026-00001",
    )
    best = [(p.best.confidence if p.best else 0) for p in proposals(books.ctx)]
    # number 90; amount 60; name 40; whole balance 55; number + amount + name
    assert best == [90, 60, 40, 55, 100 - (10 * 40 * 60) // 10_000]


def test_a_shared_amount_is_shared_out_and_other_currencies_stay_apart(books: Books) -> None:
    first = books.customer("Alpha Ltd")
    second = books.customer("Beta Ltd")
    books.invoice(first, "120.00")
    books.invoice(second, "120.00")
    dollars = cust.create_customer(
        books.ctx, cust.CustomerInput(name="Gamma Inc", terms="net 30", currency="USD")
    ).id
    books.invoice(dollars, "120.00")
    books.bank("2026-11-20;120.00;Someone;;thanks")
    [proposal] = proposals(books.ctx)
    assert [(c.customer_id, c.confidence) for c in proposal.candidates] == [
        (first, 30),
        (second, 30),
    ]
    assert "(as do invoices of 1 more customers)" in proposal.candidates[0].reason


def test_confirm_records_the_payment_allocates_and_marks_the_line(books: Books) -> None:
    events: list[Event] = []
    muller = books.customer("Müller GmbH")
    invoice = books.invoice(muller, "200.00")
    books.invoice(muller, "75.00")
    [line_id] = books.bank("2026-11-20;230.00;Müller GmbH;DE44500105175407324931;INV-2026-00001")
    assert balance_check(books.ctx, muller)[0] == D("275.00")
    [proposal] = proposals(books.ctx)
    best = proposal.best
    assert best is not None and best.credit == D("30.00")
    books.ctx.events.subscribe(events.append)
    record = confirm_match(books.ctx, line_id, muller, best.allocation_pairs)
    assert (record.method, record.date, record.amount) == (
        "bank_transfer",
        date(2026, 11, 20),
        D("230.00"),
    )
    assert record.reference == "INV-2026-00001"
    assert [(a.invoice_id, a.amount) for a in record.applied] == [(invoice, D("200.00"))]
    assert record.unapplied == D("30.00")
    assert get_invoice(books.ctx, invoice).status == "paid"
    assert balance_check(books.ctx, muller)[0] == D("45.00")
    line = get_transaction(books.ctx, line_id)
    assert (line.status, line.payment_id) == ("matched", record.id)
    assert [e.name for e in events] == ["payment_recorded", "invoice_updated", "bank_changed"]
    assert proposals(books.ctx) == []
    with books.ctx.db.read() as session:
        actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-2:] == ["payment_recorded", "bank_line_matched"]

    with pytest.raises(ServiceError, match="already matched"):
        confirm_match(books.ctx, line_id, muller)
    with pytest.raises(ServiceError, match="reverse that payment first"):
        ignore_transaction(books.ctx, line_id)


def test_the_account_a_customer_paid_from_is_remembered(books: Books) -> None:
    muller = books.customer("Müller GmbH")
    books.invoice(muller, "100.00")
    [first] = books.bank("2026-11-18;40.00;M. Schmidt;DE44 5001 0517;advance")
    confirm_match(books.ctx, first, muller)
    books.bank("2026-11-19;25.00;M. Schmidt;DE44500105 17;more")
    [proposal] = proposals(books.ctx)
    assert proposal.best is not None and proposal.best.customer_id == muller
    assert proposal.best.reasons == ("account DE4450010517 paid Müller GmbH before",)
    assert proposal.best.confidence == 70


def test_a_reversed_match_puts_the_line_back(books: Books) -> None:
    muller = books.customer("Müller GmbH")
    invoice = books.invoice(muller, "100.00")
    [line_id] = books.bank("2026-11-20;100.00;Müller GmbH;;INV-2026-00001")
    record = confirm_match(books.ctx, line_id, muller)
    reverse_payment(books.ctx, record.id, "bounced")
    line = get_transaction(books.ctx, line_id)
    assert (line.status, line.payment_id) == ("new", None)
    assert get_invoice(books.ctx, invoice).status != "paid"
    again = confirm_match(books.ctx, line_id, muller)
    assert get_transaction(books.ctx, line_id).payment_id == again.id != record.id


def test_money_out_and_other_currencies_are_refused(books: Books) -> None:
    muller = books.customer("Müller GmbH")
    import_statement(books.ctx, (DATA / "camt053_v08.xml").read_bytes(), "v08.xml")
    lines = {line.line.amount: line.line.id for line in proposals(books.ctx)}
    assert set(lines) == {D("59.50"), D("80.00")}
    fee = next(line for line in list_transactions(books.ctx) if line.amount < 0)
    with pytest.raises(ServiceError, match="money going out"):
        confirm_match(books.ctx, fee.id, muller)
    dollars = cust.create_customer(
        books.ctx, cust.CustomerInput(name="Gamma Inc", terms="net 30", currency="USD")
    ).id
    with pytest.raises(ServiceError, match="billed in USD"):
        confirm_match(books.ctx, lines[D("80.00")], dollars)


def test_auto_match_confirms_only_clear_cases(books: Books) -> None:
    dupont = books.customer("Zoë Dupont")
    alvarez = books.customer("José Álvarez")
    books.invoice(dupont, "59.50")  # INV-2026-00001
    books.invoice(alvarez, "80.00")  # INV-2026-00002
    books.bank(
        "2026-11-20;59.50;DUPONT ZOE;;INV-2026-00001",
        "2026-11-20;59.50;Zoë Dupont;;INV-2026-00001 again?",
        "2026-11-20;80.00;Someone;;thanks",
    )
    done = auto_match(books.ctx, 85)
    # 90 + 60 + 40 for the first; the second names an invoice the first one just paid
    assert [(d.confidence, d.payment is not None) for d in done] == [(98, True)]
    left = {p.line.reference: p.best for p in proposals(books.ctx)}
    assert {k: v.confidence for k, v in left.items() if v} == {
        "INV-2026-00001 again?": 70,  # a paid invoice's number (50) and the name (40)
        "thanks": 60,
    }
    done = auto_match(books.ctx, 60)
    assert [d.payment.unapplied for d in done if d.payment] == [D("59.50"), D("0.00")]
    assert proposals(books.ctx) == []


def test_auto_match_leaves_a_close_call_to_a_person(books: Books) -> None:
    books.invoice(books.customer("Alpha Ltd"), "120.00")
    books.invoice(books.customer("Beta Ltd"), "120.00")
    [line] = books.bank("2026-11-20;120.00;Someone;;thanks")
    [done] = auto_match(books.ctx, 30)
    assert (done.transaction_id, done.payment) == (line, None)
    assert "about as likely" in done.note
    with pytest.raises(ServiceError):
        auto_match(books.ctx, 0)


def test_the_same_money_from_another_statement_is_flagged(books: Books) -> None:
    dupont = books.customer("Zoë Dupont")
    books.invoice(dupont, "119.00")
    books.invoice(dupont, "119.00")
    csv_rows = "\n".join(
        [
            "date;amount;counterparty;counterparty_account;reference",
            "2026-11-18;119.00;Zoë Dupont;FR7630006000011234567890189;INV-2026-00001",
            "2026-11-18;119.00;Zoë Dupont;FR7630006000011234567890189;INV-2026-00001",
        ]
    )
    import_statement(books.ctx, csv_rows.encode(), "b.csv", account="DE89370400440532013000")
    camt = (DATA / "camt053_v02.xml").read_bytes()
    import_statement(books.ctx, camt, "camt053_v02.xml")
    found = {p.line.id: p.duplicate_of for p in proposals(books.ctx) if p.line.amount == 119}
    # two equal payments in one statement are two payments; the camt line repeats the first
    assert sorted(found.items()) == [(1, None), (2, None), (3, 1)]
    done = auto_match(books.ctx, 80)
    assert [(d.transaction_id, d.payment is not None) for d in done] == [
        (1, True),
        (2, True),
        (3, False),
    ]
    assert "line 1 again" in done[2].note


def test_payer_accounts_seen_before_are_found_through_the_index(ctx: AppContext) -> None:
    query = payers_query(["DE4450010517", "DE89370400440532013000"])
    sql = query.compile(dialect=ctx.db.engine.dialect, compile_kwargs={"literal_binds": True})
    with ctx.db.read() as session:
        plan = " ".join(row[3] for row in session.execute(sa.text(f"EXPLAIN QUERY PLAN {sql}")))
    assert (
        "SEARCH bank_transaction USING COVERING INDEX "
        "ix_bank_transaction_counterparty_account_status_payment_id" in plan
    ), plan
