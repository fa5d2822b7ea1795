# SPDX-License-Identifier: MIT
"""The built-in texts of every language (issue 17 item 1): each language has every text English
has, with the same placeholders (none lost, none added), and nothing else."""

from __future__ import annotations

import pytest

from arapp.domain.languages import ENGLISH, LANGUAGES
from arapp.domain.reminders import placeholders_in
from arapp.domain.texts import DOCUMENT_MAIL, DOCUMENT_WORDS, REMINDERS, WORDS, words_for

OTHERS = [code for code in LANGUAGES if code != ENGLISH]


def _same(english: str, other: str) -> bool:
    return sorted(set(placeholders_in(english))) == sorted(set(placeholders_in(other)))


@pytest.mark.parametrize("language", OTHERS)
def test_a_language_has_every_text_with_the_same_placeholders(language: str) -> None:
    for table in (DOCUMENT_MAIL, DOCUMENT_WORDS, WORDS):
        assert set(table[language]) == set(table[ENGLISH]), language
    assert set(REMINDERS[language]) == set(REMINDERS[ENGLISH])
    for key, english in {**DOCUMENT_MAIL[ENGLISH], **WORDS[ENGLISH]}.items():
        other = {**DOCUMENT_MAIL[language], **WORDS[language]}[key]
        assert _same(english, other), (language, key, english, other)
        assert (other.strip() and other != english) or key in _SAME_WORD, (language, key)
    for level, (subject, body) in REMINDERS[ENGLISH].items():
        other_subject, other_body = REMINDERS[language][level]
        assert _same(subject, other_subject), (language, level, "subject")
        assert _same(body, other_body), (language, level, "body")


#: Words that are the same in some languages as in English.
_SAME_WORD = {"bank", "status", "date", "total", "open", "document", "code", "page", "is",
              "balance", "subtotal", "payment_by", "tax_on", "terms_discount", "aging_days",
              "method_cheque"}  # fmt: skip


def test_a_word_is_filled_and_falls_back_to_english() -> None:
    german = words_for("de")
    assert german("page", page=2, pages=3) == "Seite 2 von 3"
    assert german.join(["A", "B", "C"]) == "A, B und C"
    assert words_for("pt")("invoice_title") == "Invoice"  # no such language: English
    assert words_for("fr", {"invoice_title": "Note"})("invoice_title") == "Note"
