# SPDX-License-Identifier: MIT
"""Payment-behaviour segments in the window: their names, the filter choice the lists and the
Today page share, the words of a customer's segment, and :class:`SegmentKeeper`, which keeps
the stored segments up to date in the background.

When the segments are worked out (:func:`arapp.services.segments.refresh_segments`): when the
books open on a day later than the one kept (or never worked out), and
:data:`AFTER_CHANGE_MS` after the last change of invoices, payments or plans, or a new customer
(several changes in a row, a bank match or an import, make one refresh). It runs on the
low-priority worker, so the window never waits for it; meanwhile the lists filter by the
segments kept, and every screen that shows one says the day it was worked out for.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QComboBox

from arapp.domain.segments import Segment
from arapp.formatting import format_date
from arapp.i18n import N_, _, pgettext
from arapp.services.context import AppContext
from arapp.services.events import Change, Entity, Event
from arapp.services.segments import SegmentRefresh, refresh_segments, segments_as_of
from arapp.ui.bridge import EventBridge
from arapp.ui.worker import run_in_background, unwaited_pool

#: A while after the last money change: one refresh for a burst of changes.
AFTER_CHANGE_MS = 3000
#: The changes that may move a customer to another segment.
_MONEY = (Entity.INVOICE, Entity.PAYMENT, Entity.PAYMENT_PLAN)

ALL_SEGMENTS = N_("All segments")


def segment_label(segment: Segment) -> str:
    """``"At risk"``: the segment's name as a filter or column shows it (translated)."""
    labels = {
        Segment.PROMPT: pgettext("segment", "Prompt"),
        Segment.LATE_BUT_PAYS: pgettext("segment", "Late but pays"),
        Segment.SLOW: pgettext("segment", "Slow"),
        Segment.AT_RISK: pgettext("segment", "At risk"),
        Segment.NEW: pgettext("segment", "New"),
    }
    return labels[segment]


def segment_combo(name: str) -> QComboBox:
    """A filter by segment: "All segments" (data ``None``), then each segment."""
    combo = QComboBox()
    combo.setObjectName(name)
    combo.addItem(_(ALL_SEGMENTS), None)
    for segment in Segment:
        combo.addItem(segment_label(segment), segment)
    combo.setToolTip(_("Show only customers of one payment-behaviour segment"))
    return combo


def chosen_segment(combo: QComboBox) -> Segment | None:
    data = combo.currentData()
    return None if data is None else Segment(data)


def segment_words(
    segment: Segment | None, reason: str, as_of: date | None, today: date, locale: str
) -> str:
    """``"At risk: an invoice is unpaid 75 days past due"``, and ``" (as of 20 Nov 2026)"``
    when it was worked out for another day than today."""
    if segment is None or as_of is None:
        return _("Not worked out yet")
    words = (
        _("{segment}: {reason}").format(segment=segment_label(segment), reason=reason)
        if reason
        else segment_label(segment)
    )
    if as_of != today:
        words = _("{words} (as of {day})").format(words=words, day=format_date(as_of, locale))
    return words


class SegmentKeeper(QObject):
    """Works the stored segments out again when they are of an earlier day and after money
    changes, on the low-priority worker (see the module docstring).

    Attributes:
        armed: Whether it works segments out (from :meth:`start`, when the window is shown on
            its books).
        running: A refresh is on its way.
        last: What the last refresh did, if one ran.
    """

    def __init__(self, ctx: AppContext, bridge: EventBridge, parent: QObject) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.running = False
        self.armed = False
        self._again = False
        self.last: SegmentRefresh | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AFTER_CHANGE_MS)
        self._timer.timeout.connect(self.refresh)
        bridge.changed.connect(self._on_event)

    def start(self) -> None:
        """Arm the keeper (it works nothing out before: a window on books being switched
        leaves them alone) and refresh now if the kept segments are of an earlier day."""
        self.armed = True
        self.check()

    def check(self) -> None:
        """Refresh now if the kept segments are of an earlier day than today, or none."""
        ctx = self.ctx
        run_in_background(
            self,
            lambda: segments_as_of(ctx),
            lambda day: None if day == ctx.today() else self.refresh(),
            pool=unwaited_pool(),
        )

    def _on_event(self, event: Event) -> None:
        new_customer = event.name is Change.CUSTOMER_CREATED  # new until worked out
        if event.entity in _MONEY or event.entity is Entity.COMPANY or new_customer:
            self._timer.start()  # restarted by each change: one refresh after a burst

    def refresh(self) -> None:
        """Work every customer's segment out again in the background (once armed)."""
        if not self.armed:
            return
        if self.running:
            self._again = True  # once this one is done: the books changed meanwhile
            return
        self.running, self._again = True, False
        ctx = self.ctx
        run_in_background(
            self, lambda: refresh_segments(ctx), self._done, self._failed, pool=unwaited_pool()
        )

    def _done(self, result: SegmentRefresh) -> None:
        self.running, self.last = False, result
        if self._again:
            self.refresh()

    def _failed(self, exc: Exception) -> None:
        self.running = False
        import logging

        logging.getLogger(__name__).error("segments not worked out", exc_info=exc)
