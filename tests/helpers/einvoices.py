# SPDX-License-Identifier: MIT
"""A German shop for e-invoice tests: a company with its address, VAT id, contact and bank;
tax rates of every VAT category; customers plain, hostile and non-Latin; and invoices issued
with them (several rates, discounts, an early-payment discount, reverse charge ...)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from arapp.services.catalog import TaxRateRecord, save_tax_rate
from arapp.services.company import get_company, save_company
from arapp.services.context import AppContext
from arapp.services.customers import CustomerInput, create_customer
from arapp.services.invoices import InvoiceDraft, LineDraft, save_draft
from arapp.services.lifecycle import credit_invoice, issue_invoice
from tests.helpers.books import MARKUP_NAME, TODAY

#: Tax rates by a short key: (name, percent, inclusive).
RATES = {
    "vat19": ("VAT 19%", "19", False),
    "vat7": ("VAT 7%", "7", False),
    "gross19": ("VAT 19% incl.", "19", True),
    "zero": ("Zero rate", "0", False),
    "exempt": ("Exempt under §4 Nr. 21 UStG", "0", False),
    "reverse": ("Reverse charge §13b UStG", "0", False),
    "intra": ("Intra-community supply", "0", False),
}

NON_LATIN_NAME = "株式会社テスト Ελληνική Εταιρεία Кириллица"
#: The shop's Global Location Number (EAS 0088), its check digit right.
SHOP_GLN = "4012345000009"


@dataclass(frozen=True)
class Shop:
    """The shop's tax rate ids by key and its customers' ids."""

    rates: dict[str, int]
    customer: int
    hostile: int
    non_latin: int


def german_shop(ctx: AppContext) -> Shop:
    """Fill the company profile, add the tax rates and three customers."""
    company = get_company(ctx)
    assert company is not None
    save_company(
        ctx,
        replace(
            company,
            name="Müller & Söhne <Werkstatt>",
            street="Hauptstraße 5",
            postcode="10115",
            city="Berlin",
            country="DE",
            email="rechnung@mueller.example",
            phone="+49 30 1234567",
            tax_id="DE123456789",
            locale="de_DE",
            bank_name="Berliner Bank",
            iban="DE89 3704 0044 0532 0130 00",
            bic="COBADEFFXXX",
            # a Peppol participant id (GLN): Peppol refuses e-mail as the electronic address
            electronic_address=SHOP_GLN,
            electronic_address_scheme="0088",
        ),
    )
    rates = {
        key: save_tax_rate(ctx, TaxRateRecord(0, name, Decimal(percent), inclusive)).id
        for key, (name, percent, inclusive) in RATES.items()
    }

    def add(name: str, code: str) -> int:
        return create_customer(
            ctx,
            CustomerInput(
                name=name,
                code=code,
                contact_person="Erika Beispiel",
                email=f"ap@{code.lower()}.example",
                street="Marktplatz 1",
                postcode="80331",
                city="München",
                country="DE",
                tax_id="DE987654321",
                terms="2/10 net 30",
                electronic_address="DE987654321",
                electronic_address_scheme="9930",  # Peppol: the German VAT id scheme
            ),
        ).id

    return Shop(
        rates,
        add("Kunde GmbH", "KUNDE"),
        add(MARKUP_NAME, "HOSTILE"),
        add(NON_LATIN_NAME, "NONLAT"),
    )


def issue(
    ctx: AppContext,
    customer_id: int,
    lines: list[LineDraft],
    *,
    discount: str = "0",
    notes: str = "",
) -> str:
    """Issue an invoice of :data:`TODAY` with ``lines``; its number."""
    draft = save_draft(
        ctx,
        InvoiceDraft(customer_id, TODAY, tuple(lines), discount_percent=discount, notes=notes),
    )
    number = issue_invoice(ctx, draft.id, confirmed=True).number
    assert number is not None
    return number


def credit(ctx: AppContext, invoice_id: int, reason: str = "Returned goods") -> str:
    number = credit_invoice(ctx, invoice_id, reason).credit_note.number
    assert number is not None
    return number
