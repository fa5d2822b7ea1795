# SPDX-License-Identifier: MIT
"""Books for tests: the test calendar's today, new SQLite books copied from the template that
tests/conftest.py migrates once per session (fixture ``migrated_books``), and builders for what
most tests need first: an issued invoice, an overdue one, a customer, the company's bank details."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from arapp.db.engine import Database
from arapp.services.company import get_company, save_company
from arapp.services.context import AppContext
from arapp.services.customers import CustomerInput, create_customer
from arapp.services.invoices import InvoiceDraft, LineDraft, save_draft
from arapp.services.lifecycle import issue_invoice

TODAY = date(2026, 11, 23)


def copy_books(template: Path, path: Path) -> Database:
    """Empty books at the newest schema in the new file ``path``, a copy of ``template``."""
    shutil.copyfile(template, path)
    return Database(f"sqlite:///{path.as_posix()}")


# A customer name that must print literally: markup, an ampersand and both quotes.
MARKUP_NAME = "<b>&\"' Anna"


def issued_invoice(
    ctx: AppContext,
    customer_id: int,
    day: date,
    amount: str,
    *,
    description: str = "Goods",
    confirmed: bool = False,
) -> int:
    """An issued invoice of ``day`` with one untaxed line of ``amount``; returns its id.

    ``confirmed`` issues it even past the customer's credit limit. Numbers follow dates: a
    test issues its invoices oldest first (a ``day`` before the last invoice of its year is
    refused, as it is for the owner).
    """
    draft = save_draft(ctx, InvoiceDraft(customer_id, day, (LineDraft(description, "1", amount),)))
    return issue_invoice(ctx, draft.id, confirmed=confirmed).id


def on_day(ctx: AppContext, day: date) -> AppContext:
    """The same books on another day: what the clock says when time has passed (nothing may
    be dated after today, so a test that runs on to a later day sets the clock there)."""
    return replace(ctx, today=lambda: day)


def with_bank(ctx: AppContext) -> None:
    """Give the company an Irish bank account, a payment link and an address."""
    company = get_company(ctx)
    assert company is not None
    save_company(
        ctx,
        replace(
            company,
            bank_name="Allied Irish Banks",
            iban="IE29AIBK93115212345678",
            bic="AIBKIE2D",
            payment_link_url="https://pay.example/test",
            address="1 Shop Street\nDublin",
        ),
    )


def customer(ctx: AppContext, name: str, email: str = "") -> int:
    """A customer on net 30 terms; returns its id."""
    return create_customer(ctx, CustomerInput(name=name, email=email, terms="net 30")).id


def overdue_invoice(ctx: AppContext, customer_id: int, days_late: int, amount: str = "100") -> int:
    """An invoice on net 30 terms, due ``days_late`` days before :data:`TODAY`; returns its id."""
    return issued_invoice(ctx, customer_id, TODAY - timedelta(days=days_late + 30), amount)
