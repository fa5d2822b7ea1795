# SPDX-License-Identifier: MIT
"""Documents e-mailed in the customer's language (issue 14, item 1): through a real SMTP server
(aiosmtpd on 127.0.0.1) on real SQLite books, a German customer gets the German invoice text
with amounts and dates as German is written in the company's country, others fall back on the
company's language, then English; statements too."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from arapp.services.company import get_company, save_company
from arapp.services.context import AppContext
from arapp.services.customers import CustomerInput, create_customer
from arapp.services.delivery.send import send_invoices, send_statement
from arapp.services.settings import mail_template, set_setting
from tests.helpers.books import TODAY, issued_invoice
from tests.helpers.cli import run
from tests.helpers.mailserver import memory_keyring, server, shop

__all__ = ["memory_keyring", "server", "shop"]  # the mail-server fixtures, used from here


def _customer(ctx: AppContext, name: str, email: str, language: str = "") -> int:
    data = CustomerInput(name=name, email=email, terms="net 30", language=language)
    return create_customer(ctx, data).id


def _text(message) -> str:  # type: ignore[no-untyped-def]
    return str(message.get_body(("plain",)).get_content()).replace("\r\n", "\n")


def test_a_german_customer_gets_the_german_invoice_text_in_the_mail_received(
    shop,
) -> None:  # type: ignore[no-untyped-def]
    ctx, inbox = shop
    company = get_company(ctx)
    assert company is not None
    save_company(ctx, replace(company, country="CH", locale="en_US"))  # a shop in Switzerland
    out = run(
        "config", "set", "mail.invoice_subject", "Rechnung $number von $company",
        "--language", "de", db=ctx.db.sqlite_path,
    )  # fmt: skip
    assert out.returncode == 0 and "mail.invoice_subject.de = Rechnung $number" in out.stdout
    set_setting(
        ctx, mail_template("invoice", "body", "de"),
        "Guten Tag $contact,\\n\\nanbei unsere Rechnung $number vom $issue_date über $total.",
    )  # fmt: skip
    german = _customer(ctx, "Bäckerei Süß", "buch@suess.example", "de")
    english = _customer(ctx, "Acme Ltd", "ap@acme.example")
    first = issued_invoice(ctx, german, TODAY, "1234.50")
    second = issued_invoice(ctx, english, TODAY, "1234.50")
    send_invoices(ctx, [first, second])
    (to_english, english_mail), (to_german, german_mail) = sorted(inbox.received)
    assert to_german == ["buch@suess.example"]
    assert german_mail["Subject"] == "Rechnung INV-2026-00001 von Test Shop"
    # German as written in Switzerland (de_CH): 1'234.50 and 23.11.2026
    assert _text(german_mail).strip() == (
        "Guten Tag Bäckerei Süß,\n\nanbei unsere Rechnung INV-2026-00001 vom 23.11.2026 über "
        "EUR\u00a01'234.50."
    )
    assert to_english == ["ap@acme.example"]
    assert english_mail["Subject"] == "Invoice INV-2026-00002 from Test Shop"
    assert "Please find attached our invoice INV-2026-00002 of Nov 23, 2026 for €1,234.50" in (
        _text(english_mail)
    )


def test_without_a_text_in_their_language_customers_get_the_company_language_then_english(
    shop,
) -> None:  # type: ignore[no-untyped-def]
    ctx, inbox = shop
    company = get_company(ctx)
    assert company is not None
    save_company(ctx, replace(company, country="DE", locale="de_DE"))  # the company writes German
    set_setting(ctx, mail_template("invoice", "subject", "de"), "Rechnung $number")
    set_setting(ctx, mail_template("invoice", "subject", "fr"), "Facture $number")
    french = _customer(ctx, "Café Lumière", "compta@lumiere.example", "fr")
    dutch = _customer(ctx, "Bakkerij Jansen", "boek@jansen.example", "nl")  # arapp's Dutch
    house = _customer(ctx, "Hausbank", "post@hausbank.example")  # the company's language
    english = _customer(ctx, "Acme Ltd", "ap@acme.example", "en")
    ids = [issued_invoice(ctx, c, TODAY, "10") for c in (french, dutch, house, english)]
    send_invoices(ctx, ids)
    subjects = {rcpts[0]: message["Subject"] for rcpts, message in inbox.received}
    assert subjects == {
        "compta@lumiere.example": "Facture INV-2026-00001",
        "boek@jansen.example": "Factuur INV-2026-00002 van Test Shop",  # arapp's own Dutch
        "post@hausbank.example": "Rechnung INV-2026-00003",
        "ap@acme.example": "Invoice INV-2026-00004 from Test Shop",  # English, as built in
    }
    bodies = {rcpts[0]: _text(message) for rcpts, message in inbox.received}
    # no French body of the owner's: arapp's French one, while the English body is arapp's
    assert bodies["compta@lumiere.example"].startswith("Bonjour Café Lumière")
    assert "10,00\u00a0€" in bodies["compta@lumiere.example"]  # French as written in Germany
    # once the owner rewrote the English body, no stock text overrules it: German (the
    # company's) has no body of the owner's either, so the French customer gets the English one
    set_setting(ctx, mail_template("invoice", "body"), "Dear $contact, here is $number.")
    inbox.received.clear()
    send_invoices(ctx, [issued_invoice(ctx, french, TODAY, "11")])
    assert _text(inbox.received[0][1]).startswith("Dear Café Lumière, here is INV-2026-00005.")


def test_a_statement_goes_in_the_customer_language(shop) -> None:  # type: ignore[no-untyped-def]
    ctx, inbox = shop
    set_setting(ctx, mail_template("statement", "subject", "it"), "Estratto conto di $company")
    set_setting(ctx, mail_template("statement", "body", "it"), "Saldo al $period_end: $balance.")
    italian = _customer(ctx, "Forno Rossi", "conti@rossi.example", "it")
    issued_invoice(ctx, italian, TODAY - timedelta(days=3), "99.90")
    outcome = send_statement(ctx, italian, TODAY - timedelta(days=30), TODAY)
    assert outcome.result == "sent"
    ((_, message),) = inbox.received
    assert message["Subject"] == "Estratto conto di Test Shop"
    assert _text(message).strip() == "Saldo al 23 nov 2026: 99,90\u00a0€."
