# SPDX-License-Identifier: MIT
"""Fixtures for the reminder screens: an aiosmtpd server on 127.0.0.1 (STARTTLS, AUTH), the
in-memory keyring, and a shop whose mail account points at the server. Overdue invoices come
from tests/helpers/books.py."""

from __future__ import annotations

import pytest

from arapp.services.context import AppContext
from arapp.services.reminders.mailer import store_password
from tests.helpers.mailserver import PASSWORD, memory_keyring, point_at, server

__all__ = ["memory_keyring", "point_at", "server"]  # from mailserver, for the UI tests


@pytest.fixture
def shop(ctx: AppContext, server, memory_keyring):  # type: ignore[no-untyped-def]
    """``(ctx, inbox)``: the mail account points at the test server, password stored."""
    port, inbox = server
    point_at(ctx, port, attach_pdf=False)
    store_password(ctx, PASSWORD)
    return ctx, inbox
