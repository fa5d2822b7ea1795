# SPDX-License-Identifier: MIT
"""Rows measured on what goes out and comes in: reminder delivery and the payments import.

Delivery: reminders are queued on generated books (``queue``, untimed), then ``send_outbox``
sends a number of them with their PDF to a local SMTP server (aiosmtpd, in its own process),
and plain ``smtplib`` sends as many messages of the same size to the same server over one
connection. Import: a payments CSV for customers and invoices of the books, imported into a copy
of them in a child process at two sizes, giving rows per second and how the peak memory grows.
"""

from __future__ import annotations

import contextlib
import csv
import io
import random
import smtplib
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import select

from arapp.db.models import Customer, Invoice, OutboxMessage
from arapp.mail.message import OutgoingMail, message_bytes
from arapp.mail.smtp import SmtpTransport
from arapp.services.reminders.mailer import smtp_settings
from arapp.services.reminders.outbox import _mail, send_outbox
from arapp.services.reminders.run import plan_run, queue
from arapp.services.settings import set_setting
from arapp.services.transfer.imports import import_payments
from benchmarks.book_rows import context
from benchmarks.books import TODAY
from benchmarks.common import Row, at_least, compared, copy_of, in_child, show


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def smtp_server() -> Iterator[int]:
    """A local SMTP server that accepts and drops every message, in its own process (in this
    one it would share the interpreter with the sender): its port."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}",
         "-c", "aiosmtpd.handlers.Sink"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("the local SMTP server did not start") from None
                time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        server.wait(10)


def delivery(path: Path, folder: Path, messages: int) -> list[Row]:
    """Reminders sent with their PDF per second, against plain smtplib to the same server."""
    scratch = tempfile.TemporaryDirectory(dir=folder)
    ctx = context(copy_of(path, Path(scratch.name)))
    with smtp_server() as port:
        for key, value in (("smtp.host", "127.0.0.1"), ("smtp.port", str(port)),
                           ("smtp.security", "none"), ("smtp.from", "mahnung@example.org"),
                           ("reminders.attach_pdf", "yes")):  # fmt: skip
            set_setting(ctx, key, value)
        queue(ctx, plan_run(ctx, TODAY), TODAY)
        with ctx.db.read() as session:
            queued = list(
                session.scalars(
                    select(OutboxMessage.id)
                    .where(OutboxMessage.channel == "email")
                    .order_by(OutboxMessage.id)
                    .limit(messages)
                )
            )
        sample = _mail(ctx, queued[0], True)
        began = time.perf_counter()
        report = send_outbox(ctx, SmtpTransport(smtp_settings(ctx)), ids=queued)
        ours = len(report.sent) / (time.perf_counter() - began)
        plain = _smtplib(port, len(queued), sample)
    ctx.db.dispose()
    scratch.cleanup()
    row = compared(f"reminder delivery with the PDF ({len(report.sent)} messages)", ours,
                   "msg/s", plain, "plain smtplib", 0)  # fmt: skip
    return [Row(row.what, ours, "msg/s", ">= 100 msg/s", ours >= 100, row.baseline, row.ratio)]


def _smtplib(port: int, count: int, sample: OutgoingMail) -> float:
    """Messages per second that smtplib alone sends: ``sample``'s bytes, built once."""
    data = message_bytes(sample)
    began = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as server:
        for _ in range(count):
            server.sendmail(sample.sender, list(sample.recipients), data)
    return count / (time.perf_counter() - began)


def payments_csv(path: Path, rows: int, seed: int = 3) -> bytes:
    """``rows`` payments of the books' customers, half of them naming an open invoice."""
    rng = random.Random(seed)
    ctx = context(path)
    with ctx.db.read() as session:
        codes = list(session.scalars(select(Customer.code).limit(50_000)))
        numbers = list(
            session.execute(
                select(Invoice.number, Customer.code)
                .join(Customer, Customer.id == Invoice.customer_id)
                .where(Invoice.kind == "invoice", Invoice.status == "sent")
                .limit(rows)
            )
        )
    ctx.db.dispose()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(("date", "customer_code", "amount", "method", "reference", "invoice_number"))
    for n in range(rows):
        if n % 2 and numbers:
            number, code = numbers[n % len(numbers)]
        else:
            number, code = "", rng.choice(codes)
        euros = rng.randint(1, 3) if number else rng.randint(1, 999)  # within what is owed
        writer.writerow((TODAY.isoformat(), code, f"{euros}.{n % 100:02}",
                         "bank_transfer", f"Überweisung {n}", number))  # fmt: skip
    return out.getvalue().encode()


def _import(path: str, data: bytes) -> tuple[float, int, str]:
    ctx = context(Path(path))
    began = time.perf_counter()
    report = import_payments(ctx, data)
    return time.perf_counter() - began, report.created, "; ".join(map(str, report.problems[:3]))


def imports(path: Path, folder: Path, rows: int) -> list[Row]:
    """The payments import of ``rows`` and of 4x ``rows`` rows, each on a fresh copy of the
    books in a child process: rows per second of the bigger, and how its peak memory grew."""
    figures = {}
    for count in (rows, 4 * rows):
        data = payments_csv(path, count)
        with tempfile.TemporaryDirectory(dir=folder) as scratch:
            books = copy_of(path, Path(scratch))
            (seconds, created, problems), peak = in_child(_import, str(books), data)
        if problems or created != count:
            raise RuntimeError(f"the payments import refused the file: {problems}")
        figures[count] = (count / seconds, peak)
    small, big = figures[rows][1], figures[4 * rows][1]
    return [
        at_least(f"CSV import of payments ({4 * rows:,} rows)", figures[4 * rows][0], "rows/s",
                 20_000),
        Row(f"CSV import of payments: peak memory at {4 * rows:,} rows", big, "MB",
            "flat: <= 1.1x the peak at a quarter of the rows", big <= 1.1 * small,
            f"{rows:,} rows {show(small, 'MB')}", big / small),
    ]  # fmt: skip
