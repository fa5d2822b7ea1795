# SPDX-License-Identifier: MIT
"""Invoices e-mailed to a local SMTP server: ``arapp invoice send`` for 1,000 invoices.

    python benchmarks/send_invoices.py [--invoices 1000]

Books made through the services (each invoice has lines, a number and an issued face), a local
SMTP server (aiosmtpd's ``Sink`` in its own process on 127.0.0.1, no TLS: the reminders'
benchmark's), then :func:`arapp.services.delivery.send.send_invoices` for all of them in one call:
planning, queueing (once per document and recipient set), rendering each PDF (exactly the issued
document's reprint), claiming, sending and recording in batches, each invoice marked sent and
logged to its customer's contact log. Goal: >= 50 messages per second, end to end with the PDF
rendered on the way (issue 14). A second call for the same invoices sends nothing (each was
sent): its time is the price of the exactly-once check.

Measured (1,000 invoices, a 2-core machine shared with other work, load 4.2-4.5): 32.2 msg/s,
the second call 0.8 s: the goal is NOT met on that machine. Where the time goes (200 invoices,
profiled, same load): rendering the PDF is ~2/3 of it (ReportLab ~16 ms an invoice, of which
the payment QR code ~7 ms and writing the file ~13 ms under the profiler), everything else
(planning, queueing, claiming, SMTP, recording) ~9 ms a message: with the PDFs already rendered
the same send ran at 113 msg/s, and the renderer alone made 60 PDFs/s. A pool of two processes
rendering ahead while this one sends was tried and dropped: no gain on the loaded 2-core
machine (27.9 msg/s), and worker processes would need care in the packaged app (spawn
re-imports the main module; PyInstaller needs ``freeze_support``). The way to 50/s is a faster
invoice renderer (the PDF layer), not the delivery.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from arapp.db import migrate
from arapp.db.engine import Database
from arapp.db.models import Invoice
from arapp.services.context import AppContext
from arapp.services.delivery.send import send_invoices
from arapp.services.pdf_cache import PDFS
from arapp.services.settings import set_setting
from benchmarks.reminders import TODAY, _mail_books, smtp_server

GOAL_MSG_PER_S = 50.0


def measure(count: int = 1000, folder: Path | None = None) -> list[tuple[str, float, str, bool]]:
    """``(what, figure, goal, passed)`` rows."""
    with tempfile.TemporaryDirectory(dir=folder) as scratch:
        db = Database(f"sqlite:///{Path(scratch) / 'send.sqlite3'}")
        migrate.upgrade(db, None)
        ctx = AppContext(db, today=lambda: TODAY, actor="bench")
        _mail_books(ctx, count)
        with ctx.db.read() as session:
            ids = list(session.scalars(select(Invoice.id).order_by(Invoice.id)))
        with smtp_server() as port:
            for key, value in (
                ("smtp.host", "127.0.0.1"),
                ("smtp.port", str(port)),
                ("smtp.security", "none"),
                ("smtp.from", "billing@example.org"),
            ):
                set_setting(ctx, key, value)  # fmt: skip
            PDFS.clear()
            began = time.perf_counter()
            first = send_invoices(ctx, ids)
            send_s = time.perf_counter() - began
            began = time.perf_counter()
            second = send_invoices(ctx, ids)
            again_s = time.perf_counter() - began
        db.dispose()
    sent = sum(o.result == "sent" for o in first)
    none_twice = all(o.result == "already_sent" for o in second)
    rate = sent / send_s
    return [
        (f"invoices e-mailed with the PDF ({sent} msg), msg/s", rate,
         f">= {GOAL_MSG_PER_S:g} msg/s", sent == count and rate >= GOAL_MSG_PER_S),
        (f"  the same {count} again: nothing sent, s", again_s, "-", none_twice),
    ]  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--invoices", type=int, default=1000)
    args = parser.parse_args()
    load = os.getloadavg()
    rows = measure(args.invoices)
    print(f"Invoices by e-mail (load {load[0]:.2f} -> {os.getloadavg()[0]:.2f} on "
          f"{os.cpu_count()} cores)")  # fmt: skip
    print(f"{'what':58} {'figure':>10}  {'goal':>14}  result")
    for what, figure, goal, passed in rows:
        print(f"{what:58} {figure:10.2f}  {goal:>14}  {'pass' if passed else 'FAIL'}")
    return 0 if all(r[3] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
