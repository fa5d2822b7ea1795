# SPDX-License-Identifier: MIT
"""The CSV text rules both readers share: encodings, delimiters and decimal marks."""

from __future__ import annotations

import pytest

from arapp.domain.csvtext import (
    NotText,
    decode,
    delimiter_mark,
    delimiter_option,
    detect_delimiter,
    guess_encoding,
    mark_of,
    sample,
)

MUELLER = "code;name\nA1;Müller & Söhne\n"


@pytest.mark.parametrize("option", ["utf-8", "UTF8", " utf-8 "])
def test_utf8_is_read_with_or_without_a_byte_order_mark(option: str) -> None:
    assert decode(MUELLER.encode("utf-8"), option) == MUELLER
    assert decode(b"\xef\xbb\xbf" + MUELLER.encode("utf-8"), option) == MUELLER


def test_cp1252_is_read_when_named_and_refused_as_utf8_with_its_line() -> None:
    data = MUELLER.encode("cp1252")
    assert decode(data, "cp1252") == decode(data, "windows-1252") == MUELLER
    with pytest.raises(NotText) as info:
        decode(data)
    assert (info.value.line, info.value.codec) == (2, "utf-8-sig")


def test_the_encoding_is_guessed_even_from_a_start_cut_inside_a_character() -> None:
    data = ("x" * 9 + "€").encode("utf-8")
    assert guess_encoding(data[:10]) == "utf-8"  # the euro's three bytes cut after one
    assert guess_encoding(MUELLER.encode("cp1252")) == "cp1252"
    assert guess_encoding(b"\xef\xbb\xbf" + MUELLER.encode()) == "utf-8"


def test_a_sample_leaves_out_a_last_line_cut_short() -> None:
    assert sample(b"a;b\n1;2\n3;", size=9) == "a;b\n1;2\n"
    assert sample(b"a;b\n1;2\n", size=100) == "a;b\n1;2\n"
    assert sample(b"\xef\xbb\xbfa;b\n") == "a;b\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("code,name\nA1,Foo; Bar\n", ","),
        ("code;name\nA1;Foo, Bar\nB2;1,50\n", ";"),
        ("code\tname\nA1\tFoo, Bar\n", "tab"),
        ("name\nAlpha\n", ","),  # one column: the first option
    ],
)
def test_the_delimiter_is_the_one_that_splits_header_and_rows_evenly(
    text: str, expected: str
) -> None:
    assert detect_delimiter(text) == expected


def test_a_tie_is_the_first_option_asked_about() -> None:
    assert detect_delimiter("name\nAlpha\n", (";", ",", "tab", "|")) == ";"
    assert detect_delimiter("", (",", ";")) == ","


def test_a_preamble_above_the_header_is_skipped_when_asked() -> None:
    text = "Konto: 123\nZeitraum: 1.11.2026 - 20.11.2026\n\nTag|Betrag|Name\n1.11.|12,50|A\n"
    assert detect_delimiter(text, (";", ",", "tab", "|"), preamble=True) == "|"
    assert detect_delimiter("Konto;123\n\nTag,Betrag,Name\n1.11.,12,A\n", preamble=True) == ","


def test_delimiter_options_and_marks() -> None:
    assert [delimiter_mark(o) for o in (",", ";", "tab", "\t", "|")] == [",", ";", "\t", "\t", "|"]
    assert [delimiter_option(m) for m in (",", ";", "\t", "|")] == [",", ";", "tab", "|"]
    with pytest.raises(KeyError):
        delimiter_mark(":")


@pytest.mark.parametrize(
    ("text", "plain", "mark"),
    [
        ("12,50", True, ","),
        ("1.234,50", True, ","),
        ("3.5", True, "."),
        ("1,234.50", True, "."),
        ("1,234", True, None),  # either way
        ("12", True, None),
        ("abc", True, None),
        ("EUR 1.234,56", True, None),  # not a plain number
        ("EUR 1.234,56", False, ","),
        ("1.234,56-", False, ","),
        ("(12.50)", False, "."),
    ],
)
def test_a_cell_decides_the_decimal_mark_only_when_it_reads_one_way(
    text: str, plain: bool, mark: str | None
) -> None:
    assert mark_of(text, plain) == mark
