# SPDX-License-Identifier: MIT
"""Save one customer's statement (the last 90 days) as a PDF, from wherever it is offered.

The statements service (and with it the PDF stack, a second of imports) is imported when a
statement is saved, not when a screen that offers it is built.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from arapp.i18n import _
from arapp.services.context import AppContext
from arapp.services.errors import ServiceError


def save_statement(
    parent: QWidget, ctx: AppContext, customer_id: int, code: str, path: str = ""
) -> tuple[str, bool] | None:
    """Ask where (unless ``path`` is given) and write the statement there.

    Returns what to tell the person and whether it is an error, or ``None`` when they cancelled.
    """
    from arapp.services.statements import default_period, save_statement_pdf, statement_file_name

    if not path:
        name = statement_file_name(code, ctx.today())
        title, kinds = _("Save statement"), _("PDF (*.pdf)")
        path, _filter = QFileDialog.getSaveFileName(parent, title, name, kinds)
        if not path:
            return None
    try:
        start, end = default_period(ctx, None, None)  # the last 90 days
        save_statement_pdf(ctx, customer_id, start, end, Path(path))
    except ServiceError as exc:
        return _("The statement was not saved: {error}").format(error=exc), True
    except OSError as exc:  # named by the file asked for, not its .part
        text = _("The statement was not saved: {error}: {path}")
        return text.format(error=exc.strerror or exc, path=path), True
    return _("Statement saved to {path}.").format(path=path), False
