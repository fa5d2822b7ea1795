# SPDX-License-Identifier: MIT
"""Invoice PDFs for many invoices at once, each rendered once per content.

Rendering is the slow part of sending reminders (tens of milliseconds an invoice, against well
under one to hand it to a server), so the sender renders a batch before it claims it, and the
bytes are kept keyed by a digest of *everything printed*: the whole :class:`InvoiceDocument`
(amounts paid, status, company, customer, settings, paper) plus the logo's bytes. A payment, an
edit or a new logo makes a new document and so a new key: nothing cached can go stale, and the
same content asked for again while it is kept (a retry, a reprint) is the same bytes, down to
the PDF's creation date. The cache lives in the process; nothing is written to the books.

An invoice that cannot be printed maps to a :class:`PdfProblem` with a reason a person can act
on, instead of stopping whoever asked for many.

A sender asks ahead (:func:`invoice_pdfs_later`): the PDFs it needs next are rendered when it
asks for them, those it will need later by worker processes (:mod:`.render_pool`) while it
sends, kept here as they come back. One asked for while still waiting for a worker that has not
started on it (or while the workers are still starting) is rendered in this process instead, so
nobody waits for a queue.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from arapp.pdf.document import InvoiceDocument
from arapp.pdf.invoice import render_invoice
from arapp.services import render_pool
from arapp.services.context import AppContext
from arapp.services.errors import ServiceError
from arapp.services.invoice_documents import build_documents

log = logging.getLogger(__name__)

#: Bytes of PDFs kept (about 1,500 one-page invoices); the least recently used go first.
CACHE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class PdfProblem:
    """Why an invoice's PDF could not be made.

    Attributes:
        invoice_id: The invoice.
        reason: One sentence for a person (from the books' check or the PDF layer).
    """

    invoice_id: int
    reason: str


def document_key(doc: InvoiceDocument) -> bytes:
    """A digest of everything ``doc`` prints: its full ``repr`` (every field, exact Decimals)
    and the logo's bytes, which the ``repr`` leaves out."""
    digest = hashlib.sha256(repr(doc).encode())
    digest.update(b"\0logo\0")
    digest.update(doc.seller.logo or b"")
    return digest.digest()


class PdfCache:
    """Rendered PDFs by :func:`document_key`, bounded by their total size; thread-safe (the
    window sends on a worker thread while a person may print)."""

    def __init__(
        self,
        limit: int = CACHE_BYTES,
        render: Callable[[InvoiceDocument], bytes] = render_invoice,
    ) -> None:
        self.limit = limit
        self._render = render
        self._kept: OrderedDict[bytes, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self._flight: dict[bytes, Future[bytes]] = {}

    def pdf(self, doc: InvoiceDocument) -> bytes:
        """The PDF of ``doc``, rendered only if this content was not rendered before (waiting
        for a worker that renders it, if one has started to)."""
        return self._made(document_key(doc), doc)

    def later(self, doc: InvoiceDocument, ahead: bool = False) -> Callable[[], bytes]:
        """The PDF of ``doc`` when called; when ``ahead`` and it is neither kept nor on its way,
        a worker process starts rendering it now (only with the real renderer)."""
        key = document_key(doc)
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None:
                return lambda: kept
            flying = key in self._flight
        if ahead and not flying and self._render is render_invoice:
            future = render_pool.render_later(doc)
            if future is not None:
                with self._lock:
                    self._flight.setdefault(key, future)
                future.add_done_callback(lambda f: self._landed(key, f))
        return lambda: self._made(key, doc)

    def _landed(self, key: bytes, future: Future[bytes]) -> None:
        """A worker's PDF came back (or its work was cancelled, or failed): keep it."""
        with self._lock:
            if self._flight.get(key) is future:
                del self._flight[key]
        if not future.cancelled() and future.exception() is None:
            self._keep(key, future.result())

    def _made(self, key: bytes, doc: InvoiceDocument) -> bytes:
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None:
                self._kept.move_to_end(key)
                return kept
            future = self._flight.get(key)
        # not started: cancelled, rendered here; a worker has it: wait, unless the workers are
        # still starting (then render it here too, the first one made is kept)
        if future is not None and not future.cancel() and (future.done() or render_pool.warm()):
            try:
                return future.result()
            except BrokenProcessPool:  # the worker died: render it here
                log.warning("a PDF render worker died; rendering %s in this process", doc.number)
                render_pool.reset()
        return self._keep(key, self._render(doc))  # outside the lock: two may render at once

    def _keep(self, key: bytes, pdf: bytes) -> bytes:
        with self._lock:
            if key not in self._kept:
                self._kept[key] = pdf
                self._size += len(pdf)
            while self._size > self.limit and len(self._kept) > 1:
                self._size -= len(self._kept.popitem(last=False)[1])
            return self._kept.get(key, pdf)

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()
            self._size = 0


#: The process's cache (rendered bytes depend on nothing but the document).
PDFS = PdfCache()


def invoice_pdfs(
    ctx: AppContext, invoice_ids: Sequence[int], cache: PdfCache = PDFS
) -> dict[int, bytes | PdfProblem]:
    """The PDF of each invoice, or why it could not be made; one read for all of them."""
    return {i: made() for i, made in invoice_pdfs_later(ctx, invoice_ids, cache).items()}


def invoice_pdfs_later(
    ctx: AppContext,
    invoice_ids: Sequence[int],
    cache: PdfCache = PDFS,
    ahead: Sequence[int] = (),
) -> dict[int, Callable[[], bytes | PdfProblem]]:
    """The PDF of each invoice of ``invoice_ids`` and ``ahead`` when called, or why it could not
    be made; one read for all of them. Those ``ahead`` are rendered meanwhile by worker
    processes, when there are enough of them for the pool to be worth it."""
    docs = build_documents(ctx, [*invoice_ids, *ahead])
    to_render = sum(1 for i in ahead if not isinstance(docs[i], ServiceError))
    in_pool = to_render >= render_pool.POOL_FROM
    soon = set(invoice_ids)
    found: dict[int, Callable[[], bytes | PdfProblem]] = {}
    for invoice_id, doc in docs.items():
        if isinstance(doc, ServiceError):
            found[invoice_id] = _given(PdfProblem(invoice_id, str(doc)))
            continue
        found[invoice_id] = _or_problem(
            invoice_id, cache.later(doc, in_pool and invoice_id not in soon)
        )
    return found


def _given(problem: PdfProblem) -> Callable[[], bytes | PdfProblem]:
    return lambda: problem


def _or_problem(invoice_id: int, made: Callable[[], bytes]) -> Callable[[], bytes | PdfProblem]:
    def pdf() -> bytes | PdfProblem:
        try:
            return made()
        except Exception as exc:  # ReportLab raises many types (a layout that cannot fit, ...)
            log.exception("invoice %s could not be rendered", invoice_id)
            return PdfProblem(invoice_id, f"The PDF layer refused it: {exc or type(exc).__name__}")

    return pdf
