# SPDX-License-Identifier: MIT
"""A customer handed to the collections agency is with it: no reminders (not even the final
notice minutes later), no late fees, "With agency" where its status shows, until taken back
(service and command line); then the chase resumes."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from arapp.db.models import AuditEntry
from arapp.domain.customer import WITH_AGENCY, status_label
from arapp.services.agency import HANDED_OVER, TAKEN_BACK, agency_package, agency_since, take_back
from arapp.services.context import AppContext
from arapp.services.customer_list import customer_rows
from arapp.services.customers import get_customer
from arapp.services.errors import ServiceError
from arapp.services.fees import pending_fees
from arapp.services.reminders.run import plan_run, queue
from arapp.services.settings import set_setting
from arapp.services.worklist import overdue_customers
from tests.helpers.books import TODAY, customer, overdue_invoice
from tests.helpers.cli import run


def _late(ctx: AppContext) -> tuple[int, int]:
    """Two customers with an invoice 20 days overdue (firm reminder due) and late fees on."""
    set_setting(ctx, "fees.late_fee_flat", "10")
    gone = customer(ctx, "Gone Quiet Ltd", "q@x.example")
    other = customer(ctx, "Still Here Ltd", "h@x.example")
    for who in (gone, other):
        overdue_invoice(ctx, who, days_late=20, amount="300")
    return gone, other


def test_hand_off_stops_reminders_and_fees_until_taken_back(
    ctx: AppContext, tmp_path: Path
) -> None:
    gone, other = _late(ctx)
    assert {d.customer_id for d in plan_run(ctx, TODAY)} == {gone, other}
    assert {f.customer_id for f in pending_fees(ctx, TODAY)} == {gone, other}
    agency_package(ctx, gone, tmp_path / "agency.zip")
    assert agency_since(ctx, gone) == TODAY
    # the run minutes later, and every run after: nothing for the customer with the agency
    for later in (0, 10, 40, 200):
        day = TODAY + timedelta(days=later)
        assert {d.customer_id for d in plan_run(ctx, day)} == {other}
        assert {f.customer_id for f in pending_fees(ctx, day)} == {other}
    queue(ctx, plan_run(ctx, TODAY), TODAY)
    since = take_back(ctx, gone, "Agency gave it back: customer disputes")
    assert since == TODAY and agency_since(ctx, gone) is None
    log = [e.summary for e in get_customer(ctx, gone).log]
    assert log[0].startswith(TAKEN_BACK) and "customer disputes" in log[0]
    assert HANDED_OVER in log
    with ctx.db.read() as s:
        actions = list(s.scalars(select(AuditEntry.action).where(AuditEntry.entity_id == gone)))
    assert "agency_handover" in actions and "agency_take_back" in actions
    # the chase resumes where it stood
    assert [(d.customer_id, d.channel) for d in plan_run(ctx, TODAY)] == [(gone, "email")]
    assert {f.customer_id for f in pending_fees(ctx, TODAY)} == {gone, other}


def test_taking_back_a_customer_not_with_the_agency_is_refused(ctx: AppContext) -> None:
    gone, _ = _late(ctx)
    with pytest.raises(ServiceError, match="not with the collections agency"):
        take_back(ctx, gone)


def test_with_agency_shows_where_the_status_shows(ctx: AppContext, tmp_path: Path) -> None:
    gone, other = _late(ctx)
    agency_package(ctx, gone, tmp_path / "agency.zip")
    rows = customer_rows(ctx, [gone, other])
    assert status_label(rows[gone].status, rows[gone].agency_since is not None) == WITH_AGENCY
    assert status_label(rows[other].status, rows[other].agency_since is not None) == "Active"
    assert get_customer(ctx, gone).customer.agency_since == TODAY
    ranked = {c.customer_id: c for c in overdue_customers(ctx, TODAY + timedelta(days=60))}
    assert ranked[gone].agency_since == TODAY and not ranked[gone].hold_suggested
    assert ranked[other].hold_suggested


def test_cli_take_back(ctx: AppContext, tmp_path: Path) -> None:
    gone, _ = _late(ctx)
    books = tmp_path / "books.sqlite3"
    code = get_customer(ctx, gone).customer.code
    handed = run("agency", code, "-o", str(tmp_path / "a.zip"), db=books)
    assert handed.returncode == 0, handed.stderr
    assert "with the agency" in handed.stdout
    back = run("take-back", code, "--reason", "paid the agency", db=books)
    assert back.returncode == 0, back.stderr
    assert "taken back" in back.stdout and agency_since(ctx, gone) is None
    again = run("take-back", code, db=books)
    assert again.returncode != 0 and "not with the collections agency" in again.stderr
