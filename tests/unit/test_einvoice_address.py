# SPDX-License-Identifier: MIT
"""Until the structured address arrives (glue: i14-parties), the printed address is split."""

from __future__ import annotations

import pytest

from arapp.domain.en16931 import Address
from arapp.services.einvoice_parties import locale_country, split_address


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Hauptstraße 5\n10115 Berlin", Address("Hauptstraße 5", "10115", "Berlin", "DE")),
        (
            "Keizersgracht 1\n1015 CJ Amsterdam",
            Address("Keizersgracht 1", "1015 CJ", "Amsterdam", "DE"),
        ),
        ("1 Shop Street\nDublin D02 X285", Address("1 Shop Street", "D02 X285", "Dublin", "DE")),
        ("10 Downing St\nLondon SW1A 2AA", Address("10 Downing St", "SW1A 2AA", "London", "DE")),
        ("1 Shop Street\nDublin", Address("1 Shop Street", "", "Dublin", "DE")),
        ("", Address(country="DE")),
        (
            "Rue de Rivoli 1\n75001 Paris\nFrance",
            Address("Rue de Rivoli 1", "75001", "Paris", "FR"),
        ),
        ("Ringstraße 1\n1010 Wien\nÖsterreich", Address("Ringstraße 1", "1010", "Wien", "AT")),
        ("Dam 1\n1012 JS Amsterdam\nNL", Address("Dam 1", "1012 JS", "Amsterdam", "NL")),
    ],
)
def test_the_last_line_is_post_code_and_city_where_it_parses(text: str, address: Address) -> None:
    assert split_address(text, "DE") == address


def test_the_country_is_the_locale_s_territory() -> None:
    assert (locale_country("de_DE"), locale_country("en-IE"), locale_country("fr")) == (
        "DE",
        "IE",
        "",
    )
