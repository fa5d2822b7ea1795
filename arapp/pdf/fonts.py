# SPDX-License-Identifier: MIT
"""The fonts of printed documents (DejaVu Sans, shipped in ``resources/fonts``) and the
one-time set-up of ReportLab.

ReportLab's built-in fonts only cover Latin-1; DejaVu Sans prints names such as
"Zoë Łukasiewicz" or "Đorđe Petrović", the euro sign and narrow no-break spaces.  The
fonts are read and registered once per process.

A character the font lacks (Chinese, Thai, an emoji...) prints as a white box "▯" (U+25AF), not
as the font's ``.notdef`` glyph: it looks the same, and PDF/A (the Factur-X PDF) forbids any use
of ``.notdef``.
"""

from __future__ import annotations

import functools
import io
import itertools
from typing import Literal

from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from arapp.assets import asset

__all__ = ["BOLD", "MISSING", "REGULAR", "register_fonts"]

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"

_FILES = {REGULAR: "fonts/DejaVuSans.ttf", BOLD: "fonts/DejaVuSans-Bold.ttf"}

#: What a character missing from the font prints as: U+25AF WHITE VERTICAL RECTANGLE.
MISSING = "\u25af"
_NBSP = 0xA0  # ReportLab prints it as a space


class _Printable(dict[int, int]):
    """A ``str.translate`` table: every character the font has to itself, others to the box.

    It fills itself as characters come (``__missing__``), so after the first documents
    ``translate`` runs at C speed.
    """

    def __init__(self, glyphs: dict[int, int]) -> None:
        super().__init__()
        self._glyphs = glyphs

    def __missing__(self, code: int) -> int:
        printed = code if code in self._glyphs or code == _NBSP else ord(MISSING)
        self[code] = printed
        return printed


class _Font(TTFont):
    """A TrueType font that never uses its ``.notdef`` glyph (see the module docstring)."""

    def __init__(self, name: str, data: io.BytesIO) -> None:
        super().__init__(name, data)
        self._printable = _Printable(self.face.charToGlyph)

    def splitString(
        self, text: str | bytes, doc: object, encoding: str = "utf-8"
    ) -> list[tuple[int, bytes]]:
        if isinstance(text, bytes):
            text = text.decode(encoding)
        result: list[tuple[int, bytes]] = super().splitString(
            text.translate(self._printable), doc, encoding
        )
        return result


@functools.cache
def register_fonts() -> tuple[str, str]:
    """Register the fonts with ReportLab (once) and return ``(REGULAR, BOLD)``.

    Paragraph markup ``<b>`` maps to the bold face; there is no italic face, so ``<i>``
    prints upright.

    This also stops ReportLab from wrapping the streams of every PDF in ASCII85 (a
    process-wide setting, ``rl_config.useA85``): a 7-bit-clean PDF is a relic of e-mail
    gateways of the 1990s, 25 % bigger and slower to write.
    """
    rl_config.useA85 = 0
    for name, relative in _FILES.items():
        data = asset(relative).read_bytes()
        pdfmetrics.registerFont(_Font(name, io.BytesIO(data)))
    flags: tuple[Literal[0, 1], ...] = (0, 1)
    for bold, italic in itertools.product(flags, flags):
        addMapping(REGULAR, bold, italic, BOLD if bold else REGULAR)
    return REGULAR, BOLD
