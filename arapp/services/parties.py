# SPDX-License-Identifier: MIT
"""What the company and the customers share as parties to an invoice: the address in parts and
as printed, and the checks of the fields an e-invoice needs (one place for both records).

The parts are stored; the printed address is made from them (:func:`printed_address`). An
address given as one text (a CSV file, ``--address``, older callers) is read into the parts when
it differs from what the stored parts print (:func:`read_address`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Protocol

from arapp.domain.addresses import AddressParts, address_lines, parse_address
from arapp.domain.countries import validate_country
from arapp.domain.errors import ValidationError
from arapp.domain.languages import validate_language
from arapp.domain.parties import (
    validate_buyer_reference,
    validate_delivery,
    validate_einvoice_format,
    validate_electronic_address,
    validate_email_list,
    validate_identifier,
    validate_scheme,
    validate_vat_id,
)
from arapp.domain.text import refuse_unsafe
from arapp.formatting import DEFAULT_LOCALE, country_name
from arapp.i18n import _


def printed_address(parts: AddressParts, home: str, locale: str = DEFAULT_LOCALE) -> str:
    """The address as documents print it: the country named (in ``locale``'s language) when it
    is not ``home``, the company's country. (Only then is it named: naming it loads the
    locale's data, which the company's own address, read at every start, does not need.)"""
    name = country_name(parts.country, locale) if parts.country not in ("", home) else ""
    return address_lines(parts, home, name)


def _same(a: str, b: str) -> bool:
    def lines(text: str) -> list[str]:
        return [" ".join(line.split()) for line in text.splitlines() if line.strip()]

    return lines(a) == lines(b)


def read_address(
    text: str, parts: AddressParts, stored_text: str | None, default_country: str
) -> AddressParts:
    """The parts to store: ``text`` read into parts when it is given and differs from
    ``stored_text`` (what the stored parts print; ``None`` for a new record, where parts given
    win over a text); else ``parts``."""
    if not text.strip():
        return parts
    if stored_text is not None and _same(text, stored_text):
        return parts
    if stored_text is None and not parts.is_empty:
        return parts
    read, _complete = parse_address(text, parts.country or default_country)
    return replace(read, region=parts.region)  # a text has no region of its own


@dataclass(frozen=True)
class PartyFields:
    """The checked values of the fields the company and the customer share.

    Attributes:
        address: The address parts, tidied.
        values: Column values by name (tax_id, registration_id, electronic_address...).
    """

    address: AddressParts
    values: dict[str, str]


def check_party(
    address: AddressParts,
    *,
    tax_id: str,
    registration_id: str,
    electronic_address: str,
    electronic_address_scheme: str,
    errors: list[ValidationError],
    kept_tax_id: str | None = None,
) -> PartyFields:
    """Check the shared fields; every problem goes to ``errors`` (nothing is raised).

    ``kept_tax_id``: the tax id stored now. Kept as it is, it is not held to the VAT id forms
    (books from before they were checked may hold one that is not), so it never blocks
    another change; a changed one must pass."""

    def check(fn: Callable[[], str], fallback: str) -> str:
        try:
            return fn()
        except ValidationError as exc:
            errors.append(exc)
            return fallback

    street = "\n".join(
        " ".join(line.split()) for line in address.street.splitlines() if line.strip()
    )
    street = check(lambda: refuse_unsafe("street", _("The street"), street, lines=True), street)
    postcode = " ".join(address.postcode.upper().split())
    postcode = check(lambda: _short("postcode", _("The postcode"), postcode, 20), postcode)
    city = " ".join(address.city.split())
    city = check(lambda: _short("city", _("The city"), city, 100), city)
    country = check(lambda: validate_country(address.country), address.country)
    region = " ".join(address.region.split())
    region = check(lambda: _short("region", _("The state or region"), region, 100), region)
    scheme = check(lambda: validate_scheme(electronic_address_scheme), "")
    values = {
        "tax_id": (
            check(lambda: refuse_unsafe("tax_id", _("The VAT id"), tax_id.strip()), tax_id)
            if kept_tax_id is not None and tax_id.strip() == kept_tax_id
            else check(lambda: validate_vat_id(tax_id), tax_id)
        ),
        "registration_id": check(
            lambda: validate_identifier(
                "registration_id", _("The registration id"), registration_id
            ),
            registration_id,
        ),
        "electronic_address_scheme": scheme,
        "electronic_address": check(
            lambda: validate_electronic_address(electronic_address, scheme), electronic_address
        ),
    }
    return PartyFields(AddressParts(street, postcode, city, country, region), values)


def _short(field: str, label: str, text: str, most: int) -> str:
    refuse_unsafe(field, label, text)
    if len(text) > most:
        raise ValidationError(
            field, _("{label} is longer than {most} characters.").format(label=label, most=most)
        )
    return text


class _Invoicing(Protocol):
    @property
    def buyer_reference(self) -> str: ...
    @property
    def delivery(self) -> str: ...
    @property
    def einvoice_format(self) -> str: ...
    @property
    def invoice_email(self) -> str: ...
    @property
    def invoice_cc(self) -> str: ...
    @property
    def language(self) -> str: ...


def check_invoicing(data: _Invoicing, errors: list[ValidationError]) -> dict[str, str]:
    """Check where and how a customer's invoices go, and in which language; every problem
    goes to ``errors``."""
    values: dict[str, str] = {}
    for name, fn in (
        ("buyer_reference", lambda: validate_buyer_reference(data.buyer_reference)),
        ("delivery", lambda: validate_delivery(data.delivery)),
        ("einvoice_format", lambda: validate_einvoice_format(data.einvoice_format)),
        ("invoice_email", lambda: validate_email_list("invoice_email", data.invoice_email)),
        ("invoice_cc", lambda: validate_email_list("invoice_cc", data.invoice_cc)),
        ("language", lambda: validate_language(data.language)),
    ):
        try:
            values[name] = fn()
        except ValidationError as exc:
            errors.append(exc)
    return values


class _Recipient(Protocol):
    @property
    def email(self) -> str: ...
    @property
    def invoice_email(self) -> str: ...
    @property
    def invoice_cc(self) -> str: ...


def invoice_recipients(customer: _Recipient) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Where a customer's invoices go: (to, cc). ``to`` is the invoice e-mail, else the
    customer's e-mail (every address of it); ``cc`` never repeats an address of ``to``. Takes a
    :class:`~arapp.services.customers.CustomerRecord` or a ``Customer`` row."""

    def split(text: str) -> tuple[str, ...]:
        return tuple(a.strip() for a in text.replace(";", ",").split(",") if a.strip())

    to = split(customer.invoice_email) or split(customer.email)
    seen = {a.casefold() for a in to}
    cc = tuple(a for a in split(customer.invoice_cc) if a.casefold() not in seen)
    return to, cc
