# SPDX-License-Identifier: MIT
"""The seller's logo on the invoice.

The decoded image is cached (keyed by a hash of its bytes), so printing a stack of invoices
decodes it once; a logo with far more pixels than print needs is scaled down, once.  PNG
(with transparency) and JPEG are supported; anything else prints no logo rather than no
invoice.  A CMYK JPEG is converted to RGB (the Factur-X PDF/A has an sRGB output intent).
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict
from io import BytesIO

from PIL import Image
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

__all__ = ["LOGO_MAX_HEIGHT", "LOGO_MAX_WIDTH", "Logo"]

log = logging.getLogger(__name__)

LOGO_MAX_WIDTH = 40 * mm
LOGO_MAX_HEIGHT = 20 * mm

# 300 dpi at the largest printed size: enough for print, and a 4000-pixel logo from a
# design agency does not make every PDF weigh megabytes.
_MAX_PIXELS = (round(LOGO_MAX_WIDTH / 72 * 300), round(LOGO_MAX_HEIGHT / 72 * 300))
_CACHE_SIZE = 8
_logos: OrderedDict[bytes, ImageReader | None] = OrderedDict()
_logos_lock = threading.Lock()


def _read(data: bytes) -> ImageReader:
    """The logo, scaled down once if it has far more pixels than print needs."""
    image: Image.Image = Image.open(BytesIO(data))
    image.load()
    small = image.width <= _MAX_PIXELS[0] and image.height <= _MAX_PIXELS[1]
    if small and image.mode != "CMYK":
        return ImageReader(BytesIO(data))  # as it is (a JPEG is embedded without re-coding)
    if image.mode == "CMYK":  # a CMYK image cannot go into a PDF/A with an sRGB output intent
        image = image.convert("RGB")
    elif image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA")
    if not small:
        image.thumbnail(_MAX_PIXELS, Image.Resampling.LANCZOS)
    return ImageReader(image)


def _logo_reader(data: bytes) -> ImageReader | None:
    """The decoded logo, or ``None`` if the bytes are no image ReportLab can read."""
    key = hashlib.sha256(data).digest()
    with _logos_lock:
        if key in _logos:
            _logos.move_to_end(key)
            return _logos[key]
    try:
        read = _read(data)
        read.getSize()
        reader: ImageReader | None = read
    except Exception:  # Pillow raises many types for damaged or unknown images
        log.warning("The logo is not a PNG or JPEG image that can be read; printing without it")
        reader = None
    with _logos_lock:
        _logos[key] = reader
        while len(_logos) > _CACHE_SIZE:
            _logos.popitem(last=False)
    return reader


class Logo(Flowable):
    """The seller's logo, scaled to fit ``LOGO_MAX_WIDTH`` x ``LOGO_MAX_HEIGHT``."""

    def __init__(self, reader: ImageReader) -> None:
        super().__init__()
        self.reader = reader
        pixels_w, pixels_h = reader.getSize()
        scale = min(LOGO_MAX_WIDTH / pixels_w, LOGO_MAX_HEIGHT / pixels_h)
        self.width = pixels_w * scale
        self.height = pixels_h * scale

    @classmethod
    def from_bytes(cls, data: bytes | None) -> Logo | None:
        """The logo of ``data``, or ``None`` if there is none or it cannot be read."""
        if not data:
            return None
        reader = _logo_reader(data)
        return None if reader is None else cls(reader)

    def wrap(self, _avail_width: float, _avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas: Canvas = self.canv
        canvas.drawImage(self.reader, 0, 0, self.width, self.height, mask="auto")
