# SPDX-License-Identifier: MIT
"""Issue 14, the party records: migration 0023 reads old addresses into parts and lists those
it could not; the company and customer fields from the command line; the issued face keeps
them; the customers CSV carries them."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, text, update

from arapp.db import migrate
from arapp.db.engine import Database
from arapp.db.models import Customer
from arapp.services.company import CompanyProfile, get_company, save_company
from arapp.services.context import AppContext
from arapp.services.customer_list import addresses_to_check
from arapp.services.customers import (
    CustomerInput,
    create_customer,
    customer_by_code,
    update_customer,
)
from arapp.services.errors import InputErrors
from arapp.services.invoice_documents import build_document
from arapp.services.invoices import InvoiceDraft, LineDraft
from arapp.services.lifecycle import issue_new_invoice
from arapp.services.transfer.exports import export_customers
from arapp.services.transfer.imports import import_customers
from tests.helpers.books import TODAY, copy_books
from tests.helpers.cli import run

COMPANY = (
    "INSERT INTO company (id, name, legal_name, address, email, phone, website, tax_id, currency,"
    " locale, bank_name, iban, bic, account_number, payment_link_url, created_at) VALUES (1,"
    " 'Shop', '', '1 Quay Street\nCork T12 X8Y9', '', '', '', '', 'EUR', 'en_IE', '', '', '',"
    " '', '', '2026-01-01 00:00:00')"
)
OLD = {
    "IE": "12 Harbour Lane\nDún Laoghaire\nCo. Dublin A96 X2Y3",
    "DE": "Café Łukasiewicz\nFriedrichstraße 12\n10117 Berlin\nGermany",
    "FR": "Société X\n15 rue de la Paix\n75002 Paris\nFrance",
    "UK": "221B Baker Street\nLONDON\nNW1 6XE\nUnited Kingdom",
    "US": "1600 Pennsylvania Ave NW\nWashington, DC 20500\nUSA",
    "LOST": "Behind the old mill",
    "NONE": "",
}


def test_the_upgrade_reads_old_addresses_into_parts_and_lists_the_rest(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    migrate.upgrade(db, None, revision="0022")
    with db.engine.begin() as conn:
        conn.execute(text(COMPANY))
        for code, address in OLD.items():
            conn.execute(
                text(
                    "INSERT INTO customer (code, name, search_text, contact_person, email, phone,"
                    " billing_address, tax_id, currency, payment_terms, status, notes,"
                    " created_at, updated_at) VALUES (:code, :code, :code, '', '', '', :address,"
                    " '', 'EUR', 'net 30', 'active', '', '2026-01-01', '2026-01-01')"
                ),
                {"code": code, "address": address},
            )
    migrate.upgrade(db, None)
    with db.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT code, street, postcode, city, country, billing_address FROM customer")
        )
        parts = {r.code: (r.street, r.postcode, r.city, r.country, r.billing_address) for r in rows}
        company = conn.execute(text("SELECT street, postcode, city, country FROM company")).one()
    assert tuple(company) == ("1 Quay Street", "T12 X8Y9", "Cork", "IE")
    assert parts == {
        "IE": ("12 Harbour Lane\nDún Laoghaire", "A96 X2Y3", "Co. Dublin", "IE", ""),
        "DE": ("Café Łukasiewicz\nFriedrichstraße 12", "10117", "Berlin", "DE", ""),
        "FR": ("Société X\n15 rue de la Paix", "75002", "Paris", "FR", ""),
        "UK": ("221B Baker Street", "NW1 6XE", "LONDON", "GB", ""),
        "US": ("1600 Pennsylvania Ave NW", "20500", "Washington, DC", "US", ""),
        "LOST": ("Behind the old mill", "", "", "IE", ""),
        "NONE": ("", "", "", "IE", ""),
    }
    ctx = AppContext(db, today=lambda: TODAY)
    assert addresses_to_check(ctx) == [("LOST", "LOST")]
    german = build_customer_text(ctx, "DE")
    assert german == "Café Łukasiewicz\nFriedrichstraße 12\n10117 Berlin\nGermany"
    assert build_customer_text(ctx, "IE") == "12 Harbour Lane\nDún Laoghaire\nCo. Dublin\nA96 X2Y3"
    config = migrate._config()  # the downgrade writes the addresses back as one text
    with db.engine.connect() as connection, connection.begin():
        config.attributes["connection"] = connection
        command.downgrade(config, "0022")
    with db.engine.connect() as conn:
        back = dict(conn.execute(text("SELECT code, billing_address FROM customer")).all())
        columns = {c["name"] for c in inspect(conn).get_columns("customer")}
    assert back["DE"] == "Café Łukasiewicz\nFriedrichstraße 12\n10117 Berlin\nDE"
    assert back["LOST"] == "Behind the old mill\nIE" and "street" not in columns
    db.dispose()


def build_customer_text(ctx: AppContext, code: str) -> str:
    return customer_by_code(ctx, code).billing_address


def test_company_show_and_set_from_the_command_line(ctx: AppContext) -> None:
    db = Path(str(ctx.db.sqlite_path))
    save_company(ctx, CompanyProfile(name="Shop", locale="en_IE", country="IE"))
    for key, value in (
        ("street", r"1 Quay Street\nUnit 2"),
        ("postcode", "t12 x8y9"),
        ("city", "Cork"),
        ("vat_id", "ie 1234567 t"),
        ("electronic_address_scheme", "0088"),
        ("electronic_address", "4012345000009"),
        ("contact_name", "Pat Byrne"),
    ):
        assert run("company", "set", key, value, db=db).returncode == 0, key
    stored = get_company(ctx)
    assert stored is not None
    assert (stored.street, stored.postcode, stored.tax_id) == (
        "1 Quay Street\nUnit 2", "T12 X8Y9", "IE1234567T"
    )  # fmt: skip
    wrong = run("company", "set", "country", "Ireland", db=db)
    assert wrong.returncode == 1 and "country: “Ireland” is not a country code" in wrong.stderr
    unknown = run("company", "set", "colour", "red", db=db)
    assert unknown.returncode == 1 and "the keys are: name, legal_name, street" in unknown.stderr
    assert get_company(ctx) == stored  # nothing changed
    save_company(ctx, replace(stored, name="Evil\x1b]0;pwned\x07 Shop"[:4] + " Shop"))
    shown = run("company", "show", db=db)
    assert shown.returncode == 0
    assert "vat_id:" in shown.stdout and "IE1234567T" in shown.stdout
    assert (
        "street:                    1 Quay Street\n                           Unit 2"
        in shown.stdout
    )
    assert "electronic_address_scheme: 0088" in shown.stdout


def test_customer_add_and_edit_take_the_new_options(ctx: AppContext) -> None:
    db = Path(str(ctx.db.sqlite_path))
    save_company(ctx, CompanyProfile(name="Shop", locale="en_IE", country="IE"))
    added = run(
        "customer", "add", "--name", "Müller GmbH", "--code", "MU",
        "--street", "Hauptstr. 5", "--postcode", "10117", "--city", "Berlin", "--country", "de",
        "--vat-id", "DE123456789", "--buyer-reference", "991-12345-67",
        "--electronic-address", "991-12345-67", "--electronic-address-scheme", "0204",
        "--delivery", "email-einvoice", "--einvoice-format", "xrechnung-ubl",
        "--invoice-email", "ap@mueller.example", "--invoice-cc", "boss@mueller.example",
        db=db,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    shown = run("customer", "show", "MU", db=db)
    assert "Hauptstr. 5, 10117 Berlin, Germany" in shown.stdout
    assert "E-mail with e-invoice" in shown.stdout and "XRechnung (UBL)" in shown.stdout
    wrong = run("customer", "edit", "MU", "--electronic-address-scheme",
                "0088", db=db)  # fmt: skip
    assert wrong.returncode == 1 and "not a GLN" in wrong.stderr
    bad = run("customer", "edit", "MU", "--delivery", "fax", db=db)
    assert bad.returncode == 2
    moved = run("customer", "edit", "MU", "--city", "Potsdam",
                "--postcode", "14467", db=db)  # fmt: skip
    assert moved.returncode == 0
    shown = run("customer", "show", "MU", db=db)
    assert "Hauptstr. 5, 14467 Potsdam, Germany" in shown.stdout


def test_an_issued_invoice_keeps_the_parties_as_they_were(ctx: AppContext) -> None:
    save_company(
        ctx,
        CompanyProfile(name="Shop", locale="en_IE", street="1 Quay St", city="Cork",
                       country="IE", registration_id="123456", electronic_address_scheme="EM",
                       electronic_address="einvoice@shop.example", contact_name="Pat"),
    )  # fmt: skip
    customer = create_customer(
        ctx,
        CustomerInput(name="Müller", street="Hauptstr. 5", postcode="10117", city="Berlin",
                      country="DE", tax_id="DE123456789", buyer_reference="991-12345-67",
                      electronic_address="991-12345-67", electronic_address_scheme="0204"),
    )  # fmt: skip
    draft = InvoiceDraft(customer.id, TODAY, (LineDraft("Work", "1", "100.00"),))
    issued = issue_new_invoice(ctx, draft, confirmed=True)
    update_customer(
        ctx, customer.id, replace(customer.as_input(), city="Potsdam", buyer_reference="X")
    )
    stored = get_company(ctx)
    assert stored is not None
    save_company(ctx, replace(stored, registration_id="999"))
    doc = build_document(ctx, issued.id)
    assert (doc.buyer.city, doc.buyer.postcode, doc.buyer.country) == ("Berlin", "10117", "DE")
    assert doc.buyer.buyer_reference == "991-12345-67"
    assert doc.buyer.electronic_address_scheme == "0204"
    assert doc.buyer.address == "Hauptstr. 5\n10117 Berlin\nGermany"
    assert doc.seller.registration_id == "123456" and doc.seller.contact_person == "Pat"
    assert doc.seller.electronic_address == "einvoice@shop.example"


def test_the_customers_csv_round_trips_the_parts(
    ctx: AppContext, tmp_path: Path, migrated_books: Path
) -> None:
    save_company(ctx, CompanyProfile(name="Shop", locale="en_IE", country="IE"))
    create_customer(
        ctx,
        CustomerInput(name="Müller", code="MU", street="Hauptstr. 5\nHof 2", postcode="10117",
                      city="Berlin", country="DE", tax_id="DE123456789",
                      delivery="print", invoice_cc="a@x.example"),
    )  # fmt: skip
    create_customer(ctx, CustomerInput(name="Old", code="OLD", billing_address="Somewhere"))
    exported = export_customers(ctx)
    head = exported.decode().splitlines()[0]
    assert head.startswith("code,name,email,phone,address,terms,credit_limit,currency,street")
    other = AppContext(copy_books(migrated_books, tmp_path / "b.sqlite3"), today=ctx.today)
    save_company(other, CompanyProfile(name="Copy", locale="en_IE", country="IE"))
    assert import_customers(other, exported).ok
    assert export_customers(other).decode().splitlines() == exported.decode().splitlines()
    # a file with the address as one text only is read into parts
    plain = b'code,name,address\nFR,Fr,"15 rue de la Paix\n75002 Paris\nFrance"\n'
    assert import_customers(other, plain).ok
    fr = customer_by_code(other, "FR")
    assert (fr.street, fr.postcode, fr.city, fr.country) == ("15 rue de la Paix", "75002",
                                                             "Paris", "FR")  # fmt: skip
    other.db.dispose()


def test_invoices_go_to_the_invoice_email_else_the_email():
    from types import SimpleNamespace

    from arapp.services.parties import invoice_recipients

    plain = SimpleNamespace(email="a@x.org, b@x.org", invoice_email="", invoice_cc="")
    assert invoice_recipients(plain) == (("a@x.org", "b@x.org"), ())
    accounts = SimpleNamespace(
        email="a@x.org", invoice_email="ap@x.org", invoice_cc="A@x.org, ap@x.org"
    )
    assert invoice_recipients(accounts) == (("ap@x.org",), ("A@x.org",))


def test_a_tax_id_kept_from_before_the_checks_does_not_block_other_changes(
    ctx: AppContext,
) -> None:
    customer = create_customer(ctx, CustomerInput(name="Old", code="OLD"))
    with ctx.db.write() as session:  # as books from before the VAT id forms may hold it
        session.execute(update(Customer).values(tax_id="DE 123"))
    stored = customer_by_code(ctx, "OLD")
    saved = update_customer(ctx, customer.id, replace(stored.as_input(), phone="555"))
    assert (saved.phone, saved.tax_id) == ("555", "DE 123")
    with pytest.raises(InputErrors, match="DE and 9 digits"):
        update_customer(ctx, customer.id, replace(stored.as_input(), tax_id="DE 1234"))


def test_db_upgrade_names_the_customers_whose_address_needs_a_look(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    db = Database(f"sqlite:///{path}")
    migrate.upgrade(db, None, revision="0022")
    with db.engine.begin() as conn:
        conn.execute(text(COMPANY))
        for code, address in (("OK", "12 Main St\nDublin 2"), ("B", "Behind the mill, near it")):
            conn.execute(
                text(
                    "INSERT INTO customer (code, name, search_text, contact_person, email, phone,"
                    " billing_address, tax_id, currency, payment_terms, status, notes,"
                    " created_at, updated_at) VALUES (:code, :code, :code, '', '', '', :address,"
                    " '', 'EUR', 'net 30', 'active', '', '2026-01-01', '2026-01-01')"
                ),
                {"code": code, "address": address},
            )
    db.dispose()
    done = run("db", "upgrade", db=path)
    assert done.returncode == 0, done.stderr
    assert "1 customer's address needs a look (not every part of it could be read):\n  B  B\n" in (
        done.stdout
    )
    listed = run("customer", "list", "--status", "address_check", db=path)
    assert "Behind" not in listed.stdout and "\nB " in listed.stdout


def test_a_region_is_set_kept_at_issue_and_printed(ctx: AppContext) -> None:
    """State / province (BT-39, BT-54): from the command line, in the issued face, printed."""
    db = Path(str(ctx.db.sqlite_path))
    save_company(ctx, CompanyProfile(name="Shop", locale="en_US", country="US"))
    assert run("company", "set", "region", "  New   York ", db=db).returncode == 0
    stored = get_company(ctx)
    assert stored is not None and stored.region == "New York"
    assert "region:" in run("company", "show", db=db).stdout
    wrong = run("company", "set", "region", "x" * 101, db=db)
    assert wrong.returncode == 1 and "The state or region is longer than 100" in wrong.stderr
    added = run("customer", "add", "--name", "Acme", "--code", "AC", "--street", "1 Main St",
                "--city", "Springfield", "--region", "IL", "--postcode", "62704",
                "--country", "us", db=db)  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "Springfield, IL 62704" in run("customer", "show", "AC", db=db).stdout
    customer = customer_by_code(ctx, "AC")
    draft = InvoiceDraft(customer.id, TODAY, (LineDraft("Work", "1", "100.00"),))
    issued = issue_new_invoice(ctx, draft, confirmed=True)
    assert run("customer", "edit", "AC", "--region", "", db=db).returncode == 0
    assert customer_by_code(ctx, "AC").region == ""
    doc = build_document(ctx, issued.id)  # the issued face keeps the region it was issued with
    assert doc.buyer.region == "IL" and doc.buyer.address == "1 Main St\nSpringfield, IL 62704"
    assert doc.seller.region == "New York"
    import io

    from pypdf import PdfReader

    from arapp.services.invoice_documents import invoice_pdf

    text = PdfReader(io.BytesIO(invoice_pdf(ctx, issued.id))).pages[0].extract_text()
    assert "Springfield, IL 62704" in text and "New York" in text
