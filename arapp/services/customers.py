# SPDX-License-Identifier: MIT
"""Customers: create, edit, put on hold, archive, contacts and the contact log.

Every function takes the :class:`AppContext`, runs in one transaction and returns frozen records,
never live ORM objects. Input is checked field by field and every wrong field is reported at once
(:class:`InputErrors`); nothing is written when any field is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from arapp.db.models import Contact, ContactLogEntry, Customer
from arapp.domain import customer as rules
from arapp.domain.addresses import AddressParts
from arapp.domain.customer import CustomerStatus
from arapp.domain.errors import ValidationError
from arapp.domain.money import minor_units
from arapp.domain.terms import parse_terms
from arapp.domain.text import refuse_unsafe
from arapp.i18n import N_, _
from arapp.services import audit
from arapp.services.context import AppContext

# The records live in customer_records; callers name them from here as before.
from arapp.services.customer_records import (  # noqa: F401
    PARTY_FIELDS,
    ContactRecord,
    CustomerDetail,
    CustomerInput,
    CustomerRecord,
    LogEntryRecord,
    _home,
    _record,
)
from arapp.services.customer_search import MANY, count_matches, matches
from arapp.services.errors import InputErrors, NotFound
from arapp.services.events import Change, Entity
from arapp.services.parties import check_invoicing, check_party, read_address

_R = TypeVar("_R")
_T = TypeVar("_T")

LOG_KINDS = ("note", "call", "email", "letter", "meeting", "dispute", "promise")


def search_key(code: str, name: str, email: str, contact_person: str) -> str:
    """The folded search column; it starts with the name, so it also sorts names for people."""
    return rules.fold_for_search(" ".join([name, code, contact_person, email]))


def clean_customer(
    data: CustomerInput,
    default_currency: str,
    is_taken: Callable[[str], bool],
    home: str = "",
    stored_text: str | None = None,
    stored_tax_id: str | None = None,
) -> tuple[dict[str, object], str]:
    """Check every field, the code's uniqueness included, and report every problem at once.

    ``home``: the company's country (a customer's by default); ``stored_text``: the address the
    stored customer prints (``None`` for a new one; see :func:`read_address`);
    ``stored_tax_id``: its tax id (kept as it is, it is not checked against the VAT id forms).
    Returns the column values and the code (empty when none was typed), or raises.
    """
    errors: list[ValidationError] = []
    values: dict[str, object] = {}

    def check(field: str, fn: Callable[[_R], _T], raw: _R) -> _T | None:
        try:
            return fn(raw)
        except ValidationError as exc:
            errors.append(exc if exc.field == field else ValidationError(field, exc.message))
            return None

    name = " ".join(data.name.split())
    if not name:
        errors.append(ValidationError("name", _("Name is required.")))
    elif len(name) > 200:
        errors.append(ValidationError("name", _("Name is longer than 200 characters.")))
    # What is printed on one line (terminal, PDF, mail header) holds no control character.
    for field, label, raw in (
        ("name", N_("Name"), name),
        ("contact_person", N_("Contact"), data.contact_person.strip()),
        ("phone", N_("Phone"), data.phone.strip()),
    ):
        try:
            refuse_unsafe(field, _(label), raw)
        except ValidationError as exc:
            errors.append(exc)
    code = check("code", rules.normalize_code, data.code) if data.code.strip() else ""
    if code and is_taken(code):
        errors.append(ValidationError("code", _("Code {code} is already used.").format(code=code)))
    email = check("email", rules.validate_email, data.email) if data.email.strip() else ""
    currency = (data.currency.strip() or default_currency).upper()
    currency_ok = check("currency", minor_units, currency) is not None
    terms = check("terms", parse_terms, data.terms) if data.terms.strip() else None
    limit = check("credit_limit", rules.validate_credit_limit, data.credit_limit)
    if limit is not None and currency_ok:
        places = minor_units(currency)
        if limit != limit.quantize(Decimal(1).scaleb(-places)):
            errors.append(
                ValidationError(
                    "credit_limit",
                    _("Credit limit has more than {count} decimals.").format(count=places),
                )
            )
    parts = AddressParts(
        data.street, data.postcode, data.city, data.country.strip().upper(), data.region
    )
    parts = read_address(data.billing_address, parts, stored_text, home)
    if not parts.country and home:
        parts = replace(parts, country=home)
    party = check_party(
        parts,
        tax_id=data.tax_id,
        registration_id=data.registration_id,
        electronic_address=data.electronic_address,
        electronic_address_scheme=data.electronic_address_scheme,
        errors=errors,
        kept_tax_id=stored_tax_id,
    )
    invoicing = check_invoicing(data, errors)
    if errors:
        raise InputErrors(errors)
    values.update(
        name=name,
        contact_person=data.contact_person.strip(),
        email=email or "",
        phone=data.phone.strip(),
        street=party.address.street,
        postcode=party.address.postcode,
        city=party.address.city,
        country=party.address.country,
        region=party.address.region,
        **party.values,
        **invoicing,
        currency=currency,
        credit_limit=limit,
        notes=data.notes.strip(),
    )
    if terms is not None:
        values["payment_terms"] = str(terms)
    return values, code or ""


def _company_defaults(session: Session) -> tuple[str, str]:
    from arapp.services.company import company_currency, default_terms

    return company_currency(session), default_terms(session)


def suggest_code(session: Session, name: str) -> str:
    """A free code from the name: ``"Zoë's Café"`` gives ``ZOESCAFE`` (or ``ZOESCAFE2``...)."""
    base = re.sub(r"[^A-Z0-9]", "", rules.fold_for_search(name).upper())[:12] or "CUST"
    taken = set(session.scalars(select(Customer.code).where(Customer.code.like(f"{base}%"))).all())
    if base not in taken:
        return base
    n = 2
    while f"{base}{n}" in taken:
        n += 1
    return f"{base}{n}"


def suggested_code(ctx: AppContext, name: str) -> str:
    """The code a new customer called ``name`` would get if none is typed."""
    with ctx.db.read() as session:
        return suggest_code(session, name) if name.strip() else ""


def _code_taken(session: Session, code: str, except_id: int | None = None) -> bool:
    query = select(func.count()).select_from(Customer).where(Customer.code == code)
    if except_id is not None:
        query = query.where(Customer.id != except_id)
    return bool(session.scalar(query))


def create_customer(ctx: AppContext, data: CustomerInput) -> CustomerRecord:
    with ctx.db.write() as session:
        currency, terms = _company_defaults(session)
        home, _locale = _home(session)
        values, code = clean_customer(data, currency, lambda c: _code_taken(session, c), home)
        code = code or suggest_code(session, str(values["name"]))
        values.setdefault("payment_terms", terms)
        now = ctx.now()
        row = Customer(code=code, status="active", created_at=now, updated_at=now, **values)
        row.search_text = search_key(code, row.name, row.email, row.contact_person)
        session.add(row)
        _flush_unique_code(session, code)
        audit.record(
            session,
            ctx,
            "customer_created",
            "customer",
            row.id,
            details={"code": code, "credit_limit": row.credit_limit},
        )
        record = _record(row)
    ctx.events.emit(Change.CUSTOMER_CREATED, Entity.CUSTOMER, record.id)
    return record


def update_customer(ctx: AppContext, customer_id: int, data: CustomerInput) -> CustomerRecord:
    with ctx.db.write() as session:
        row = _get(session, customer_id)
        before = _record(row)
        values, code = clean_customer(
            data,
            row.currency,
            lambda c: _code_taken(session, c, except_id=row.id),
            _home(session)[0],
            before.billing_address,
            before.tax_id,
        )
        code = code or row.code
        for key, value in values.items():
            setattr(row, key, value)
        row.code = code
        row.search_text = search_key(code, row.name, row.email, row.contact_person)
        row.updated_at = ctx.now()
        _flush_unique_code(session, code)
        after = _record(row)
        changed = {
            k: [getattr(before, k), getattr(after, k)]
            for k in ("code", "name", "currency", "terms", "credit_limit", "email")
            if getattr(before, k) != getattr(after, k)
        }
        if changed:
            audit.record(session, ctx, "customer_updated", "customer", row.id, details=changed)
    ctx.events.emit(Change.CUSTOMER_UPDATED, Entity.CUSTOMER, customer_id)
    return after


def set_status(
    ctx: AppContext, customer_id: int, status: CustomerStatus, reason: str = ""
) -> CustomerRecord:
    """Put on credit hold, release, archive or restore a customer (logged with the reason)."""
    status = CustomerStatus(status)
    with ctx.db.write() as session:
        row = _get(session, customer_id)
        if row.status != status.value:
            audit.record(
                session,
                ctx,
                "customer_status",
                "customer",
                row.id,
                reason=reason,
                details={"from": row.status, "to": status.value},
            )
            row.status = status.value
            row.updated_at = ctx.now()
        record = _record(row)
    ctx.events.emit(Change.CUSTOMER_UPDATED, Entity.CUSTOMER, customer_id)
    return record


def get_customer(ctx: AppContext, customer_id: int) -> CustomerDetail:
    with ctx.db.read() as session:
        row = _get(session, customer_id)
        contacts = tuple(
            ContactRecord(c.id, c.name, c.role, c.email, c.phone, c.is_primary)
            for c in row.contacts
        )
        log = tuple(
            LogEntryRecord(e.id, e.at, e.kind, e.summary, e.follow_up, e.follow_up_done_on)
            for e in session.scalars(
                select(ContactLogEntry)
                .where(ContactLogEntry.customer_id == customer_id)
                .order_by(ContactLogEntry.at.desc(), ContactLogEntry.id.desc())
            )
        )
        return CustomerDetail(_record(row), contacts, log)


def find_customers(ctx: AppContext, text: str, limit: int = 20) -> list[CustomerRecord]:
    """Customers (not archived) whose code, name, e-mail or contact matches every word typed."""
    with ctx.db.read() as session:
        count = count_matches(session, text, without=CustomerStatus.ARCHIVED.value)
        many = count is not None and count >= MANY
        query = (
            select(Customer)
            .where(Customer.status != CustomerStatus.ARCHIVED.value, matches(text, many=many))
            .order_by(Customer.name, Customer.id)
            .limit(limit)
        )
        return [_record(row) for row in session.scalars(query)]


def customer_by_code(ctx: AppContext, code: str) -> CustomerRecord:
    with ctx.db.read() as session:
        row = session.scalar(select(Customer).where(Customer.code == code.strip().upper()))
        if row is None:
            raise NotFound(
                _("There is no customer with code {code}.").format(code=code.strip().upper())
            )
        return _record(row)


def _flush_unique_code(session: Session, code: str) -> None:
    """Flush; a code taken at the same moment by another computer is a clear input error."""
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:
        if "code" not in str(exc.orig).lower():
            raise
        taken = _("Code {code} is already used.").format(code=code)
        raise InputErrors([ValidationError("code", taken)]) from exc


def _get(session: Session, customer_id: int) -> Customer:
    row = session.get(Customer, customer_id)
    if row is None:
        raise NotFound(_("Customer #{id} does not exist.").format(id=customer_id))
    return row


# -- contacts -------------------------------------------------------------------------------


def save_contact(ctx: AppContext, customer_id: int, contact: ContactRecord) -> ContactRecord:
    """Add a contact (``contact.id == 0``) or change one; a new primary contact demotes the old."""
    errors = []
    name = " ".join(contact.name.split())
    if not name:
        errors.append(ValidationError("name", _("Name is required.")))
    for field, label, raw in (
        ("name", N_("Name"), name),
        ("role", N_("Role"), contact.role.strip()),
        ("phone", N_("Phone"), contact.phone.strip()),
    ):
        try:
            refuse_unsafe(field, _(label), raw)
        except ValidationError as exc:
            errors.append(exc)
    email = ""
    if contact.email.strip():
        try:
            email = rules.validate_email(contact.email)
        except ValidationError as exc:
            errors.append(ValidationError("email", exc.message))
    if errors:
        raise InputErrors(errors)
    with ctx.db.write() as session:
        customer = _get(session, customer_id)
        if contact.id:
            row = session.get(Contact, contact.id)
            if row is None or row.customer_id != customer_id:
                raise NotFound(_("Contact #{id} does not exist.").format(id=contact.id))
        else:
            row = Contact(customer_id=customer.id, name=name)
            session.add(row)
        if contact.is_primary:
            for other in customer.contacts:
                if other is not row:
                    other.is_primary = False
        row.name, row.role, row.email = name, contact.role.strip(), email
        row.phone, row.is_primary = contact.phone.strip(), contact.is_primary
        session.flush()
        result = replace(contact, id=row.id, name=name, email=email)
    ctx.events.emit(Change.CUSTOMER_UPDATED, Entity.CUSTOMER, customer_id)
    return result


def remove_contact(ctx: AppContext, customer_id: int, contact_id: int) -> None:
    with ctx.db.write() as session:
        row = session.get(Contact, contact_id)
        if row is None or row.customer_id != customer_id:
            raise NotFound(_("Contact #{id} does not exist.").format(id=contact_id))
        session.delete(row)
    ctx.events.emit(Change.CUSTOMER_UPDATED, Entity.CUSTOMER, customer_id)


def add_log_entry(
    ctx: AppContext,
    customer_id: int,
    summary: str,
    kind: str = "note",
    follow_up: date | None = None,
) -> LogEntryRecord:
    summary = summary.strip()
    errors = []
    if not summary:
        errors.append(ValidationError("summary", _("Write what happened.")))
    if kind not in LOG_KINDS:
        errors.append(
            ValidationError("kind", _("Unknown kind of entry: {kind}.").format(kind=kind))
        )
    if errors:
        raise InputErrors(errors)
    with ctx.db.write() as session:
        _get(session, customer_id)
        row = ContactLogEntry(
            customer_id=customer_id, at=ctx.now(), kind=kind, summary=summary, follow_up=follow_up
        )
        session.add(row)
        session.flush()
        result = LogEntryRecord(row.id, row.at, kind, summary, follow_up)
    ctx.events.emit(Change.CUSTOMER_UPDATED, Entity.CUSTOMER, customer_id)
    return result
