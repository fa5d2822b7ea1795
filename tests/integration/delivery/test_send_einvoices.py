# SPDX-License-Identifier: MIT
"""A customer who takes e-invoices gets each invoice checked against the official rules before
it goes (real SMTP server on 127.0.0.1, real Saxon rules): a valid Factur-X PDF arrives and
checks valid again; one that lacks a field the format needs is not sent, and says why."""

from __future__ import annotations

from dataclasses import replace

import pytest

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
