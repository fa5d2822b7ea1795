# SPDX-License-Identifier: MIT
"""Two computers sending the same invoices at the same moment (two processes, on a SQLite file
and on the PostgreSQL server): each invoice reaches its customer exactly once."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from sqlalchemy import func, select

from arapp.db.models import DocumentDelivery
from arapp.services.context import AppContext
from arapp.services.reminders.mailer import store_password
from tests.helpers.books import TODAY, customer, issued_invoice
from tests.helpers.mailserver import PASSWORD, USER, memory_keyring, point_at, server
from tests.helpers.postgres import ON_POSTGRES, PG_URL

__all__ = ["memory_keyring", "server"]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=ON_POSTGRES)])
def shop_url(request: pytest.FixtureRequest, server, memory_keyring):  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        ctx, url = request.getfixturevalue("ctx"), request.getfixturevalue("db_url")
    else:
        ctx, url = request.getfixturevalue("pg_ctx"), PG_URL
    port, inbox = server
    point_at(ctx, port)
    store_password(ctx, PASSWORD)
    return ctx, inbox, url


def _sender(db_url: str, ids: list[int]) -> str:
    return textwrap.dedent(
        f"""
        from arapp.db.engine import Database
        from arapp.mail.smtp import SmtpSettings, SmtpTransport
        from arapp.services.context import AppContext
        from arapp.services.delivery.send import send_invoices
        from arapp.services.settings import get_setting

        ctx = AppContext(Database({db_url!r}))
        settings = SmtpSettings("127.0.0.1", get_setting(ctx, "smtp.port"), "starttls",
                                {USER!r}, {PASSWORD!r}, 5)
        outcomes = send_invoices(ctx, {ids!r}, transport=SmtpTransport(settings))
        print(sum(o.result == "sent" for o in outcomes))
        """
    )


def test_two_processes_send_each_invoice_once(shop_url) -> None:  # type: ignore[no-untyped-def]
    ctx, inbox, db_url = shop_url
    assert isinstance(ctx, AppContext)
    ids = [
        issued_invoice(ctx, customer(ctx, f"C{n}", f"c{n}@example.org"), TODAY, "10")
        for n in range(12)
    ]
    senders = [
        subprocess.Popen([sys.executable, "-c", _sender(db_url, ids)], stdout=subprocess.PIPE,
                         text=True)
        for _ in range(2)
    ]  # fmt: skip
    sent = [int(p.communicate(timeout=120)[0].strip().splitlines()[-1]) for p in senders]
    assert all(p.returncode == 0 for p in senders)
    assert sum(sent) == 12, sent
    assert sorted(r[0][0] for r in inbox.received) == sorted(f"c{n}@example.org" for n in range(12))
    with ctx.db.read() as session:
        rows = session.execute(
            select(DocumentDelivery.state, func.count()).group_by(DocumentDelivery.state)
        ).all()
    assert rows == [("sent", 12)]
