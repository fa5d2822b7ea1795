# SPDX-License-Identifier: MIT
"""Plain names of the electronic address schemes (EAS codes) a person picks from.

Which codes are accepted is :data:`arapp.domain.parties.EAS_CODES` (the CEF EAS code list as the
EN 16931 rules take it); this module only names them for a list to choose from: the common ones
first, then every other accepted code in order. A code named here by its country's VAT number is
that country's VAT identifier used as an address.
"""

from __future__ import annotations

from arapp.domain.parties import EAS_CODES
from arapp.i18n import N_, _

#: Codes shown first, in this order: what most shops use.
COMMON = ("EM", "0088", "0204", "9930", "0208", "0192", "0184", "9957", "0009", "0106")

_VAT = {
    "9910": N_("Hungary"),
    "9922": N_("Andorra"),
    "9923": N_("Albania"),
    "9924": N_("Bosnia and Herzegovina"),
    "9925": N_("Belgium"),
    "9926": N_("Bulgaria"),
    "9927": N_("Switzerland"),
    "9928": N_("Cyprus"),
    "9929": N_("Czech Republic"),
    "9930": N_("Germany"),
    "9931": N_("Estonia"),
    "9932": N_("United Kingdom"),
    "9933": N_("Greece"),
    "9934": N_("Croatia"),
    "9935": N_("Ireland"),
    "9936": N_("Liechtenstein"),
    "9937": N_("Lithuania"),
    "9938": N_("Luxembourg"),
    "9939": N_("Latvia"),
    "9940": N_("Monaco"),
    "9941": N_("Montenegro"),
    "9942": N_("North Macedonia"),
    "9943": N_("Malta"),
    "9944": N_("Netherlands"),
    "9945": N_("Poland"),
    "9946": N_("Portugal"),
    "9947": N_("Romania"),
    "9948": N_("Serbia"),
    "9949": N_("Slovenia"),
    "9950": N_("Slovakia"),
    "9951": N_("San Marino"),
    "9952": N_("Turkey"),
    "9953": N_("Vatican City"),
    "9957": N_("France"),
    "9914": N_("Austria"),
}

#: Plain names of the codes, in English (marked: :func:`scheme_label` translates them); the
#: codes of :data:`_VAT` are named by their country's VAT number.
NAMES: dict[str, str] = {
    "EM": N_("e-mail address"),
    "0002": N_("SIRENE number (France)"),
    "0007": N_("organisation number (Sweden)"),
    "0009": N_("SIRET number (France)"),
    "0037": N_("LY-tunnus business id (Finland)"),
    "0060": N_("DUNS number"),
    "0088": N_("GLN (Global Location Number)"),
    "0096": N_("P-number (Denmark)"),
    "0106": N_("Chamber of Commerce number, KvK (Netherlands)"),
    "0151": N_("Australian Business Number, ABN"),
    "0183": N_("UID business number (Switzerland)"),
    "0184": N_("CVR number (Denmark)"),
    "0188": N_("corporate number (Japan)"),
    "0190": N_("OIN (Netherlands, government)"),
    "0191": N_("company code (Estonia)"),
    "0192": N_("organisation number (Norway)"),
    "0195": N_("UEN (Singapore)"),
    "0196": N_("kennitala (Iceland)"),
    "0199": N_("LEI (Legal Entity Identifier)"),
    "0200": N_("legal entity code (Lithuania)"),
    "0201": N_("IPA office code (Italy)"),
    "0204": N_("Leitweg-ID (Germany)"),
    "0208": N_("enterprise number (Belgium)"),
    "0209": N_("GS1 identification key"),
    "0210": N_("codice fiscale (Italy)"),
    "0211": N_("partita IVA (Italy)"),
    "0212": N_("organisation id (Finland)"),
    "0213": N_("VAT number (Finland)"),
    "0216": N_("OVT code (Finland)"),
    "9919": N_("company register number (Austria)"),
    "9920": N_("tax agency id (Spain)"),
    "9959": N_("EIN (USA)"),
    "AN": N_("OFTP (ODETTE file transfer)"),
    "AQ": N_("X.400 address"),
    "AS": N_("AS2 exchange"),
    "AU": N_("file transfer (FTP)"),
}


def scheme_label(code: str) -> str:
    """``0088 – GLN (Global Location Number)``; a code without a plain name shows alone."""
    if code in _VAT:
        name = _("VAT number ({country})").format(country=_(_VAT[code]))
    elif code in NAMES:
        name = _(NAMES[code])
    else:
        return _("{code} (see the EAS code list)").format(code=code)
    return f"{code} – {name}"


def scheme_choices() -> list[tuple[str, str]]:
    """``(code, label)`` of every accepted code: the common ones first, then the others."""
    rest = sorted(EAS_CODES - set(COMMON), key=lambda c: (not c.isdigit(), c))
    return [(code, scheme_label(code)) for code in (*COMMON, *rest)]
