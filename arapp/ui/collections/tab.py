# SPDX-License-Identifier: MIT
"""The Collections tab: a "Today" page (kept for the reminders) and the Aging page.

"Today" is the first page, but until its screen exists it only says so honestly and the tab
opens on the Aging page; :meth:`CollectionsTab.set_today_page` puts the real one in (and makes
it the page the tab opens on).
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from arapp.services.context import AppContext
from arapp.ui.bridge import EventBridge
from arapp.ui.collections.aging_page import AgingPage
from arapp.ui.display import DisplaySource
from arapp.ui.placeholder import PlaceholderTab

TODAY_TEXT = (
    "Today's work comes with reminders: the customers to call or write to today, the promises "
    "due and the plans that broke. This screen is being built; nothing here is faked. The Aging "
    "page shows who owes what, and for how long."
)
TODAY_PAGE, AGING_PAGE = 0, 1


class CollectionsTab(QWidget):
    """Chasing money owed.

    Attributes:
        pages: The sub-tabs: Today, Aging.
        today_page: The Today page (a placeholder until :meth:`set_today_page`).
        aging: The aging page.
        open_invoice_requested: ``Signal(int)``, open this invoice or credit note, please.
    """

    open_invoice_requested = Signal(int)

    def __init__(
        self,
        ctx: AppContext,
        display: DisplaySource,
        bridge: EventBridge | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.pages = QTabWidget()
        self.pages.setObjectName("collectionsPages")
        self.pages.setDocumentMode(True)
        self.today_page: QWidget = PlaceholderTab("Today", TODAY_TEXT)
        self.aging = AgingPage(ctx, display, bridge)
        self.aging.open_invoice_requested.connect(self.open_invoice_requested)
        self.pages.addTab(self.today_page, "Today")
        self.pages.addTab(self.aging, "Aging")
        self.pages.setCurrentIndex(AGING_PAGE)  # the Today page has nothing to show yet
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.pages)

    def set_today_page(self, page: QWidget) -> None:
        """Put the real Today screen in place of its placeholder and open the tab on it."""
        self.pages.removeTab(TODAY_PAGE)
        self.today_page.deleteLater()
        self.today_page = page
        self.pages.insertTab(TODAY_PAGE, page, "Today")
        self.pages.setCurrentIndex(TODAY_PAGE)

    def save_state(self, settings: QSettings) -> None:
        settings.setValue("collections/splitter", self.aging.splitter.saveState())

    def restore_state(self, settings: QSettings) -> None:
        splitter = settings.value("collections/splitter")
        if isinstance(splitter, QByteArray):
            self.aging.splitter.restoreState(splitter)
