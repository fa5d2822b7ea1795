# SPDX-License-Identifier: MIT
"""Table cells that are cheap when they can be and wrap when they must.

A plain string in a ReportLab table cell is printed as it is (never read as markup) and
costs a fraction of a Paragraph; a Paragraph wraps long text.  :func:`fit` picks the plain
string whenever the text fits on one line, and :func:`text_commands` gives plain strings
the font, colour and alignment of the paragraph style they stand in for.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

from arapp.pdf.text import clean, markup

__all__ = [
    "Cell",
    "Columns",
    "Command",
    "Label",
    "Lines",
    "fit",
    "line",
    "pieces",
    "text_commands",
    "text_lines",
]

Cell = str | Paragraph
#: One table style command: its name, the first and the last cell, then its values.
Command = tuple[str, tuple[int, int], tuple[int, int], *tuple[Any, ...]]
_ALIGN: dict[int | str, str] = {TA_RIGHT: "RIGHT", TA_CENTER: "CENTER"}


def fit(text: str, style: ParagraphStyle, width: float) -> Cell:
    """``text`` as a plain string if it fits on one line of ``width`` points, else a Paragraph.

    ``width`` is the room inside the cell (its width less the padding).  User text is
    escaped before it becomes a Paragraph.
    """
    text = clean(text).strip()
    if "\n" not in text and stringWidth(text, style.fontName, style.fontSize) <= width:
        return text
    return Paragraph(markup(text), style)


#: Wrapped lines a table cell holds at most (about a third of a page): ReportLab splits a
#: table between rows, never inside one, so a row taller than a page cannot be laid out.
PIECE_LINES = 24


def pieces(text: str, style: ParagraphStyle, width: float, lines: int = PIECE_LINES) -> list[str]:
    """``text`` cut into pieces that each wrap to at most ``lines`` lines of ``width`` points,
    for as many table rows: a description of thousands of characters then runs over pages
    instead of making the PDF impossible (ReportLab's ``LayoutError``). A word wider than
    ``width`` is cut where it meets the edge. Short text is one piece, as it was."""
    text = clean(text).strip()
    if len(text) < 400 and text.count("\n") < lines:
        return [text]
    font, size = style.fontName, style.fontSize
    wrapped: list[str] = []
    for part in simpleSplit(text, font, size, width) or [""]:
        while len(part) > 1 and stringWidth(part, font, size) > width:
            low, high = 1, len(part) - 1  # the longest head that fits (at least one character)
            while low < high:
                mid = (low + high + 1) // 2
                low, high = (mid, high) if stringWidth(part[:mid], font, size) <= width else (
                    low, mid - 1)  # fmt: skip
            wrapped.append(part[:low])
            part = part[low:]
        wrapped.append(part)
    return ["\n".join(wrapped[i : i + lines]) for i in range(0, len(wrapped), lines)]


def text_commands(
    start: tuple[int, int], stop: tuple[int, int], style: ParagraphStyle
) -> list[Command]:
    """Table style commands that print plain strings in ``start``..``stop`` like ``style``."""
    return [
        ("FONT", start, stop, style.fontName, style.fontSize, style.leading),
        ("TEXTCOLOR", start, stop, style.textColor),
        ("ALIGN", start, stop, _ALIGN.get(style.alignment, "LEFT")),
    ]


class Label(Flowable):
    """One line of trusted text (a heading, a title) drawn without Paragraph machinery.

    It takes the full width it is given and aligns the text in it like ``style`` does;
    use :func:`line` for user text, which falls back to a Paragraph when it is too long.
    """

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.text = text
        self.style = style

    def wrap(self, avail_width: float, _avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.style.leading

    def draw(self) -> None:
        style, canvas = self.style, self.canv
        canvas.setFont(style.fontName, style.fontSize)
        canvas.setFillColor(style.textColor)
        baseline = style.leading - style.fontSize  # where a Paragraph puts it
        if style.alignment == TA_RIGHT:
            canvas.drawRightString(self.width, baseline, self.text)
        elif style.alignment == TA_CENTER:
            canvas.drawCentredString(self.width / 2, baseline, self.text)
        else:
            canvas.drawString(0, baseline, self.text)


def line(text: str, style: ParagraphStyle, width: float) -> Flowable:
    """User ``text`` as a :class:`Label` if it fits on one line of ``width``, else a Paragraph."""
    cell = fit(text, style, width)
    return Label(cell, style) if isinstance(cell, str) else cell


class Lines(Flowable):
    """Lines of text, each in its own style, drawn as plain strings (no markup at all).

    Built by :func:`text_lines` only when every line fits the width it will get.
    """

    def __init__(self, items: list[tuple[str, ParagraphStyle]]) -> None:
        super().__init__()
        self.items = items
        self.height = sum(style.leading for _, style in items)

    def wrap(self, avail_width: float, _avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.height

    def split(self, _avail_width: float, avail_height: float) -> list[Flowable]:
        """The lines that fit in ``avail_height`` and the rest (none fit: ``[]``)."""
        used, count = 0.0, 0
        for _, style in self.items:
            if used + style.leading > avail_height:
                break
            used += style.leading
            count += 1
        if count == 0:
            return []
        return [Lines(self.items[:count]), Lines(self.items[count:])]

    def draw(self) -> None:
        top = self.height
        for text, style in self.items:
            top -= style.leading
            Label(text, style).drawOn(self.canv, 0, top)


def text_lines(items: list[tuple[str, ParagraphStyle]], width: float) -> list[Flowable]:
    """User text, one item per line (an item may hold line breaks), in at most ``width``.

    Plain :class:`Lines` when every line fits, else one wrapping Paragraph per item.
    """
    lines = [
        (text, style)
        for raw, style in items
        for text in clean(raw).strip("\n").split("\n")
        if raw.strip()
    ]
    if not lines:
        return []
    if all(stringWidth(text, s.fontName, s.fontSize) <= width for text, s in lines):
        return [Lines([(text.strip(), style) for text, style in lines])]
    return [Paragraph(markup(raw), style) for raw, style in items if raw.strip()]


class Columns(Flowable):
    """Two stacks of flowables side by side, top-aligned; the pair never splits.

    A lighter stand-in for a one-row Table holding lists of flowables; wrap it in a
    KeepTogether to move it to the next page whole when it does not fit.  A flowable sits
    at the left of its column, or as its ``hAlign`` says (``"RIGHT"``, ``"CENTER"``);
    ``right_align`` sets the default of the right column.
    """

    def __init__(
        self,
        left: Sequence[Flowable],
        right: Sequence[Flowable],
        left_width: float,
        *,
        gap: float = 0,
        right_align: str = "LEFT",
    ) -> None:
        super().__init__()
        self.stacks = (left, right)
        self.left_width = left_width
        self.gap = gap
        self.right_align = right_align
        self._placed: list[tuple[Flowable, float, float, float]] = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        widths = (self.left_width, avail_width - self.left_width - self.gap)
        lefts = (0.0, self.left_width + self.gap)
        aligns = ("LEFT", self.right_align)
        placed, height = [], 0.0
        for stack, width, left, align in zip(self.stacks, widths, lefts, aligns, strict=True):
            top = 0.0
            for flowable in stack:
                w, h = flowable.wrap(width, avail_height)
                own = getattr(flowable, "hAlign", "LEFT")
                how = own if own in ("RIGHT", "CENTER") else align
                shift = {"RIGHT": width - w, "CENTER": (width - w) / 2}.get(how, 0)
                placed.append((flowable, left + shift, top, h))
                top += h
            height = max(height, top)
        self._placed = placed
        self.width = avail_width
        self.height = height
        return avail_width, height

    def split(self, _avail_width: float, _avail_height: float) -> list[Flowable]:
        """Taller than the room left: flow the two stacks one after the other instead.

        Wrapped in a KeepTogether, this only happens when the pair is taller than a whole
        page (an unusually long text): better stacked than a layout error.
        """
        return [*self.stacks[0], *self.stacks[1]]

    def draw(self) -> None:
        for flowable, x, top, h in self._placed:
            flowable.drawOn(self.canv, x, self.height - top - h)
