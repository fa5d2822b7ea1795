# SPDX-License-Identifier: MIT
"""CSV import and export in the window: File ▸ Import and File ▸ Export.

The import wizard (:class:`ImportWizard`) reads a file, lets the person match its columns to
arapp's (remembering the mapping by name), checks every row and shows the first rows and every
problem, and imports all or nothing. The export saves the same formats (:func:`export_csv`).
Both run their work on worker threads; the services in :mod:`arapp.services.transfer` decide.

The window only adds the menus at start: the wizard and the export (and the services they use)
are imported when a menu entry is chosen; ``ImportWizard``, ``CsvExport`` and ``export_csv`` are
still names of this package, loaded on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from arapp.i18n import _
from arapp.services.context import AppContext
from arapp.ui.transfer.common import KINDS

if TYPE_CHECKING:
    from arapp.ui.transfer.export import CsvExport, export_csv
    from arapp.ui.transfer.wizard import ImportWizard


def __getattr__(name: str) -> Any:
    """``ImportWizard``, ``CsvExport`` and ``export_csv``, imported when first asked for."""
    if name == "ImportWizard":
        from arapp.ui.transfer.wizard import ImportWizard

        return ImportWizard
    if name in ("CsvExport", "export_csv"):
        from arapp.ui.transfer import export

        return getattr(export, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def open_import(parent: QWidget, ctx: AppContext, kind: str) -> ImportWizard:
    """Open the import wizard for ``kind`` (window-modal; it deletes itself when closed)."""
    from arapp.ui.transfer.wizard import ImportWizard

    wizard = ImportWizard(ctx, kind, parent)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    wizard.open()
    return wizard


def add_transfer_menus(menu: QMenu, parent: QWidget, ctx: AppContext) -> dict[str, QAction]:
    """Add Import ▸ and Export ▸ submenus to ``menu``; the actions by ``import_customers``…"""
    actions: dict[str, QAction] = {}
    imports, exports = menu.addMenu(_("&Import")), menu.addMenu(_("E&xport"))
    for kind, texts in KINDS.items():
        action = imports.addAction(_(texts.menu))
        action.triggered.connect(lambda _on=False, k=kind: open_import(parent, ctx, k))
        actions[f"import_{kind}"] = action
        action = exports.addAction(_(texts.menu))
        action.triggered.connect(lambda _on=False, k=kind: _export(parent, ctx, k))
        actions[f"export_{kind}"] = action
    return actions


def _export(parent: QWidget, ctx: AppContext, kind: str) -> None:
    from arapp.ui.transfer.export import export_csv

    export_csv(parent, ctx, kind)


__all__ = ["CsvExport", "ImportWizard", "add_transfer_menus", "export_csv", "open_import"]
