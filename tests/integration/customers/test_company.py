# SPDX-License-Identifier: MIT
"""The company profile keeps bank details valid and the logo a picture."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import update

from arapp.db.models import Company
from arapp.services.company import CompanyProfile, get_company, save_company
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def test_bank_details_are_checked_and_normalised(ctx: AppContext) -> None:
    saved = save_company(
        ctx,
        CompanyProfile(name="Shop", iban="ie29 aibk 9311 5212 3456 78", bic="aibkie2d", logo=PNG),
    )
    assert (saved.iban, saved.bic) == ("IE29AIBK93115212345678", "AIBKIE2D")
    stored = get_company(ctx)
    assert stored is not None and stored.logo == PNG and stored.iban == saved.iban
    with pytest.raises(InputErrors) as info:
        save_company(ctx, CompanyProfile(name="", iban="IE00 1234", bic="??", logo=b"GIF89a"))
    assert {e.field for e in info.value.errors} == {"name", "iban", "bic", "logo"}


def test_the_payment_link_pattern_is_checked_at_the_door(ctx: AppContext) -> None:
    pattern = "https://pay.example/{number}?amount={amount}&currency={currency}"
    assert save_company(ctx, CompanyProfile(name="Shop", payment_link_url=f" {pattern} "))
    stored = get_company(ctx)
    assert stored is not None and stored.payment_link_url == pattern
    plain = save_company(ctx, CompanyProfile(name="Shop", payment_link_url="https://pay.example"))
    assert plain.payment_link_url == "https://pay.example"  # a plain address works as before
    with pytest.raises(InputErrors) as info:
        save_company(ctx, CompanyProfile(name="Shop", payment_link_url="https://p.example/{inv}"))
    (error,) = info.value.errors
    assert error.field == "payment_link_url"
    assert error.message == (
        "The payment link has the unknown placeholder {inv}; "
        "use {number}, {amount}, {currency}, {customer} or {reference}."
    )
    stored = get_company(ctx)
    assert stored is not None and stored.payment_link_url == "https://pay.example"  # kept


def test_a_link_kept_from_before_the_check_does_not_block_other_changes(ctx: AppContext) -> None:
    save_company(ctx, CompanyProfile(name="Shop"))
    with ctx.db.write() as session:  # as books from before patterns were checked may hold it
        session.execute(update(Company).values(payment_link_url="pay.example/shop"))
    stored = get_company(ctx)
    assert stored is not None
    saved = save_company(ctx, replace(stored, address="2 New Street"))
    assert saved.payment_link_url == "pay.example/shop" and saved.address == "2 New Street"
    with pytest.raises(InputErrors) as info:
        save_company(ctx, replace(stored, payment_link_url="pay.example/other"))
    assert [e.field for e in info.value.errors] == ["payment_link_url"]
