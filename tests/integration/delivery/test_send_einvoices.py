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

    def takes(fmt: str) -> int:
        record = get_customer(ctx, books.customer).customer
        update_customer(
            ctx,
            books.customer,
            replace(record.as_input(), delivery="email-einvoice", einvoice_format=fmt),
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
