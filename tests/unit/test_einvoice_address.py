# SPDX-License-Identifier: MIT
"""A face kept before the records held addresses in parts (migration 0023) has only the printed
address: it is read into parts by the rule the migration used, street lines on one line."""

from __future__ import annotations

import pytest

from arapp.domain.en16931 import Address
from arapp.pdf.document import Party as FaceParty
from arapp.services.einvoice_parties import buyer_of, locale_country, split_address


@pytest.mark.parametrize(
    ("text", "country", "address"),
    [
        ("Hauptstraße 5\n10115 Berlin", "DE", Address("Hauptstraße 5", "10115", "Berlin", "DE")),
        (
            "Keizersgracht 1\nTweede etage\n1015 CJ Amsterdam",
            "NL",
            Address("Keizersgracht 1, Tweede etage", "1015 CJ", "Amsterdam", "NL"),
        ),
        (
            "Rue de Rivoli 1\n75001 Paris\nFrance",
            "DE",
            Address("Rue de Rivoli 1", "75001", "Paris", "FR"),
        ),
        ("", "DE", Address(country="DE")),
    ],
)
def test_a_printed_address_is_read_into_parts(text: str, country: str, address: Address) -> None:
    assert split_address(text, country) == address


def test_parts_on_the_face_win_over_the_printed_address() -> None:
    face = FaceParty(
        "Kunde <b>&",
        address="printed, not read",
        street="Marktplatz 1\nHinterhaus",
        postcode="80331",
        city="München",
        country="de",
        electronic_address="04011000-12345-03",
        electronic_address_scheme="0204",
        buyer_reference="04011000-12345-03",
    )
    buyer = buyer_of(face, "en_IE")
    assert buyer.address == Address("Marktplatz 1, Hinterhaus", "80331", "München", "DE")
    assert (buyer.electronic_address, buyer.scheme) == ("04011000-12345-03", "0204")


def test_an_old_face_takes_the_locale_s_territory_and_the_e_mail() -> None:
    buyer = buyer_of(FaceParty("Old", address="1 Main St\nDublin", email="a@x.ie, b@x.ie"), "en_IE")
    assert buyer.address.country == "IE"
    assert (buyer.electronic_address, buyer.scheme) == ("a@x.ie", "EM")


def test_the_country_is_the_locale_s_territory() -> None:
    assert (locale_country("de_DE"), locale_country("en-IE"), locale_country("fr")) == (
        "DE",
        "IE",
        "",
    )
