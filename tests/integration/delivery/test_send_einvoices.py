# SPDX-License-Identifier: MIT
"""A customer who takes e-invoices gets each invoice checked against the official rules before
it goes (real SMTP server on 127.0.0.1, real Saxon rules): a valid Factur-X PDF arrives and
checks valid again; one that lacks a field the format needs is not sent, and says why."""

from __future__ import annotations

from dataclasses import replace

import pytest

from arapp.db.models import Invoice
from arapp.domain.einvoice_check import Verdict
from arapp.einvoice.validation import Validator
from arapp.services.context import AppContext
from arapp.services.customers import get_customer, update_customer
from arapp.services.delivery.send import send_invoices
from arapp.services.invoices import LineDraft, invoice_by_number
from arapp.services.reminders.mailer import store_password
from tests.helpers.einvoices import german_shop, issue
from tests.helpers.mailserver import PASSWORD, memory_keyring, point_at, server

__all__ = ["memory_keyring", "server"]  # the mail-server fixtures, used from here


@pytest.fixture
def shop(ctx: AppContext, server, memory_keyring):  # type: ignore[no-untyped-def]
    """German books whose customer KUNDE takes e-invoices in ``format``; the test server."""
    port, inbox = server
    books = german_shop(ctx)
    point_at(ctx, port)
    store_password(ctx, PASSWORD)

    def takes(fmt: str, **fields: str) -> int:
        """Issue an invoice to KUNDE, who takes ``fmt`` (and ``fields`` changed first)."""
        record = get_customer(ctx, books.customer).customer
        update_customer(
            ctx,
            books.customer,
            replace(record.as_input(), delivery="email-einvoice", einvoice_format=fmt, **fields),
        )
        line = LineDraft("Beratung", "2", "95", "0", books.rates["vat19"], "h")
        return invoice_by_number(ctx, issue(ctx, books.customer, [line])).id

    return ctx, inbox, takes


def test_a_factur_x_customer_gets_the_pdf_with_its_xml_checked(shop) -> None:  # type: ignore[no-untyped-def]
    ctx, inbox, takes = shop
    invoice_id = takes("facturx")
    (outcome,) = send_invoices(ctx, [invoice_id])
    assert outcome.result == "sent", outcome.reason
    ((_rcpts, message),) = inbox.received
    (part,) = list(message.iter_attachments())
    assert part.get_content_type() == "application/pdf"
    with Validator() as validator:
        check = validator.check_bytes(part.get_content(), part.get_filename())
    assert check.verdict is Verdict.VALID, check


def test_an_xrechnung_without_its_buyer_reference_is_not_sent(shop) -> None:  # type: ignore[no-untyped-def]
    ctx, inbox, takes = shop
    invoice_id = takes("xrechnung-cii")
    (outcome,) = send_invoices(ctx, [invoice_id])
    assert outcome.result == "failed", outcome
    assert "XRechnung" in outcome.reason and "was not sent" in outcome.reason
    assert "buyer reference" in outcome.reason.lower()
    assert inbox.received == []


def _peppol(address: str, scheme: str) -> dict[str, str]:
    return {
        "electronic_address": address,
        "electronic_address_scheme": scheme,
        "buyer_reference": "PO-4711",
    }


def test_a_peppol_customer_gets_xml_that_passes_the_peppol_rules(shop) -> None:  # type: ignore[no-untyped-def]
    ctx, inbox, takes = shop
    invoice_id = takes("peppol", **_peppol("DE987654321", "9930"))
    (outcome,) = send_invoices(ctx, [invoice_id])
    assert outcome.result == "sent", outcome.reason
    ((_rcpts, message),) = inbox.received
    (part,) = list(message.iter_attachments())
    with Validator() as validator:
        check = validator.check_bytes(part.get_content(), part.get_filename())
    assert check.verdict is Verdict.VALID, check
    assert "Peppol BIS Billing 3.0.19 rules (UBL)" in {layer.name for layer in check.layers}


def test_a_peppol_document_the_peppol_rules_refuse_is_not_sent(shop) -> None:  # type: ignore[no-untyped-def]
    ctx, inbox, takes = shop
    # a Norwegian organisation number (EAS 0192) whose check digit is wrong: only the Peppol
    # rules know its form (PEPPOL-COMMON-R041)
    invoice_id = takes("peppol", **_peppol("123456789", "0192"))
    (outcome,) = send_invoices(ctx, [invoice_id])
    assert outcome.result == "failed", outcome
    assert "PEPPOL-COMMON-R041" in outcome.reason and "was not sent" in outcome.reason
    assert inbox.received == []


def test_a_peppol_customer_with_only_an_e_mail_address_is_told_before_any_rule(shop) -> None:  # type: ignore[no-untyped-def]
    ctx, inbox, takes = shop
    invoice_id = takes("peppol", **_peppol("", ""))
    (outcome,) = send_invoices(ctx, [invoice_id])
    assert outcome.result == "failed", outcome
    assert "Peppol does not deliver to an e-mail address" in outcome.reason
    assert inbox.received == []


def _everything(ctx: AppContext) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table (what a side-effect free command must leave as it was)."""
    from sqlalchemy import select

    from arapp.db.models import Base

    with ctx.db.read() as session:
        return {
            t.name: sorted(map(tuple, session.execute(select(t)).all()), key=repr)
            for t in Base.metadata.sorted_tables
        }


def test_a_dry_run_checks_the_e_invoice_as_a_send_would_and_writes_nothing(  # type: ignore[no-untyped-def]
    shop, tmp_path
):
    from tests.helpers.cli import run

    ctx, inbox, takes = shop
    bad = takes("xrechnung-cii")  # no buyer reference: a real send fails it
    with ctx.db.read() as session:
        number = session.get_one(Invoice, bad).number
    assert number is not None
    before = _everything(ctx)
    dry = run("invoice", "send", number, "--dry-run", db=tmp_path / "books.sqlite3")
    assert dry.returncode == 1, dry.stdout
    line = dry.stdout.strip()
    assert line.startswith(f"Invoice {number}: The XRechnung")
    assert "would not be sent: it needs" in line and "buyer reference" in line.lower()
    assert line.endswith("Dry run: nothing was sent.")
    assert _everything(ctx) == before and inbox.received == []


def test_a_dry_run_says_a_valid_e_invoice_passes(shop) -> None:  # type: ignore[no-untyped-def]
    from arapp.services.delivery.dry_run import dry_run_invoices
    from arapp.services.delivery.telling import describe

    ctx, inbox, takes = shop
    good = takes("facturx")
    (outcome,) = dry_run_invoices(ctx, [good])
    assert outcome.result == "would_send" and outcome.reason.endswith("passes the checks")
    assert "(dry run: nothing sent; the e-invoice" in describe(outcome)
    assert inbox.received == []


def _set_customer(ctx: AppContext, invoice_id: int, **fields: str) -> None:
    with ctx.db.read() as session:
        customer_id = session.get_one(Invoice, invoice_id).customer_id
    record = get_customer(ctx, customer_id).customer
    update_customer(ctx, customer_id, replace(record.as_input(), **fields))


def test_a_buyer_reference_set_after_issue_routes_the_e_invoice_and_is_recorded(  # type: ignore[no-untyped-def]
    shop,
):
    from sqlalchemy import select

    from arapp.db.models import AuditEntry

    ctx, inbox, takes = shop
    invoice_id = takes("peppol")  # issued while the customer had no buyer reference
    _set_customer(ctx, invoice_id, buyer_reference="04011000-12345-03")
    (outcome,) = send_invoices(ctx, [invoice_id])
    assert outcome.result == "sent", outcome.reason
    ((_rcpts, message),) = inbox.received
    (part,) = list(message.iter_attachments())
    assert b"<cbc:BuyerReference>04011000-12345-03</cbc:BuyerReference>" in part.get_content()
    with ctx.db.read() as session:
        entity_id, reason, details = session.execute(
            select(AuditEntry.entity_id, AuditEntry.reason, AuditEntry.details).where(
                AuditEntry.action == "einvoice_fields_from_customer"
            )
        ).one()
    assert entity_id == outcome.delivery_id and "was issued without them" in reason
    assert "buyer reference (BT-10) 04011000-12345-03" in details


def test_a_printed_field_missing_at_issue_says_to_credit_and_re_issue(shop) -> None:  # type: ignore[no-untyped-def]
    from arapp.services.customers import customer_by_code

    ctx, inbox, takes = shop
    kunde = customer_by_code(ctx, "KUNDE").id
    record = get_customer(ctx, kunde).customer
    update_customer(ctx, kunde, replace(record.as_input(), city="", postcode=""))
    invoice_id = takes("xrechnung-cii")  # issued without the customer's city and post code
    _set_customer(ctx, invoice_id, city="München", postcode="80331",
                  buyer_reference="04011000-12345-03")  # fmt: skip
    (outcome,) = send_invoices(ctx, [invoice_id])
    assert outcome.result == "failed" and inbox.received == []
    with ctx.db.read() as session:
        number = session.get_one(Invoice, invoice_id).number
    assert f"Buyer city and post code (BT-52, BT-53): {number} was issued without it" in (
        outcome.reason
    )
    assert "an issued invoice does not change" in outcome.reason
    assert f"correct {number} with a credit note and issue a new invoice" in outcome.reason
    assert "Buyer reference" not in outcome.reason  # taken from today's record
