# SPDX-License-Identifier: MIT
"""Credit, refunds and late fees: refusals in the person's language."""

from __future__ import annotations

from datetime import timedelta

import pytest

from arapp.services.context import AppContext
from arapp.services.credit import apply_customer_credit, refund_credit
from arapp.services.errors import InputErrors, ServiceError
from arapp.services.fees import charge_late_fees
from tests.helpers.books import TODAY, customer


def test_credit_and_fee_refusals_come_in_german(ctx: AppContext, german: None) -> None:
    anna = customer(ctx, "Anna")
    with pytest.raises(ServiceError, match=r"^Anna hat kein Guthaben zum Verrechnen\.$"):
        apply_customer_credit(ctx, anna)
    with pytest.raises(InputErrors) as caught:
        refund_credit(ctx, anna, "5", TODAY, "pigeon")
    assert (caught.value.for_field("method") or "").startswith("Wählen Sie eines von: ")
    with pytest.raises(ServiceError, match=r"^Anna hat 0.00 EUR Guthaben zum Erstatten\.$"):
        refund_credit(ctx, anna, "5", TODAY, "bank_transfer")
    with pytest.raises(ServiceError, match=r"^Gebühren können nicht zum 2026-11-24 berechnet"):
        charge_late_fees(ctx, TODAY + timedelta(days=1))
