# SPDX-License-Identifier: MIT
"""Invoice PDFs rendered ahead by worker processes (real ones, spawned): the same documents as
rendered here, kept in the cache as they come back; one the renderer refuses fails alone with
the renderer's reason; a worker that dies costs nothing but speed (the PDF is rendered here, and
so is every later one)."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader

from arapp.pdf.document import InvoiceDocument
from arapp.pdf.invoice import render_invoice
from arapp.services import render_pool
from arapp.services.context import AppContext
from arapp.services.invoice_documents import build_documents
from arapp.services.pdf_cache import PdfCache, PdfProblem, invoice_pdfs_later
from tests.helpers.books import customer, issued_invoice

pytestmark = pytest.mark.skipif(render_pool.workers() == 0, reason="one CPU: no worker processes")


@pytest.fixture
def fresh_pool(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A pool of this test's own (the process's is left as it was)."""
    monkeypatch.setattr(render_pool, "_pool", None)
    monkeypatch.setattr(render_pool, "_broken", False)
    monkeypatch.setattr(render_pool, "_warm", False)
    monkeypatch.setattr(render_pool, "POOL_FROM", 2)
    yield
    if render_pool._idle is not None:
        render_pool._idle.cancel()
    if render_pool._pool is not None:
        render_pool._pool.shutdown(cancel_futures=True)


def _text(pdf: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages)


def _documents(ctx: AppContext, n: int) -> dict[int, InvoiceDocument]:
    zoe = customer(ctx, "Zoë Café")
    ids = [issued_invoice(ctx, zoe, date(2026, 10, d + 1), f"{d + 1}0.50") for d in range(n)]
    docs = build_documents(ctx, ids)
    assert all(isinstance(d, InvoiceDocument) for d in docs.values())
    return docs  # type: ignore[return-value]


def test_pdfs_rendered_ahead_by_workers_are_the_documents_and_kept(
    ctx: AppContext, fresh_pool: None
) -> None:
    docs = _documents(ctx, 4)
    ids = list(docs)
    cache = PdfCache()
    later = invoice_pdfs_later(ctx, ids[:1], cache, ahead=ids[1:])
    flying = list(cache._flight.values())
    assert render_pool._pool is not None and len(flying) == 3  # on their way
    by_workers = [f.result(timeout=120) for f in flying]
    assert [_text(p) for p in by_workers] == [_text(render_invoice(docs[i])) for i in ids[1:]]
    made = {i: pdf() for i, pdf in later.items()}
    assert [made[i] for i in ids[1:]] == by_workers and render_pool.warm()
    deadline = time.monotonic() + 30
    while cache._flight and time.monotonic() < deadline:  # kept as they come back
        time.sleep(0.01)
    again = PdfCache(render=lambda doc: pytest.fail("rendered again"))
    again._kept = cache._kept  # the same kept PDFs, and a renderer that must not be called
    assert invoice_pdfs_later(ctx, ids, again)[ids[3]]() == made[ids[3]]


def test_one_the_renderer_refuses_fails_alone_with_its_reason(
    ctx: AppContext, fresh_pool: None
) -> None:
    good, other = _documents(ctx, 2).values()
    bad = replace(good)
    object.__setattr__(bad, "paper_size", "a3")  # past the check: the renderer raises
    cache = PdfCache()
    made = [cache.later(doc, ahead=True) for doc in (good, bad, other)]
    assert len(cache._flight) == 3
    assert "Zoë Café" in _text(made[0]())
    with pytest.raises(KeyError, match="a3"):
        made[1]()
    assert "Zoë Café" in _text(made[2]())


def test_a_worker_that_dies_costs_only_speed(ctx: AppContext, fresh_pool: None) -> None:
    docs = _documents(ctx, 3)
    ids = list(docs)
    pool = render_pool.pool()
    assert pool is not None
    pool.submit(int, "1").result()  # the workers are up
    for pid in list(pool._processes):  # killed, as by a person
        os.kill(pid, signal.SIGKILL)
    made = invoice_pdfs_later(ctx, [], PdfCache(), ahead=ids)
    pdfs = [pdf() for pdf in made.values()]
    assert all(isinstance(p, bytes) and "Zoë Café" in _text(p) for p in pdfs)
    assert not any(isinstance(p, PdfProblem) for p in pdfs)
    deadline = time.monotonic() + 30
    while not pool._broken and time.monotonic() < deadline:  # noticed by its own thread
        time.sleep(0.05)
    assert render_pool.render_later(docs[ids[0]]) is None
    assert render_pool.pool() is None  # rendered here from now on


def test_idle_workers_end_and_new_ones_start_on_use(
    ctx: AppContext, fresh_pool: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(render_pool, "IDLE_AFTER", 0.5)
    first, second = _documents(ctx, 2).values()
    workers = render_pool.pool()
    future = render_pool.render_later(first)
    assert workers is not None and future is not None
    processes = list(workers._processes.values())
    assert "Zoë Café" in _text(future.result(timeout=120))  # finished, retired or not
    deadline = time.monotonic() + 30
    while render_pool._pool is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert render_pool._pool is None  # retired: their memory goes back
    # The pool's own thread reaps them too: a join here can lose that race and return before
    # the exit code is set, so wait for the exit code itself.
    deadline = time.monotonic() + 30
    while any(p.exitcode is None for p in processes) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [p.exitcode for p in processes] == [0] * len(processes)  # ended, and cleanly
    new_workers = render_pool.pool()
    again = render_pool.render_later(second)
    assert again is not None and new_workers not in (None, workers)
    assert "Zoë Café" in _text(again.result(timeout=120))


PROGRAM_WITH_A_STUBBORN_WORKER = """
import os, signal, time
from arapp.services import render_pool


def deaf() -> None:  # as a worker started just after the SIGTERMs went out: it gets none
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    time.sleep(2)  # busy: the other one goes to the other worker


if __name__ == "__main__":
    pool = render_pool.pool()
    for done in [pool.submit(deaf) for _ in range(len(pool._processes) or 2)]:
        done.result()
    # One worker killed: the pool breaks, sends the others SIGTERM and waits for them, and
    # Python's end waits for the pool.
    os.kill(next(iter(pool._processes)), signal.SIGKILL)
    time.sleep(1)
    print("ending", flush=True)
"""


def test_python_ends_even_when_a_worker_would_not(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    script = tmp_path / "stubborn.py"
    script.write_text(PROGRAM_WITH_A_STUBBORN_WORKER, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=90
    )  # without the clean-up at the end, this waited for ever
    assert "ending" in done.stdout, done.stderr
