# SPDX-License-Identifier: MIT
"""Make the icon set from resources/icons/arapp.svg (run by hand after changing it; the files
made are committed, so building needs neither Qt's SVG renderer nor Pillow's writers):

    QT_QPA_PLATFORM=offscreen python packaging/icons/make_icons.py

- ``packaging/icons/hicolor/SIZExSIZE/apps/arapp.png``: the freedesktop sizes (16 to 512),
- ``packaging/icons/arapp.ico`` (Windows: 16 to 256) and ``arapp.icns`` (macOS: 16 to 1024),
- ``resources/icons/arapp-256.png``: the window icon where SVG cannot be read.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parents[2]
SVG = ROOT / "resources" / "icons" / "arapp.svg"
OUT = ROOT / "packaging" / "icons"
FREEDESKTOP = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def render(renderer: QSvgRenderer, size: int) -> Image.Image:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(data.data()))).convert("RGBA")


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"cannot read {SVG}", file=sys.stderr)
        return 1
    for size in FREEDESKTOP:
        target = OUT / "hicolor" / f"{size}x{size}" / "apps" / "arapp.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        render(renderer, size).save(target, optimize=True)
    scalable = OUT / "hicolor" / "scalable" / "apps" / "arapp.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    scalable.write_bytes(SVG.read_bytes())
    big = render(renderer, 1024)
    ico_sizes = [(s, s) for s in (16, 24, 32, 48, 64, 128, 256)]
    render(renderer, 256).save(OUT / "arapp.ico", sizes=ico_sizes)
    big.save(OUT / "arapp.icns")  # Pillow writes every size macOS asks for from 1024
    render(renderer, 256).save(ROOT / "resources" / "icons" / "arapp-256.png", optimize=True)
    print(f"icons written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
