# SPDX-License-Identifier: MIT
"""Worker processes that render invoice PDFs while this process sends.

ReportLab is pure Python and CPU-bound: a thread would wait for this one's interpreter, a
process does not. The pool is started on first use only (a send of a few documents renders
them here, as starting a worker costs more than it saves), with one worker per CPU this
process may use, and kept while there is work: after :data:`IDLE_AFTER` seconds without any,
the workers end and their memory (~50 MB each) goes back. On a single CPU there is none.
Workers are started fresh (``spawn``), never forked from a process that runs a window and
threads, and each one ends by itself when this process dies, however it dies.

A worker that dies (killed, out of memory, or a script without ``if __name__ == "__main__"``,
which each spawned worker runs again) breaks the pool: :func:`reset` drops it, whoever waited
renders in this process instead, and so does everyone after (no pool is started again in this
process: a cause that kills workers once would most likely kill the next ones too).
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import threading
from collections.abc import MutableMapping
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from arapp.pdf.document import InvoiceDocument

log = logging.getLogger(__name__)

#: Documents to render ahead at once for the pool to be worth using (a worker costs about
#: half a second of CPU to start, some 30 invoices' worth).
POOL_FROM = 16

#: At most this many workers (``None``: one per CPU; ``0``: render in this process). A
#: benchmark sets it to compare; nothing in the program does.
LIMIT: int | None = None

#: Seconds without new work after which the workers end (the next large send starts new ones).
IDLE_AFTER = 120.0

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_broken = False
_warm = False
_idle: threading.Timer | None = None
#: The workers of every pool started in this process, retired and broken ones too (each
#: pool's own dict of its processes: a pool shut down forgets it, its clean-up still uses it).
_started: list[MutableMapping[int, Any]] = []


def workers() -> int:
    """Worker processes to start: the CPUs this process may run on (none below two)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS and Windows have no affinity
        cpus = os.cpu_count() or 1
    if cpus < 2:
        return 0
    return cpus if LIMIT is None else min(cpus, LIMIT)


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
    """The pool, started on first use; ``None`` on a single CPU or once a pool broke."""
    global _pool
    with _lock:
        count = workers()
        if _pool is None and not _broken and count:
            _pool = ProcessPoolExecutor(
                count, multiprocessing.get_context("spawn"), initializer=_start_worker
            )
            if not _started:
                # Run as Python ends, before concurrent.futures joins its pools' threads (the
                # hooks run newest first): see _end_workers.
                threading._register_atexit(_end_workers)  # type: ignore[attr-defined]
            _started.append(_pool._processes)
        return _pool if count else None


def _end_workers() -> None:
    """As Python ends, end the workers still running. A pool that broke (a worker died) ends
    the others with SIGTERM and then waits for them, and Python's end waits for that; a worker
    that does not act on SIGTERM (stopped, or started by a submit at that very moment, after
    the SIGTERMs went out) kept a finished CI run from ending."""
    for processes in _started:
        for process in list(processes.values()):
            with contextlib.suppress(Exception):  # gone already
                process.kill()


def warm() -> bool:
    """Whether the pool's workers are up (one has rendered a PDF): until then, one who needs a
    PDF the pool has not rendered yet renders it rather than wait for them to start (seconds on
    a busy machine)."""
    return _warm


def _rendered(future: Future[bytes]) -> None:
    global _warm
    if not future.cancelled() and future.exception() is None:
        _warm = True


def reset() -> None:
    """Drop a broken pool (its work is cancelled); PDFs are rendered in this process from now
    on."""
    global _pool, _broken, _warm
    with _lock:
        broken, _pool, _broken, _warm = _pool, None, True, False
    if broken is not None:
        log.warning("a PDF worker process died; PDFs are rendered in this process from now on")
        broken.shutdown(wait=False, cancel_futures=True)


def render_later(doc: InvoiceDocument) -> Future[bytes] | None:
    """``doc``'s PDF being rendered by a worker, or ``None`` when there is no pool (or it
    cannot take work: then render here)."""
    for _ in range(2):
        executor = pool()
        if executor is None:
            return None
        try:
            future = executor.submit(_render, doc)
        except (RuntimeError, OSError):  # broken (a worker died), retired, or the program ends
            if executor is not _pool:
                continue  # retired as idle just now: a new one
            reset()
            return None
        future.add_done_callback(_rendered)
        _idle_from_now()
        return future
    return None


def _idle_from_now() -> None:
    """Retire the workers :data:`IDLE_AFTER` seconds from now, unless work comes meanwhile."""
    global _idle
    with _lock:
        if _idle is not None:
            _idle.cancel()
        _idle = threading.Timer(IDLE_AFTER, _retire)
        _idle.daemon = True
        _idle.start()


def _retire() -> None:
    """The workers end (work they still have is finished first); a pool starts again on use."""
    global _pool, _warm
    with _lock:
        idle, _pool, _warm = _pool, None, False
    if idle is not None:
        idle.shutdown(wait=False)
