# SPDX-License-Identifier: MIT
"""What the CII and UBL writers share: building elements, and numbers and text as XML wants them.

Text goes into the tree as text (lxml escapes ``<``, ``&`` and quotes), never as markup. The
characters XML 1.0 cannot carry at all (control characters other than tab and line breaks) are
dropped; everything else, any script included, is kept as it is.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from lxml import etree

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids."""
    return _NOT_XML.sub("", text)


def sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    """A new child ``tag`` (Clark notation) of ``parent``, with ``text`` and attributes."""
    element = etree.SubElement(parent, tag, {k: clean(v) for k, v in attrs.items()})
    if text is not None:
        element.text = clean(text)
    return element


def amount(value: Decimal) -> str:
    """An amount as stored (the currency's decimals, ``-0`` never)."""
    return format(value + 0, "f")


def number(value: Decimal) -> str:
    """A quantity, price or percent without trailing zeros (``19``, ``1.5``)."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def day(value: date, *, compact: bool) -> str:
    """``20261123`` (CII format 102) or ``2026-11-23`` (UBL)."""
    return value.strftime("%Y%m%d") if compact else value.isoformat()


def serialize(root: etree._Element) -> bytes:
    """The document as UTF-8 XML with its declaration."""
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))
