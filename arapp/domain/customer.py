# SPDX-License-Identifier: MIT
"""Validation and normalisation rules for customer records.

Pure functions: they take what the user typed and either return the normalised value to
store or raise :class:`~arapp.domain.errors.ValidationError` naming the field.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from enum import StrEnum

from arapp.domain.errors import ValidationError
from arapp.domain.money import quantize, to_decimal
from arapp.i18n import N_, _, pgettext

__all__ = [
    "CODE_MAX_LENGTH",
    "WITH_AGENCY",
    "CustomerStatus",
    "fold_for_search",
    "normalize_code",
    "status_label",
    "validate_credit_limit",
    "validate_email",
]

CODE_MAX_LENGTH = 20
_CODE_RE = re.compile(r"[A-Z0-9._-]+")


class CustomerStatus(StrEnum):
    """Lifecycle status of a customer; the value is what gets stored."""

    ACTIVE = "active"
    CREDIT_HOLD = "credit_hold"
    ARCHIVED = "archived"

    @property
    def label(self) -> str:
        """Human-readable name in the person's language: ``"Active"``, ``"Credit hold"``,
        ``"Archived"`` (CSV files write :attr:`value`)."""
        match self:
            case CustomerStatus.ACTIVE:
                return pgettext("customer status", "Active")
            case CustomerStatus.CREDIT_HOLD:
                return pgettext("customer status", "Credit hold")
            case _:
                return pgettext("customer status", "Archived")


#: Shown where a customer's status shows while it is handed to the collections agency (in
#: English: :func:`status_label` translates it).
WITH_AGENCY = N_("With agency")


def status_label(status: CustomerStatus, with_agency: bool) -> str:
    """The status for people; "With agency" while handed to the collections agency."""
    return _(WITH_AGENCY) if with_agency else status.label


def normalize_code(code: str | None) -> str:
    """Normalise a customer code: strip and upper-case.

    A code has 1 to 20 characters from ``A-Z``, ``0-9``, ``-``, ``_`` and ``.``.

    Raises:
        ValidationError: ``field="code"`` if the code is empty, too long or contains
            other characters.
    """
    if code is not None and not isinstance(code, str):
        raise TypeError(f"code must be str, not {type(code).__name__}")
    text = (code or "").strip().upper()
    if not text:
        raise ValidationError("code", _("Customer code is required"))
    if len(text) > CODE_MAX_LENGTH:
        raise ValidationError(
            "code",
            _("Customer code must be at most {most} characters long").format(most=CODE_MAX_LENGTH),
        )
    if not _CODE_RE.fullmatch(text):
        raise ValidationError(
            "code", _("Customer code may only contain letters A-Z, digits, “-”, “_” and “.”")
        )
    return text


_ATOM = r"[\w!#$%&'*+/=?^`{|}~-]+"
_LABEL = r"[^\W_](?:[\w-]{0,61}[^\W_])?"
_EMAIL_RE = re.compile(
    rf"(?P<local>{_ATOM}(?:\.{_ATOM})*)"
    rf"@(?P<domain>(?:{_LABEL}\.)+(?:[^\W\d_]{{2,}}|xn--[a-z0-9-]+))",
    re.IGNORECASE,
)
_EMAIL_SEPARATORS = re.compile(r"[,;]")
_EMAIL_MAX_LENGTH = 254


def _one_email(text: str) -> str:
    match = _EMAIL_RE.fullmatch(text)
    if match is None or len(text) > _EMAIL_MAX_LENGTH or len(match["local"]) > 64:
        raise ValidationError(
            "email", _("“{text}” is not a valid e-mail address").format(text=text)
        )
    return f"{match['local']}@{match['domain'].lower()}"


def validate_email(text: str | None) -> str:
    """Check one or more e-mail addresses separated by ``,`` or ``;``.

    The check is deliberately simple: ``local@domain.tld`` with no spaces, a domain of
    dot-separated labels and a top-level domain of at least two letters (international
    addresses are accepted).  Domains are lower-cased, duplicates dropped.

    Returns:
        The addresses joined with ``", "``, e.g. ``"a@x.org, b@y.org"``; an empty string
        if ``text`` is empty or blank (no address).

    Raises:
        ValidationError: ``field="email"`` naming the first invalid address.
    """
    if text is not None and not isinstance(text, str):
        raise TypeError(f"email must be str, not {type(text).__name__}")
    result: list[str] = []
    seen: set[str] = set()
    for part in _EMAIL_SEPARATORS.split(text or ""):
        candidate = part.strip()
        if not candidate:
            continue
        address = _one_email(candidate)
        if address.casefold() not in seen:
            seen.add(address.casefold())
            result.append(address)
    return ", ".join(result)


def validate_credit_limit(
    value: str | int | Decimal | None, currency: str | None = None
) -> Decimal | None:
    """Validate a credit limit: ``None`` or blank text means "no limit".

    Text must be a plain number (``"5000"``, ``"5000.00"``); parse locale-formatted input
    with :func:`arapp.formatting.parse_amount` first.  Zero is allowed (no credit).  When
    ``currency`` is given, the limit is rounded to its minor unit.

    Raises:
        ValidationError: ``field="credit_limit"`` for junk or negative values.
        TypeError: for floats.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        limit = to_decimal(value)
        if currency is not None:
            limit = quantize(limit, currency)
    except ValidationError as error:
        if error.field == "currency":
            raise
        raise ValidationError("credit_limit", error.message) from None
    if limit < 0:
        raise ValidationError("credit_limit", _("Credit limit cannot be negative"))
    return limit


# Letters that NFKD does not decompose into a base letter plus a combining mark.
_FOLD_EXTRA = str.maketrans(
    {
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ħ": "h",
        "ı": "i",
        "ŧ": "t",
        "ŀ": "l",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "ß": "ss",
    }
)


def fold_for_search(text: str) -> str:
    """Fold text for accent- and case-insensitive search.

    Case-folds, decomposes (NFKD), drops combining marks, maps a few letters without a
    decomposition (``ł`` → ``l``, ``ø`` → ``o``, ``æ`` → ``ae``, ...) and collapses
    whitespace, so ``"Zoë"``, ``"ZOE"`` and ``"zoe"`` all fold to ``"zoe"`` and
    ``"Łukasiewicz"`` to ``"lukasiewicz"``.  Store the folded name in a search column and
    fold the query the same way.
    """
    if not isinstance(text, str):
        raise TypeError(f"expected str, not {type(text).__name__}")
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    # Decomposition can produce capitals (e.g. U+1D2D -> "Æ"): fold again, then map.
    mapped = stripped.casefold().translate(_FOLD_EXTRA)
    folded = "".join(
        c for c in unicodedata.normalize("NFKD", mapped) if not unicodedata.combining(c)
    )
    return " ".join(folded.split())
