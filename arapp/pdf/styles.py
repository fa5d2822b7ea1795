# SPDX-License-Identifier: MIT
"""Colours, sizes and paragraph styles of printed documents (built once per process)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from arapp.pdf.fonts import register_fonts

__all__ = ["ACCENT", "INK", "LIGHT", "MUTED", "RULE", "SHADE", "ZEBRA", "Styles", "styles"]

INK = colors.HexColor("#1F2328")
"""Body text."""
MUTED = colors.HexColor("#626B77")
"""Labels and secondary text."""
ACCENT = colors.HexColor("#1D4E89")
"""Titles, table header rule, the amount due."""
RULE = colors.HexColor("#D5DAE1")
"""Thin lines between rows and blocks."""
ZEBRA = colors.HexColor("#F5F7FA")
"""Background of every other line-table row."""
SHADE = colors.HexColor("#E9EFF7")
"""Background of the amount-due box."""
LIGHT = colors.HexColor("#C8CDD4")
"""The DRAFT watermark."""
VOID_RED = colors.HexColor("#B42318")
"""The VOID watermark and banner."""

BODY_SIZE = 9
TABLE_SIZE = 8.5


@dataclass(frozen=True)
class Styles:
    """The paragraph styles of a document.

    Attributes:
        regular: Name of the regular font.
        bold: Name of the bold font.
        body: Ordinary text.
        body_right: Ordinary text, right-aligned.
        small: Secondary text such as contact details.
        muted: Grey text in body size (labels next to values).
        label: Small grey heading above a block ("Bill to").
        party_name: The seller's or buyer's name.
        title: The document title ("Invoice"), right-aligned.
        subtitle: The document number under the title, right-aligned.
        muted_right: Grey right-aligned text ("Not issued yet").
        cell: Text in a line-table cell.
        total_label: Label in the totals block.
        total_value: Amount in the totals block.
        strong_label: Label of the total and amount due.
        strong_value: Amount of the total and amount due.
        due_label: Label of the amount due box.
        due_value: Amount of the amount due box.
        caption: Caption under the QR code.
        footer: The footer text of each page.
        banner: The void banner.
    """

    regular: str
    bold: str
    body: ParagraphStyle
    body_right: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    label: ParagraphStyle
    party_name: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    muted_right: ParagraphStyle
    cell: ParagraphStyle
    total_label: ParagraphStyle
    total_value: ParagraphStyle
    strong_label: ParagraphStyle
    strong_value: ParagraphStyle
    due_label: ParagraphStyle
    due_value: ParagraphStyle
    caption: ParagraphStyle
    footer: ParagraphStyle
    banner: ParagraphStyle


@functools.cache
def styles() -> Styles:
    """The styles, built on first use (this also registers the fonts)."""
    regular, bold = register_fonts()
    body = ParagraphStyle(
        "body", fontName=regular, fontSize=BODY_SIZE, leading=12.5, textColor=INK, alignment=TA_LEFT
    )

    def derive(name: str, **changes: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=body, **changes)

    cell = derive("cell", fontSize=TABLE_SIZE, leading=11)
    total_label = derive("total_label", alignment=TA_RIGHT, textColor=MUTED)
    total_value = derive("total_value", alignment=TA_RIGHT)
    return Styles(
        regular=regular,
        bold=bold,
        body=body,
        body_right=derive("body_right", alignment=TA_RIGHT),
        small=derive("small", fontSize=8, leading=11, textColor=MUTED),
        muted=derive("muted", textColor=MUTED),
        label=derive("label", fontName=bold, fontSize=7.5, leading=10, textColor=MUTED),
        party_name=derive("party_name", fontName=bold, fontSize=11, leading=14),
        title=derive(
            "title", fontName=bold, fontSize=22, leading=26, textColor=ACCENT, alignment=TA_RIGHT
        ),
        subtitle=derive("subtitle", fontSize=11, leading=14, alignment=TA_RIGHT),
        muted_right=derive("muted_right", textColor=MUTED, alignment=TA_RIGHT),
        cell=cell,
        total_label=total_label,
        total_value=total_value,
        strong_label=ParagraphStyle(
            "strong_label", parent=total_label, fontName=bold, textColor=INK
        ),
        strong_value=ParagraphStyle("strong_value", parent=total_value, fontName=bold),
        due_label=ParagraphStyle(
            "due_label",
            parent=total_label,
            fontName=bold,
            fontSize=11,
            leading=14,
            textColor=ACCENT,
        ),
        due_value=ParagraphStyle(
            "due_value",
            parent=total_value,
            fontName=bold,
            fontSize=12,
            leading=15,
            textColor=ACCENT,
        ),
        caption=derive("caption", fontSize=7.5, leading=9.5, textColor=MUTED, alignment=1),
        footer=derive("footer", fontSize=7.5, leading=9.5, textColor=MUTED),
        banner=derive("banner", textColor=VOID_RED),
    )
