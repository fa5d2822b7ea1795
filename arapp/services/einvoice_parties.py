# SPDX-License-Identifier: MIT
"""The seller and the buyer of an e-invoice, read from an issued document's face.

EN 16931 wants structured parties: street, post code, city and country apart, a VAT id, an
electronic address with its scheme, a buyer reference. The company and customer records gain
those fields (issue 14, the parties work); until they reach this code, :func:`seller_of` and
:func:`buyer_of` read them when the face has them and otherwise make the best of today's data:
the free-text address's first line as the street and its last line as "post code city" where
it parses, the company locale's territory as the country, the e-mail address as the
electronic address (scheme ``EM``), the company name as the seller's contact.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace

from babel import Locale, UnknownLocaleError

from arapp.domain.en16931 import Address, Party
from arapp.pdf.document import Party as FaceParty

#: "10115 Berlin", "1010 Wien", "75001 Paris", "1234 AB Amsterdam"
_POSTCODE_FIRST = re.compile(r"^(\d{3,6}(?:[ -]?[A-Z]{2})?)\s+(.+)$")
#: "Dublin D02 X285", "London SW1A 1AA"
_POSTCODE_LAST = re.compile(
    r"^(.+?)[, ]\s*([A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}|[A-Z]\d{2}\s?[A-Z\d]{4})$"
)
_VAT_PREFIX = re.compile(r"^[A-Z]{2}[0-9A-Z+*.]{2,}$")


def _field(party: FaceParty, name: str) -> str:
    # glue: i14-parties (the face gains these fields; until then they are not there)
    return str(getattr(party, name, "") or "").strip()


@functools.cache
def _countries(locale: str) -> dict[str, str]:
    """Country names in English, German, French and ``locale``, lower case -> ISO code."""
    names: dict[str, str] = {}
    for language in ("en", "de", "fr", locale):
        try:
            territories = Locale.parse(language).territories
        except (ValueError, UnknownLocaleError):
            continue
        names.update(
            (name.lower(), code)
            for code, name in territories.items()
            if len(code) == 2 and code.isalpha()
        )
    return names


def split_address(text: str, country: str, locale: str = "en") -> Address:
    """``text`` (a printed address, several lines) as a structured address; a last line that
    names a country ("France", "Deutschland", "FR") gives the country, else ``country``."""
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    if len(lines) >= 2:
        named = _countries(locale).get(lines[-1].lower().strip(" ."))
        if named is None and re.fullmatch(r"[A-Z]{2}", lines[-1]):
            named = lines[-1] if lines[-1] in _countries(locale).values() else None
        if named is not None:
            country, lines = named, lines[:-1]
    if not lines:
        return Address(country=country)
    street = lines[0] if len(lines) > 1 else ""
    place = lines[-1]
    first = _POSTCODE_FIRST.match(place)
    if first:
        return Address(street, first.group(1), first.group(2), country)
    last = _POSTCODE_LAST.match(place)
    if last:
        return Address(street, last.group(2), last.group(1), country)
    return Address(street, "", place, country)


def _address(party: FaceParty, locale: str) -> Address:
    # glue: i14-parties (structured address in the face; fallback: the free-text address)
    chosen = _field(party, "country").upper()
    country = chosen or locale_country(locale)
    street, postcode, city = (_field(party, k) for k in ("street", "postcode", "city"))
    if street or postcode or city:
        return Address(street, postcode, city, country)
    address = split_address(party.address, country, locale)
    return replace(address, country=chosen) if chosen else address


def locale_country(locale: str) -> str:
    """The territory of a locale (``de_DE`` -> ``DE``), or ``""``."""
    parts = re.split(r"[_-]", locale.split(".")[0])
    return parts[1].upper() if len(parts) > 1 and len(parts[1]) == 2 else ""


def _tax_ids(tax_id: str) -> tuple[str, str]:
    """(VAT id, other tax number): a VAT id starts with its country's two letters."""
    compact = tax_id.replace(" ", "").upper()
    if _VAT_PREFIX.match(compact):
        return compact, ""
    return "", tax_id.strip()


def seller_of(seller: FaceParty, locale: str) -> Party:
    """The seller (BG-4) from the face's seller."""
    vat_id, tax_number = _tax_ids(seller.tax_id)
    # glue: i14-parties (contact name, registration id and electronic address of the company)
    address = _field(seller, "electronic_address")
    return Party(
        name=seller.name,
        address=_address(seller, locale),
        vat_id=vat_id,
        tax_number=tax_number,
        registration_id=_field(seller, "registration_id"),
        electronic_address=address or seller.email.strip(),
        scheme=_field(seller, "electronic_address_scheme") if address else "EM",
        contact_name=_field(seller, "contact_name") or seller.name,
        phone=seller.phone.strip(),
        email=seller.email.strip(),
    )


def buyer_of(buyer: FaceParty, locale: str) -> Party:
    """The buyer (BG-7) from the face's buyer; a tax id without a country prefix is not a VAT
    id and is left out (EN 16931 wants the prefix)."""
    vat_id, _other = _tax_ids(buyer.tax_id)
    # glue: i14-parties (registration id and electronic address of the customer)
    address = _field(buyer, "electronic_address")
    email = buyer.email.split(",")[0].strip()
    return Party(
        name=buyer.name,
        address=_address(buyer, locale),
        vat_id=vat_id,
        registration_id=_field(buyer, "registration_id"),
        electronic_address=address or email,
        scheme=_field(buyer, "electronic_address_scheme") if address else "EM",
        contact_name=buyer.contact_person.strip(),
        email=email,
    )


def buyer_reference_of(buyer: FaceParty) -> str:
    """The buyer reference (BT-10, the Leitweg-ID) kept for the customer, or ``""``."""
    return _field(buyer, "buyer_reference")  # glue: i14-parties
