# SPDX-License-Identifier: MIT
"""``arapp company``: show the company profile, or change one of its fields.

``arapp company set KEY VALUE`` changes one field through the same checks as Settings ▸ Company:
an unknown key or a wrong value changes nothing and says why (exit 1).
"""

from __future__ import annotations

import argparse
from dataclasses import replace

from arapp.domain.errors import ValidationError
from arapp.i18n import _
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors, ServiceError

#: The keys of ``company show`` and ``company set``, in the order shown, and the profile field
#: each is (the VAT id is the profile's ``tax_id``).
KEYS = {
    "name": "name",
    "legal_name": "legal_name",
    "street": "street",
    "postcode": "postcode",
    "city": "city",
    "country": "country",
    "region": "region",
    "vat_id": "tax_id",
    "registration_id": "registration_id",
    "email": "email",
    "phone": "phone",
    "website": "website",
    "contact_name": "contact_name",
    "electronic_address": "electronic_address",
    "electronic_address_scheme": "electronic_address_scheme",
    "bank_name": "bank_name",
    "iban": "iban",
    "bic": "bic",
    "account_number": "account_number",
    "payment_link_url": "payment_link_url",
    "currency": "currency",
    "locale": "locale",
}


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    company = sub.add_parser("company", parents=[common], help=_("the company profile"))
    actions = company.add_subparsers(dest="company_command", metavar="ACTION", required=True)
    actions.add_parser("show", parents=[common], help=_("every field of the profile")).set_defaults(
        func=_show
    )
    put = actions.add_parser(
        "set", parents=[common], help=_("change one field (street: \\n between lines)")
    )
    put.add_argument("key", metavar="KEY", help=", ".join(KEYS))
    put.add_argument("value")
    put.set_defaults(func=_set)


def _open(args: argparse.Namespace) -> AppContext:
    from arapp.app import open_books

    return open_books(getattr(args, "db", None)).ctx


def _show(args: argparse.Namespace) -> int:
    from arapp.services.company import get_company

    profile = get_company(_open(args))
    if profile is None:
        raise ServiceError(_('These books have no company yet: arapp init --name "NAME".'))
    width = max(len(key) for key in KEYS) + 2
    for key, field in KEYS.items():
        value = str(getattr(profile, field))
        lines = value.splitlines() or [""]
        print(f"{key + ':':<{width}}{lines[0]}")
        for line in lines[1:]:
            print(f"{'':<{width}}{line}")
    logo = _("logo:")
    print(f"{logo:<{width}}{_('yes') if profile.logo else _('none')}")
    return 0


def _set(args: argparse.Namespace) -> int:
    from arapp.services.company import get_company, save_company

    if args.key not in KEYS:
        raise ServiceError(
            _("There is no key {key}; the keys are: {keys}.").format(
                key=args.key, keys=", ".join(KEYS)
            )
        )
    ctx = _open(args)
    profile = get_company(ctx)
    if profile is None:
        raise ServiceError(_('These books have no company yet: arapp init --name "NAME".'))
    field = KEYS[args.key]
    value = args.value.replace("\\n", "\n") if field == "street" else args.value
    try:
        saved = save_company(ctx, replace(profile, **{field: value}))
    except InputErrors as exc:  # named by the keys of this command
        keys = {f: k for k, f in KEYS.items()}
        raise InputErrors(
            [ValidationError(keys.get(e.field, e.field), e.message) for e in exc.errors]
        ) from None
    shown = str(getattr(saved, field)).replace("\n", ", ")
    print(f"{args.key} = {shown}")
    return 0
