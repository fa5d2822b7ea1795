# SPDX-License-Identifier: MIT
"""The checks of the fields an e-invoice needs of the seller and the buyer: VAT id, electronic
address and its scheme, buyer reference, how and where invoices go.

Pure functions: each takes what was typed and returns the value to store, or raises
:class:`~arapp.domain.errors.ValidationError` naming the field with a message that says the
expected form. Countries are in :mod:`arapp.domain.countries`.
"""

from __future__ import annotations

import re
from enum import StrEnum

from arapp.domain.customer import validate_email
from arapp.domain.errors import ValidationError
from arapp.domain.text import refuse_unsafe
from arapp.i18n import N_, _

__all__ = [
    "BUYER_REFERENCE_MAX",
    "EAS_CODES",
    "PEPPOL_EAS_CODES",
    "Delivery",
    "EInvoiceFormat",
    "delivery_summary",
    "validate_buyer_reference",
    "validate_electronic_address",
    "validate_email_list",
    "validate_identifier",
    "validate_scheme",
    "validate_vat_id",
]


class Delivery(StrEnum):
    """How a customer's invoices go out; the value is what is stored."""

    EMAIL_PDF = "email-pdf"
    EMAIL_EINVOICE = "email-einvoice"
    PRINT = "print"

    @property
    def label(self) -> str:
        """The way in words, in the person's language (the books keep :attr:`value`)."""
        return _(
            {
                Delivery.EMAIL_PDF: N_("E-mail with PDF"),
                Delivery.EMAIL_EINVOICE: N_("E-mail with e-invoice"),
                Delivery.PRINT: N_("Print and post"),
            }[self]
        )


class EInvoiceFormat(StrEnum):
    """The e-invoice a customer takes; the value is what is stored."""

    FACTURX = "facturx"
    XRECHNUNG_CII = "xrechnung-cii"
    XRECHNUNG_UBL = "xrechnung-ubl"
    PEPPOL = "peppol"

    @property
    def label(self) -> str:
        """The format's name, in the person's language (the books keep :attr:`value`)."""
        return _(
            {
                EInvoiceFormat.FACTURX: N_("Factur-X / ZUGFeRD (PDF)"),
                EInvoiceFormat.XRECHNUNG_CII: N_("XRechnung (CII)"),
                EInvoiceFormat.XRECHNUNG_UBL: N_("XRechnung (UBL)"),
                EInvoiceFormat.PEPPOL: N_("Peppol BIS 3 (UBL)"),
            }[self]
        )


def delivery_summary(
    delivery: str, einvoice_format: str, to: str, cc: str = "", buyer_reference: str = ""
) -> str:
    """How and where a customer's invoices go, in one short line ("E-mail with e-invoice,
    XRechnung (CII) to ap@x.example; copy to boss@x.example; buyer reference 991-1")."""
    try:
        how = Delivery(delivery or Delivery.EMAIL_PDF).label
    except ValueError:
        how = delivery
    if delivery == Delivery.PRINT:
        return how
    if delivery == Delivery.EMAIL_EINVOICE:
        try:
            how += f", {EInvoiceFormat(einvoice_format or EInvoiceFormat.FACTURX).label}"
        except ValueError:
            how += f", {einvoice_format}"
    parts = [
        _("{how} to {address}").format(how=how, address=to)
        if to
        else _("{how}: no e-mail address yet").format(how=how)
    ]
    if cc:
        parts.append(_("copy to {address}").format(address=cc))
    if buyer_reference:
        parts.append(_("buyer reference {reference}").format(reference=buyer_reference))
    return "; ".join(parts)


def _choice(enum: type[StrEnum], field: str, message: str, text: str) -> str:
    """The value of ``enum`` that ``text`` is; ``message`` (marked with ``N_``, with ``{text}``
    and ``{allowed}``) says it is none."""
    value = text.strip().lower()
    if not value:
        return str(next(iter(enum)))
    if value not in {e.value for e in enum}:
        allowed = ", ".join(e.value for e in enum)
        raise ValidationError(field, _(message).format(text=text.strip(), allowed=allowed))
    return value


def validate_delivery(text: str) -> str:
    """``email-pdf`` (also for empty), ``email-einvoice`` or ``print``."""
    return _choice(
        Delivery, "delivery", N_("“{text}” is not a way of delivery; use one of {allowed}."), text
    )


def validate_einvoice_format(text: str) -> str:
    """``facturx`` (also for empty), ``xrechnung-cii``, ``xrechnung-ubl`` or ``peppol``."""
    return _choice(
        EInvoiceFormat,
        "einvoice_format",
        N_("“{text}” is not an e-invoice format; use one of {allowed}."),
        text,
    )


#: The Electronic Address Scheme (EAS) codes an electronic address (BT-34, BT-49) may name, as
#: the CEN EN 16931 rules 1.3.16 accept them (rule BR-CL-25; ConnectingEurope/eInvoicing-EN16931,
#: the CEF EAS code list): ISO 6523 ICDs (0088 GLN, 0184 Danish CVR, 0192 Norwegian org. no.,
#: 0195 Singapore UEN, 0196 Icelandic kennitala, 0204 German Leitweg-ID, 0208 Belgian enterprise
#: no., 0209 GS1), the national VAT-style ids 99xx, and EM for an e-mail address.
EAS_CODES = frozenset(
    """
    0002 0007 0009 0037 0060 0088 0096 0097 0106 0130 0135 0142 0147 0151 0154 0158 0170 0177
    0183 0184 0188 0190 0191 0192 0193 0194 0195 0196 0198 0199 0200 0201 0202 0203 0204 0205
    0208 0209 0210 0211 0212 0213 0215 0216 0217 0218 0219 0220 0221 0225 0230 0235 0240 0242
    0244 0245 0246 0248 9910 9913 9914 9915 9918 9919 9920 9922 9923 9924 9925 9926 9927 9928
    9929 9930 9931 9932 9933 9934 9935 9936 9937 9938 9939 9940 9941 9942 9943 9944 9945 9946
    9947 9948 9949 9950 9951 9952 9953 9957 9959 AN AQ AS AU EM
    """.split()  # noqa: SIM905 (a code list, as published)
)

#: The EAS codes Peppol BIS Billing 3.0.19 accepts for an electronic address (its rule
#: PEPPOL-EN16931-CL008): participant ids only, so no e-mail (EM) and none of AN AQ AS AU.
PEPPOL_EAS_CODES = frozenset(
    """
    0002 0007 0009 0037 0060 0088 0096 0097 0106 0130 0135 0142 0147 0151 0154 0158 0170 0177
    0183 0184 0188 0190 0191 0192 0193 0194 0195 0196 0198 0199 0200 0201 0202 0203 0204 0205
    0208 0209 0210 0211 0212 0213 0215 0216 0217 0218 0221 0225 0230 0235 0240 9910 9913 9914
    9915 9918 9919 9920 9922 9923 9924 9925 9926 9927 9928 9929 9930 9931 9932 9933 9934 9935
    9936 9937 9938 9939 9940 9941 9942 9943 9944 9945 9946 9947 9948 9949 9950 9951 9952 9953
    9957 9959
    """.split()  # noqa: SIM905 (a code list, as published)
)

#: Leitweg-ID (XRechnung's buyer reference, EAS 0204): coarse address (2-12 digits), an
#: optional fine address (up to 30 letters and digits), two check digits.
LEITWEG_RE = re.compile(r"\d{2,12}(?:-[A-Za-z0-9]{1,30})?-\d{2}")
BUYER_REFERENCE_MAX = 100
IDENTIFIER_MAX = 100


def validate_scheme(text: str, field: str = "electronic_address_scheme") -> str:
    """An EAS code (``0088``, ``0204``, ``EM``...); empty stays empty."""
    code = text.strip().upper()
    if code and code not in EAS_CODES:
        raise ValidationError(
            field,
            _(
                "“{text}” is not an electronic address scheme: use an EAS code such as "
                "EM (e-mail), 0088 (GLN), 0204 (Leitweg-ID) or 9930 (German VAT id)."
            ).format(text=text.strip()),
        )
    return code


def _gln_ok(digits: str) -> bool:
    """The GS1 check digit of a 13-digit GLN."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits[:12]))
    return (10 - total % 10) % 10 == int(digits[12])


def validate_electronic_address(
    address: str, scheme: str, field: str = "electronic_address"
) -> str:
    """The electronic address, checked against its scheme where the form is simple: EM an
    e-mail, 0088 a GLN (13 digits, check digit), 0204 a Leitweg-ID. An address needs a
    scheme."""
    value = refuse_unsafe(field, _("The electronic address"), address.strip())
    if not value:  # a scheme alone is kept (it may be chosen first), and means nothing
        return ""
    if not scheme:
        raise ValidationError(
            field + "_scheme" if field == "electronic_address" else field,
            _("Choose the scheme of the electronic address (EM for an e-mail address)."),
        )
    if len(value) > IDENTIFIER_MAX:
        raise ValidationError(
            field,
            _("The electronic address is longer than {most}.").format(most=IDENTIFIER_MAX),
        )
    if scheme == "EM":
        try:
            value = validate_email(value)
        except ValidationError:
            raise ValidationError(
                field,
                _("“{address}” is not an e-mail address (scheme EM is e-mail).").format(
                    address=value
                ),
            ) from None
        if "," in value:
            raise ValidationError(field, _("One e-mail address only (scheme EM)."))
    elif scheme == "0088":
        if not re.fullmatch(r"\d{13}", value) or not _gln_ok(value):
            raise ValidationError(
                field,
                _("“{address}” is not a GLN: 13 digits, the last a check digit.").format(
                    address=value
                ),
            )
    elif scheme == "0204":
        if not LEITWEG_RE.fullmatch(value):
            raise ValidationError(
                field,
                _(
                    "“{address}” is not a Leitweg-ID: digits, an optional part, and two check "
                    "digits, such as 991-12345-67."
                ).format(address=value),
            )
    elif " " in value:
        raise ValidationError(field, _("An electronic address has no spaces."))
    return value


def validate_buyer_reference(text: str) -> str:
    """Free text up to :data:`BUYER_REFERENCE_MAX` characters (for XRechnung the Leitweg-ID)."""
    value = refuse_unsafe("buyer_reference", _("The buyer reference"), text.strip())
    if len(value) > BUYER_REFERENCE_MAX:
        raise ValidationError(
            "buyer_reference",
            _("The buyer reference is longer than {most}.").format(most=BUYER_REFERENCE_MAX),
        )
    return value


def validate_identifier(field: str, label: str, text: str) -> str:
    """A registration number and the like: one line, up to :data:`IDENTIFIER_MAX`."""
    value = refuse_unsafe(field, label, " ".join(text.split()))
    if len(value) > IDENTIFIER_MAX:
        raise ValidationError(
            field,
            _("{label} is longer than {most} characters.").format(label=label, most=IDENTIFIER_MAX),
        )
    return value


def validate_email_list(field: str, text: str) -> str:
    """One or more e-mail addresses (``,`` or ``;`` between them), as :func:`validate_email`
    stores them; the message names ``field``."""
    try:
        return validate_email(text)
    except ValidationError as exc:
        raise ValidationError(field, exc.message) from None


#: EU VAT ids (and XI, Northern Ireland): the part after the prefix, and its form in words.
#: Basic forms only (no check digits); from the European Commission's VIES help. The forms are
#: in English (marked: :func:`validate_vat_id` translates them).
EU_VAT = {
    "AT": (r"U\d{8}", N_("ATU and 8 digits")),
    "BE": (r"[01]\d{9}", N_("BE and 10 digits starting with 0 or 1")),
    "BG": (r"\d{9,10}", N_("BG and 9 or 10 digits")),
    "CY": (r"\d{8}[A-Z]", N_("CY, 8 digits and a letter")),
    "CZ": (r"\d{8,10}", N_("CZ and 8 to 10 digits")),
    "DE": (r"\d{9}", N_("DE and 9 digits")),
    "DK": (r"\d{8}", N_("DK and 8 digits")),
    "EE": (r"\d{9}", N_("EE and 9 digits")),
    "EL": (r"\d{9}", N_("EL and 9 digits")),
    "ES": (
        r"[A-Z0-9]\d{7}[A-Z0-9]",
        N_("ES and 9 characters, the first and last a letter or digit"),
    ),
    "FI": (r"\d{8}", N_("FI and 8 digits")),
    "FR": (r"[A-HJ-NP-Z0-9]{2}\d{9}", N_("FR, 2 letters or digits, and 9 digits")),
    "HR": (r"\d{11}", N_("HR and 11 digits")),
    "HU": (r"\d{8}", N_("HU and 8 digits")),
    "IE": (r"\d{7}[A-Z]{1,2}|\d[A-Z+*]\d{5}[A-Z]", N_("IE, 7 digits and 1 or 2 letters")),
    "IT": (r"\d{11}", N_("IT and 11 digits")),
    "LT": (r"\d{9}|\d{12}", N_("LT and 9 or 12 digits")),
    "LU": (r"\d{8}", N_("LU and 8 digits")),
    "LV": (r"\d{11}", N_("LV and 11 digits")),
    "MT": (r"\d{8}", N_("MT and 8 digits")),
    "NL": (r"\d{9}B\d{2}", N_("NL, 9 digits, B and 2 digits")),
    "PL": (r"\d{10}", N_("PL and 10 digits")),
    "PT": (r"\d{9}", N_("PT and 9 digits")),
    "RO": (r"\d{2,10}", N_("RO and 2 to 10 digits")),
    "SE": (r"\d{10}01", N_("SE and 12 digits ending in 01")),
    "SI": (r"\d{8}", N_("SI and 8 digits")),
    "SK": (r"\d{10}", N_("SK and 10 digits")),
    "XI": (r"\d{9}|\d{12}|GD\d{3}|HA\d{3}", N_("XI and 9 or 12 digits")),
}
_TIDY = re.compile(r"[\s.\-]")


def validate_vat_id(text: str, field: str = "tax_id") -> str:
    """A VAT id. One that starts with an EU country's prefix must have that country's form
    (stored without spaces or dots, upper case); any other tax number is kept as typed (one
    line, up to 50 characters)."""
    value = refuse_unsafe(field, _("The VAT id"), " ".join(text.split()))
    if len(value) > 50:
        raise ValidationError(field, _("The VAT id is longer than 50 characters."))
    compact = _TIDY.sub("", value).upper()
    prefix = compact[:2]
    if prefix == "GR" and compact[2:].isdigit():
        raise ValidationError(field, _("A Greek VAT id starts with EL (not GR): EL and 9 digits."))
    if prefix in EU_VAT and re.fullmatch(r"[A-Z]{2}[A-Z0-9+*]*\d[A-Z0-9+*]*", compact):
        pattern, form = EU_VAT[prefix]
        if not re.fullmatch(pattern, compact[2:]):
            raise ValidationError(
                field,
                _("“{vat_id}” is not a VAT id of {country}: it is {form}.").format(
                    vat_id=value, country=prefix, form=_(form)
                ),
            )
        return compact
    return value
