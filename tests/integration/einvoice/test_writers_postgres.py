# SPDX-License-Identifier: MIT
"""E-invoices from books on a PostgreSQL server: the same documents, valid."""

from __future__ import annotations

import pytest

from arapp.einvoice.formats import EFormat
from arapp.einvoice.validation import Validator
from arapp.services.context import AppContext
from arapp.services.einvoices import make_einvoice
from arapp.services.invoices import LineDraft
from tests.helpers.einvoices import german_shop, issue
from tests.helpers.postgres import ON_POSTGRES

pytestmark = ON_POSTGRES


@pytest.mark.parametrize("fmt", list(EFormat), ids=[f.value for f in EFormat])
def test_an_invoice_on_postgresql_is_a_valid_e_invoice(
    pg_ctx: AppContext, validator: Validator, fmt: EFormat
) -> None:
    shop = german_shop(pg_ctx)
    lines = [
        LineDraft("Beratung", "7.5", "95", "10", shop.rates["vat19"], "h"),
        LineDraft("Buch", "1", "19.99", "0", shop.rates["vat7"], ""),
        LineDraft("Befreit", "1", "80", "0", shop.rates["exempt"], ""),
    ]
    number = issue(pg_ctx, shop.customer, lines, discount="2")
    result = make_einvoice(pg_ctx, number, fmt, validator, buyer_reference="B-1", pdf=False)
    assert result.valid, result.check
