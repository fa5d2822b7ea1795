# SPDX-License-Identifier: MIT
"""The words documents are printed with, in each language, as the owner keeps them.

Every word printed on an invoice, credit note, fee document, statement, reminder letter and the
aging report is a document word (:data:`arapp.domain.texts.WORDS`): arapp has its own in every
language of :data:`arapp.domain.languages.LANGUAGES`; the owner may change any of them per
language (Settings ▸ Document words, or ``arapp config set words.invoice "Bill" --language
en``). They are settings (:func:`arapp.services.settings.word_setting`): ``words.invoice`` in
English, ``words.invoice.de`` in German; a setting left empty, or never set, is arapp's word.

Which language a document is printed in: the customer's, else the company's (a customer's
documents, :func:`customer_language`); the company's for what is the owner's own (the aging
report). An issued invoice keeps its language and the owner's words of the day in its face
(:mod:`arapp.services.issued_faces`), so it reprints as issued.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from arapp.db.models import Company, Setting
from arapp.domain.languages import ENGLISH, LANGUAGES, company_language
from arapp.domain.texts import WORDS, Words, words_for
from arapp.services.context import AppContext
from arapp.services.events import Change, Entity
from arapp.services.settings import word_setting

__all__ = [
    "customer_language",
    "footer_in",
    "footer_in_words",
    "own_words",
    "read_own_words",
    "read_words",
    "set_words",
    "word_key",
    "words_in",
]


def word_key(name: str, language: str) -> str:
    """``words.invoice`` (English) or ``words.invoice.de``."""
    return f"words.{name}" if language == ENGLISH else f"words.{name}.{language}"


def customer_language(company: Company | None, language: str) -> str:
    """The language a customer's documents are printed in: theirs (``language``), else the
    company's."""
    return language or company_language(company.locale if company is not None else "en_US")


def footer_in(session: Session, footer: str, company: Company | None, language: str) -> str:
    """``footer`` for a customer whose language is ``language``: arapp's own footer ("Thank you
    for your business.") in their language, any other footer as the owner wrote it."""
    if footer.strip() != WORDS[ENGLISH]["footer_thanks"]:
        return footer
    return read_words(session, customer_language(company, language))("footer_thanks")


def footer_in_words(footer: str, words: Words) -> str:
    """:func:`footer_in` when the words are read already."""
    return words("footer_thanks") if footer.strip() == WORDS[ENGLISH]["footer_thanks"] else footer


def read_own_words(session: Session, language: str) -> dict[str, str]:
    """The owner's own words in ``language`` (those they changed), by name."""
    keys = {word_key(name, language): name for name in WORDS[ENGLISH]}
    rows = session.execute(select(Setting.key, Setting.value).where(Setting.key.in_(list(keys))))
    builtin = WORDS.get(language, WORDS[ENGLISH])
    return {
        keys[key]: value
        for key, value in rows
        if value.strip() and value != builtin.get(keys[key], WORDS[ENGLISH][keys[key]])
    }


def read_words(session: Session, language: str) -> Words:
    """The words of ``language`` with the owner's own."""
    return words_for(language, read_own_words(session, language))


def words_in(ctx: AppContext, language: str) -> dict[str, str]:
    """Every word as ``language``'s documents print it (the owner's, else arapp's), by name."""
    with ctx.db.read() as session:
        own = read_own_words(session, language)
    builtin = WORDS.get(language, WORDS[ENGLISH])
    return {name: own.get(name) or builtin.get(name, english)
            for name, english in WORDS[ENGLISH].items()}  # fmt: skip


def own_words(ctx: AppContext) -> dict[str, str]:
    """Every word the owner changed, by setting key (sorted), every language."""
    with ctx.db.read() as session:
        return {
            word_key(name, lang): text
            for lang in LANGUAGES
            for name, text in sorted(read_own_words(session, lang).items())
        }


def set_words(ctx: AppContext, language: str, changed: dict[str, str]) -> None:
    """Keep ``changed`` (name: text; empty: arapp's own word again) as the owner's words in
    ``language``, in one transaction (each checked first: see
    :func:`arapp.services.settings.word_setting`)."""
    checked = {name: word_setting(name, language).parse(text) if text.strip() else ""
               for name, text in changed.items()}  # fmt: skip
    with ctx.db.write() as session:
        for name, text in checked.items():
            key = word_key(name, language)
            row = session.get(Setting, key)
            if not text:
                if row is not None:
                    session.delete(row)
            elif row is None:
                session.add(Setting(key=key, value=text))
            else:
                row.value = text
    ctx.events.emit(Change.SETTINGS_CHANGED, Entity.SETTING)
