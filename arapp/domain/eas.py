# SPDX-License-Identifier: MIT
"""Plain names of the electronic address schemes (EAS codes) a person picks from.

Which codes are accepted is :data:`arapp.domain.parties.EAS_CODES` (the CEF EAS code list as the
EN 16931 rules take it); this module only names them for a list to choose from: the common ones
first, then every other accepted code in order. A code named here by its country's VAT number is
that country's VAT identifier used as an address.
"""

from __future__ import annotations

from arapp.domain.parties import EAS_CODES

#: Codes shown first, in this order: what most shops use.
COMMON = ("EM", "0088", "0204", "9930", "0208", "0192", "0184", "9957", "0009", "0106")

_VAT = {
    "9910": "Hungary", "9922": "Andorra", "9923": "Albania", "9924": "Bosnia and Herzegovina",
    "9925": "Belgium", "9926": "Bulgaria", "9927": "Switzerland", "9928": "Cyprus",
    "9929": "Czech Republic", "9930": "Germany", "9931": "Estonia", "9932": "United Kingdom",
    "9933": "Greece", "9934": "Croatia", "9935": "Ireland", "9936": "Liechtenstein",
    "9937": "Lithuania", "9938": "Luxembourg", "9939": "Latvia", "9940": "Monaco",
    "9941": "Montenegro", "9942": "North Macedonia", "9943": "Malta", "9944": "Netherlands",
    "9945": "Poland", "9946": "Portugal", "9947": "Romania", "9948": "Serbia",
    "9949": "Slovenia", "9950": "Slovakia", "9951": "San Marino", "9952": "Turkey",
    "9953": "Vatican City", "9957": "France", "9914": "Austria",
}  # fmt: skip

NAMES: dict[str, str] = {
    "EM": "e-mail address",
    "0002": "SIRENE number (France)",
    "0007": "organisation number (Sweden)",
    "0009": "SIRET number (France)",
    "0037": "LY-tunnus business id (Finland)",
    "0060": "DUNS number",
    "0088": "GLN (Global Location Number)",
    "0096": "P-number (Denmark)",
    "0106": "Chamber of Commerce number, KvK (Netherlands)",
    "0151": "Australian Business Number, ABN",
    "0183": "UID business number (Switzerland)",
    "0184": "CVR number (Denmark)",
    "0188": "corporate number (Japan)",
    "0190": "OIN (Netherlands, government)",
    "0191": "company code (Estonia)",
    "0192": "organisation number (Norway)",
    "0195": "UEN (Singapore)",
    "0196": "kennitala (Iceland)",
    "0199": "LEI (Legal Entity Identifier)",
    "0200": "legal entity code (Lithuania)",
    "0201": "IPA office code (Italy)",
    "0204": "Leitweg-ID (Germany)",
    "0208": "enterprise number (Belgium)",
    "0209": "GS1 identification key",
    "0210": "codice fiscale (Italy)",
    "0211": "partita IVA (Italy)",
    "0212": "organisation id (Finland)",
    "0213": "VAT number (Finland)",
    "0216": "OVT code (Finland)",
    "9919": "company register number (Austria)",
    "9920": "tax agency id (Spain)",
    "9959": "EIN (USA)",
    "AN": "OFTP (ODETTE file transfer)",
    "AQ": "X.400 address",
    "AS": "AS2 exchange",
    "AU": "file transfer (FTP)",
    **{code: f"VAT number ({country})" for code, country in _VAT.items()},
}


def scheme_label(code: str) -> str:
    """``0088 – GLN (Global Location Number)``; a code without a plain name shows alone."""
    name = NAMES.get(code)
    return f"{code} – {name}" if name else f"{code} (see the EAS code list)"


def scheme_choices() -> list[tuple[str, str]]:
    """``(code, label)`` of every accepted code: the common ones first, then the others."""
    rest = sorted(EAS_CODES - set(COMMON), key=lambda c: (not c.isdigit(), c))
    return [(code, scheme_label(code)) for code in (*COMMON, *rest)]
