# SPDX-License-Identifier: MIT
"""What the Invoices tab's actions do: open the editor or the view, issue, void, credit…

Each command calls services (through :mod:`arapp.ui.invoices.actions` where it must ask first)
and shows a :class:`~arapp.services.errors.ServiceError`'s message in a box, never a traceback.
The table itself follows through the services' events.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QWidget

from arapp.domain.invoice import DRAFT_OR_VOID, InvoiceStatus
from arapp.i18n import _, ngettext
from arapp.services.context import AppContext
from arapp.services.errors import ServiceError
from arapp.services.invoice_list import InvoiceRow
from arapp.services.invoices import delete_draft, duplicate_invoice, get_invoice
from arapp.services.lifecycle import mark_sent
from arapp.ui.batch_export import BatchExport, export_pdfs
from arapp.ui.display import DisplaySource
from arapp.ui.invoices.actions import issue_with_confirmation, void_with_reason
from arapp.ui.invoices.credit_dialog import CreditNoteDialog
from arapp.ui.invoices.editor import InvoiceEditor
from arapp.ui.invoices.invoice_view import InvoiceViewDialog
from arapp.ui.pdf_view import show_invoice_pdf
from arapp.ui.prompts import confirm, inform
from arapp.ui.send_documents import SendBatch, send_invoices_in_window


class InvoicesView(Protocol):
    """What the commands need of the Invoices tab: its selection and a way to say "saved".

    Attributes:
        saved: ``Signal(int)``: a draft was saved or issued from the editor.
    """

    saved: SignalInstance

    def selected_rows(self) -> list[InvoiceRow]:
        """The selected invoices, in table order."""

    def selected_ids(self) -> list[int]:
        """Their ids."""

    def select_soon(self, invoice_id: int) -> None:
        """Select the invoice now, or once its event has put it in the table."""


class InvoiceCommands:
    """The tab's commands.

    Attributes:
        view: The table the commands act on.
        parent: The widget the dialogs and message boxes open over (the tab).
        display: The window's display source; each dialog takes its current display.
        last_export: The last batch of PDFs being saved, if any (kept so it is not collected).
        last_send: The last batch of e-mails being sent, if any.
    """

    def __init__(
        self, view: InvoicesView, parent: QWidget, ctx: AppContext, display: DisplaySource
    ) -> None:
        self.view = view
        self.parent = parent
        self.ctx = ctx
        self.display = display
        self.last_export: BatchExport | None = None
        self.last_send: SendBatch | None = None

    def _failed(self, title: str, message: str) -> None:
        inform(self.parent, title, message, warning=True)

    # -- editor and view ----------------------------------------------------------------------

    def new_invoice(self, customer_id: int | None = None) -> int | None:
        """Open the editor for a new draft; returns the id saved, if any."""
        return self._edit(
            InvoiceEditor(
                self.ctx, self.display.current, customer_id=customer_id, parent=self.parent
            )
        )

    def edit_draft(self, invoice_id: int) -> int | None:
        return self._edit(
            InvoiceEditor(self.ctx, self.display.current, invoice_id, parent=self.parent)
        )

    def _edit(self, editor: InvoiceEditor) -> int | None:
        editor.exec()
        saved = editor.issued or editor.record
        if saved is None:
            return None
        self.view.select_soon(saved.id)
        self.view.saved.emit(saved.id)
        if editor.send_after and editor.issued is not None:
            self.last_send = send_invoices_in_window(
                self.parent, self.ctx, [editor.issued.id], ask=False
            )
        return saved.id

    def open_invoice(self, invoice_id: int) -> None:
        """Drafts open in the editor; issued invoices and credit notes in the read-only view."""
        try:
            record = get_invoice(self.ctx, invoice_id)
        except ServiceError as exc:
            self._failed(_("Open invoice"), str(exc))
            return
        if record.status == InvoiceStatus.DRAFT:
            self.edit_draft(invoice_id)
            return
        view = InvoiceViewDialog(self.ctx, self.display.current, invoice_id, self.parent)
        view.exec()
        if view.duplicate_id is not None:
            self.view.select_soon(view.duplicate_id)
            self.edit_draft(view.duplicate_id)

    def open_selected(self) -> None:
        ids = self.view.selected_ids()
        if len(ids) == 1:
            self.open_invoice(ids[0])

    # -- lifecycle ----------------------------------------------------------------------------

    def issue_selected(self) -> None:
        """Issue the selected drafts one by one (each may ask for confirmation)."""
        problems = []
        for row in self.view.selected_rows():
            if row.status != InvoiceStatus.DRAFT:
                continue
            try:
                issue_with_confirmation(
                    self.parent,
                    self.ctx,
                    row.id,
                    _("the draft for {customer}").format(customer=row.customer_name),
                )
            except ServiceError as exc:
                problems.append(
                    _("Draft for {customer}: {problem}").format(
                        customer=row.customer_name, problem=exc
                    )
                )
        if problems:
            self._failed(_("Issue"), "\n\n".join(problems))

    def mark_selected_sent(self) -> None:
        ids = [r.id for r in self.view.selected_rows() if r.status not in DRAFT_OR_VOID]
        if not ids:
            return
        try:
            mark_sent(self.ctx, ids)
        except ServiceError as exc:
            self._failed(_("Mark sent"), str(exc))

    def send_selected(self) -> None:
        """E-mail the selected issued invoices and credit notes, with progress and Cancel."""
        ids = [r.id for r in self.view.selected_rows() if r.status not in DRAFT_OR_VOID]
        if ids:
            self.last_send = send_invoices_in_window(self.parent, self.ctx, ids)

    def void_selected(self) -> None:
        rows = self.view.selected_rows()
        if len(rows) != 1:
            return
        try:
            number = rows[0].number or _("this draft")
            void_with_reason(self.parent, self.ctx, rows[0].id, number)
        except ServiceError as exc:
            self._failed(_("Void invoice"), str(exc))

    def credit_selected(self) -> None:
        ids = self.view.selected_ids()
        if len(ids) != 1:
            return
        try:
            record = get_invoice(self.ctx, ids[0])
        except ServiceError as exc:
            self._failed(_("Credit note"), str(exc))
            return
        dialog = CreditNoteDialog(self.ctx, self.display.current, record, self.parent)
        if dialog.exec() and dialog.result_note is not None:
            self.view.select_soon(dialog.result_note.credit_note.id)

    def duplicate_selected(self) -> None:
        ids = self.view.selected_ids()
        if len(ids) != 1:
            return
        try:
            copy = duplicate_invoice(self.ctx, ids[0])
        except ServiceError as exc:
            self._failed(_("Duplicate"), str(exc))
            return
        self.view.select_soon(copy.id)
        self.edit_draft(copy.id)

    def delete_selected(self) -> None:
        rows = [r for r in self.view.selected_rows() if r.status == InvoiceStatus.DRAFT]
        if not rows:
            return
        question = ngettext(
            "Delete this draft? Drafts have no number yet, so nothing is missing from the "
            "numbering.",
            "Delete these {count} drafts? Drafts have no number yet, so nothing is missing from "
            "the numbering.",
            len(rows),
        ).format(count=len(rows))
        if not confirm(self.parent, _("Delete drafts"), question, _("Delete")):
            return
        for row in rows:
            try:
                delete_draft(self.ctx, row.id)
            except ServiceError as exc:
                self._failed(_("Delete draft"), str(exc))
                return

    # -- paper --------------------------------------------------------------------------------

    def preview_selected(self) -> None:
        ids = self.view.selected_ids()
        if len(ids) == 1:
            show_invoice_pdf(self.parent, self.ctx, ids[0])

    def export_selected(self, folder: Path | None = None) -> None:
        """Save the selected (issued) invoices as PDFs into a folder, with progress."""
        ids = [r.id for r in self.view.selected_rows() if r.status != InvoiceStatus.DRAFT]
        if not ids:
            return
        self.last_export = export_pdfs(self.parent, self.ctx, ids, folder)
