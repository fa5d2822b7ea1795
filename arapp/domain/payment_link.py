# SPDX-License-Identifier: MIT
"""The company's payment link: one web address pattern, filled in for each document.

The company keeps one *pattern*, such as ``https://pay.example/{number}?amount={amount}``; each
invoice, reminder, statement or letter prints it with that document's values in the
placeholders. A plain address without placeholders is a pattern too, and prints as it is (books
from before patterns keep their link).

Every value put into the address is percent-encoded (:func:`urllib.parse.quote`, nothing kept
"safe"), so an invoice number or customer code holding ``/``, ``&``, ``?``, ``#``, spaces or
``<b>"'`` cannot end the path, add a query parameter or break the PDF's link: it arrives at the
payment page as the text it was.

:func:`validate_pattern` is the check at the door (settings); :func:`expand` never fails, so a
pattern stored before the check (or kept on an old invoice's face) still prints: a placeholder
it does not know stays as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from urllib.parse import quote, urlsplit

from arapp.domain.errors import ValidationError
from arapp.domain.money import quantize
from arapp.domain.text import describe_character, unsafe_character
from arapp.i18n import _, ngettext

__all__ = [
    "MAX_LENGTH",
    "PLACEHOLDERS",
    "SAMPLE",
    "LinkValues",
    "amount_text",
    "expand",
    "is_web_link",
    "known_list",
    "sample_link",
    "shared_link",
    "validate_pattern",
]

#: What each placeholder stands for (the settings' hint lists them in this order).
PLACEHOLDERS: dict[str, str] = {
    "number": "the document number",
    "amount": "the amount due, as 1234.50",
    "currency": "the currency code, as EUR",
    "customer": "the customer number",
    "reference": "the payment reference to quote (the invoice number on an invoice)",
}
#: The longest pattern the books keep (the company's column).
MAX_LENGTH = 500

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_SCHEMES = ("http", "https")


@dataclass(frozen=True)
class LinkValues:
    """The values of one document that go into the payment link.

    Attributes:
        number: The document number (an invoice's, e.g. ``INV-2026-00001``).
        amount: What is due on it, in ``currency``.
        currency: ISO 4217 code, e.g. ``EUR``.
        customer: The customer number.
        reference: The payment reference the payer should quote; the number when empty.
    """

    number: str
    amount: Decimal
    currency: str
    customer: str = ""
    reference: str = ""


#: The values the settings' preview fills in.
SAMPLE = LinkValues("INV-2026-00001", Decimal("1234.50"), "EUR", "C0001")


def amount_text(amount: Decimal, currency: str) -> str:
    """``amount`` in plain machine form: the currency's decimals, a dot, no grouping, never
    an exponent (``1234.50``, ``1500`` in yen)."""
    return f"{quantize(amount, currency):f}"


def expand(pattern: str, values: LinkValues) -> str:
    """The link of one document: ``pattern`` with each placeholder replaced by its
    percent-encoded value. An unknown placeholder stays as written.

    ``""`` (no link) when the pattern is empty or uses a value the document does not have
    (a draft has no number yet): half a link would lead the payer to the wrong page.
    """
    pattern = pattern.strip()
    if not pattern:
        return ""
    filled = {
        "number": values.number,
        "amount": amount_text(values.amount, values.currency),
        "currency": values.currency,
        "customer": values.customer,
        "reference": values.reference or values.number,
    }

    if any(filled.get(name) == "" for name in _PLACEHOLDER.findall(pattern)):
        return ""

    def fill(found: re.Match[str]) -> str:
        name = found.group(1)
        return quote(filled[name], safe="") if name in filled else found.group()

    return _PLACEHOLDER.sub(fill, pattern)


def shared_link(links: Iterable[str]) -> str:
    """The one link of a message or statement about several invoices: the link they all
    share (a pattern without ``{number}`` or ``{amount}``), or ``""`` when each has its own
    (then each invoice's link is given) or none has one."""
    found = {link for link in links if link}
    return found.pop() if len(found) == 1 else ""


def is_web_link(url: str) -> bool:
    """True when ``url`` is an ``http``/``https`` address with a host (a PDF may make it
    clickable; anything else is printed as plain text only)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # an unbalanced IPv6 bracket and the like
        return False
    return parts.scheme.lower() in _SCHEMES and bool(parts.hostname) and " " not in url.strip()


def validate_pattern(text: str, field: str = "payment_link_url") -> str:
    """``text`` stripped, or :class:`ValidationError` with one plain sentence saying what to
    change. Empty is allowed (no payment link)."""
    pattern = text.strip()
    if not pattern:
        return ""
    found = unsafe_character(pattern)
    if found is not None:
        raise ValidationError(
            field,
            _("The payment link contains a control character ({character}); remove it.").format(
                character=describe_character(found)
            ),
        )
    if any(ch.isspace() for ch in pattern):
        raise ValidationError(field, _("The payment link cannot contain spaces."))
    if len(pattern) > MAX_LENGTH:
        raise ValidationError(
            field,
            _("The payment link is {count} characters long; at most {most}.").format(
                count=len(pattern), most=MAX_LENGTH
            ),
        )
    names = _PLACEHOLDER.findall(pattern)
    unknown = list(dict.fromkeys(n for n in names if n not in PLACEHOLDERS))
    if unknown:
        which = ", ".join("{" + n + "}" for n in unknown)
        message = ngettext(
            "The payment link has the unknown placeholder {which}; use {known}.",
            "The payment link has the unknown placeholders {which}; use {known}.",
            len(unknown),
        )
        raise ValidationError(field, message.format(which=which, known=known_list()))
    if "{" in _PLACEHOLDER.sub("", pattern) or "}" in _PLACEHOLDER.sub("", pattern):
        raise ValidationError(
            field,
            _(
                "The payment link has a {open} or {close} that does not close a placeholder "
                "such as {example}."
            ).format(open="{", close="}", example="{number}"),
        )
    sample = expand(pattern, SAMPLE)
    try:
        parts = urlsplit(pattern)
    except ValueError:
        parts = None
    if parts is None or not is_web_link(sample):
        raise ValidationError(
            field,
            _(
                "The payment link must be a web address starting with https:// or http://, "
                "such as {example}."
            ).format(example="https://pay.example/{number}"),
        )
    if "{" in parts.netloc:
        raise ValidationError(
            field,
            _(
                "Placeholders can only follow the host of the payment link ({example}), not be "
                "part of it."
            ).format(example="https://pay.example/{number}"),
        )
    return pattern


def sample_link(text: str, currency: str) -> str:
    """What ``text`` gives for the :data:`SAMPLE` invoice in ``currency`` (EUR when that is
    no currency), for the settings to show as it is typed; :class:`ValidationError` as
    :func:`validate_pattern` when it is not a pattern to keep; ``""`` for no link."""
    pattern = validate_pattern(text)
    try:
        amount_text(SAMPLE.amount, currency)
    except ValidationError:
        currency = SAMPLE.currency
    return expand(pattern, replace(SAMPLE, currency=currency))


def known_list() -> str:
    """``{number}, {amount}, {currency}, {customer} or {reference}``."""
    names = ["{" + n + "}" for n in PLACEHOLDERS]
    # Translators: {names} is "{number}, {amount}, {currency}, {customer}", {last} "{reference}".
    return _("{names} or {last}").format(names=", ".join(names[:-1]), last=names[-1])
