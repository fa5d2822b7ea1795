# SPDX-License-Identifier: MIT
"""The company profile: who issues the invoices, in which currency and locale."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from arapp.db.models import Company
from arapp.domain.addresses import AddressParts
from arapp.domain.countries import ISO_COUNTRIES
from arapp.domain.errors import ValidationError
from arapp.domain.money import minor_units
from arapp.domain.payment_link import validate_pattern
from arapp.domain.payment_qr import validate_bic, validate_iban
from arapp.domain.text import refuse_unsafe
from arapp.i18n import N_, _
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors
from arapp.services.events import Change, Entity
from arapp.services.parties import check_party, printed_address, read_address
from arapp.services.settings import INVOICE_DEFAULT_TERMS, read_setting

COMPANY_ID = 1
MAX_LOGO_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class CompanyProfile:
    """The company's details as printed on invoices.

    Attributes:
        name: Trading name.
        legal_name: Registered name, if different.
        address: The address as printed (made from the parts below). Given another text, the
            text is read into the parts when saved (:func:`~arapp.services.parties.read_address`).
        email: Where customers write to.
        phone: Phone.
        website: Web address.
        tax_id: VAT or tax number.
        currency: Default currency (ISO 4217).
        locale: Locale for amounts and dates, such as ``en_US`` or ``de_DE``.
        bank_name: Bank.
        iban: IBAN for transfers.
        bic: BIC/SWIFT.
        account_number: Domestic account number.
        payment_link_url: Where customers pay online: a web address pattern whose placeholders
            (``{number}``, ``{amount}``...) each document fills in
            (:mod:`arapp.domain.payment_link`).
        logo: PNG or JPEG bytes printed on invoices, or ``None``.
        street: Street lines of the address.
        postcode: Postcode.
        city: Town or city.
        country: ISO 3166-1 alpha-2 code (the home country: customers elsewhere get their
            country printed).
        registration_id: Company registration number (BT-30).
        electronic_address: Where e-invoices reach the company (BT-34), in the scheme below.
        electronic_address_scheme: Its EAS code (``EM`` e-mail, ``0088`` GLN, ...).
        contact_name: The person customers deal with (BT-41).
        region: State, province or county of the address (optional; BT-39).
    """

    name: str
    legal_name: str = ""
    address: str = ""
    email: str = ""
    phone: str = ""
    website: str = ""
    tax_id: str = ""
    currency: str = "EUR"
    locale: str = "en_US"
    bank_name: str = ""
    iban: str = ""
    bic: str = ""
    account_number: str = ""
    payment_link_url: str = ""
    logo: bytes | None = field(default=None, repr=False)
    street: str = ""
    postcode: str = ""
    city: str = ""
    country: str = ""
    registration_id: str = ""
    electronic_address: str = ""
    electronic_address_scheme: str = ""
    contact_name: str = ""
    region: str = ""

    @property
    def parts(self) -> AddressParts:
        """The address in parts."""
        return AddressParts(self.street, self.postcode, self.city, self.country, self.region)


#: The columns stored as they are (the address is stored in parts, the text is made).
_FIELDS = tuple(f.name for f in fields(CompanyProfile) if f.name != "address")
#: Read through the table, not the ORM class: every start reads the company, and the first ORM
#: query configures every mapper (0.2-0.3 s) that the first screen otherwise does not need.
_TABLE = Company.__table__


def has_company(ctx: AppContext) -> bool:
    with ctx.db.read() as session:
        found = session.execute(select(_TABLE.c.id).where(_TABLE.c.id == COMPANY_ID)).first()
        return found is not None


def get_company(ctx: AppContext) -> CompanyProfile | None:
    with ctx.db.read() as session:
        row = session.execute(
            select(*(_TABLE.c[f] for f in _FIELDS)).where(_TABLE.c.id == COMPANY_ID)
        ).first()
        return None if row is None else _with_address(CompanyProfile(**row._mapping))


def _with_address(profile: CompanyProfile) -> CompanyProfile:
    return replace(profile, address=printed_address(profile.parts, profile.country, profile.locale))


def check_company(
    profile: CompanyProfile,
    *,
    stored_link: str | None = None,
    stored_text: str | None = None,
    stored_parts: bool = False,
    stored_tax_id: str | None = None,
) -> CompanyProfile:
    """The profile as it would be saved (IBAN and BIC in their standard form, the address in
    parts), or ``InputErrors`` naming every wrong field. New books are checked with it before
    their file is made. ``stored_link``: the payment link the books hold now (see
    :func:`_link_errors`); ``stored_text``: the address the stored profile prints (an
    ``address`` that differs is read into parts); ``stored_parts``: a profile is stored;
    ``stored_tax_id``: its tax id (kept as it is, it is not checked again)."""
    errors: list[ValidationError] = []
    if not profile.name.strip():
        errors.append(ValidationError("name", _("The company needs a name.")))
    for name, label in (
        ("name", N_("The trading name")),
        ("legal_name", N_("The legal name")),
        ("contact_name", N_("The contact name")),
        ("phone", N_("The phone")),
        ("website", N_("The website")),
        ("email", N_("The e-mail")),
        ("bank_name", N_("The bank")),
        ("account_number", N_("The account number")),
    ):
        try:
            refuse_unsafe(name, _(label), getattr(profile, name))
        except ValidationError as exc:
            errors.append(exc)
    if not profile.country and not stored_parts:
        profile = replace(profile, country=_locale_country(profile.locale))
    parts = read_address(
        profile.address,
        profile.parts,
        stored_text,
        profile.country or _locale_country(profile.locale),
    )
    party = check_party(
        parts,
        tax_id=profile.tax_id,
        registration_id=profile.registration_id,
        electronic_address=profile.electronic_address,
        electronic_address_scheme=profile.electronic_address_scheme,
        errors=errors,
        kept_tax_id=stored_tax_id,
    )
    p = party.address
    profile = replace(
        profile,
        street=p.street,
        postcode=p.postcode,
        city=p.city,
        country=p.country,
        region=p.region,
        contact_name=" ".join(profile.contact_name.split()),
        tax_id=party.values["tax_id"],
        registration_id=party.values["registration_id"],
        electronic_address=party.values["electronic_address"],
        electronic_address_scheme=party.values["electronic_address_scheme"],
    )
    try:
        if profile.iban.strip():
            profile = replace(profile, iban=validate_iban(profile.iban.strip()))
    except ValidationError as exc:
        errors.append(ValidationError("iban", exc.message))
    try:
        if profile.bic.strip():
            profile = replace(profile, bic=validate_bic(profile.bic.strip()))
    except ValidationError as exc:
        errors.append(ValidationError("bic", exc.message))
    errors += _link_errors(profile, stored_link)
    if not errors:
        profile = replace(profile, payment_link_url=profile.payment_link_url.strip())
    if profile.logo is not None and not profile.logo.startswith((b"\x89PNG", b"\xff\xd8")):
        errors.append(ValidationError("logo", _("The logo must be a PNG or JPEG picture.")))
    elif profile.logo is not None and len(profile.logo) > MAX_LOGO_BYTES:
        errors.append(
            ValidationError(
                "logo",
                _(
                    "The logo is {size} KB; choose one under {most} MB (it is printed about "
                    "4 cm wide)."
                ).format(size=len(profile.logo) // 1024, most=MAX_LOGO_BYTES // 1024 // 1024),
            )
        )
    try:
        minor_units(profile.currency)
    except ValidationError as exc:
        errors.append(ValidationError("currency", exc.message))
    if errors:
        raise InputErrors(errors)
    return _with_address(profile)


def _locale_country(locale: str) -> str:
    """The territory of a locale (``en_IE`` → ``IE``), if it is a country code."""
    territory = locale.replace("-", "_").partition("_")[2][:2].upper()
    return territory if territory in ISO_COUNTRIES else ""


def save_company(ctx: AppContext, profile: CompanyProfile) -> CompanyProfile:
    stored = get_company(ctx)
    profile = check_company(
        profile,
        stored_link=None if stored is None else stored.payment_link_url,
        stored_text=None if stored is None else stored.address,
        stored_parts=stored is not None,
        stored_tax_id=None if stored is None else stored.tax_id,
    )
    with ctx.db.write() as session:
        row = session.get(Company, COMPANY_ID)
        if row is None:
            row = Company(id=COMPANY_ID, created_at=ctx.now(), name=profile.name)
            session.add(row)
        for name in _FIELDS:
            setattr(row, name, getattr(profile, name))
    ctx.events.emit(Change.COMPANY_CHANGED, Entity.COMPANY, COMPANY_ID)
    return profile


def _link_errors(profile: CompanyProfile, stored_link: str | None) -> list[ValidationError]:
    """The payment link's problem, if any. A link kept from before links were checked (say,
    without ``https://``) and left as it is stays: it prints as before, as plain text, and the
    settings' preview says what is wrong with it; only a changed link must pass."""
    try:
        validate_pattern(profile.payment_link_url)
    except ValidationError as exc:
        kept = stored_link is not None and stored_link == profile.payment_link_url.strip()
        return [] if kept else [exc]
    return []


def company_currency(session: Session) -> str:
    row = session.get(Company, COMPANY_ID)
    return row.currency if row is not None else "EUR"


def company_country(session: Session) -> str:
    """The company's country (ISO 3166 alpha-2), or empty."""
    row = session.get(Company, COMPANY_ID)
    return row.country if row is not None else ""


def default_terms(session: Session) -> str:
    return read_setting(session, INVOICE_DEFAULT_TERMS)


def company_locale(session: Session) -> str:
    row = session.get(Company, COMPANY_ID)
    return row.locale if row is not None else "en_US"
