# SPDX-License-Identifier: MIT
"""Tests for arapp.domain.payment_link: the payment link pattern, filled in per document."""

from decimal import Decimal
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arapp.domain.errors import ValidationError
from arapp.domain.payment_link import (
    LinkValues,
    amount_text,
    expand,
    is_web_link,
    sample_link,
    shared_link,
    validate_pattern,
)

INVOICE = LinkValues("INV-2026-00001", Decimal("1234.5"), "EUR", "C0001")


def test_each_placeholder_takes_the_documents_value() -> None:
    pattern = (
        "https://pay.example/{number}?amount={amount}&cur={currency}&c={customer}&r={reference}"
    )
    assert expand(pattern, INVOICE) == (
        "https://pay.example/INV-2026-00001?amount=1234.50&cur=EUR&c=C0001&r=INV-2026-00001"
    )
    other = LinkValues("INV-7", Decimal("10"), "GBP", "C9", reference="C9-2026")
    assert expand("https://p.example/?r={reference}", other) == "https://p.example/?r=C9-2026"


def test_a_plain_address_prints_as_it_is() -> None:
    assert expand("https://pay.example/shop", INVOICE) == "https://pay.example/shop"
    assert expand("  https://pay.example/shop ", INVOICE) == "https://pay.example/shop"
    assert expand("", INVOICE) == ""


def test_a_value_the_document_lacks_gives_no_link() -> None:
    draft = LinkValues("", Decimal("5"), "EUR", "C1")
    assert expand("https://pay.example/{number}", draft) == ""
    assert expand("https://pay.example/{reference}", draft) == ""
    assert expand("https://pay.example/c/{customer}", draft) == "https://pay.example/c/C1"
    assert expand("https://pay.example/shop", draft) == "https://pay.example/shop"
    assert expand("https://pay.example/{customer}", LinkValues("N1", Decimal(1), "EUR")) == ""


@pytest.mark.parametrize(
    ("amount", "currency", "text"),
    [
        (Decimal("1234.5"), "EUR", "1234.50"),
        (Decimal("1234567.891"), "EUR", "1234567.89"),
        (Decimal("1E+3"), "EUR", "1000.00"),
        (Decimal("1500"), "JPY", "1500"),
        (Decimal("0.1"), "KWD", "0.100"),
    ],
)
def test_the_amount_is_plain_machine_text(amount: Decimal, currency: str, text: str) -> None:
    assert amount_text(amount, currency) == text


def test_hostile_values_are_percent_encoded() -> None:
    hostile = LinkValues("<b>&\"'/?#x y", Decimal("5"), "EUR", "C&1=2")
    link = expand("https://pay.example/{number}?c={customer}&a={amount}", hostile)
    assert link == ("https://pay.example/%3Cb%3E%26%22%27%2F%3F%23x%20y?c=C%261%3D2&a=5.00")
    parts = urlsplit(link)
    assert unquote(parts.path.removeprefix("/")) == hostile.number
    assert parse_qs(parts.query) == {"c": ["C&1=2"], "a": ["5.00"]}


@given(st.text(min_size=1, max_size=40))
def test_any_number_comes_back_whole(number: str) -> None:
    link = expand("https://pay.example/i/{number}?x=1", LinkValues(number, Decimal(1), "EUR"))
    parts = urlsplit(link)
    assert parts.netloc == "pay.example" and parts.query == "x=1" and not parts.fragment
    assert unquote(parts.path.removeprefix("/i/")) == number


def test_an_unknown_placeholder_in_an_old_pattern_stays_as_written() -> None:
    assert expand("https://pay.example/{invoice}/{number}", INVOICE) == (
        "https://pay.example/{invoice}/INV-2026-00001"
    )


@pytest.mark.parametrize(
    "pattern",
    [
        "https://pay.example/{number}?amount={amount}",
        "http://pay.example/x",
        "HTTPS://Pay.Example/{customer}/{currency}/{reference}",
        "https://pay.example:8443/p?x={number}#frag",
    ],
)
def test_good_patterns_pass(pattern: str) -> None:
    assert validate_pattern(f"  {pattern} ") == pattern


def test_empty_means_no_link() -> None:
    assert validate_pattern("   ") == ""


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        (
            "https://pay.example/{invoice}?a={amt}&b={invoice}",
            "The payment link has the unknown placeholders {invoice}, {amt}; "
            "use {number}, {amount}, {currency}, {customer} or {reference}.",
        ),
        (
            "https://pay.example/{Number}",
            "The payment link has the unknown placeholder {Number}; "
            "use {number}, {amount}, {currency}, {customer} or {reference}.",
        ),
        (
            "https://pay.example/{number",
            "The payment link has a { or } that does not close a placeholder such as {number}.",
        ),
        (
            "ftp://pay.example/{number}",
            "The payment link must be a web address starting with https:// or http://, "
            "such as https://pay.example/{number}.",
        ),
        (
            "javascript:alert(1)",
            "The payment link must be a web address starting with https:// or http://, "
            "such as https://pay.example/{number}.",
        ),
        (
            "pay.example/{number}",
            "The payment link must be a web address starting with https:// or http://, "
            "such as https://pay.example/{number}.",
        ),
        (
            "https://{customer}.pay.example/",
            "Placeholders can only follow the host of the payment link "
            "(https://pay.example/{number}), not be part of it.",
        ),
        ("https://pay.example/a b", "The payment link cannot contain spaces."),
        (
            "https://pay.example/\x1b[31m",
            "The payment link contains a control character (U+001B); remove it.",
        ),
        (
            "https://pay.example/" + "x" * 490,
            "The payment link is 510 characters long; at most 500.",
        ),
    ],
)
def test_bad_patterns_are_refused_with_a_plain_message(pattern: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_pattern(pattern)
    assert caught.value.message == message
    assert caught.value.field == "payment_link_url"


@pytest.mark.parametrize(
    ("url", "web"),
    [
        ("https://pay.example/x", True),
        ("http://pay.example", True),
        ("pay.example/x", False),
        ("mailto:pay@example.com", False),
        ("javascript:alert(1)", False),
        ("https://", False),
        ("https://[::1", False),
    ],
)
def test_only_web_addresses_are_links(url: str, web: bool) -> None:
    assert is_web_link(url) is web


def test_several_invoices_share_a_link_only_when_it_is_the_same() -> None:
    assert shared_link(["https://p.example/a", "", "https://p.example/a"]) == "https://p.example/a"
    assert shared_link(["https://p.example/a", "https://p.example/b"]) == ""
    assert shared_link(["", ""]) == "" and shared_link([]) == ""


def test_the_settings_preview_fills_in_the_sample_invoice() -> None:
    pattern = "https://pay.example/{number}?amount={amount}&currency={currency}&c={customer}"
    assert sample_link(pattern, "JPY") == (
        "https://pay.example/INV-2026-00001?amount=1235&currency=JPY&c=C0001"
    )
    assert sample_link(pattern, "??") == (
        "https://pay.example/INV-2026-00001?amount=1234.50&currency=EUR&c=C0001"
    )
    assert sample_link("", "EUR") == ""
    with pytest.raises(ValidationError):
        sample_link("https://pay.example/{nr}", "EUR")
