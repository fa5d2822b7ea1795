# SPDX-License-Identifier: MIT
"""The customer, company and catalog services speak the person's language."""

from __future__ import annotations

import pytest

from arapp.services.catalog import ProductRecord, save_product
from arapp.services.company import CompanyProfile, save_company
from arapp.services.context import AppContext
from arapp.services.customers import CustomerInput, create_customer, customer_by_code
from arapp.services.errors import InputErrors, NotFound
from arapp.services.ledger import customer_ledger, shown_description
from arapp.services.lifecycle import void_invoice
from arapp.services.payments import PaymentInput, record_payment
from tests.helpers.books import TODAY, customer, issued_invoice


def test_customer_refusals_come_in_german(ctx: AppContext, german: None) -> None:
    create_customer(ctx, CustomerInput(name="Anna", code="ANNA"))
    with pytest.raises(InputErrors) as caught:
        create_customer(ctx, CustomerInput(name=" ", code="anna", credit_limit="1.005"))
    assert caught.value.for_field("name") == "Ein Name ist erforderlich."
    assert caught.value.for_field("code") == "Die Kundennummer ANNA ist bereits vergeben."
    assert caught.value.for_field("credit_limit") == (
        "Das Kreditlimit hat mehr als 2 Nachkommastellen."
    )
    with pytest.raises(NotFound, match=r"^Es gibt keinen Kunden mit der Kundennummer NOBODY\.$"):
        customer_by_code(ctx, "nobody")


def test_company_and_catalog_refusals_come_in_german(ctx: AppContext, german: None) -> None:
    with pytest.raises(InputErrors) as caught:
        save_company(ctx, CompanyProfile(name="", logo=b"GIF89a"))
    assert caught.value.for_field("name") == "Die Firma braucht einen Namen."
    assert caught.value.for_field("logo") == "Das Logo muss ein PNG- oder JPEG-Bild sein."
    with pytest.raises(InputErrors) as caught:
        save_product(
            ctx,
            ProductRecord(
                id=0,
                name="",
                description="",
                unit="",
                unit_price="1.00001",
                tax_rate_id=None,
                active=True,
            ),
        )
    assert caught.value.for_field("name") == "Ein Name ist erforderlich."
    assert caught.value.for_field("unit_price") == (
        "Der Einzelpreis hat mehr als 4 Nachkommastellen."
    )


def test_the_ledger_is_shown_in_german_and_kept_in_english(ctx: AppContext, german: None) -> None:
    anna = customer(ctx, "Anna")
    wrong = issued_invoice(ctx, anna, TODAY, "30")
    issued_invoice(ctx, anna, TODAY, "100")
    void_invoice(ctx, wrong, "wrong customer")
    record_payment(ctx, PaymentInput(anna, TODAY, "40", "cash"))
    entries = customer_ledger(ctx, anna)
    kept = sorted(e.description for e in entries)
    assert kept == ["Invoice", "Invoice", "Invoice voided: wrong customer", "Payment (cash)"]
    shown = sorted(shown_description(e) for e in entries)
    assert shown == ["Rechnung", "Rechnung", "Rechnung storniert: wrong customer", "Zahlung (Bar)"]
