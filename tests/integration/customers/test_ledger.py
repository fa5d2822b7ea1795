# SPDX-License-Identifier: MIT
"""The ledger balance equals open items minus unapplied credit, whatever happens."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arapp.services import customers as cust
from arapp.services.context import AppContext
from arapp.services.credit import customer_credit, refund_credit
from arapp.services.customer_list import customer_rows
from arapp.services.errors import ServiceError
from arapp.services.invoices import InvoiceDraft, LineDraft, save_draft
from arapp.services.ledger import balance_check, customer_ledger
from arapp.services.lifecycle import credit_invoice, issue_invoice, void_invoice
from arapp.services.payments import PaymentInput, record_payment
from arapp.services.reversals import reverse_payment
from arapp.services.write_offs import write_off

cents = st.integers(min_value=1, max_value=50_000).map(lambda c: Decimal(c).scaleb(-2))
actions = st.lists(
    st.one_of(
        st.tuples(st.just("invoice"), cents, st.integers(0, 60)),
        st.tuples(st.just("pay"), cents, st.integers(0, 60)),
        st.tuples(st.just("reverse"), st.integers(0, 9), st.integers(0, 0)),
        st.tuples(st.just("credit"), st.integers(0, 9), cents),
        st.tuples(st.just("void"), st.integers(0, 9), st.integers(0, 0)),
        st.tuples(st.just("write_off"), st.integers(0, 9), st.integers(0, 0)),
        st.tuples(st.just("refund"), cents, st.integers(0, 0)),
    ),
    min_size=1,
    max_size=14,
)
_names = itertools.count()


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=actions)
def test_ledger_balance_is_open_items_minus_credit(ctx: AppContext, steps) -> None:  # type: ignore[no-untyped-def]
    customer = cust.create_customer(
        ctx, cust.CustomerInput(name=f"Random {next(_names)}", terms="2/10 net 30")
    ).id
    start = date(2026, 8, 1)
    invoices: list[int] = []
    payments: list[int] = []
    for kind, a, b in steps:
        try:
            if kind == "invoice":
                draft = save_draft(
                    ctx, InvoiceDraft(customer, start + timedelta(b), (LineDraft("x", "1", a),))
                )
                invoices.append(issue_invoice(ctx, draft.id).id)
            elif kind == "pay":
                payments.append(
                    record_payment(ctx, PaymentInput(customer, start + timedelta(b + 20), a)).id
                )
            elif kind == "reverse" and payments:
                reverse_payment(ctx, payments[a % len(payments)], "bounced")
            elif kind == "credit" and invoices:
                credit_invoice(ctx, invoices[a % len(invoices)], "fix", [LineDraft("c", "1", b)])
            elif kind == "void" and invoices:
                void_invoice(ctx, invoices[a % len(invoices)], "mistake")
            elif kind == "write_off" and invoices:
                write_off(ctx, invoices[a % len(invoices)], "bad_debt", "gone")
            elif kind == "refund":
                refund_credit(ctx, customer, a, date(2026, 11, 23), "bank_transfer")
        except ServiceError:
            pass  # refused actions must leave the books as they were
        closing, items = balance_check(ctx, customer)
        assert closing == items
        assert customer_rows(ctx, [customer])[customer].balance == closing
        assert customer_credit(ctx, customer) >= 0


def test_ledger_reads_like_a_statement(ctx: AppContext) -> None:
    customer = cust.create_customer(ctx, cust.CustomerInput(name="Reader")).id
    draft = save_draft(
        ctx, InvoiceDraft(customer, date(2026, 10, 1), (LineDraft("x", "1", "100"),))
    )
    issue_invoice(ctx, draft.id)
    paid = record_payment(ctx, PaymentInput(customer, date(2026, 10, 5), "60", "card", "POS 1"))
    reverse_payment(ctx, paid.id, "chargeback")
    entries = customer_ledger(ctx, customer)
    assert [(e.kind, e.amount, e.balance) for e in entries] == [
        ("invoice", Decimal("100.00"), Decimal("100.00")),
        ("payment", Decimal("-60.00"), Decimal("40.00")),
        ("payment_reversed", Decimal("60.00"), Decimal("100.00")),
    ]
    assert entries[2].description == "Payment reversed: chargeback"
