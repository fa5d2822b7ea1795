# SPDX-License-Identifier: MIT
"""The row of the policy editor that gives a policy to customers by how they pay: one box per
payment-behaviour segment (:mod:`arapp.domain.segments`). A customer of a ticked segment who
has no policy of their own gets this policy instead of the default, so "at risk" customers can
get a firmer, earlier ladder and "prompt" ones a gentler one. A segment belongs to one policy
at most: a box ticked for a segment another policy has is listed among the editor's checks.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QWidget

from arapp.domain.segments import Segment
from arapp.i18n import N_, _
from arapp.ui.segments import segment_label

TIP = N_(
    "Customers of a ticked segment get this policy unless they have one of their own; the "
    "reminder run uses each customer's segment as of its day. Untick all: by segment, nobody."
)


class SegmentChecks(QWidget):
    """One check box per segment.

    Attributes:
        boxes: The check box of each segment.
        changed: ``Signal()``, a box was ticked or unticked by the person.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("policySegments")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(12)
        self.boxes: dict[Segment, QCheckBox] = {}
        for segment in Segment:
            box = QCheckBox(segment_label(segment))
            box.setObjectName(f"segment_{segment.name.lower()}")
            box.setToolTip(_(TIP))
            box.clicked.connect(lambda _on: self.changed.emit())
            row.addWidget(box)
            self.boxes[segment] = box
        row.addStretch(1)

    def chosen(self) -> tuple[Segment, ...]:
        return tuple(s for s, box in self.boxes.items() if box.isChecked())

    def set_chosen(self, segments: Iterable[Segment]) -> None:
        wanted = set(segments)
        for segment, box in self.boxes.items():
            box.setChecked(segment in wanted)
