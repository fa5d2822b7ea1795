# SPDX-License-Identifier: MIT
"""Addresses, statements, recurring invoices and settings refuse in the person's language
(German here)."""

from __future__ import annotations

from datetime import date

import pytest

from arapp.domain.errors import ValidationError
from arapp.services import customers as cust
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors, NotFound
from arapp.services.invoices import LineDraft
from arapp.services.recurring import RecurringInput, SkippedBilling, save_template
from arapp.services.settings import SMTP_PORT, mail_template, set_setting, setting
from arapp.services.statements import build_statement, default_period


def test_an_address_and_a_statement_refuse_in_german(ctx: AppContext, german: None) -> None:
    with pytest.raises(InputErrors) as wrong:
        cust.create_customer(ctx, cust.CustomerInput(name="Jürgen Groß", postcode="1" * 21))
    assert wrong.value.for_field("postcode") == "Die Postleitzahl ist länger als 20 Zeichen."
    with pytest.raises(NotFound, match=r"^Kunde Nr. 999 existiert nicht\.$"):
        build_statement(ctx, 999, date(2026, 10, 1), date(2026, 10, 31))
    with pytest.raises(InputErrors, match=r"^Der Zeitraum beginnt nach seinem Ende\.$"):
        default_period(ctx, date(2026, 10, 31), date(2026, 10, 1))


def test_recurring_invoices_refuse_in_german(ctx: AppContext, german: None) -> None:
    who = cust.create_customer(ctx, cust.CustomerInput(name="Jürgen Groß")).id
    with pytest.raises(InputErrors) as wrong:
        save_template(
            ctx,
            RecurringInput(who, " ", "daily", date(2026, 11, 1), (LineDraft("Hosting", "1", "9"),)),
        )
    assert [e.message for e in wrong.value.errors] == [
        "Geben Sie der wiederkehrenden Rechnung einen Namen.",
        "Wählen Sie wöchentlich, monatlich, vierteljährlich oder jährlich.",
    ]
    skipped = SkippedBilling(1, "Hosting", "Jürgen Groß", (date(2026, 11, 1),))
    assert skipped.text == "Übersprungen: Jürgen Groß hat eine Liefersperre"


def test_settings_refuse_and_describe_in_german(ctx: AppContext, german: None) -> None:
    with pytest.raises(ValidationError, match=r"^Geben Sie eine Portnummer von 1 bis 65535 an\.$"):
        set_setting(ctx, SMTP_PORT, "70000")
    with pytest.raises(ValidationError, match=r"^Es gibt keine Einstellung namens smtp\.nope\.$"):
        setting("smtp.nope")
    assert SMTP_PORT.description == "Sein Port: 587 für STARTTLS, 465 für SSL."
    assert mail_template("invoice", "subject", "fr").description == (
        "Der Betreff der E-Mail, die eine Rechnung überbringt, auf Français; leer: der Text einer "
        "anderen Sprache (der der Firma, sonst Englisch)."
    )
