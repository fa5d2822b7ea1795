# SPDX-License-Identifier: MIT
"""Postal addresses in parts (street lines, postcode, city, country) and as printed.

The parts are the truth (an e-invoice needs them apart); documents print the lines
:func:`address_lines` makes of them, in the country's usual order. Addresses typed as one text
(older books, a CSV file's ``address`` column, ``--address``) are read into parts by
:func:`parse_address` as well as it can; what it cannot place stays as street lines, so nothing
is lost, and the address is marked as needing a look (:func:`needs_a_look`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from arapp.domain.countries import (
    CITY_FIRST,
    POSTCODE_OPTIONAL,
    POSTCODE_OWN_LINE,
    country_code,
    postcode_pattern,
)

__all__ = ["AddressParts", "address_lines", "needs_a_look", "parse_address"]


@dataclass(frozen=True)
class AddressParts:
    """An address in parts.

    Attributes:
        street: Street lines (building, street, district), ``"\\n"`` between lines.
        postcode: Postcode as written (``"10117"``, ``"D02 XY45"``, ``"SW1A 1AA"``).
        city: Town or city (for the US and Canada with the state: ``"Springfield, IL"``).
        country: ISO 3166-1 alpha-2 code, or empty.
        region: State, province or county (optional; e-invoices carry it as BT-39 / BT-54).
    """

    street: str = ""
    postcode: str = ""
    city: str = ""
    country: str = ""
    region: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.street or self.postcode or self.city)


def needs_a_look(parts: AddressParts) -> bool:
    """Whether an address is there but incomplete: no city, or no country."""
    return not parts.is_empty and not (parts.city and parts.country)


def _lines(text: str) -> list[str]:
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line.strip(" ,") for line in lines if line.strip(" ,")]
    if len(lines) == 1 and "," in lines[0]:  # "12 Main St, Dublin 2, Ireland"
        lines = [part.strip() for part in lines[0].split(",") if part.strip()]
    return lines


def parse_address(text: str, default_country: str = "") -> tuple[AddressParts, bool]:
    """Read an address typed as one text into parts; and whether every part was found.

    The last line naming a country gives the country (else ``default_country``); the last line
    holding a postcode of that country gives the postcode and the city (a postcode alone on its
    line takes the city from the line above). Lines not placed stay street lines; so does a
    postcode written before the town in a country that writes it after (``10115 Berlin`` in
    books in the US: the country is unsure, the person looks).
    """
    lines = _lines(text)
    if not lines:
        return AddressParts(country=default_country), True
    country = country_code(lines[-1]) if len(lines) > 1 else None
    if country is not None:
        lines.pop()
    else:
        country = default_country
    postcode = city = ""
    pattern = postcode_pattern(country)
    if lines:
        last = lines[-1]
        alone = re.fullmatch(rf"({pattern})", last, re.IGNORECASE)
        first = re.fullmatch(rf"({pattern})\s+(\D.*)", last, re.IGNORECASE)
        after = re.fullmatch(rf"(.*\D)[\s,]+({pattern})", last, re.IGNORECASE)
        if alone and len(lines) > 1:
            postcode = alone.group(1)
            lines.pop()
            city = lines.pop()
        elif first and country not in CITY_FIRST:
            postcode, city = first.group(1), first.group(2)
            lines.pop()
        elif after:
            city, postcode = after.group(1).strip(" ,"), after.group(2)
            lines.pop()
        elif country in POSTCODE_OPTIONAL and len(lines) > 1 and last[:1].isupper():
            city = lines.pop()  # a town starts with a capital ("near the church" is no town)
    parts = AddressParts("\n".join(lines), postcode.upper(), city.strip(), country)
    return parts, not needs_a_look(parts) and bool(parts.street)


def address_lines(parts: AddressParts, home_country: str = "", country_name: str = "") -> str:
    """The address as printed: the street lines, the postcode and city in the country's usual
    order, and ``country_name`` (or the code) when the country is not ``home_country``."""
    lines = [line for line in parts.street.splitlines() if line.strip()]
    country, region = parts.country, parts.region
    if country in POSTCODE_OWN_LINE:
        lines += [x for x in (parts.city, region, parts.postcode) if x]
    elif country in CITY_FIRST:  # Springfield, IL 62704
        town = ", ".join(x for x in (parts.city, region) if x)
        lines.append(" ".join(x for x in (town, parts.postcode) if x))
    else:
        lines.append(" ".join(x for x in (parts.postcode, parts.city) if x))
        lines.append(region)
    if country and country != home_country:
        lines.append(country_name or country)
    return "\n".join(line for line in lines if line)
