# SPDX-License-Identifier: MIT
"""The domain's rules speak the person's language: refusals, labels of lists, alert reasons;
what the books and CSV files keep (stored values) stays as it is."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from arapp.domain.aging import AgingBucket
from arapp.domain.alerts import AlertKind, broken_plan, overdue
from arapp.domain.customer import CustomerStatus, normalize_code, status_label, validate_email
from arapp.domain.eas import scheme_label
from arapp.domain.einvoice_check import LayerStatus, Severity
from arapp.domain.einvoice_fields import field_named_in
from arapp.domain.errors import ValidationError
from arapp.domain.fees import split_instalments
from arapp.domain.number_gaps import number_gaps
from arapp.domain.numbering import NumberPattern
from arapp.domain.parties import (
    Delivery,
    EInvoiceFormat,
    delivery_summary,
    validate_delivery,
    validate_vat_id,
)
from arapp.domain.payment_link import validate_pattern
from arapp.domain.payment_qr import validate_iban
from arapp.domain.totals import TaxRate

#: This tree's compiled catalogues (``python packaging/translations.py compile``): the installed
#: package may point at another checkout's.


def _message(call: object, *args: object) -> str:
    with pytest.raises(ValidationError) as caught:
        call(*args)  # type: ignore[operator]
    return caught.value.message


@pytest.mark.usefixtures("german")
def test_customer_rules_refuse_in_german() -> None:
    assert _message(normalize_code, "") == "Die Kundennummer ist erforderlich"
    assert _message(validate_email, "a@") == "„a@“ ist keine gültige E-Mail-Adresse"
    assert CustomerStatus.CREDIT_HOLD.label == "Liefersperre"
    assert status_label(CustomerStatus.ACTIVE, True) == "Beim Inkassobüro"
    assert CustomerStatus.CREDIT_HOLD.value == "credit_hold"  # what the books and CSV keep


@pytest.mark.usefixtures("german")
def test_e_invoice_party_rules_in_german() -> None:
    assert _message(validate_vat_id, "DE12") == (
        "„DE12“ ist keine USt-IdNr. von DE: Sie besteht aus DE und 9 Ziffern."
    )
    assert _message(validate_delivery, "fax").startswith("„fax“ ist keine Versandart")
    assert "email-pdf, email-einvoice, print" in _message(validate_delivery, "fax")
    assert Delivery.PRINT.label == "Drucken und per Post"
    assert delivery_summary("email-einvoice", "xrechnung-cii", "", cc="b@x.example") == (
        "E-Mail mit E-Rechnung, XRechnung (CII): noch keine E-Mail-Adresse; Kopie an b@x.example"
    )
    assert EInvoiceFormat.PEPPOL.value == "peppol"
    assert scheme_label("9930") == "9930 – USt-IdNr. (Deutschland)"
    assert scheme_label("0204") == "0204 – Leitweg-ID (Deutschland)"


@pytest.mark.usefixtures("german")
def test_alert_reasons_and_kinds_in_german() -> None:
    alert = overdue(7, "Gartenbau Huber", Decimal(0), Decimal("1200.00"), "EUR")
    assert alert is not None
    assert (
        alert.reason == "Bei Gartenbau Huber sind 1,200.00 EUR seit mehr als 90 Tagen überfällig."
    )
    assert alert.key == "overdue:7:-:90"  # what a dismissal sticks to: not translated
    plan = broken_plan(3, 7, "Huber", 2, date(2026, 3, 1), Decimal("50.00"), "EUR")
    assert plan.reason.startswith("Huber hat 2 Raten des Ratenplans versäumt")
    assert AlertKind.OVERDUE.label == "Lange überfällig"
    assert AgingBucket.CURRENT.label == "Nicht fällig"
    assert AgingBucket.DAYS_1_30.label == "1-30"


@pytest.mark.usefixtures("german")
def test_numbers_money_and_plans_in_german() -> None:
    assert _message(NumberPattern, "INV-{year}") == (
        "Das Muster braucht {seq}, die laufende Nummer."
    )
    assert number_gaps(["R-1", "R-3"]) == ["R-2 fehlt zwischen R-1 und R-3"]
    assert number_gaps(["R-1", "R-4"]) == ["R-2, R-3 fehlen zwischen R-1 und R-4"]
    assert _message(validate_iban, "") == "Geben Sie eine IBAN ein"
    assert _message(validate_pattern, "https://pay.example/{nr}").startswith(
        "Der Zahlungslink enthält den unbekannten Platzhalter {nr}; verwenden Sie {number}, "
    )
    assert _message(TaxRate, "MwSt", Decimal(120)) == (
        "Ein Steuersatz muss zwischen 0 und 100 Prozent liegen"
    )
    assert _message(split_instalments, Decimal(0), 2, date(2026, 1, 1), "monthly", "EUR") == (
        "Es ist nichts offen, das aufgeteilt werden könnte."
    )


@pytest.mark.usefixtures("french")
def test_a_rule_in_french() -> None:
    assert _message(normalize_code, "") == "Le code client est obligatoire"
    assert _message(validate_iban, "XX") == (
        "«\u00a0XX\u00a0» n’est pas un IBAN\u00a0: il commence par deux lettres et deux chiffres "
        "et compte de 15 à 34\u00a0lettres et chiffres"
    )


def test_english_is_unchanged() -> None:
    assert (
        _message(validate_vat_id, "DE12") == "“DE12” is not a VAT id of DE: it is DE and 9 digits."
    )
    assert number_gaps(["R-1", "R-9"]) == [
        "R-2, R-3, R-4, R-5, R-6 and 2 more are missing between R-1 and R-9"
    ]
    assert scheme_label("9930") == "9930 – VAT number (Germany)"
    assert status_label(CustomerStatus.ACTIVE, True) == "With agency"


@pytest.mark.usefixtures("german")
def test_the_field_an_e_invoice_rule_names_in_german() -> None:
    assert field_named_in("[BR-CO-26] ... shall contain the Seller VAT identifier (BT-31)") == (
        "Umsatzsteuer-Identifikationsnummer des Verkäufers (BT-31), Ihre USt-IdNr. im Firmenprofil"
    )
    assert field_named_in("the Invoice type code (BT-3)") == "Code für den Rechnungstyp (BT-3)"
    assert field_named_in("no such term (BT-999)") == "BT-999"


@pytest.mark.usefixtures("german")
def test_check_layer_and_severity_labels_in_german() -> None:
    assert LayerStatus.NOT_RUN.label == "konnte nicht ausgeführt werden"
    assert Severity.FATAL.label == "schwerwiegend"
    assert Severity.FATAL.value == "fatal"
