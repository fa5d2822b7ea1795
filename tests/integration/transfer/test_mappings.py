# SPDX-License-Identifier: MIT
"""Remembered column mappings survive, are replaced by name, and refuse nonsense."""

from __future__ import annotations

import pytest

from arapp.services.context import AppContext
from arapp.services.errors import InputErrors, NotFound
from arapp.services.transfer.mappings import (
    delete_mapping,
    load_mapping,
    mapping_names,
    save_mapping,
)


def test_saved_mapping_comes_back_and_is_replaced_by_name(ctx: AppContext) -> None:
    save_mapping(ctx, "bank_csv", "Sparkasse", {"date": "Buchungstag", "decimal": ","})
    save_mapping(ctx, "bank_csv", "Sparkasse", {"date": "Valuta", "amount": "Betrag"})
    save_mapping(ctx, "customers", "Old shop", {"code": "Kundennr"})
    assert load_mapping(ctx, "bank_csv", "Sparkasse") == {"date": "Valuta", "amount": "Betrag"}
    assert mapping_names(ctx, "bank_csv") == ["Sparkasse"]
    delete_mapping(ctx, "bank_csv", "Sparkasse")
    with pytest.raises(NotFound):
        load_mapping(ctx, "bank_csv", "Sparkasse")
    assert load_mapping(ctx, "customers", "Old shop") == {"code": "Kundennr"}


def test_unknown_kind_and_empty_name_are_refused(ctx: AppContext) -> None:
    with pytest.raises(InputErrors):
        save_mapping(ctx, "spreadsheets", "x", {})
    with pytest.raises(InputErrors):
        save_mapping(ctx, "customers", "  ", {})
