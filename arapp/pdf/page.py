# SPDX-License-Identifier: MIT
"""What every page gets around its content: footer, "Page x of y", running header, watermark.

"Page x of y" needs the page count before the first page is final.  Instead of laying the
document out twice, :class:`NumberedCanvas` keeps each finished page's drawing state and
adds the numbers when the document is saved, when the count is known (the
``NumberedCanvas`` recipe of the ReportLab community).
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from arapp.pdf.styles import LIGHT, MUTED, RULE, VOID_RED, styles

__all__ = ["FOOTER_BASELINE", "NumberedCanvas", "PageDecor", "PageGroup", "numbered_canvas"]

FOOTER_BASELINE = 11 * mm
"""Height of the lowest footer line above the bottom edge of the paper."""
_FOOTER_GAP = 4 * mm
_PAGE_NUMBER_WIDTH = 32 * mm


class NumberedCanvas(Canvas):
    """A canvas that writes "Page x of y" on every page when the document is saved.

    Pages are counted per group (see :class:`PageGroup`): a file of several letters numbers
    each letter's pages on their own.  Without groups, the whole document is one.

    Attributes:
        page_label: Format of the page number, with ``$page`` and ``$pages`` (a group may
            bring its own, in its language: :class:`PageGroup`).
        label_x: Right edge of the page number.
        label_y: Baseline of the page number.
    """

    page_label = "Page $page of $pages"
    label_x = 0.0
    label_y = FOOTER_BASELINE

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._page_states: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._page_states.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]  # ReportLab's own, missing in its stubs

    def save(self) -> None:
        regular = styles().regular
        groups = [state.get("page_group", 0) for state in self._page_states]
        pages, seen = Counter(groups), Counter[object]()
        for group, state in zip(groups, self._page_states, strict=True):
            seen[group] += 1
            self.__dict__.update(state)
            self.saveState()
            self.setFont(regular, 7.5)
            self.setFillColor(MUTED)
            label = (
                (state.get("page_group_label") or self.page_label)
                .replace("$pages", str(pages[group]))
                .replace("$page", str(seen[group]))
            )
            self.drawRightString(self.label_x, self.label_y, label)
            self.restoreState()
            super().showPage()
        super().save()


class PageGroup(Flowable):
    """An invisible mark: the pages from this one on are numbered as group ``key``.

    Put one at the start of every letter of a batch, right after its page break.
    """

    def __init__(self, key: object, label: str = "") -> None:
        super().__init__()
        self.key = key
        self.label = label  # the group's "Page $page of $pages", if not the document's

    def wrap(self, _avail_width: float, _avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.page_group = self.key  # type: ignore[attr-defined]  # read by NumberedCanvas
        self.canv.page_group_label = self.label  # type: ignore[attr-defined]  # the same


def numbered_canvas(right_edge: float, label: str = "") -> Callable[..., NumberedCanvas]:
    """A canvas maker for ``BaseDocTemplate.build`` whose page numbers end at ``right_edge``
    (``label``: "Page $page of $pages" in the document's language; empty: English)."""
    return functools.partial(_make_canvas, right_edge, label)


def _make_canvas(right_edge: float, label: str, *args: Any, **kwargs: Any) -> NumberedCanvas:
    canvas = NumberedCanvas(*args, **kwargs)
    canvas.label_x = right_edge
    if label:
        canvas.page_label = label
    return canvas


@dataclass(frozen=True)
class PageDecor:
    """Everything drawn on a page outside the flowing content.

    Attributes:
        width: Paper width in points.
        height: Paper height in points.
        margin: Left and right margin in points.
        top: Top margin in points; the running header hangs from it.
        footer_markup: Escaped paragraph markup of the footer text, or ``""``.
        running_header: Escaped markup shown at the top of every page but the first.
        watermark: ``"DRAFT"``, ``"VOID"`` or ``""``.
    """

    width: float
    height: float
    margin: float
    top: float
    footer_markup: str
    running_header: str
    watermark: str

    @functools.cached_property
    def _footer(self) -> tuple[Paragraph | None, float]:
        if not self.footer_markup:
            return None, 0.0
        paragraph = Paragraph(self.footer_markup, styles().footer)
        _, height = paragraph.wrap(self.width - 2 * self.margin - _PAGE_NUMBER_WIDTH, self.height)
        return paragraph, height

    @property
    def footer_height(self) -> float:
        """Room the footer takes above the bottom edge, rule included."""
        _, height = self._footer
        return FOOTER_BASELINE + max(height, 8.0) + _FOOTER_GAP

    def first_page(self, canvas: Canvas, _doc: object) -> None:
        """``onPage`` callback of the first page."""
        self._draw(canvas, first=True)

    def later_page(self, canvas: Canvas, _doc: object) -> None:
        """``onPage`` callback of the following pages."""
        self._draw(canvas, first=False)

    def _draw(self, canvas: Canvas, *, first: bool) -> None:
        canvas.saveState()
        paragraph, height = self._footer
        rule_y = FOOTER_BASELINE + max(height, 8.0) + 1.5 * mm
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(self.margin, rule_y, self.width - self.margin, rule_y)
        if paragraph is not None:
            # The last line of the footer sits on the baseline of the page number.
            paragraph.drawOn(canvas, self.margin, FOOTER_BASELINE - 2)
        if not first and self.running_header:
            header = Paragraph(self.running_header, styles().small)
            _, h = header.wrap(self.width - 2 * self.margin, self.height)
            header.drawOn(canvas, self.margin, self.height - self.top - h)
            y = self.height - self.top - h - 2 * mm
            canvas.line(self.margin, y, self.width - self.margin, y)
        canvas.restoreState()

    def page_end(self, canvas: Canvas, _doc: object) -> None:
        """``onPageEnd`` callback: the watermark, translucent over the content."""
        if not self.watermark:
            return
        color: Color = VOID_RED if self.watermark == "VOID" else LIGHT
        canvas.saveState()
        canvas.setFillColor(color, alpha=0.18 if self.watermark == "VOID" else 0.45)
        canvas.setFont(styles().bold, 110)
        canvas.translate(self.width / 2, self.height / 2)
        canvas.rotate(40)
        canvas.drawCentredString(0, -38, self.watermark)
        canvas.restoreState()
