# SPDX-License-Identifier: MIT
"""Many invoices e-mailed in one go through a real SMTP server (aiosmtpd) on real SQLite books:
each arrives once with its own PDF, rendered ahead by worker processes while the batches before
are sent; one whose PDF cannot be made fails alone with the reason; and a send slower than the
stale limit is never taken for a dead one by a second run (each claim and send is stamped when
it happened, and a batch is recorded before it could look stale)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select, update

from arapp.db.models import DocumentDelivery, Invoice
from arapp.services import render_pool
from arapp.services.context import AppContext
from arapp.services.delivery.send import send_invoices
from arapp.services.delivery.sending import recover_stale
from tests.helpers.books import TODAY, customer, issued_invoice
from tests.helpers.mailserver import memory_keyring, server, shop

__all__ = ["memory_keyring", "server", "shop"]  # the mail-server fixtures, used from here


@pytest.fixture
def fresh_pool(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Worker processes of this test's own (the process's pool is left as it was)."""
    monkeypatch.setattr(render_pool, "_pool", None)
    monkeypatch.setattr(render_pool, "_broken", False)
    monkeypatch.setattr(render_pool, "_warm", False)
    yield
    if render_pool._idle is not None:
        render_pool._idle.cancel()
    if render_pool._pool is not None:
        render_pool._pool.shutdown(cancel_futures=True)


class Clock:
    """A clock that moves ``step`` forward each time it is read."""

    def __init__(self, step: timedelta) -> None:
        self.at, self.step = datetime(2026, 11, 23, 9, 0, tzinfo=UTC), step

    def __call__(self) -> datetime:
        self.at += self.step
        return self.at


def _invoices(ctx: AppContext, n: int) -> list[int]:
    return [
        issued_invoice(ctx, customer(ctx, f"Kunde {i:02} Müller", f"k{i:02}@example.org"), TODAY,
                       f"{100 + i}.50")
        for i in range(n)
    ]  # fmt: skip


@pytest.mark.skipif(render_pool.workers() == 0, reason="one CPU: no worker processes")
def test_many_arrive_once_each_with_their_pdf_and_a_broken_one_fails_alone(  # type: ignore[no-untyped-def]
    shop, fresh_pool: None
) -> None:
    ctx, inbox = shop
    ids = _invoices(ctx, 45)
    with ctx.db.write() as session:  # the books altered behind the program's back
        session.execute(
            update(Invoice).where(Invoice.id == ids[30]).values(total=Invoice.total + 1)
        )
        numbers = {i: n for i, n in session.execute(select(Invoice.id, Invoice.number))}
    outcomes = send_invoices(ctx, ids)
    assert render_pool._pool is not None  # the PDFs ahead went to worker processes
    assert [o.result for o in outcomes] == ["sent"] * 30 + ["failed"] + ["sent"] * 14
    assert f"The PDF of {numbers[ids[30]]} could not be made" in outcomes[30].reason
    assert "stored total differs from its lines" in outcomes[30].reason
    got = {}
    for _, message in inbox.received:
        (part,) = list(message.iter_attachments())
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(part.get_content())).pages)
        got[part.get_filename()] = text
    expected = {numbers[i] for n, i in enumerate(ids) if n != 30}
    assert len(inbox.received) == 44 and set(got) == {f"{n}.pdf" for n in expected}
    assert all(name.removesuffix(".pdf") in text for name, text in got.items())  # its own PDF


def test_a_long_send_never_looks_stale_to_a_second_run(shop) -> None:  # type: ignore[no-untyped-def]
    """Each step takes minutes by this clock; a second run looking at every step finds no
    delivery claimed long enough ago to take for stale (one claim for the whole batch of 20
    would be, after four sends)."""
    ctx, inbox = shop
    ids = _invoices(ctx, 6)
    ctx.now = Clock(timedelta(minutes=4))
    taken: list[int] = []
    outcomes = send_invoices(
        ctx, ids, progress=lambda d, t: taken.append(recover_stale(ctx, ctx.now()))
    )
    assert taken == [0] * 6
    assert [o.result for o in outcomes] == ["sent"] * 6 and len(inbox.received) == 6
    with ctx.db.read() as session:
        rows = session.execute(
            select(DocumentDelivery.claimed_at, DocumentDelivery.sent_at).order_by(
                DocumentDelivery.id
            )
        ).all()
    sent = [r.sent_at for r in rows]
    assert sent == sorted(set(sent))  # each its own moment
    assert all(r.claimed_at < r.sent_at for r in rows)
