# SPDX-License-Identifier: MIT
"""Customers through the services, on a real SQLite file."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from arapp.db.models import AuditEntry
from arapp.domain.customer import CustomerStatus
from arapp.services import customers as svc
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors, NotFound
from arapp.services.events import Event


def test_create_fills_defaults_and_normalises(ctx: AppContext) -> None:
    record = svc.create_customer(
        ctx,
        svc.CustomerInput(
            name="  Zoë   Łukasiewicz ",
            email="ZOE@Example.org; billing@example.org",
            credit_limit="2500.50",
            billing_address="ul. Długa 5  \n00-001 Warszawa\n",
        ),
    )
    assert record.code == "ZOELUKASIEWI"
    assert record.name == "Zoë Łukasiewicz"
    assert record.currency == "EUR"
    assert record.terms == "net 30"
    assert record.credit_limit == Decimal("2500.50")
    assert record.billing_address == "ul. Długa 5\n00-001 Warszawa"
    assert "zoe@example.org" in record.email.lower() and "billing@example.org" in record.email
    assert record.status is CustomerStatus.ACTIVE


def test_every_wrong_field_is_reported_and_nothing_is_saved(ctx: AppContext) -> None:
    svc.create_customer(ctx, svc.CustomerInput(name="First", code="ACME"))
    with pytest.raises(InputErrors) as info:
        svc.create_customer(
            ctx,
            svc.CustomerInput(
                name="", code="ACME", email="not-an-email", credit_limit="-5", terms="whenever"
            ),
        )
    fields = {e.field for e in info.value.errors}
    assert fields == {"name", "code", "email", "credit_limit", "terms"}
    assert "negative" in (info.value.for_field("credit_limit") or "").lower()
    with pytest.raises(InputErrors) as dup:
        svc.create_customer(ctx, svc.CustomerInput(name="Second", code="acme"))
    assert dup.value.for_field("code") == "Code ACME is already used."
    assert [c.name for c in svc.find_customers(ctx, "")] == ["First"]


def test_suggested_codes_are_unique(ctx: AppContext) -> None:
    assert svc.suggested_code(ctx, "Café Süd") == "CAFESUD"
    a = svc.create_customer(ctx, svc.CustomerInput(name="Café Süd"))
    assert svc.suggested_code(ctx, "Cafe Sud") == "CAFESUD2"
    b = svc.create_customer(ctx, svc.CustomerInput(name="Cafe Sud"))
    assert (a.code, b.code) == ("CAFESUD", "CAFESUD2")


def test_markup_and_formulas_are_kept_literally(ctx: AppContext) -> None:
    for name in ["<b>&\"'", '=HYPERLINK("http://evil.example","click")']:
        record = svc.create_customer(ctx, svc.CustomerInput(name=name, code=""))
        assert svc.get_customer(ctx, record.id).customer.name == name


def test_search_folds_case_and_accents(ctx: AppContext) -> None:
    for name in ["Zoë Łukasiewicz", "Ünal Çelik", "Đorđe Petrović", "Plain Name"]:
        svc.create_customer(ctx, svc.CustomerInput(name=name))

    def names(text: str) -> list[str]:
        return [c.name for c in svc.find_customers(ctx, text)]

    assert names("zoe") == ["Zoë Łukasiewicz"]
    assert names("LUKAS") == ["Zoë Łukasiewicz"]
    assert names("ünal") == names("UNAL") == ["Ünal Çelik"]
    assert names("dorde petro") == ["Đorđe Petrović"]
    assert names("100%") == []
    assert names("_") == []


def test_edit_changes_fields_and_is_audited(ctx: AppContext) -> None:
    record = svc.create_customer(ctx, svc.CustomerInput(name="Old Name", credit_limit="100"))
    changed = svc.update_customer(
        ctx, record.id, svc.CustomerInput(name="New Name", code="NEW", credit_limit="")
    )
    assert (changed.name, changed.code, changed.credit_limit) == ("New Name", "NEW", None)
    assert svc.customer_by_code(ctx, "new").id == record.id
    with ctx.db.read() as s:
        actor, details = s.execute(
            select(AuditEntry.actor, AuditEntry.details).where(
                AuditEntry.action == "customer_updated"
            )
        ).one()
    assert actor == "tester" and '"credit_limit"' in details


def test_hold_release_archive(ctx: AppContext) -> None:
    seen: list[Event] = []
    ctx.events.subscribe(seen.append)
    record = svc.create_customer(ctx, svc.CustomerInput(name="Slow Payer"))
    held = svc.set_status(ctx, record.id, CustomerStatus.CREDIT_HOLD, "90 days overdue")
    assert held.status is CustomerStatus.CREDIT_HOLD
    archived = svc.set_status(ctx, record.id, CustomerStatus.ARCHIVED, "closed")
    assert archived.status is CustomerStatus.ARCHIVED
    assert svc.find_customers(ctx, "slow") == []
    assert [e.name for e in seen] == ["customer_created", "customer_updated", "customer_updated"]
    assert all(e.ids == (record.id,) for e in seen)
    with ctx.db.read() as s:
        reasons = s.scalars(
            select(AuditEntry.reason).where(AuditEntry.action == "customer_status")
        ).all()
    assert reasons == ["90 days overdue", "closed"]


def test_contacts_have_one_primary(ctx: AppContext) -> None:
    record = svc.create_customer(ctx, svc.CustomerInput(name="Firm"))
    a = svc.save_contact(
        ctx, record.id, svc.ContactRecord(0, "Ann", "AP", "ann@firm.example", "", True)
    )
    svc.save_contact(ctx, record.id, svc.ContactRecord(0, "Bob", "", "", "", True))
    contacts = svc.get_customer(ctx, record.id).contacts
    assert [(c.name, c.is_primary) for c in contacts] == [("Ann", False), ("Bob", True)]
    with pytest.raises(InputErrors):
        svc.save_contact(ctx, record.id, svc.ContactRecord(0, "", "", "x@", "", False))
    svc.remove_contact(ctx, record.id, a.id)
    assert [c.name for c in svc.get_customer(ctx, record.id).contacts] == ["Bob"]


def test_contact_log_newest_first(ctx: AppContext) -> None:
    record = svc.create_customer(ctx, svc.CustomerInput(name="Talker"))
    svc.add_log_entry(ctx, record.id, "Sent statement", kind="email")
    svc.add_log_entry(ctx, record.id, "Promised to pay Friday", kind="promise")
    log = svc.get_customer(ctx, record.id).log
    assert [e.summary for e in log] == ["Promised to pay Friday", "Sent statement"]
    assert log[0].at.tzinfo is not None
    with pytest.raises(InputErrors):
        svc.add_log_entry(ctx, record.id, "   ")


def test_missing_customer_is_a_clear_error(ctx: AppContext) -> None:
    with pytest.raises(NotFound, match="no customer with code NOPE"):
        svc.customer_by_code(ctx, "nope")
