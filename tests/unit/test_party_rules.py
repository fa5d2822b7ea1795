# SPDX-License-Identifier: MIT
"""The checks of the e-invoice fields and the reading and printing of addresses (issue 14)."""

from __future__ import annotations

import pytest

from arapp.domain.addresses import AddressParts, address_lines, needs_a_look, parse_address
from arapp.domain.countries import validate_country
from arapp.domain.errors import ValidationError
from arapp.domain.parties import (
    validate_buyer_reference,
    validate_delivery,
    validate_einvoice_format,
    validate_electronic_address,
    validate_email_list,
    validate_scheme,
    validate_vat_id,
)

ADDRESSES = [
    (  # Irish, Eircode after the county
        "12 Harbour Lane\nDún Laoghaire\nCo. Dublin A96 X2Y3\nIreland", "IE",
        AddressParts("12 Harbour Lane\nDún Laoghaire", "A96 X2Y3", "Co. Dublin", "IE"),
    ),
    (  # Irish without an Eircode: the last line is the town
        "Unit 4\nKilbarry Business Park\nCork", "IE",
        AddressParts("Unit 4\nKilbarry Business Park", "", "Cork", "IE"),
    ),
    (  # German, the country named
        "Café Łukasiewicz\nFriedrichstraße 12\n10117 Berlin\nGermany", "IE",
        AddressParts("Café Łukasiewicz\nFriedrichstraße 12", "10117", "Berlin", "DE"),
    ),
    (  # French, on one line with commas
        "15 rue de la Paix, 75002 Paris, France", "IE",
        AddressParts("15 rue de la Paix", "75002", "Paris", "FR"),
    ),
    (  # UK: the postcode on a line of its own
        "221B Baker Street\nLONDON\nNW1 6XE\nUnited Kingdom", "IE",
        AddressParts("221B Baker Street", "NW1 6XE", "LONDON", "GB"),
    ),
    (  # US: the state stays with the city
        "1600 Pennsylvania Ave NW\nWashington, DC 20500\nUSA", "IE",
        AddressParts("1600 Pennsylvania Ave NW", "20500", "Washington, DC", "US"),
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "home", "parts"), ADDRESSES)
def test_real_looking_addresses_are_read_into_parts(text: str, home: str, parts: AddressParts):
    assert parse_address(text, home) == (parts, True)


def test_an_address_that_cannot_be_read_keeps_its_lines_and_needs_a_look():
    parts, complete = parse_address("Behind the old mill\nnear the church", "DE")
    assert not complete and needs_a_look(parts)
    assert parts == AddressParts("Behind the old mill\nnear the church", "", "", "DE")
    assert address_lines(parts, "DE") == "Behind the old mill\nnear the church"


def test_each_country_prints_postcode_and_city_its_way():
    berlin = AddressParts("Hauptstr. 5", "10117", "Berlin", "DE")
    assert address_lines(berlin, "DE") == "Hauptstr. 5\n10117 Berlin"
    assert address_lines(berlin, "IE", "Germany") == "Hauptstr. 5\n10117 Berlin\nGermany"
    london = AddressParts("10 Downing St", "SW1A 2AA", "London", "GB")
    assert address_lines(london, "GB") == "10 Downing St\nLondon\nSW1A 2AA"
    us = AddressParts("742 Evergreen Terrace", "62704", "Springfield, IL", "US")
    assert address_lines(us, "US") == "742 Evergreen Terrace\nSpringfield, IL 62704"


def test_vat_ids_of_the_eu_have_their_countrys_form():
    assert validate_vat_id("de 123 456 789") == "DE123456789"
    assert validate_vat_id("IE1234567T") == "IE1234567T"
    assert validate_vat_id("FRXX123456789") == "FRXX123456789"
    assert validate_vat_id("12-3456789") == "12-3456789"  # a US EIN: kept as typed
    with pytest.raises(ValidationError) as info:
        validate_vat_id("DE12345")
    assert info.value.message == "“DE12345” is not a VAT id of DE: it is DE and 9 digits."
    with pytest.raises(ValidationError, match="starts with EL"):
        validate_vat_id("GR123456789")
    with pytest.raises(ValidationError, match="control character"):
        validate_vat_id("DE123\x1b456789")


def test_countries_are_iso_codes():
    assert validate_country("de") == "DE" and validate_country("") == ""
    with pytest.raises(ValidationError) as info:
        validate_country("Germany")
    assert info.value.field == "country"
    assert "use the two letters of ISO 3166" in info.value.message
    assert "(for Germany: DE)" in info.value.message
    with pytest.raises(ValidationError):
        validate_country("XX")


def test_electronic_addresses_match_their_scheme():
    assert validate_scheme("em") == "EM" and validate_scheme("0204") == "0204"
    with pytest.raises(ValidationError, match="not an electronic address scheme"):
        validate_scheme("1234")
    assert validate_electronic_address("AP@Shop.Example", "EM") == "AP@shop.example"
    assert validate_electronic_address("4012345000009", "0088") == "4012345000009"
    assert validate_electronic_address("991-12345-67", "0204") == "991-12345-67"
    assert validate_electronic_address("04011000-12345-34", "0204") == "04011000-12345-34"
    for address, scheme, words in (
        ("not mail", "EM", "not an e-mail address"),
        ("4012345000008", "0088", "not a GLN"),
        ("991/1", "0204", "not a Leitweg-ID"),
        ("DE123456789", "", "Choose the scheme"),
    ):
        with pytest.raises(ValidationError, match=words):
            validate_electronic_address(address, scheme)


def test_references_lists_and_choices():
    assert validate_buyer_reference(" 991-12345-67 ") == "991-12345-67"
    with pytest.raises(ValidationError, match="longer than 100"):
        validate_buyer_reference("x" * 101)
    with pytest.raises(ValidationError, match="control character"):
        validate_buyer_reference("PO\x07")
    assert validate_email_list("invoice_cc", "a@x.org; b@y.org") == "a@x.org, b@y.org"
    with pytest.raises(ValidationError) as info:
        validate_email_list("invoice_cc", "a@x.org, nope")
    assert info.value.field == "invoice_cc"
    assert validate_delivery("") == "email-pdf" and validate_einvoice_format("") == "facturx"
    with pytest.raises(ValidationError, match="use one of email-pdf, email-einvoice, print"):
        validate_delivery("fax")
    with pytest.raises(ValidationError, match="facturx, xrechnung-cii"):
        validate_einvoice_format("pdf")


def test_the_delivery_in_one_line() -> None:
    from arapp.domain.parties import delivery_summary

    assert delivery_summary("", "", "ap@x.example") == "E-mail with PDF to ap@x.example"
    assert delivery_summary("print", "peppol", "ap@x.example") == "Print and post"
    assert delivery_summary(
        "email-einvoice", "xrechnung-cii", "ap@x.example", "boss@x.example", "991-1"
    ) == (
        "E-mail with e-invoice, XRechnung (CII) to ap@x.example; copy to boss@x.example; "
        "buyer reference 991-1"
    )
    assert delivery_summary("email-pdf", "", "") == "E-mail with PDF: no e-mail address yet"
