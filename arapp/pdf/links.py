# SPDX-License-Identifier: MIT
"""Payment links in a PDF: clickable, with short text a person can read.

The link annotation always holds the whole address (amount, currency and all); the text shown
is the whole address when it fits its cell, else the address without ``https://``, else
without its query too (the page the payer would type in), else the host and the last part of
the path, else cut in the middle with "…". An address that is not a web link
(``http``/``https`` with a host) is printed as plain text and never made clickable.

The address reaches ReportLab's paragraph markup escaped (:func:`arapp.pdf.text.markup`), so
``&``, quotes or ``<`` in it can neither close the ``href`` nor open a tag.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from arapp.domain.payment_link import is_web_link
from arapp.domain.texts import ENGLISH_WORDS, Words
from arapp.pdf.cells import Cell, fit
from arapp.pdf.styles import ACCENT
from arapp.pdf.text import clean, markup

__all__ = ["MAX_LISTED", "link_cell", "link_pairs", "link_text"]

#: Invoices whose own links a payment block lists at most; the rest are counted.
MAX_LISTED = 6
_ELLIPSIS = "…"


def _fits(text: str, style: ParagraphStyle, width: float) -> bool:
    return stringWidth(text, style.fontName, style.fontSize) <= width


def link_text(url: str, style: ParagraphStyle, width: float) -> str:
    """``url`` as shown: whole, else without ``https://``, else without its query too, else the
    host and the last part of the path (``pay.example/…/INV-1``), else cut in the middle,
    whichever is the first to fit on one line of ``width`` points."""
    url = clean(url).strip()
    parts = urlsplit(url)
    bare = url.split("://", 1)[1] if "://" in url else url
    for whole in (url, bare):
        if _fits(whole, style, width):
            return whole
    page = (parts.netloc + parts.path).rstrip("/") or bare
    last = page.rsplit("/", 1)[1] if page.count("/") > 1 else ""
    for short in (page, f"{parts.netloc}/{_ELLIPSIS}/{last}" if last else page):
        if _fits(short, style, width):
            return short
    keep = len(page)
    while keep > 8 and not _fits(_cut(page, keep), style, width):
        keep -= 2
    return _cut(page, keep)


def _cut(text: str, keep: int) -> str:
    head = (keep + 1) // 2
    return text[:head] + _ELLIPSIS + text[len(text) - keep // 2 :]


def link_cell(url: str, style: ParagraphStyle, width: float, label: str = "") -> Cell:
    """A table cell holding ``url``: a clickable paragraph when it is a web link, else plain
    text. ``label`` (an invoice number) is printed before it, followed by a colon, unless the
    text shown already names it (``pay.example/INV-1``)."""
    url = url.strip()
    if not is_web_link(url):
        return fit(f"{label}: {url}" if label else url, style, width)
    shown = link_text(url, style, width)
    prefix = f"{label}: " if label and label not in shown else ""
    if prefix:
        shown = link_text(url, style, width - stringWidth(prefix, style.fontName, style.fontSize))
    colour = ACCENT.hexval().replace("0x", "#")
    href = markup(url)
    text = f'{markup(prefix)}<link href="{href}" color="{colour}">{markup(shown)}</link>'
    return Paragraph(text, style)


def link_pairs(
    shared: str,
    each: Sequence[tuple[str, str]],
    style: ParagraphStyle,
    width: float,
    w: Words = ENGLISH_WORDS,
) -> list[tuple[str, Cell]]:
    """The "Pay online" rows of a payment block: the ``shared`` link when there is one, else
    each invoice's own link from ``each`` (``(number, link)``; up to :data:`MAX_LISTED`, the
    rest counted)."""
    if shared.strip():
        return [(w("pay_online"), link_cell(shared, style, width))]
    listed = [(number, url) for number, url in each if url.strip()]
    rows: list[tuple[str, Cell]] = [
        (w("pay_online") if i == 0 else "", link_cell(url, style, width, number))
        for i, (number, url) in enumerate(listed[:MAX_LISTED])
    ]
    more = len(listed) - MAX_LISTED
    if more > 0:
        more_text = w("more_link") if more == 1 else w("more_links", count=more)
        rows.append(("", fit(more_text, style, width)))
    return rows
