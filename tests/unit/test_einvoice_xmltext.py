# SPDX-License-Identifier: MIT
"""Text and numbers as the e-invoice writers put them into XML."""

from __future__ import annotations

from decimal import Decimal

from lxml import etree

from arapp.einvoice.xmltext import amount, clean, number, serialize, sub


def test_characters_xml_cannot_carry_are_dropped_and_the_rest_kept() -> None:
    assert clean("a\x01b\tc\nd\x1f — 株式会社 <&>") == "ab\tc\nd — 株式会社 <&>"


def test_markup_in_text_stays_text() -> None:
    root = etree.Element("root")
    sub(root, "name", "<b>&\"' \x00Anna</b>", attr='<&">')
    back = etree.fromstring(serialize(root))
    assert back[0].text == "<b>&\"' Anna</b>" and back[0].get("attr") == '<&">'


def test_numbers() -> None:
    assert (amount(Decimal("-0.00")), amount(Decimal("12.50"))) == ("0.00", "12.50")
    assert (number(Decimal("19.00")), number(Decimal("1E+3")), number(Decimal("-0"))) == (
        "19",
        "1000",
        "0",
    )
