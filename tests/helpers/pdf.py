# SPDX-License-Identifier: MIT
"""Reading PDFs back in tests: the rasteriser (absent on some machines: those tests skip) and
the spaces a PDF's text may use between words."""

from __future__ import annotations

import re
import shutil

PDFTOPPM = shutil.which("pdftoppm")
# Any run of spaces, no-break spaces and narrow no-break spaces (Babel puts them in amounts).
SPACES = re.compile(r"[\s\u00a0\u202f]+")
