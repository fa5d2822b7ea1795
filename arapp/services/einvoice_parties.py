# SPDX-License-Identifier: MIT
"""The seller and the buyer of an e-invoice, read from an issued document's face.

EN 16931 wants structured parties: street, post code, city and country apart, a VAT id, an
electronic address with its scheme, a buyer reference. The face of a document issued since the
company and customer records hold these (migration 0023) has them; a face kept before has only
the printed address, which is read into parts by the same rule the migration used
(:func:`arapp.domain.addresses.parse_address`), with the company locale's territory as the
country. Without an electronic address the e-mail address is given (scheme ``EM``), and without a
contact name the company name.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Protocol

from arapp.domain.addresses import parse_address
from arapp.domain.en16931 import Address, Party
from arapp.pdf.document import Party as FaceParty

_VAT_PREFIX = re.compile(r"^[A-Z]{2}[0-9A-Z+*.]{2,}$")


def split_address(text: str, country: str) -> Address:
    """``text`` (a printed address, several lines) as a structured address; a last line that
    names a country gives the country, else ``country``. Street lines are joined by ", "."""
    parts, _complete = parse_address(text, country)
    return Address(_one_line(parts.street), parts.postcode, parts.city, parts.country,
                   parts.region)  # fmt: skip


def _one_line(street: str) -> str:
    return ", ".join(line.strip() for line in street.splitlines() if line.strip())


def _address(party: FaceParty, locale: str) -> Address:
    country = party.country.strip().upper() or locale_country(locale)
    if party.street.strip() or party.postcode.strip() or party.city.strip():
        return Address(_one_line(party.street), party.postcode.strip(), party.city.strip(),
                       country, party.region.strip())  # fmt: skip
    return split_address(party.address, country)


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
    address = seller.electronic_address.strip()
    return Party(
        name=seller.name,
        address=_address(seller, locale),
        vat_id=vat_id,
        tax_number=tax_number,
        registration_id=seller.registration_id.strip(),
        electronic_address=address or seller.email.strip(),
        scheme=seller.electronic_address_scheme.strip() if address else "EM",
        contact_name=seller.contact_person.strip() or seller.name,
        phone=seller.phone.strip(),
        email=seller.email.strip(),
    )


def buyer_of(buyer: FaceParty, locale: str) -> Party:
    """The buyer (BG-7) from the face's buyer; a tax id without a country prefix is not a VAT
    id and is left out (EN 16931 wants the prefix)."""
    vat_id, _other = _tax_ids(buyer.tax_id)
    address = buyer.electronic_address.strip()
    email = buyer.email.split(",")[0].strip()
    return Party(
        name=buyer.name,
        address=_address(buyer, locale),
        vat_id=vat_id,
        registration_id=buyer.registration_id.strip(),
        electronic_address=address or email,
        scheme=buyer.electronic_address_scheme.strip() if address else "EM",
        contact_name=buyer.contact_person.strip(),
        email=email,
    )


def buyer_reference_of(buyer: FaceParty) -> str:
    """The buyer reference (BT-10, the Leitweg-ID) kept for the customer, or ``""``."""
    return buyer.buyer_reference.strip()


class _Routing(Protocol):
    @property
    def buyer_reference(self) -> str: ...
    @property
    def electronic_address(self) -> str: ...
    @property
    def electronic_address_scheme(self) -> str: ...


def with_current_routing(buyer: FaceParty, customer: _Routing) -> tuple[FaceParty, tuple[str, ...]]:
    """The issued face's buyer with the routing fields it lacks taken from today's customer
    record, and in words which were taken.

    Only what routes the e-invoice and is not printed on the invoice may be taken: the buyer
    reference (BT-10) and the buyer's electronic address with its scheme (BT-49), also when the
    face has only an e-mail address and the record now has a participant id. Names,
    addresses, tax ids and amounts stay as issued."""
    taken: list[str] = []
    reference = customer.buyer_reference.strip()
    if not buyer.buyer_reference.strip() and reference:
        buyer = replace(buyer, buyer_reference=reference)
        taken.append(f"buyer reference (BT-10) {reference}")
    address = customer.electronic_address.strip()
    scheme = customer.electronic_address_scheme.strip()
    # an e-mail address (EM) on the face gives way to a participant id set since: Peppol
    # delivers to participant ids only, and the e-mail address is not printed either
    face_scheme = buyer.electronic_address_scheme.strip()
    lacking = not buyer.electronic_address.strip() or (face_scheme == "EM" and scheme != "EM")
    if lacking and address and scheme:
        buyer = replace(buyer, electronic_address=address, electronic_address_scheme=scheme)
        taken.append(f"electronic address (BT-49) {scheme}:{address}")
    return buyer, tuple(taken)
