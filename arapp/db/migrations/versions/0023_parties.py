# SPDX-License-Identifier: MIT
"""The company and the customers get what an e-invoice needs of them: the address in parts
(street lines, postcode, city, ISO country code), registration id, electronic address and its
scheme; the customers also a buyer reference and where and how their invoices go (invoice
e-mail and cc, delivery, e-invoice format); the company a contact name.

The addresses typed as one text (``company.address``, ``customer.billing_address``) are read
into the parts as well as can be: a last line naming a country gives the country (else the
company's: its locale's territory, for the company itself), the last line with a postcode of
that country gives postcode and city. Lines not placed stay street lines, so every line still
prints; such an address has no city and is listed as needing a look (``arapp db upgrade`` and
the window say how many, the customer list's filter "Address to check" shows them). The text
column is emptied once read (the downgrade writes the address back into it).

This copy of the reading is frozen with the migration (migrations import no app code); the
app's own is :func:`arapp.domain.addresses.parse_address`.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07
"""

import re
import sqlite3

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

_BOTH = (
    ("street", sa.Text(), ""),
    ("postcode", sa.String(20), ""),
    ("city", sa.String(100), ""),
    ("country", sa.String(2), ""),
    ("registration_id", sa.String(100), ""),
    ("electronic_address", sa.String(200), ""),
    ("electronic_address_scheme", sa.String(10), ""),
)
COMPANY = (*_BOTH, ("contact_name", sa.String(200), ""))
CUSTOMER = (
    *_BOTH,
    ("buyer_reference", sa.String(100), ""),
    ("delivery", sa.String(20), "email-pdf"),
    ("einvoice_format", sa.String(20), "facturx"),
    ("invoice_email", sa.String(500), ""),
    ("invoice_cc", sa.String(500), ""),
)

_NAMES = {
    "IE": ("ireland", "eire", "éire", "republic of ireland"),
    "GB": ("united kingdom", "uk", "great britain", "england", "scotland", "wales",
           "northern ireland", "gb"),
    "US": ("united states", "united states of america", "usa", "us"),
    "CA": ("canada",), "AU": ("australia",), "NZ": ("new zealand",),
    "DE": ("germany", "deutschland"), "AT": ("austria", "österreich", "oesterreich"),
    "CH": ("switzerland", "schweiz", "suisse", "svizzera"), "FR": ("france",),
    "BE": ("belgium", "belgique", "belgië", "belgie"),
    "NL": ("netherlands", "the netherlands", "nederland", "holland"),
    "LU": ("luxembourg", "luxemburg"), "IT": ("italy", "italia"),
    "ES": ("spain", "españa", "espana"), "PT": ("portugal",), "DK": ("denmark", "danmark"),
    "SE": ("sweden", "sverige"), "NO": ("norway", "norge"), "FI": ("finland", "suomi"),
    "PL": ("poland", "polska"), "CZ": ("czech republic", "czechia", "česko"),
    "SK": ("slovakia", "slovensko"), "HU": ("hungary", "magyarország"), "GR": ("greece",),
    "RO": ("romania", "românia"), "HR": ("croatia", "hrvatska"), "SI": ("slovenia",),
    "EE": ("estonia", "eesti"), "LV": ("latvia", "latvija"), "LT": ("lithuania", "lietuva"),
    "MT": ("malta",), "CY": ("cyprus",), "BG": ("bulgaria",), "IS": ("iceland", "ísland"),
}  # fmt: skip
_COUNTRY = {name: code for code, names in _NAMES.items() for name in names}
_POSTCODE = {
    "DE": r"\d{5}", "FR": r"\d{5}", "IT": r"\d{5}", "ES": r"\d{5}", "FI": r"\d{5}",
    "EE": r"\d{5}", "HR": r"\d{5}", "GR": r"\d{3} ?\d{2}", "US": r"\d{5}(?:-\d{4})?",
    "AT": r"\d{4}", "CH": r"\d{4}", "BE": r"\d{4}", "DK": r"\d{4}", "NO": r"\d{4}",
    "HU": r"\d{4}", "SI": r"\d{4}", "BG": r"\d{4}", "CY": r"\d{4}", "AU": r"\d{4}",
    "NZ": r"\d{4}", "LU": r"(?:L-)?\d{4}", "LV": r"(?:LV-)?\d{4}", "LT": r"(?:LT-)?\d{5}",
    "NL": r"\d{4} ?[A-Z]{2}", "PL": r"\d{2}-\d{3}", "PT": r"\d{4}-\d{3}",
    "SE": r"\d{3} ?\d{2}", "CZ": r"\d{3} ?\d{2}", "SK": r"\d{3} ?\d{2}", "RO": r"\d{6}",
    "IS": r"\d{3}", "MT": r"[A-Z]{3} ?\d{4}",
    "IE": r"[AC-FHKNPRTV-Y]\d[0-9W] ?[0-9AC-FHKNPRTV-Y]{4}",
    "GB": r"[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}", "CA": r"[A-Z]\d[A-Z] ?\d[A-Z]\d",
}  # fmt: skip
_OTHER = r"(?=[A-Z\d -]*\d)[A-Z\d][A-Z\d -]{1,8}[A-Z\d]"
_CITY_FIRST = {"US", "CA", "AU", "GB", "IE", "MT"}
_OPTIONAL = {"IE", "HK", "AE", "QA"}


def _country(line: str) -> str | None:
    folded = " ".join(line.replace(".", "").casefold().split())
    if folded in _COUNTRY:
        return _COUNTRY[folded]
    return folded.upper() if len(folded) == 2 and folded.upper() in _POSTCODE else None


def _parse(text: str, default: str) -> dict[str, str]:
    """The address ``text`` in parts (street, postcode, city, country)."""
    lines = [" ".join(line.split()).strip(" ,") for line in (text or "").splitlines()]
    lines = [line for line in lines if line]
    if len(lines) == 1 and "," in lines[0]:
        lines = [part.strip() for part in lines[0].split(",") if part.strip()]
    if not lines:
        return {"street": "", "postcode": "", "city": "", "country": default}
    country = _country(lines[-1]) if len(lines) > 1 else None
    if country is not None:
        lines.pop()
    else:
        country = default
    postcode = city = ""
    pattern = _POSTCODE.get(country, _OTHER)
    if lines:
        last = lines[-1]
        alone = re.fullmatch(rf"({pattern})", last, re.IGNORECASE)
        first = re.fullmatch(rf"({pattern})\s+(\D.*)", last, re.IGNORECASE)
        after = re.fullmatch(rf"(.*\D)[\s,]+({pattern})", last, re.IGNORECASE)
        if alone and len(lines) > 1:
            postcode = alone.group(1)
            lines.pop()
            city = lines.pop()
        elif first and country not in _CITY_FIRST:
            postcode, city = first.group(1), first.group(2)
            lines.pop()
        elif after:
            city, postcode = after.group(1).strip(" ,"), after.group(2)
            lines.pop()
        elif country in _OPTIONAL and len(lines) > 1 and last[:1].isupper():
            city = lines.pop()  # a town starts with a capital ("near the church" is no town)
    return {
        "street": "\n".join(lines),
        "postcode": postcode.upper()[:20],
        "city": city.strip()[:100],
        "country": country,
    }


def upgrade() -> None:
    for table, columns in (("company", COMPANY), ("customer", CUSTOMER)):
        with op.batch_alter_table(table, recreate="never") as batch:
            for name, type_, default in columns:
                batch.add_column(
                    sa.Column(name, type_, nullable=False, server_default=sa.text(f"'{default}'"))
                )
    bind = op.get_bind()
    home = ""
    company = bind.execute(sa.text("SELECT id, address, locale FROM company")).first()
    if company is not None:
        territory = (company.locale or "").replace("-", "_").partition("_")[2][:2].upper()
        home = territory if territory in _POSTCODE or len(territory) == 2 else ""
        parts = _parse(company.address, home)
        home = parts["country"]
        bind.execute(
            sa.text(
                "UPDATE company SET street = :street, postcode = :postcode, city = :city,"
                " country = :country, address = '' WHERE id = :id"
            ),
            {**parts, "id": company.id},
        )
    rows = bind.execute(
        sa.text("SELECT id, billing_address FROM customer WHERE billing_address <> ''")
    ).all()
    updates = [{**_parse(row.billing_address, home), "id": row.id} for row in rows]
    if updates:
        bind.execute(
            sa.text(
                "UPDATE customer SET street = :street, postcode = :postcode, city = :city,"
                " country = :country, billing_address = '' WHERE id = :id"
            ),
            updates,
        )
    if home:  # customers without an address are at home too
        bind.execute(
            sa.text("UPDATE customer SET country = :home WHERE country = ''"), {"home": home}
        )


def _joined(street: str, postcode: str, city: str, country: str) -> str:
    lines = [*street.splitlines(), " ".join(x for x in (postcode, city) if x), country]
    return "\n".join(line for line in lines if line)


def downgrade() -> None:
    bind = op.get_bind()
    for table, column in (("company", "address"), ("customer", "billing_address")):
        rows = bind.execute(
            sa.text(f"SELECT id, street, postcode, city, country FROM {table}")  # noqa: S608
        ).all()
        for row in rows:
            text = _joined(row.street, row.postcode, row.city, row.country)
            bind.execute(
                sa.text(f"UPDATE {table} SET {column} = :text WHERE id = :id"),  # noqa: S608
                {"text": text, "id": row.id},
            )
    native = bind.dialect.name != "sqlite" or sqlite3.sqlite_version_info >= (3, 35)
    for table, columns in (("company", COMPANY), ("customer", CUSTOMER)):
        with op.batch_alter_table(table, recreate="never" if native else "auto") as batch:
            for name, _type, _default in reversed(columns):
                batch.drop_column(name)
