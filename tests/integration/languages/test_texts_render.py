# SPDX-License-Identifier: MIT
"""Every built-in reminder level and document e-mail renders in every language, for one invoice
and for several (issue 17 item 1): no placeholder is left, the phrases that fill them are in the
text's language (no English "invoices ... and ..." in a German message), amounts and dates in
the customer's locale."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest

from arapp.domain.document_mail import render_document_mail
from arapp.domain.languages import LANGUAGES
from arapp.domain.reminders import DEFAULT_POLICY
from arapp.domain.texts import DOCUMENT_MAIL
from arapp.services.reminders.wording import MessageFacts, render_message

TODAY = date(2026, 11, 23)

#: Per language: words its messages about several invoices say, and English ones they must not.
PLURAL = {"en": "invoices", "de": "Rechnungen", "fr": "factures", "es": "facturas",
          "it": "fatture", "nl": "facturen"}  # fmt: skip
AND = {"en": " and ", "de": " und ", "fr": " et ", "es": " y ", "it": " e ", "nl": " en "}


@dataclass(frozen=True)
class Item:
    """A reminder as the texts read it (:class:`arapp.services.reminders.wording.ReminderItem`)."""

    invoice_id: int
    level: int
    customer_id: int = 1
    customer_name: str = "Anna"
    contact: str = "Anna"
    channel: str = "email"
    recipient: str = "anna@example.com"
    policy_id: int = 1
    amount_due: Decimal = Decimal("1234.50")
    late_fee: Decimal = Decimal("10")
    currency: str = "EUR"

    @property
    def invoice_number(self) -> str:
        return f"INV-{self.invoice_id}"

    @property
    def due_date(self) -> date:
        return TODAY - timedelta(days=40 + self.invoice_id)

    @property
    def days_overdue(self) -> int:
        return (TODAY - self.due_date).days


@pytest.mark.parametrize("language", list(LANGUAGES))
@pytest.mark.parametrize("count", [1, 3, 7])
def test_every_level_renders_in_the_language(language: str, count: int) -> None:
    facts = MessageFacts(
        TODAY,
        overdue={1: {"EUR": Decimal("9999.99")}},
        reminded={1: TODAY - timedelta(days=9)},
        languages={1: language},
    )
    for level in DEFAULT_POLICY.levels:
        items = [Item(n, level.level) for n in range(1, count + 1)]
        subject, body = render_message(items, {1: DEFAULT_POLICY}, None, facts)
        assert "$" not in subject + body, (language, level.level)
        assert "INV-1" in subject + body
        if count > 1:
            assert PLURAL[language] in subject + body, (language, level.level)
        if language != "en":
            for english in (" invoices ", " overdue", " and ", "Together", "We last wrote"):
                assert english not in body, (language, level.level, english)
        if count == 3 and level.level in (2, 3):
            assert AND[language] in body, (language, level.level)  # "INV-1, INV-2 und INV-3"
            assert "1.234,50" in body if language in ("de", "it", "nl") else True  # es: 1234,50


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_every_document_mail_renders_in_the_language(language: str) -> None:
    values = {"customer": "Anna", "contact": "Anna", "company": "Shop", "number": "INV-1",
              "issue_date": "1.9.2026", "due_date": "1.10.2026", "total": "125,00 €",
              "period_start": "1.8.2026", "period_end": "23.11.2026",
              "balance": "10,00 €"}  # fmt: skip
    kinds = {kind for kind, _ in DOCUMENT_MAIL[language]}
    for kind in kinds:
        subject, body = render_document_mail(
            DOCUMENT_MAIL[language][(kind, "subject")],
            DOCUMENT_MAIL[language][(kind, "body")],
            values,
        )
        assert "$" not in subject + body and "Shop" in subject and "Anna" in body
