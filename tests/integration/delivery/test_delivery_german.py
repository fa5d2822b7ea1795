# SPDX-License-Identifier: MIT
"""What sending documents says to the person, in the person's language (German here); what
the customer reads and what the books keep stay as they were."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from arapp.db.models import ContactLogEntry
from arapp.services.context import AppContext
from arapp.services.delivery.outbox import cancel_deliveries, list_deliveries
from arapp.services.delivery.send import send_invoices
from arapp.services.delivery.telling import describe, headline
from arapp.services.errors import NotFound, ServiceError
from tests.helpers.books import TODAY, customer, issued_invoice
from tests.helpers.mailserver import memory_keyring, server, shop
from tests.helpers.spoken import speaking

__all__ = ["memory_keyring", "server", "shop"]


def test_a_dry_run_and_a_refusal_in_german(ctx: AppContext, german: None) -> None:
    nobody = customer(ctx, "Jürgen Groß")
    acme = customer(ctx, "Acme GmbH", "ap@example.org")
    refused, fine = (issued_invoice(ctx, who, TODAY, "100.00") for who in (nobody, acme))
    outcomes = send_invoices(ctx, [refused, fine], dry_run=True)
    assert [describe(o) for o in outcomes] == [
        "Rechnung INV-2026-00001: nicht gesendet: Jürgen Groß hat keine E-Mail-Adresse für "
        "Rechnungen: Ergänzen Sie eine beim Kunden oder geben Sie eine Empfängeradresse an.",
        "Rechnung INV-2026-00002: würde an ap@example.org gesendet (Probelauf: nichts gesendet).",
    ]
    assert headline(outcomes) == "1 nicht gesendet, 1 würde gesendet."
    assert headline([]) == "Nichts zu senden."
    with pytest.raises(NotFound, match=r"^Rechnung Nr. 999 existiert nicht\.$"):
        send_invoices(ctx, [999], dry_run=True)


def test_a_refused_action_in_german_and_the_contact_log_in_english(  # type: ignore[no-untyped-def]
    shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx, _inbox = shop
    invoice_id = issued_invoice(ctx, customer(ctx, "Acme GmbH", "ap@example.org"), TODAY, "9.50")
    with speaking("de", monkeypatch):
        (outcome,) = send_invoices(ctx, [invoice_id])
        assert describe(outcome) == "Rechnung INV-2026-00001: an ap@example.org gesendet."
        (record,) = list_deliveries(ctx)
        assert record.label == "Rechnung INV-2026-00001"
        with pytest.raises(ServiceError) as refused:
            cancel_deliveries(ctx, [record.id])
    assert str(refused.value) == (
        f"Dokument-E-Mail Nr. {record.id} ist: gesendet; nur eine im Zustand wartet auf Versand "
        "oder wartet auf neuen Versuch oder fehlgeschlagen kann abgebrochen werden. Es wurde "
        "nichts geändert."
    )
    with ctx.db.read() as session:
        logged = session.scalars(select(ContactLogEntry.summary)).all()
    assert logged == ["Invoice INV-2026-00001 e-mailed to ap@example.org"]
