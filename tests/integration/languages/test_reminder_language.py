# SPDX-License-Identifier: MIT
"""Reminders in the customer's language through a real SMTP server (aiosmtpd on 127.0.0.1): a
level's German words go to a German customer, with German amounts and dates; a customer in the
company's language keeps the English words."""

from __future__ import annotations

from dataclasses import replace

from arapp.domain.reminders import LevelText
from arapp.services.customers import CustomerInput, create_customer
from arapp.services.reminders.mailer import open_transport
from arapp.services.reminders.outbox import send_outbox
from arapp.services.reminders.policy import find_policy, save_policy
from arapp.services.reminders.run import plan_run, queue
from tests.helpers.books import overdue_invoice
from tests.helpers.mailserver import memory_keyring, server, shop

__all__ = ["memory_keyring", "server", "shop"]  # the mail-server fixtures, used from here


def test_a_german_customer_is_reminded_in_german(shop) -> None:  # type: ignore[no-untyped-def]
    ctx, inbox = shop
    record = find_policy(ctx)
    levels = list(record.policy.levels)
    german = LevelText(
        "de", "Zahlungserinnerung: $invoice_number",
        "Guten Tag $contact,\n\nbitte überweisen Sie $amount_due (fällig am $due_date).",
    )  # fmt: skip
    levels = [replace(lv, texts=(german,)) for lv in levels]
    save_policy(ctx, replace(record.policy, levels=tuple(levels)), record.id)
    for name, email, language in (
        ("Bäckerei Süß", "buch@suess.example", "de"),
        ("Acme Ltd", "ap@acme.example", ""),
    ):
        who = create_customer(ctx, CustomerInput(name, email=email, terms="net 30",
                                                 language=language)).id  # fmt: skip
        overdue_invoice(ctx, who, 10, "1234.5")
    queue(ctx, plan_run(ctx))
    assert len(send_outbox(ctx, open_transport(ctx)).sent) == 2
    mails = {rcpts[0]: message for rcpts, message in inbox.received}
    german_mail, english_mail = mails["buch@suess.example"], mails["ap@acme.example"]
    assert german_mail["Subject"] == "Zahlungserinnerung: INV-2026-00001"
    text = german_mail.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert text.startswith(
        "Guten Tag Bäckerei Süß,\n\nBitte überweisen Sie 1.234,50\u00a0€ (fällig am 13.11.2026)."
    )
    assert english_mail["Subject"] == "Payment reminder: invoice INV-2026-00002"
