# SPDX-License-Identifier: MIT
"""IBAN validation and the EPC "GiroCode" payload for SEPA credit transfer QR codes.

The payload follows the European Payments Council guideline EPC069-12 ("Quick Response
Code: guidelines to enable data capture for the initiation of a SEPA credit transfer"),
version ``002``, character set ``1`` (UTF-8).  It is plain text, one element per line::

    BCD                       service tag
    002                       version (BIC optional inside the EEA)
    1                         character set: UTF-8
    SCT                       SEPA credit transfer
    COBADEFFXXX               BIC of the beneficiary's bank, may be empty
    Corner Shop Ltd           beneficiary name, at most 70 characters
    DE89370400440532013000    IBAN without spaces
    EUR12.34                  amount, 0.01 to 999999999.99
                              purpose code (not used by arapp)
                              structured creditor reference, at most 35 characters
    INV-2026-00001            unstructured remittance text, at most 140 characters

Trailing empty elements are left out, and the whole payload is at most 331 bytes.  Only one
of the structured reference and the unstructured text may be given.  Nothing is silently
shortened or rounded here: anything that does not fit raises
:class:`~arapp.domain.errors.ValidationError`, so a QR code can never send money to a
mistyped account or for a different amount.
"""

from __future__ import annotations

import re
from decimal import Decimal

from arapp.domain.errors import ValidationError
from arapp.domain.money import check_decimal, quantize
from arapp.i18n import N_, _

__all__ = [
    "EPC_MAX_AMOUNT",
    "EPC_MAX_BYTES",
    "EPC_MIN_AMOUNT",
    "EPC_NAME_MAX",
    "EPC_TEXT_MAX",
    "epc_qr_payload",
    "format_iban",
    "validate_bic",
    "validate_iban",
]

EPC_MIN_AMOUNT = Decimal("0.01")
EPC_MAX_AMOUNT = Decimal("999999999.99")
EPC_NAME_MAX = 70
"""Longest beneficiary name, in characters."""
EPC_REFERENCE_MAX = 35
EPC_TEXT_MAX = 140
"""Longest unstructured remittance text, in characters."""
EPC_MAX_BYTES = 331
"""Longest payload, in bytes (UTF-8)."""

# IBAN lengths of the SEPA countries (SWIFT IBAN registry).  Other countries are checked
# for the general shape (15 to 34 characters) and the check digits only.
_IBAN_LENGTHS: dict[str, int] = {
    **dict.fromkeys(("NO",), 15),
    **dict.fromkeys(("BE",), 16),
    **dict.fromkeys(("DK", "FI", "NL"), 18),
    **dict.fromkeys(("MK", "SI"), 19),
    **dict.fromkeys(("AT", "EE", "LT", "LU"), 20),
    **dict.fromkeys(("CH", "HR", "LI", "LV"), 21),
    **dict.fromkeys(("BG", "DE", "GB", "IE", "ME", "RS", "VA"), 22),
    **dict.fromkeys(("GI",), 23),
    **dict.fromkeys(("AD", "CZ", "ES", "MD", "RO", "SE", "SK"), 24),
    **dict.fromkeys(("PT",), 25),
    **dict.fromkeys(("IS",), 26),
    **dict.fromkeys(("FR", "GR", "IT", "MC", "SM"), 27),
    **dict.fromkeys(("AL", "CY", "HU", "PL"), 28),
    **dict.fromkeys(("MT",), 31),
}
_IBAN_RE = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")
_BIC_RE = re.compile(r"[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?")
_RF_RE = re.compile(r"RF[0-9]{2}[A-Z0-9]{1,21}")
_SPACES_RE = re.compile(r"\s+")


def _mod97(text: str) -> int:
    """ISO 7064 MOD 97-10 of an IBAN or RF reference whose first 4 characters go last."""
    rearranged = text[4:] + text[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97


def _compact(text: str, what: str) -> str:
    if not isinstance(text, str):
        raise TypeError(f"{what} must be text, not {type(text).__name__}")
    return _SPACES_RE.sub("", text).upper()


def validate_iban(text: str) -> str:
    """Return ``text`` as a valid IBAN without spaces, in capitals.

    Spaces (as printed in groups of four) and lower case are accepted.

    Raises:
        TypeError: if ``text`` is not a str.
        ValidationError: ``field="iban"`` for a malformed IBAN, a wrong length for its
            country, or wrong check digits (ISO 7064 MOD 97-10).
    """
    iban = _compact(text, "IBAN")
    shown = " ".join(text.split())
    if not iban:
        raise ValidationError("iban", _("Enter an IBAN"))
    if not _IBAN_RE.fullmatch(iban):
        raise ValidationError(
            "iban",
            _(
                "“{iban}” is not an IBAN: it starts with two letters and two digits and has "
                "15 to 34 letters and digits"
            ).format(iban=shown),
        )
    expected = _IBAN_LENGTHS.get(iban[:2])
    if expected is not None and len(iban) != expected:
        raise ValidationError(
            "iban",
            _("“{iban}” has {count} characters; an IBAN from {country} has {expected}").format(
                iban=shown, count=len(iban), country=iban[:2], expected=expected
            ),
        )
    if _mod97(iban) != 1:
        raise ValidationError(
            "iban",
            _("“{iban}” is not a valid IBAN: the check digits do not match (typo?)").format(
                iban=shown
            ),
        )
    return iban


def format_iban(iban: str) -> str:
    """``"DE89370400440532013000"`` -> ``"DE89 3704 0044 0532 0130 00"`` (groups of four)."""
    compact = _compact(iban, "IBAN")
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def validate_bic(text: str) -> str:
    """Return ``text`` as a BIC (8 or 11 characters) without spaces, in capitals.

    Raises:
        ValidationError: ``field="bic"`` if it is not shaped like a BIC.
    """
    bic = _compact(text, "BIC")
    if not _BIC_RE.fullmatch(bic):
        raise ValidationError(
            "bic", _("“{bic}” is not a BIC (8 or 11 letters and digits)").format(bic=text.strip())
        )
    return bic


def _one_line(text: str, what: str) -> str:
    if not isinstance(text, str):
        raise TypeError(f"{what} must be text, not {type(text).__name__}")
    return " ".join(text.split())


def _check_length(text: str, limit: int, field: str, message: str) -> str:
    """``text`` unless longer than ``limit``; ``message`` (marked with ``N_``, with ``{count}``
    and ``{limit}``) says it is."""
    if len(text) > limit:
        raise ValidationError(field, _(message).format(count=len(text), limit=limit))
    return text


def _amount_text(amount: Decimal) -> str:
    value = check_decimal(amount)
    if quantize(value, "EUR") != value:
        raise ValidationError(
            "amount", _("{amount} has more than two decimals").format(amount=value)
        )
    if not EPC_MIN_AMOUNT <= value <= EPC_MAX_AMOUNT:
        raise ValidationError(
            "amount",
            _("A payment QR code needs an amount from 0.01 to 999999999.99, not {amount}").format(
                amount=value
            ),
        )
    return "EUR" + format(quantize(value, "EUR"), "f")


def _structured_reference(reference: str) -> str:
    ref = _compact(reference, "reference")
    _check_length(
        ref,
        EPC_REFERENCE_MAX,
        "reference",
        N_("The creditor reference is {count} characters long; a payment QR code allows {limit}"),
    )
    if ref.startswith("RF") and (not _RF_RE.fullmatch(ref) or _mod97(ref) != 1):
        raise ValidationError(
            "reference",
            _("“{reference}” is not a valid RF reference").format(reference=reference.strip()),
        )
    return ref


def epc_qr_payload(
    name: str,
    iban: str,
    amount: Decimal,
    reference: str = "",
    bic: str = "",
    text: str = "",
) -> str:
    """Build the EPC069-12 (version 002) payload of a SEPA credit transfer QR code.

    Args:
        name: The beneficiary (the seller), at most 70 characters; runs of whitespace
            and line breaks become one space.
        iban: The beneficiary's IBAN, spaces allowed.
        amount: Euros, with at most two decimals, from 0.01 to 999999999.99.
        reference: A structured creditor reference (ISO 11649 ``RF...`` or a national
            one), at most 35 characters.  Give this *or* ``text``.
        bic: The beneficiary bank's BIC; optional in version 002.
        text: Unstructured remittance text shown to both parties, such as the invoice
            number, at most 140 characters.

    Raises:
        TypeError: if ``amount`` is a float or the texts are not str.
        ValidationError: for an invalid IBAN or BIC (``field`` ``"iban"``/``"bic"``), an
            empty or too long name (``"name"``), an amount out of range or with more than
            two decimals (``"amount"``), a bad reference or both reference and text
            (``"reference"``), too long a text (``"text"``), or a payload over 331 bytes
            (``"payload"``).
    """
    beneficiary = _one_line(name, "name")
    if not beneficiary:
        raise ValidationError("name", _("A payment QR code needs the beneficiary's name"))
    _check_length(
        beneficiary,
        EPC_NAME_MAX,
        "name",
        N_("The beneficiary name is {count} characters long; a payment QR code allows {limit}"),
    )
    remittance = _one_line(text, "text")
    _check_length(
        remittance,
        EPC_TEXT_MAX,
        "text",
        N_("The payment text is {count} characters long; a payment QR code allows {limit}"),
    )
    structured = _structured_reference(reference) if _one_line(reference, "reference") else ""
    if structured and remittance:
        raise ValidationError(
            "reference",
            _("A payment QR code takes either a structured reference or a text, not both"),
        )
    elements = [
        "BCD",
        "002",
        "1",
        "SCT",
        validate_bic(bic) if _one_line(bic, "BIC") else "",
        beneficiary,
        validate_iban(iban),
        _amount_text(amount),
        "",  # purpose code
        structured,
        remittance,
    ]
    while not elements[-1]:
        elements.pop()
    payload = "\n".join(elements)
    size = len(payload.encode("utf-8"))
    if size > EPC_MAX_BYTES:
        raise ValidationError(
            "payload",
            _("The payment QR code would hold {size} bytes; at most 331 are allowed").format(
                size=size
            ),
        )
    return payload
