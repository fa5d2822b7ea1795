# SPDX-License-Identifier: MIT
"""What the Invoices tab, the editor and the invoice view do to invoices, asked the same way.

Each function asks what it must (a confirmation, a reason) and calls one service; a
:class:`~arapp.services.errors.ServiceError` reaches the caller, which shows its message.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from arapp.i18n import _
from arapp.services.context import AppContext
from arapp.services.invoices import InvoiceRecord
from arapp.services.issue_dates import DateOutOfOrder
from arapp.services.lifecycle import NeedsConfirmation, issue_invoice, void_invoice
from arapp.ui.prompts import ask_reason, confirm


def issue_with_confirmation(
    parent: QWidget | None, ctx: AppContext, invoice_id: int, what: str | None = None
) -> InvoiceRecord | None:
    """Issue a draft; when the service asks for confirmation, show its warnings and ask; when
    the draft's date is before the last invoice's (numbers follow dates), offer to issue it
    dated today.

    ``what`` names the invoice in the questions (default: "this invoice").
    Returns ``None`` when the person chose not to issue.
    """
    what = what or _("this invoice")
    confirmed, on = False, None
    while True:
        try:
            return issue_invoice(ctx, invoice_id, confirmed=confirmed, on=on)
        except NeedsConfirmation as exc:
            text = "\n\n".join(
                [
                    *exc.warnings,
                    _(
                        "Issue {what} anyway? It gets its number and can then only be "
                        "corrected with a credit note or voided."
                    ).format(what=what),
                ]
            )
            if not confirm(parent, _("Issue anyway?"), text, _("Issue anyway")):
                return None
            confirmed = True
        except DateOutOfOrder as exc:
            if on is not None:  # today itself is refused: say why
                raise
            question = _(
                "Issue {what} dated today instead? Its due date moves with it, by its terms."
            ).format(what=what)
            text = f"{exc}\n\n{question}"
            if not confirm(parent, _("Issue dated today?"), text, _("Issue dated today")):
                return None
            on = exc.today


def void_with_reason(
    parent: QWidget | None, ctx: AppContext, invoice_id: int, number: str
) -> InvoiceRecord | None:
    """Ask why, then void; ``None`` when cancelled."""
    reason = ask_reason(
        parent,
        _("Void invoice"),
        _(
            "Void {number}?\n\nIt keeps its number and stays in the books, marked void, and "
            "nothing is owed on it any more. Why (kept with the invoice)?"
        ).format(number=number),
        _("Void"),
    )
    if reason is None:
        return None
    return void_invoice(ctx, invoice_id, reason)
