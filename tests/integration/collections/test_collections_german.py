# SPDX-License-Identifier: MIT
"""Taking a customer back from the agency and follow-ups: refusals in the person's language."""

from __future__ import annotations

import pytest

from arapp.services.agency import take_back
from arapp.services.context import AppContext
from arapp.services.customers import add_log_entry
from arapp.services.errors import InputErrors, NotFound, ServiceError
from arapp.services.followups import complete_follow_up
from tests.helpers.books import customer


def test_collections_refusals_come_in_german(ctx: AppContext, german: None) -> None:
    anna = customer(ctx, "Anna")
    with pytest.raises(ServiceError, match=r"^Anna ist nicht beim Inkassobüro\.$"):
        take_back(ctx, anna)
    with pytest.raises(NotFound, match=r"^Kunde Nr\. 999 existiert nicht\.$"):
        take_back(ctx, 999)
    entry = add_log_entry(ctx, anna, "Called, no answer")
    with pytest.raises(ServiceError, match=r"^Dieser Eintrag hat keine Wiedervorlage\.$"):
        complete_follow_up(ctx, entry.id)
    with pytest.raises(InputErrors) as caught:
        add_log_entry(ctx, anna, " ", kind="fax")
    assert caught.value.for_field("summary") == "Schreiben Sie, was passiert ist."
    assert caught.value.for_field("kind") == "Unbekannte Art von Eintrag: fax."
