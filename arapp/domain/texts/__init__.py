# SPDX-License-Identifier: MIT
"""The built-in texts of customer messages, per language: one module per language
(:mod:`arapp.domain.texts.en`), listed here by its code. A language without a module has no
built-in texts: its customers get the owner's texts in it, else the company's, else English
(:func:`arapp.domain.languages.pick`).
"""

from __future__ import annotations

from collections.abc import Sequence
from types import ModuleType

from arapp.domain.languages import ENGLISH, pick
from arapp.domain.reminders import DEFAULT_LEVELS, ReminderLevel
from arapp.domain.texts import en

__all__ = ["DOCUMENT_MAIL", "DOCUMENT_WORDS", "REMINDERS", "document_word", "level_texts"]


#: The language modules (adding a language's texts: its module, and its line here).
_BY_LANGUAGE: dict[str, ModuleType] = {"en": en}

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
