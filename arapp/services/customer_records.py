# SPDX-License-Identifier: MIT
"""The customer records the customer service takes and returns (frozen), and how a stored row
becomes one. Imported by :mod:`arapp.services.customers`, which names them too."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.orm import Session, object_session

from arapp.db.models import Customer
from arapp.domain.addresses import AddressParts
from arapp.domain.customer import CustomerStatus
from arapp.domain.money import minor_units
from arapp.services.parties import printed_address


@dataclass(frozen=True)
class CustomerInput:
    """What a person typed into the customer form (text as typed; checked by the service).

    Attributes:
        code: Short unique code such as ``ACME``, upper-cased; empty: suggested from the name.
        name: Company or person name, required.
        contact_person: Who to address.
        email: One or more addresses separated by ``,`` or ``;``.
        phone: Free text.
        billing_address: The address as one text; read into the parts below when it differs
            from what the stored parts print (a new customer: when no part is given).
        tax_id: VAT id (an EU one is checked against its country's form) or tax number.
        currency: ISO 4217 code; empty means the company's currency.
        terms: Payment terms text such as ``net 30`` or ``2/10 net 30``; empty means the default.
        credit_limit: Text, ``Decimal`` or ``None``; empty or ``None`` means no limit.
        notes: Free text.
        street: Street lines of the address.
        postcode: Postcode.
        city: Town or city.
        country: ISO 3166-1 alpha-2 code; empty: the company's country.
        region: State, province or county (optional; BT-54 on e-invoices).
        registration_id: Company registration number (BT-47).
        buyer_reference: The reference the customer wants on invoices (BT-10; for XRechnung the
            Leitweg-ID).
        electronic_address: Where e-invoices reach the customer (BT-49), in the scheme below.
        electronic_address_scheme: Its EAS code (``EM``, ``0088``, ``0204``, ...).
        delivery: ``email-pdf`` (default), ``email-einvoice`` or ``print``.
        einvoice_format: ``facturx`` (default), ``xrechnung-cii``, ``xrechnung-ubl`` or
            ``peppol``.
        invoice_email: Where invoices go; empty: the e-mail above.
        invoice_cc: Who gets a copy of each invoice.
        language: ISO 639-1 code its e-mails are written in (``de``); empty: the company's.
    """

    name: str
    code: str = ""
    contact_person: str = ""
    email: str = ""
    phone: str = ""
    billing_address: str = ""
    tax_id: str = ""
    currency: str = ""
    terms: str = ""
    credit_limit: str | Decimal | None = None
    notes: str = ""
    street: str = ""
    postcode: str = ""
    city: str = ""
    country: str = ""
    registration_id: str = ""
    buyer_reference: str = ""
    electronic_address: str = ""
    electronic_address_scheme: str = ""
    delivery: str = ""
    einvoice_format: str = ""
    invoice_email: str = ""
    invoice_cc: str = ""
    language: str = ""
    region: str = ""


#: The fields of the e-invoice and delivery a customer record and its input share.
PARTY_FIELDS = (
    "street",
    "postcode",
    "city",
    "country",
    "registration_id",
    "buyer_reference",
    "electronic_address",
    "electronic_address_scheme",
    "delivery",
    "einvoice_format",
    "invoice_email",
    "invoice_cc",
    "language",
    "region",
)


@dataclass(frozen=True)
class CustomerRecord:
    """A customer as stored.

    Attributes:
        id: Database id.
        code: Unique code.
        name: Display name.
        contact_person: Who to address.
        email: Normalised addresses, ``", "``-separated.
        phone: Phone.
        billing_address: The address as printed (made from the parts).
        tax_id: Tax id.
        currency: ISO currency.
        terms: Canonical terms text.
        credit_limit: ``None`` when there is no limit.
        status: Active, on credit hold or archived.
        notes: Free text.
        agency_since: The day it was handed to the collections agency, while it is with it.
        street, postcode, city, country, region, registration_id, buyer_reference,
        electronic_address, electronic_address_scheme, delivery, einvoice_format,
        invoice_email, invoice_cc, language: As :class:`CustomerInput` has them, checked.
    """

    id: int
    code: str
    name: str
    contact_person: str
    email: str
    phone: str
    billing_address: str
    tax_id: str
    currency: str
    terms: str
    credit_limit: Decimal | None
    status: CustomerStatus
    notes: str
    agency_since: date | None = None
    street: str = ""
    postcode: str = ""
    city: str = ""
    country: str = ""
    registration_id: str = ""
    buyer_reference: str = ""
    electronic_address: str = ""
    electronic_address_scheme: str = ""
    delivery: str = "email-pdf"
    einvoice_format: str = "facturx"
    invoice_email: str = ""
    invoice_cc: str = ""
    language: str = ""
    region: str = ""

    @property
    def parts(self) -> AddressParts:
        return AddressParts(self.street, self.postcode, self.city, self.country, self.region)

    def as_input(self) -> CustomerInput:
        return CustomerInput(
            name=self.name,
            code=self.code,
            contact_person=self.contact_person,
            email=self.email,
            phone=self.phone,
            billing_address=self.billing_address,
            tax_id=self.tax_id,
            currency=self.currency,
            terms=self.terms,
            credit_limit=self.credit_limit,
            notes=self.notes,
            **{name: getattr(self, name) for name in PARTY_FIELDS},
        )


@dataclass(frozen=True)
class ContactRecord:
    """A person at a customer.

    Attributes:
        id: Database id.
        name: Full name.
        role: Such as "Accounts payable".
        email: Address.
        phone: Phone.
        is_primary: Gets invoices and reminders first.
    """

    id: int
    name: str
    role: str
    email: str
    phone: str
    is_primary: bool


@dataclass(frozen=True)
class LogEntryRecord:
    """One entry of a customer's contact log.

    Attributes:
        id: Database id.
        at: When it happened (UTC).
        kind: One of :data:`LOG_KINDS`.
        summary: What was said or done.
        follow_up: When to look at it again, if set.
        follow_up_done_on: The day that follow-up was done, if it was.
    """

    id: int
    at: datetime
    kind: str
    summary: str
    follow_up: date | None
    follow_up_done_on: date | None = None


@dataclass(frozen=True)
class CustomerDetail:
    """A customer with contacts and contact log (newest first).

    Attributes:
        customer: The customer.
        contacts: Its contacts.
        log: Its contact log, newest first.
    """

    customer: CustomerRecord
    contacts: tuple[ContactRecord, ...]
    log: tuple[LogEntryRecord, ...]


def _record(row: Customer) -> CustomerRecord:
    parts = AddressParts(row.street, row.postcode, row.city, row.country, row.region)
    home, locale = _home(object_session(row))
    return CustomerRecord(
        id=row.id,
        code=row.code,
        name=row.name,
        contact_person=row.contact_person,
        email=row.email,
        phone=row.phone,
        billing_address=printed_address(parts, home, locale),
        tax_id=row.tax_id,
        currency=row.currency,
        terms=row.payment_terms,
        credit_limit=_money(row.credit_limit, row.currency),
        status=CustomerStatus(row.status),
        notes=row.notes,
        agency_since=row.agency_since,
        **{name: getattr(row, name) for name in PARTY_FIELDS},
    )


def _home(session: Session | None) -> tuple[str, str]:
    """The company's country and locale (for the printed address)."""
    from arapp.db.models import Company
    from arapp.services.company import COMPANY_ID

    company = session.get(Company, COMPANY_ID) if session is not None else None
    return (company.country, company.locale) if company is not None else ("", "en_US")


def _money(value: Decimal | None, currency: str) -> Decimal | None:
    if value is None:
        return None
    return value.quantize(Decimal(1).scaleb(-minor_units(currency)))
