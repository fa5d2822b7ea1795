# SPDX-License-Identifier: MIT
"""One bad message fails alone, with its reason, and the run goes on (issue 13, item 16).

Three reminders through a real SMTP server, the middle one bad: an invoice number carrying
CR/LF (as an import could have stored it before numbers were checked at the door) or a line
description of 5,000 characters. The first and third arrive; the middle one is ``failed``
with a reason, never ``unknown`` (it never reached the server), and nothing stays queued.
"""

from __future__ import annotations

import io
from datetime import timedelta

from pypdf import PdfReader
from sqlalchemy import update

from arapp.db.models import Invoice
from arapp.services.context import AppContext
from arapp.services.reminders.mailer import open_transport, store_password
from arapp.services.reminders.outbox import list_outbox, send_outbox
from arapp.services.reminders.run import plan_run, queue
from tests.helpers.books import TODAY, customer, issued_invoice, overdue_invoice
from tests.helpers.mailserver import PASSWORD, memory_keyring, point_at, server

__all__ = ["memory_keyring", "server"]

BAD_NUMBER = "BAD-1\r\nBcc: x@example.net"


def _three(ctx: AppContext, server, middle_description: str = "Goods") -> int:  # type: ignore[no-untyped-def]
    point_at(ctx, server[0])
    store_password(ctx, PASSWORD)
    overdue_invoice(ctx, customer(ctx, "First", "first@example.org"), 5)
    middle = issued_invoice(
        ctx, customer(ctx, "Middle", "middle@example.org"), TODAY - timedelta(days=35), "100",
        description=middle_description,
    )  # fmt: skip
    overdue_invoice(ctx, customer(ctx, "Third", "third@example.org"), 5)
    return middle


def test_a_number_with_cr_lf_fails_alone(ctx: AppContext, server, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    middle = _three(ctx, server)
    with ctx.db.write() as session:  # as an import before the door checked numbers
        session.execute(update(Invoice).where(Invoice.id == middle).values(number=BAD_NUMBER))
    queue(ctx, plan_run(ctx, TODAY), TODAY)
    report = send_outbox(ctx, open_transport(ctx))
    _, inbox = server
    assert sorted(r for rcpts, _ in inbox.received for r in rcpts) == [
        "first@example.org", "third@example.org",
    ]  # fmt: skip
    assert all("x@example.net" not in str(m) for _, m in inbox.received)
    rows = {r.recipient: r for r in list_outbox(ctx)}
    assert rows["middle@example.org"].state == "failed"
    assert "line break" in rows["middle@example.org"].last_error
    assert len(report.sent) == 2 and len(report.failed) == 1 and not report.unknown
    assert {rows["first@example.org"].state, rows["third@example.org"].state} == {"sent"}


def test_a_5000_character_line_is_sent_with_its_pdf(
    ctx: AppContext, server, memory_keyring
) -> None:  # type: ignore[no-untyped-def]
    long_text = " ".join(f"word{i:04d}" for i in range(555)) + " last."
    assert len(long_text) == 5000
    _three(ctx, server, long_text)
    queue(ctx, plan_run(ctx, TODAY), TODAY)
    report = send_outbox(ctx, open_transport(ctx))
    _, inbox = server
    assert len(report.sent) == 3 and not report.failed and not report.unknown
    (middle,) = [m for rcpts, m in inbox.received if rcpts == ["middle@example.org"]]
    (pdf,) = [p for p in middle.iter_attachments() if p.get_content_type() == "application/pdf"]
    reader = PdfReader(io.BytesIO(pdf.get_content()))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "word0000" in text and "word0554 last." in text
