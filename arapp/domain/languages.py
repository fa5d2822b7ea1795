# SPDX-License-Identifier: MIT
"""The languages customers are written to in, and which text a message takes.

A customer's ``language`` is an ISO 639-1 code of :data:`LANGUAGES`, or empty: the company's
language. The company's language is the language of its locale (``de_CH`` gives ``de``), or
English when arapp has no such language (``pt_BR``): one setting (Settings ▸ Company, the
locale) says both how amounts look and what the company writes in, so they cannot disagree.

A message's text is looked for in the customer's language, then the company's, then English
(:func:`language_chain`): the owner's own text in that language first, then a built-in one
(:mod:`arapp.domain.texts`). A built-in text in another language stands in only while the
English text is the built-in one: an owner who rewrote the English text (perhaps in their own
language, before arapp had languages) is not overruled by a stock text. English always has a
text: the owner's, else the built-in one (:func:`pick`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeVar

from arapp.domain.errors import ValidationError
from arapp.i18n import _

__all__ = [
    "ENGLISH",
    "LANGUAGES",
    "company_language",
    "language_chain",
    "language_label",
    "pick",
    "validate_language",
]

#: The language every built-in text exists in, and the one a text without a language is in.
ENGLISH = "en"

#: The languages a customer can be written to in: ISO 639-1 code, name in that language.
LANGUAGES: dict[str, str] = {
    "en": "English",
    "de": "Deutsch",
    "fr": "Français",
    "es": "Español",
    "it": "Italiano",
    "nl": "Nederlands",
}

_T = TypeVar("_T")


def validate_language(text: str, field: str = "language") -> str:
    """The code of ``text`` (``"DE"``, ``" de "``, ``"de-CH"`` give ``de``; empty stays empty:
    the company's language), else a ``ValidationError`` listing the codes arapp knows."""
    value = text.strip().replace("_", "-").split("-", 1)[0].lower()
    if value and value not in LANGUAGES:
        known = ", ".join(f"{code} ({name})" for code, name in LANGUAGES.items())
        shown = text.strip()[:20]
        raise ValidationError(
            field,
            _('Unknown language "{language}"; use one of {known}.').format(
                language=shown, known=known
            ),
        )
    return value


def language_label(code: str) -> str:
    """``Deutsch (de)``; empty: ``the company's``."""
    return f"{LANGUAGES[code]} ({code})" if code in LANGUAGES else _("the company's")


def company_language(locale: str) -> str:
    """The language a company with ``locale`` writes in: its language part if arapp has it,
    else English."""
    code = locale.replace("-", "_").split("_", 1)[0].lower()
    return code if code in LANGUAGES else ENGLISH


def language_chain(customer: str, company: str) -> tuple[str, ...]:
    """The languages a text is looked for in, in order: the customer's (empty: the company's),
    the company's, English."""
    return tuple(dict.fromkeys(lang for lang in (customer or company, company, ENGLISH) if lang))


def pick(
    chain: Sequence[str], own: Mapping[str, _T], builtin: Mapping[str, _T], english: _T
) -> tuple[str, _T]:
    """``(language, text)``: the first language of ``chain`` with a text of the owner's
    (``own``) or, while ``english`` is the built-in English text, a built-in one; English
    (``english``) when none has."""
    stock = english == builtin.get(ENGLISH)
    for lang in chain:
        if lang == ENGLISH:
            break
        if lang in own:
            return lang, own[lang]
        if stock and lang in builtin:
            return lang, builtin[lang]
    return ENGLISH, english
