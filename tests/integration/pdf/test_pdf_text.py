# SPDX-License-Identifier: MIT
"""Escaping user text for ReportLab and the number formats of the line table."""

from __future__ import annotations

from decimal import Decimal

import pytest
from reportlab.platypus import Paragraph

from arapp.pdf.cells import Label, Lines, fit, line, text_lines
from arapp.pdf.styles import styles
from arapp.pdf.text import clean, format_percent, format_price, format_quantity, markup


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Plain", "Plain"),
        ("<b>&\"'", "&lt;b&gt;&amp;&quot;&#39;"),
        ('<a href="http://evil">x</a>', "&lt;a href=&quot;http://evil&quot;&gt;x&lt;/a&gt;"),
        ("one\ntwo", "one<br/>two"),
        ("one\r\ntwo\rthree", "one<br/>two<br/>three"),
        ("\nfirst\n", "first"),
        ("tab\there\x00\x07", "tab here"),
        ("<br/>", "&lt;br/&gt;"),
    ],
)
def test_markup_escapes_before_adding_line_breaks(text: str, expected: str) -> None:
    assert markup(text) == expected


def test_escaped_markup_reads_back_as_the_original_text() -> None:
    text = '<b>&"\' <img src=x> <a href="http://evil">link</a> &amp;'
    paragraph = Paragraph(markup(text), styles().body)
    assert "".join(frag.text for frag in paragraph.frags) == text


def test_clean_keeps_letters_of_every_script() -> None:
    assert clean("Zoë Łukasiewicz\tĐorđe\x1b") == "Zoë Łukasiewicz Đorđe"


@pytest.mark.parametrize(
    ("value", "locale", "expected"),
    [
        ("2", "en_IE", "2"),
        ("2.000", "en_IE", "2"),
        ("1.50", "en_IE", "1.5"),
        ("1.5", "de_DE", "1,5"),
        ("1234.25", "en_US", "1,234.25"),
        ("1234.25", "de_DE", "1.234,25"),
        ("1E+3", "en_US", "1,000"),
        ("-3", "en_US", "-3"),
        ("0.0001", "en_US", "0.0001"),
    ],
)
def test_format_quantity(value: str, locale: str, expected: str) -> None:
    assert format_quantity(Decimal(value), locale) == expected


def test_format_percent_is_empty_without_discount() -> None:
    assert format_percent(Decimal("0.00"), "en_US") == ""
    assert format_percent(Decimal("10.00"), "en_US") == "10"
    assert format_percent(Decimal("2.5"), "de_DE") == "2,5"


@pytest.mark.parametrize(
    ("value", "currency", "locale", "expected"),
    [
        ("18.5", "EUR", "en_IE", "18.50"),
        ("1234.5", "EUR", "de_DE", "1.234,50"),
        ("0.125", "EUR", "en_IE", "0.125"),
        ("0.12500", "EUR", "en_IE", "0.125"),
        ("1234.5678", "USD", "en_US", "1,234.5678"),
        ("1500", "JPY", "ja_JP", "1,500"),
        ("0.5", "JPY", "en_US", "0.5"),
    ],
)
def test_format_price_never_rounds(value: str, currency: str, locale: str, expected: str) -> None:
    assert format_price(Decimal(value), currency, locale) == expected


def test_fit_uses_plain_strings_when_text_fits() -> None:
    body = styles().body
    assert fit("  short  ", body, 100) == "short"
    wrapped = fit("<b>" + "long " * 40, body, 100)
    assert isinstance(wrapped, Paragraph)
    assert wrapped.text.startswith("&lt;b&gt;")
    assert isinstance(fit("two\nlines", body, 500), Paragraph)


def test_line_and_text_lines() -> None:
    st = styles()
    assert isinstance(line("INV-1", st.subtitle, 100), Label)
    assert isinstance(line("INV-" + "9" * 80, st.subtitle, 100), Paragraph)
    (lines,) = text_lines([("Name", st.party_name), ("Street 1\n\nTown", st.body)], 200)
    assert isinstance(lines, Lines)
    assert [text for text, _ in lines.items] == ["Name", "Street 1", "", "Town"]
    long = text_lines([("Name", st.party_name), ("x" * 300, st.body)], 200)
    assert [type(f) for f in long] == [Paragraph, Paragraph]
    assert text_lines([("", st.body), ("  ", st.body)], 200) == []
