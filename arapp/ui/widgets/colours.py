# SPDX-License-Identifier: MIT
"""The colours that mean something on screen, the same in every tab and dialog.

The constants are chosen for a light palette. Under a dark system palette a dark red on a dark
base, or the palette's white text on a light hold tint, cannot be read; so a cell's colours go
through :func:`readable` (text moved away from its background until it meets the WCAG 4.5:1
contrast ratio) and tints come from the palette (:func:`hold_background` mixes the hold hue into
the palette's base instead of painting a fixed light colour).
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import QColor, QGuiApplication, QPalette

OVERDUE_COLOR = QColor("#9b1c1c")
"""Text of what is late: overdue invoices, broken plans, customers who owe past due."""
HOLD_COLOR = QColor("#9a4a00")
"""Text of what is on hold (a customer's account, a reminder)."""
HOLD_BACKGROUND = QColor("#fff4e0")
"""Behind a row on hold (under a light palette; see :func:`hold_background`)."""
VOID_COLOR = QColor("#8a8a8a")
"""Text of what no longer counts: void invoices, cancelled plans."""
DRAFT_COLOR = QColor("#5a5a7a")
"""Text of drafts, which have no number yet."""
CREDIT_COLOR = QColor("#1d5e8a")
"""Amounts in the customer's favour: credit notes, unapplied payments, negative balances."""
ERROR_BACKGROUND = QColor("#fde8e8")
"""Behind a cell or field whose value is wrong."""

MIN_CONTRAST = 4.5
"""WCAG AA's contrast ratio for body text."""


def _luminance(color: QColor) -> float:
    """WCAG relative luminance of ``color`` (0 black .. 1 white)."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.redF())
        + 0.7152 * channel(color.greenF())
        + 0.0722 * channel(color.blueF())
    )


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio between two colours (1 the same .. 21 black on white)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def palette() -> QPalette:
    """The application's palette (the system's, or the one a test set)."""
    return QGuiApplication.palette()


def is_dark(pal: QPalette | None = None) -> bool:
    """Whether the palette's base (behind lists and fields) is dark."""
    base = (pal or palette()).color(QPalette.ColorRole.Base)
    return _luminance(base) < 0.2


def readable(color: QColor, background: QColor | None = None) -> QColor:
    """``color``, or the same hue made lighter or darker until it reads on ``background``
    (the palette's base when ``None``) at :data:`MIN_CONTRAST`."""
    if background is None:
        background = palette().color(QPalette.ColorRole.Base)
    return QColor.fromRgba(_readable(color.rgba(), background.rgba()))


@lru_cache(maxsize=256)
def _readable(rgba: int, background_rgba: int) -> int:
    color, background = QColor.fromRgba(rgba), QColor.fromRgba(background_rgba)
    if contrast_ratio(color, background) >= MIN_CONTRAST:
        return rgba
    lighter = _luminance(background) < 0.5
    hue, saturation, lightness, alpha = color.getHslF()
    step = 0.05 if lighter else -0.05
    while 0.0 <= lightness + step <= 1.0:
        lightness += step
        candidate = QColor.fromHslF(max(hue, 0.0), saturation, lightness, alpha)
        if contrast_ratio(candidate, background) >= MIN_CONTRAST:
            return int(candidate.rgba())
    return int(QColor("white" if lighter else "black").rgba())


def _tint(light: QColor, hue: QColor, pal: QPalette | None) -> QColor:
    """``light`` under a light palette; under a dark one ``hue`` mixed a little into the
    palette's base, so the palette's (light) text stays readable on it."""
    pal = pal or palette()
    if not is_dark(pal):
        return light
    base = pal.color(QPalette.ColorRole.Base)
    share = 0.25
    return QColor(
        round(base.red() * (1 - share) + hue.red() * share),
        round(base.green() * (1 - share) + hue.green() * share),
        round(base.blue() * (1 - share) + hue.blue() * share),
    )


def hold_background(pal: QPalette | None = None) -> QColor:
    """Behind a row on hold (:data:`HOLD_BACKGROUND`, or its hue in a dark palette's base)."""
    return _tint(HOLD_BACKGROUND, HOLD_COLOR, pal)


def error_background(pal: QPalette | None = None) -> QColor:
    """Behind a wrong value (:data:`ERROR_BACKGROUND`, or its hue in a dark palette's base)."""
    return _tint(ERROR_BACKGROUND, OVERDUE_COLOR, pal)


def dark_safe(color: QColor | None, background: QColor | None = None) -> QColor | None:
    """For models that choose colours for a light palette: unchanged under a light palette;
    under a dark one ``color`` (or the palette's text on a tint) made readable."""
    if not is_dark():
        return color
    if color is None:
        return None if background is None else text_on(background)
    return readable(color, background)


def text_on(background: QColor | None = None, color: QColor | None = None) -> QColor:
    """``color`` (the palette's text when ``None``) made readable on ``background``."""
    return readable(color or palette().color(QPalette.ColorRole.Text), background)


def on_window(color: QColor) -> QColor:
    """``color`` for text on a window or dialog (not in a list): unchanged under a light
    palette, made readable on the palette's window colour under a dark one."""
    if not is_dark():
        return color
    return readable(color, palette().color(QPalette.ColorRole.Window))


def in_list(color: QColor) -> QColor:
    """``color`` for text in a list or table cell: unchanged under a light palette, made
    readable on the palette's base under a dark one."""
    return color if not is_dark() else readable(color)
