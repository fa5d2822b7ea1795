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
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from arapp.pdf.document import InvoiceDocument
from arapp.pdf.invoice import render_invoice
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

    def pdf(self, doc: InvoiceDocument) -> bytes:
        """The PDF of ``doc``, rendered only if this content was not rendered before."""
        key = document_key(doc)
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None:
                self._kept.move_to_end(key)
                return kept
        pdf = self._render(doc)  # outside the lock: two threads may render at once
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
    found: dict[int, bytes | PdfProblem] = {}
    for invoice_id, doc in build_documents(ctx, invoice_ids).items():
        if isinstance(doc, ServiceError):
            found[invoice_id] = PdfProblem(invoice_id, str(doc))
            continue
        try:
            found[invoice_id] = cache.pdf(doc)
        except Exception as exc:  # ReportLab raises many types (a layout that cannot fit, ...)
            log.exception("invoice %s could not be rendered", invoice_id)
            found[invoice_id] = PdfProblem(
                invoice_id, f"The PDF layer refused it: {exc or type(exc).__name__}"
            )
    return found
