# SPDX-License-Identifier: MIT
"""The built-in texts of customer messages and documents, per language: one module per
language (:mod:`arapp.domain.texts.en`, ``de``, ``fr``, ``es``, ``it``, ``nl``), listed here by
its code. A language without a module has no built-in texts: its customers get the owner's texts
in it, else the company's, else English (:func:`arapp.domain.languages.pick`).

:data:`WORDS` are the words printed on the documents and the phrases the reminder texts are
filled with; a document is printed with :class:`Words` (a language's words with the owner's
own, :mod:`arapp.services.document_words`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import ModuleType

from arapp.domain.aging import AgingBucket
from arapp.domain.languages import ENGLISH, pick
from arapp.domain.reminders import DEFAULT_LEVELS, ReminderLevel
from arapp.domain.terms import PaymentTerms, TermsKind
from arapp.domain.texts import de, en, es, fr, it, nl

__all__ = [
    "DOCUMENT_MAIL",
    "DOCUMENT_WORDS",
    "ENGLISH_WORDS",
    "REMINDERS",
    "WORDS",
    "Words",
    "bucket_label",
    "describe_terms",
    "document_word",
    "level_texts",
    "words_for",
]


#: The language modules (adding a language's texts: its module, and its line here).
_BY_LANGUAGE: dict[str, ModuleType] = {"en": en, "de": de, "fr": fr, "es": es, "it": it, "nl": nl}

#: Per language, the subject or body (``(kind, part)``) of each document e-mail.
DOCUMENT_MAIL: dict[str, dict[tuple[str, str], str]] = {
    code: dict(module.DOCUMENT_MAIL)
    for code, module in _BY_LANGUAGE.items()
    if getattr(module, "DOCUMENT_MAIL", None)
}

#: Per language, what ``$document`` says for each kind of document.
DOCUMENT_WORDS: dict[str, dict[str, str]] = {
    code: dict(module.DOCUMENT_WORDS)
    for code, module in _BY_LANGUAGE.items()
    if getattr(module, "DOCUMENT_WORDS", None)
}

#: Per language, the subject and body of each level of the standard reminder ladder.
REMINDERS: dict[str, dict[int, tuple[str, str]]] = {
    code: dict(module.REMINDERS)
    for code, module in _BY_LANGUAGE.items()
    if getattr(module, "REMINDERS", None)
}
REMINDERS[ENGLISH] = {lv.level: (lv.subject, lv.body) for lv in DEFAULT_LEVELS}

#: Per language, every word printed on the documents and the phrases of reminder texts.
WORDS: dict[str, dict[str, str]] = {
    code: dict(module.WORDS) for code, module in _BY_LANGUAGE.items() if hasattr(module, "WORDS")
}


@dataclass(frozen=True)
class Words:
    """The words a document is printed with, in one language.

    Attributes:
        language: Their language (ISO 639-1).
        own: The owner's own words in it (Settings ▸ Document words), by key; the others are
            the built-in ones of the language, else English.
    """

    language: str = ENGLISH
    own: Mapping[str, str] = field(default_factory=dict)

    def __call__(self, key: str, **values: object) -> str:
        """The word ``key``, its ``$name`` placeholders filled with ``values``."""
        text = self.own.get(key) or WORDS.get(self.language, {}).get(key) or WORDS[ENGLISH][key]
        if not values:
            return text
        return _PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), text)

    def join(self, parts: Sequence[str]) -> str:
        """``a``, ``a and b``, ``a, b and c`` (with this language's "and")."""
        if len(parts) <= 1:
            return "".join(parts)
        return ", ".join(parts[:-1]) + f" {self('and')} " + parts[-1]


def describe_terms(terms: PaymentTerms, words: Words) -> str:
    """The payment terms in ``words``' language, for a printed invoice (English:
    :meth:`arapp.domain.terms.PaymentTerms.describe`)."""

    def days(count: int) -> str:
        return words("one_day") if count == 1 else words("days", count=count)

    if terms.kind is TermsKind.DUE_ON_RECEIPT or (terms.kind is TermsKind.NET and terms.days == 0):
        sentence = words("terms_on_receipt")
    elif terms.kind is TermsKind.NET:
        sentence = words("terms_net", days=days(terms.days))
    elif terms.days == 0:
        sentence = words("terms_end_of_month")
    else:
        sentence = words("terms_end_of_month_plus", days=days(terms.days))
    if terms.has_discount:
        percent = format(terms.discount_percent.normalize(), "f")
        if terms.discount_days == 0:
            sentence += " " + words("terms_discount_same_day", percent=percent)
        else:
            sentence += " " + words(
                "terms_discount", percent=percent, days=days(terms.discount_days)
            )
    return sentence


#: English, as the owner has not changed it (what a document prints when given no words).
ENGLISH_WORDS = Words()


def bucket_label(bucket: AgingBucket, words: Words) -> str:
    """The heading of an aging column: "Current" in ``words``' language, else its days."""
    return words("current") if bucket is AgingBucket.CURRENT else bucket.english_label


_PLACEHOLDER = re.compile(r"\$(\w+)")


def words_for(language: str, own: Mapping[str, str] | None = None) -> Words:
    """The words of ``language`` (English when arapp has none in it) with the owner's own."""
    return Words(language if language in WORDS else ENGLISH, dict(own or {}))


def level_texts(level: ReminderLevel, chain: Sequence[str]) -> tuple[str, str, str]:
    """``(language, subject, body)`` of ``level`` for a customer read by ``chain``: the owner's
    text in the first language of it that has one, a built-in one (:mod:`arapp.domain.texts`)
    while the level's English text is the built-in one, else the level's own."""
    own = {t.language: (t.subject, t.body) for t in level.texts}
    builtin = {
        lang: by_level[level.level]
        for lang, by_level in REMINDERS.items()
        if level.level in by_level
    }
    language, (subject, body) = pick(chain, own, builtin, (level.subject, level.body))
    return language, subject, body


def document_word(kind: str, language: str) -> str:
    """What ``$document`` says for ``kind`` in ``language`` (English where it has no word)."""
    return DOCUMENT_WORDS.get(language, DOCUMENT_WORDS[ENGLISH]).get(
        kind, DOCUMENT_WORDS[ENGLISH][kind]
    )
