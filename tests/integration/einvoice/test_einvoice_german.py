# SPDX-License-Identifier: MIT
"""E-invoice refusals in the person's language (the e-invoice itself is the customer's)."""

from __future__ import annotations

import pytest

from arapp.services.context import AppContext
from arapp.services.einvoices import einvoice_source, preferred_format
from arapp.services.errors import NotFound, ServiceError
from arapp.services.lifecycle import void_invoice
from tests.helpers.books import TODAY, customer, issued_invoice


def test_einvoice_refusals_come_in_german(ctx: AppContext, german: None) -> None:
    missing = "^Es gibt keine Rechnung oder Gutschrift mit der Nummer X-1\\.$"
    with pytest.raises(NotFound, match=missing):
        einvoice_source(ctx, " X-1 ")
    with pytest.raises(NotFound, match=missing):
        preferred_format(ctx, "X-1")
    voided = void_invoice(ctx, issued_invoice(ctx, customer(ctx, "Anna"), TODAY, "10"), "wrong")
    with pytest.raises(ServiceError, match=r"ist storniert; ein stornierter Beleg wird nicht"):
        einvoice_source(ctx, voided.number or "")
