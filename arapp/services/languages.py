# SPDX-License-Identifier: MIT
"""What language and locale a customer's e-mails are written in, and the document e-mail
texts the owner keeps per language.

The company writes in the language of its locale (:func:`arapp.domain.languages.
company_language`); a customer in their own language, else the company's. Amounts and dates
of a customer's e-mails follow :func:`arapp.formatting.customer_locale`. The document e-mail
texts are settings: English under :data:`~arapp.services.settings.MAIL_TEMPLATES`' keys,
another language under the same key with its code after it (``mail.invoice_body.de``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from arapp.db.models import Company, Setting
from arapp.domain.document_mail import choose_text
from arapp.domain.languages import ENGLISH, LANGUAGES, company_language, language_chain
from arapp.formatting import customer_locale
from arapp.services.company import COMPANY_ID
from arapp.services.context import AppContext
from arapp.services.settings import MAIL_TEMPLATES, mail_template

__all__ = [
    "DocumentTexts",
    "Voice",
    "company_language_of",
    "own_language_texts",
    "read_document_texts",
    "voice_of",
]


@dataclass(frozen=True)
class Voice:
    """How one customer is written to.

    Attributes:
        chain: The languages a text is looked for in, in order (the customer's, the
            company's, English).
        locale: The locale amounts and dates are formatted in (``de_CH``).
    """

    chain: tuple[str, ...]
    locale: str

    @property
    def language(self) -> str:
        """The language the customer reads (the first of :attr:`chain`)."""
        return self.chain[0]


def voice_of(company: Company | None, language: str) -> Voice:
    """The voice of a customer whose ``language`` is stored (empty: the company's)."""
    locale = company.locale if company is not None else "en_US"
    country = company.country if company is not None else ""
    own = company_language(locale)
    return Voice(language_chain(language, own), customer_locale(language, locale, country))


def company_language_of(ctx: AppContext) -> str:
    """The language the company writes in (that of its locale)."""
    with ctx.db.read() as session:
        company = session.get(Company, COMPANY_ID)
        return company_language(company.locale if company is not None else "en_US")


@dataclass(frozen=True)
class DocumentTexts:
    """The document e-mail texts as stored, every language.

    Attributes:
        english: Per ``(kind, part)``, the English text (the owner's, else the built-in one).
        own: Per ``(kind, part)``, the owner's texts in other languages, by code (not empty).
    """

    english: Mapping[tuple[str, str], str]
    own: Mapping[tuple[str, str], Mapping[str, str]]

    def text(self, kind: str, part: str, chain: tuple[str, ...]) -> tuple[str, str]:
        """``(language, text)`` of ``part`` of a ``kind`` e-mail for ``chain``."""
        return choose_text(
            kind, part, chain, self.own.get((kind, part), {}), self.english[(kind, part)]
        )


def read_document_texts(session: Session) -> DocumentTexts:
    """Every stored document e-mail text, in one query."""
    stored: dict[str, str] = {
        key: value
        for key, value in session.execute(
            select(Setting.key, Setting.value).where(Setting.key.like("mail.%"))
        )
    }
    english: dict[tuple[str, str], str] = {}
    own: dict[tuple[str, str], dict[str, str]] = {}
    for key, spec in MAIL_TEMPLATES.items():
        text = stored.get(spec.key)
        english[key] = spec.parse(spec.default if text is None else text)
        for lang in LANGUAGES:
            if lang != ENGLISH:
                other = stored.get(mail_template(*key, lang).key, "")
                if other.strip():
                    own.setdefault(key, {})[lang] = spec.parse(other)
    return DocumentTexts(english, own)


def own_language_texts(ctx: AppContext) -> dict[str, str]:
    """The e-mail texts stored in other languages than English, by setting key (sorted)."""
    with ctx.db.read() as session:
        texts = read_document_texts(session)
    return {
        mail_template(kind, part, lang).key: text
        for (kind, part), by_language in sorted(texts.own.items())
        for lang, text in sorted(by_language.items())
    }
