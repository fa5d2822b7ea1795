# SPDX-License-Identifier: MIT
"""The rules of languages: the codes, the company's language, the order texts are looked for
in, which text wins (built-in ones only while the English text is the built-in one), and the
locale of a customer's e-mails."""

from __future__ import annotations

from dataclasses import replace

import pytest

from arapp.domain.document_mail import DEFAULT_BODIES, choose_text
from arapp.domain.errors import ValidationError
from arapp.domain.languages import (
    company_language,
    language_chain,
    pick,
    validate_language,
)
from arapp.domain.reminders import DEFAULT_LEVELS, LevelText
from arapp.domain.texts import DOCUMENT_MAIL, REMINDERS, document_word, level_texts
from arapp.formatting import customer_locale


def test_codes_are_read_loosely_and_unknown_ones_refused() -> None:
    assert [validate_language(t) for t in ("de", " FR ", "de-CH", "it_IT", "")] == [
        "de", "fr", "de", "it", ""
    ]  # fmt: skip
    with pytest.raises(ValidationError, match=r'Unknown language "pt"; use one of en'):
        validate_language("pt")


def test_the_company_writes_in_the_language_of_its_locale() -> None:
    assert company_language("de_CH") == "de"
    assert company_language("en_US") == "en"
    assert company_language("pt_BR") == "en"  # arapp has no Portuguese: English


def test_texts_are_looked_for_in_the_customer_then_the_company_language_then_english() -> None:
    assert language_chain("fr", "de") == ("fr", "de", "en")
    assert language_chain("", "de") == ("de", "en")
    assert language_chain("en", "de") == ("en", "de")
    assert language_chain("de", "de") == ("de", "en")


def test_the_owner_text_first_then_a_built_in_one_only_while_english_is_built_in() -> None:
    builtin = {"en": "Invoice", "de": "Rechnung"}
    assert pick(("fr", "de", "en"), {"fr": "Facture"}, builtin, "Invoice") == ("fr", "Facture")
    assert pick(("fr", "de", "en"), {}, builtin, "Invoice") == ("de", "Rechnung")
    assert pick(("fr", "de", "en"), {}, builtin, "My own") == ("en", "My own")
    assert pick(("en", "de"), {"de": "Rechnung"}, builtin, "Invoice") == ("en", "Invoice")


def test_english_is_built_in_for_every_document_and_level() -> None:
    assert DOCUMENT_MAIL["en"][("invoice", "body")] == DEFAULT_BODIES["invoice"]
    assert set(REMINDERS["en"]) == {lv.level for lv in DEFAULT_LEVELS}
    assert choose_text("invoice", "body", ("de", "en"), {}, "Own") == ("en", "Own")
    assert choose_text("invoice", "body", ("de", "en"), {"de": "Anbei"}, "Own") == ("de", "Anbei")
    assert document_word("credit_note", "en") == "credit note"
    assert document_word("credit_note", "de") == "Gutschrift"
    level = DEFAULT_LEVELS[1]
    german = LevelText("de", "Erinnerung", "Guten Tag")
    with_german = replace(level, texts=(german,))
    assert level_texts(with_german, ("de", "en")) == ("de", "Erinnerung", "Guten Tag")
    assert level_texts(with_german, ("fr", "en")) == ("fr", *REMINDERS["fr"][level.level])
    own_english = replace(with_german, subject="My own", body="Own text")
    assert level_texts(own_english, ("fr", "en")) == ("en", "My own", "Own text")


def test_a_customer_locale_is_their_language_with_the_company_country() -> None:
    assert customer_locale("de", "en_US", "CH") == "de_CH"
    assert customer_locale("fr", "de_DE", "") == "fr"  # no country: the locale's; no fr_DE
    assert customer_locale("fr", "en_US", "BE") == "fr_BE"
    assert customer_locale("", "fr_FR", "FR") == "fr_FR"  # the company's
    assert customer_locale("de", "de_AT", "AT") == "de_AT"  # the company's own language
    assert customer_locale("nl", "en_US", "US") == "nl"  # Babel has no nl_US
