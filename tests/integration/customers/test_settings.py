# SPDX-License-Identifier: MIT
"""Typed setting handles: each reads back as its type, over the same text keys."""

from __future__ import annotations

from decimal import Decimal

import pytest

from arapp.domain.errors import ValidationError
from arapp.services.settings import (
    GRACE_DAYS,
    LATE_FEE_FLAT,
    REMINDERS_AUTO,
    SMTP_PORT,
    SPECS,
    get_setting,
    set_setting,
    setting,
)


def test_handles_read_their_type_with_defaults_and_stored_values(ctx):
    assert get_setting(ctx, SMTP_PORT) == 587 and type(get_setting(ctx, SMTP_PORT)) is int
    assert get_setting(ctx, REMINDERS_AUTO) is False
    assert set_setting(ctx, SMTP_PORT, " 2525 ") == 2525
    assert set_setting(ctx, "fees.late_fee_flat", "7.50") == Decimal("7.50")
    assert set_setting(ctx, REMINDERS_AUTO, "on") is True
    assert get_setting(ctx, SMTP_PORT) == 2525
    assert get_setting(ctx, LATE_FEE_FLAT) == Decimal("7.50")
    assert get_setting(ctx, REMINDERS_AUTO) is True
    assert get_setting(ctx, "reminders.auto") is True  # the text key reads the same row
    assert get_setting(ctx, GRACE_DAYS) == 0


def test_text_keys_name_the_declared_handles():
    assert setting("smtp.port") is SMTP_PORT
    assert all(setting(key).key == key for key in SPECS)
    with pytest.raises(ValidationError, match=r"no setting called smtp\.prot"):
        setting("smtp.prot")
