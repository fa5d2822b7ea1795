# SPDX-License-Identifier: MIT
"""Worker processes that render invoice PDFs while this process sends.

ReportLab is pure Python and CPU-bound: a thread would wait for this one's interpreter, a
process does not. The pool is started on first use only (a send of a few documents renders
them here, as starting a worker costs more than it saves), with one worker per CPU this
process may use, and kept for the rest of the process; on a single CPU there is none.
Workers are started fresh (``spawn``), never forked from a process that runs a window and
threads, and each one ends by itself when this process dies, however it dies.

A worker that dies (killed, out of memory) breaks the pool: :func:`reset` drops it and the
next use starts a new one; whoever waited renders in this process instead.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor

from arapp.pdf.document import InvoiceDocument

log = logging.getLogger(__name__)

#: Documents to render ahead at once for the pool to be worth using (a worker costs about
#: half a second of CPU to start, some 30 invoices' worth).
POOL_FROM = 16

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None


def workers() -> int:
    """Worker processes to start: the CPUs this process may run on (none below two)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS and Windows have no affinity
        cpus = os.cpu_count() or 1
    return cpus if cpus >= 2 else 0


def _watch_parent() -> None:
    """End this worker when the process that started it ends (even by ``kill -9``, which runs
    no clean-up that would stop the pool)."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def wait() -> None:
        parent.join()
        os._exit(0)

    threading.Thread(target=wait, name="parent-watch", daemon=True).start()


def _start_worker() -> None:
    """Each worker: watch the parent, then load the renderer and its fonts once."""
    _watch_parent()
    from arapp.pdf.styles import styles

    styles()


def _render(doc: InvoiceDocument) -> bytes:
    from arapp.pdf.invoice import render_invoice

    return render_invoice(doc)


def pool() -> ProcessPoolExecutor | None:
    """The pool, started on first use; ``None`` on a single CPU."""
    global _pool
    with _lock:
        if _pool is None and workers():
            _pool = ProcessPoolExecutor(
                workers(), multiprocessing.get_context("spawn"), initializer=_start_worker
            )
        return _pool


def reset() -> None:
    """Drop a broken pool (its work is cancelled); the next :func:`pool` starts a new one."""
    global _pool
    with _lock:
        broken, _pool = _pool, None
    if broken is not None:
        log.warning("a PDF worker process died; starting new ones")
        broken.shutdown(wait=False, cancel_futures=True)


def render_later(doc: InvoiceDocument) -> Future[bytes] | None:
    """``doc``'s PDF being rendered by a worker, or ``None`` when there is no pool (or it
    cannot take work: then render here)."""
    executor = pool()
    if executor is None:
        return None
    try:
        return executor.submit(_render, doc)
    except RuntimeError:  # broken, or shut down as the interpreter exits
        reset()
        return None
