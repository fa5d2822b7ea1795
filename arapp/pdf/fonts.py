# SPDX-License-Identifier: MIT
"""The fonts of printed documents (DejaVu Sans, shipped in ``resources/fonts``) and the
one-time set-up of ReportLab.

ReportLab's built-in fonts only cover Latin-1; DejaVu Sans prints names such as
"Zoë Łukasiewicz" or "Đorđe Petrović", the euro sign and narrow no-break spaces.  The
fonts are read and registered once per process.
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

__all__ = ["BOLD", "REGULAR", "register_fonts"]

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"

_FILES = {REGULAR: "fonts/DejaVuSans.ttf", BOLD: "fonts/DejaVuSans-Bold.ttf"}


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
        pdfmetrics.registerFont(TTFont(name, io.BytesIO(data)))
    flags: tuple[Literal[0, 1], ...] = (0, 1)
    for bold, italic in itertools.product(flags, flags):
        addMapping(REGULAR, bold, italic, BOLD if bold else REGULAR)
    return REGULAR, BOLD
