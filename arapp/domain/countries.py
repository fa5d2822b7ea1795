# SPDX-License-Identifier: MIT
"""Countries: the ISO 3166-1 alpha-2 codes, the names an address may end with, and how a
country writes its postcode.

Pure data and small rules, shared by the checks of the company and customer records
(:mod:`arapp.domain.parties`) and the reading and printing of addresses
(:mod:`arapp.domain.addresses`). Names for people (in the person's language) come from Babel,
outside the domain (:func:`arapp.formatting.country_name`).
"""

from __future__ import annotations

from arapp.domain.errors import ValidationError
from arapp.i18n import _

#: The 249 officially assigned ISO 3166-1 alpha-2 codes (ISO 3166 Maintenance Agency; the same
#: set as CLDR's regions less its private and grouping codes).
ISO_COUNTRIES = frozenset(
    """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR
    BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ
    EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW
    GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY
    KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV
    MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY
    QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG
    TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM
    ZW
    """.split()  # noqa: SIM905 (a code list, as published)
)

#: Country names an address's last line may hold (folded: lower case, no dots), in English and
#: the country's own language, for the countries arapp's shops trade with most.
COUNTRY_NAMES = {
    name: code
    for code, names in {
        "IE": ("ireland", "eire", "éire", "republic of ireland"),
        "GB": ("united kingdom", "uk", "great britain", "england", "scotland", "wales",
               "northern ireland", "gb"),
        "US": ("united states", "united states of america", "usa", "us"),
        "CA": ("canada",),
        "AU": ("australia",),
        "NZ": ("new zealand",),
        "DE": ("germany", "deutschland"),
        "AT": ("austria", "österreich", "oesterreich"),
        "CH": ("switzerland", "schweiz", "suisse", "svizzera"),
        "FR": ("france",),
        "BE": ("belgium", "belgique", "belgië", "belgie"),
        "NL": ("netherlands", "the netherlands", "nederland", "holland"),
        "LU": ("luxembourg", "luxemburg"),
        "IT": ("italy", "italia"),
        "ES": ("spain", "españa", "espana"),
        "PT": ("portugal",),
        "DK": ("denmark", "danmark"),
        "SE": ("sweden", "sverige"),
        "NO": ("norway", "norge"),
        "FI": ("finland", "suomi"),
        "PL": ("poland", "polska"),
        "CZ": ("czech republic", "czechia", "česko", "česká republika"),
        "SK": ("slovakia", "slovensko"),
        "HU": ("hungary", "magyarország"),
        "GR": ("greece", "ελλάδα"),
        "RO": ("romania", "românia"),
        "HR": ("croatia", "hrvatska"),
        "SI": ("slovenia", "slovenija"),
        "EE": ("estonia", "eesti"),
        "LV": ("latvia", "latvija"),
        "LT": ("lithuania", "lietuva"),
        "MT": ("malta",),
        "CY": ("cyprus",),
        "BG": ("bulgaria",),
        "IS": ("iceland", "ísland"),
    }.items()
    for name in names
}  # fmt: skip

#: A postcode per country as it is written (the common ones); any other country: 3 to 10
#: letters and digits that hold a digit.
POSTCODE_PATTERNS = {
    "DE": r"\d{5}", "FR": r"\d{5}", "IT": r"\d{5}", "ES": r"\d{5}", "FI": r"\d{5}",
    "EE": r"\d{5}", "HR": r"\d{5}", "GR": r"\d{3} ?\d{2}", "US": r"\d{5}(?:-\d{4})?",
    "AT": r"\d{4}", "CH": r"\d{4}", "BE": r"\d{4}", "DK": r"\d{4}", "NO": r"\d{4}",
    "HU": r"\d{4}", "SI": r"\d{4}", "BG": r"\d{4}", "CY": r"\d{4}", "AU": r"\d{4}",
    "NZ": r"\d{4}", "LU": r"(?:L-)?\d{4}", "LV": r"(?:LV-)?\d{4}", "LT": r"(?:LT-)?\d{5}",
    "NL": r"\d{4} ?[A-Z]{2}", "PL": r"\d{2}-\d{3}", "PT": r"\d{4}-\d{3}",
    "SE": r"\d{3} ?\d{2}", "CZ": r"\d{3} ?\d{2}", "SK": r"\d{3} ?\d{2}", "RO": r"\d{6}",
    "IS": r"\d{3}", "MT": r"[A-Z]{3} ?\d{4}",
    "IE": r"[AC-FHKNPRTV-Y]\d[0-9W] ?[0-9AC-FHKNPRTV-Y]{4}",
    "GB": r"[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}",
    "CA": r"[A-Z]\d[A-Z] ?\d[A-Z]\d",
}  # fmt: skip
OTHER_POSTCODE = r"(?=[A-Z\d -]*\d)[A-Z\d][A-Z\d -]{1,8}[A-Z\d]"

#: Countries where the postcode follows the town (on its line, or on a line of its own);
#: everywhere else it comes first ("10117 Berlin").
CITY_FIRST = frozenset({"US", "CA", "AU", "GB", "IE", "MT"})
#: Countries where the postcode goes on a line of its own under the town.
POSTCODE_OWN_LINE = frozenset({"GB", "IE", "MT"})
#: Countries where an address is complete without a postcode (Eircodes are new and often
#: missing).
POSTCODE_OPTIONAL = frozenset({"IE", "HK", "AE", "QA"})


def postcode_pattern(country: str) -> str:
    """The regular expression of a postcode of ``country``."""
    return POSTCODE_PATTERNS.get(country, OTHER_POSTCODE)


def country_code(name: str) -> str | None:
    """The code of a country named by ``name`` (a known name or an ISO code), else ``None``."""
    folded = " ".join(name.replace(".", "").casefold().split())
    if folded in COUNTRY_NAMES:
        return COUNTRY_NAMES[folded]
    upper = folded.upper()
    return upper if len(upper) == 2 and upper in ISO_COUNTRIES else None


def validate_country(text: str, field: str = "country") -> str:
    """An ISO 3166-1 alpha-2 code, upper-cased; empty stays empty.

    Raises:
        ValidationError: naming ``field`` when it is no such code.
    """
    code = text.strip().upper()
    if not code:
        return ""
    if code not in ISO_COUNTRIES:
        found = country_code(text)
        message = (
            _(
                "“{text}” is not a country code: use the two letters of ISO 3166, such as IE, "
                "DE or FR (for {text}: {code})."
            )
            if found
            else _(
                "“{text}” is not a country code: use the two letters of ISO 3166, such as IE, "
                "DE or FR."
            )
        )
        raise ValidationError(field, message.format(text=text.strip(), code=found))
    return code
