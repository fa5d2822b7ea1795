# SPDX-License-Identifier: MIT
"""E-mailing invoices and statements from the window, with progress and Cancel.

:class:`SendBatch` runs :func:`arapp.services.delivery.send.send_invoices` (or a statement's
send) on a worker thread; progress comes back through a queued signal that moves a
``QProgressDialog``; Cancel sets a thread-safe flag the service reads before each message (the
rest stay queued).
At the end a summary says, document by document, what really happened: "sent" only for what the
server accepted. Documents already sent to the same people are not sent again; the summary's
"Send again…" asks for a new copy of those, recorded as a delivery of its own.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from arapp.i18n import N_, _, ngettext
from arapp.services.context import AppContext
from arapp.services.delivery.outcome import DocumentOutcome
from arapp.services.delivery.telling import describe, headline
from arapp.ui.prompts import confirm, inform
from arapp.ui.widgets.progress import work_progress
from arapp.ui.worker import run_in_background

#: Documents described one by one in the summary; the rest are counted.
MAX_LISTED = 12
AGAIN_HINT = N_("Send again… sends a new copy")

#: A send: (progress(done, total), should_stop(), again) -> outcomes; on the worker thread.
SendRun = Callable[[Callable[[int, int], None], Callable[[], bool], bool], list[DocumentOutcome]]


def summary_text(outcomes: Sequence[DocumentOutcome], cancelled: bool = False) -> str:
    """The counts, then each document's sentence (the sent ones last, they need nothing)."""
    counts = headline(outcomes)
    first = _("You stopped the sending. {counts}").format(counts=counts) if cancelled else counts
    lines = [first, ""]
    ordered = sorted(outcomes, key=lambda o: o.result == "sent")
    lines += [f"• {describe(o, _(AGAIN_HINT))}" for o in ordered[:MAX_LISTED]]
    if len(ordered) > MAX_LISTED:
        more = len(ordered) - MAX_LISTED
        lines.append(
            ngettext("…and {count} more.", "…and {count} more.", more).format(count=f"{more:,}")
        )
    return "\n".join(lines)


class SendBatch(QObject):
    """One send on its way; lives on the GUI thread. Call :meth:`start` once.

    Attributes:
        progressed: ``Signal(int, int)``: messages handed over, messages in all (emitted on the
            worker thread; the progress window listens through a queued connection).
        finished: ``Signal(object)``: the outcomes, or the exception when nothing could run.
        outcomes: The outcomes once finished.
        error: The exception, if the send could not run at all.
        summary: The message box shown at the end.
        next_batch: The "Send again…" batch, once asked for.
    """

    progressed = Signal(int, int)
    finished = Signal(object)

    def __init__(
        self, parent: QWidget, ctx: AppContext, run: SendRun, total: int, *,
        title: str = "", again: bool = False,
        again_run: Callable[[Sequence[DocumentOutcome]], SendRun | None] | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        title = title or _("Sending invoices")
        self.ctx, self._run, self.title, self.again = ctx, run, title, again
        self._again_run = again_run
        self._window = parent
        self._stop = threading.Event()
        self.outcomes: list[DocumentOutcome] | None = None
        self.error: Exception | None = None
        self.summary: QMessageBox | None = None
        self.next_batch: SendBatch | None = None
        self.progress = work_progress(
            parent,
            title,
            _("Getting the e-mails ready…"),
            total,
            "sendProgress",
            cancel=_("Cancel"),
        )
        self.progress.canceled.connect(self._cancel_clicked)
        self.progressed.connect(self._show_progress, Qt.ConnectionType.QueuedConnection)

    def start(self) -> None:
        run, stop, again = self._run, self._stop, self.again

        def report(done: int, total: int) -> None:  # on the worker: emit, nothing else
            try:
                self.progressed.emit(done, total)
            except RuntimeError:  # the window is gone: stop
                stop.set()

        run_in_background(self, lambda: run(report, stop.is_set, again), self._done, self._failed)

    def cancel(self) -> None:
        """Stop before the next message (thread-safe); the rest stay queued."""
        self._stop.set()

    @Slot()
    def _cancel_clicked(self) -> None:
        self.cancel()

    @Slot(int, int)
    def _show_progress(self, done: int, total: int) -> None:
        if self.outcomes is not None or self.error is not None:
            return
        self.progress.setMaximum(total)
        self.progress.setLabelText(
            ngettext(
                "Sent {done} of {total} e-mail…", "Sent {done} of {total} e-mails…", total
            ).format(done=f"{done:,}", total=f"{total:,}")
        )
        self.progress.setValue(done)

    def _done(self, outcomes: list[DocumentOutcome]) -> None:
        self.outcomes = outcomes
        self.finished.emit(outcomes)
        bad = any(o.result not in ("sent", "already_sent") for o in outcomes)
        self._end(summary_text(outcomes, self._stop.is_set()), warning=bad)
        already = [o for o in outcomes if o.result == "already_sent"]
        again = self._again_run(already) if already and self._again_run else None
        if again is not None and self.summary is not None:
            button = self.summary.addButton(_("Send again…"), QMessageBox.ButtonRole.ActionRole)
            button.clicked.connect(lambda: self._send_again(again, len(already)))

    def _send_again(self, run: SendRun, count: int) -> None:
        if not confirm(
            self._window, _("Send again"),
            ngettext("Send a new copy of this document to the same people? It is recorded as a "
                     "delivery of its own.",
                     "Send a new copy of these {count} documents to the same people? It is "
                     "recorded as a delivery of its own.", count).format(count=count),
            _("Send again"),
        ):  # fmt: skip
            return
        self.next_batch = SendBatch(self._window, self.ctx, run, count, title=self.title,
                                    again=True)  # fmt: skip
        self.next_batch.start()

    def _failed(self, exc: Exception) -> None:
        self.error = exc
        self.finished.emit(exc)
        self._end(_("Nothing was sent.\n\n{error}").format(error=exc), warning=True)

    def _end(self, text: str, warning: bool) -> None:
        self.progress.hide()
        self.progress.deleteLater()
        self.summary = inform(self._window, self.title, text, warning=warning)


def send_invoices_in_window(
    parent: QWidget, ctx: AppContext, invoice_ids: Sequence[int], *, ask: bool = True
) -> SendBatch | None:
    """E-mail the invoices ``invoice_ids`` to their customers in the background (after asking,
    unless ``ask`` is false); returns the running batch, or ``None``."""
    ids = list(invoice_ids)
    if not ids:
        inform(parent, _("Send"), _("Select the invoices to send first."))
        return None
    if ask and not confirm(
        parent, _("Send by e-mail"),
        ngettext("E-mail this invoice to the customer, with the PDF attached? Invoices already "
                 "sent to the same people are not sent again.",
                 "E-mail these {count} invoices to the customers, with the PDF attached? "
                 "Invoices already sent to the same people are not sent again.",
                 len(ids)).format(count=f"{len(ids):,}"),
        _("Send"),
    ):  # fmt: skip
        return None

    def run_for(chosen: list[int]) -> SendRun:
        def run(progress: Any, stop: Any, again: bool) -> list[DocumentOutcome]:
            from arapp.services.delivery.send import send_invoices

            return send_invoices(ctx, chosen, again=again, progress=progress, should_stop=stop)

        return run

    def again_run(already: Sequence[DocumentOutcome]) -> SendRun | None:
        chosen = [o.invoice_id for o in already if o.invoice_id is not None]
        return run_for(chosen) if chosen else None

    batch = SendBatch(parent, ctx, run_for(ids), len(ids), again_run=again_run)
    batch.start()
    return batch


def send_statement_in_window(
    parent: QWidget, ctx: AppContext, customer_id: int, *, ask: bool = True
) -> SendBatch | None:
    """E-mail the customer's statement of the last 90 days in the background (after asking,
    unless ``ask`` is false); returns the running batch, or ``None``."""
    from arapp.services.delivery.send import send_statement
    from arapp.services.statements import default_period

    if ask and not confirm(
        parent, _("E-mail statement"),
        _("E-mail the statement of the last 90 days to the customer, with the PDF attached? "
          "A statement already sent to the same people for the same days is not sent again."),
        _("Send"),
    ):  # fmt: skip
        return None

    def run(progress: Any, stop: Any, again: bool) -> list[DocumentOutcome]:
        start, end = default_period(ctx, None, None)
        return [send_statement(ctx, customer_id, start, end, again=again)]

    batch = SendBatch(parent, ctx, run, 1, title=_("Sending the statement"),
                      again_run=lambda _already: run)  # fmt: skip
    batch.start()
    return batch


def email_statements(
    parent: QWidget, ctx: AppContext, customer_ids: Sequence[int], start: date, end: date
) -> SendBatch:
    """E-mail the statements of ``customer_ids`` for ``start`` to ``end`` in the background (the
    month-end run); returns the running batch."""
    from arapp.services.delivery.send import send_statements

    ids = list(customer_ids)

    def run(progress: Any, stop: Any, again: bool) -> list[DocumentOutcome]:
        return send_statements(ctx, ids, start, end, again=again, progress=progress,
                               should_stop=stop)  # fmt: skip

    batch = SendBatch(parent, ctx, run, len(ids), title=_("Sending statements"),
                      again_run=lambda _already: None)  # fmt: skip
    batch.start()
    return batch
