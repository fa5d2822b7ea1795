# SPDX-License-Identifier: MIT
"""The person's language: how it is chosen, the pseudo-translation, plural forms."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from arapp import i18n
from arapp.i18n import _, ngettext, pseudo, use_language


@pytest.fixture(autouse=True)
def english_after() -> object:
    yield None
    use_language("en")


def test_pseudo_keeps_placeholders_tags_and_entities() -> None:
    text = pseudo("Save {count} invoices to <b>%s</b> &amp; %(name)s, 100% sure")
    assert text.startswith("⟦") and text.endswith("⟧")
    for kept in ("{count}", "<b>", "%s", "</b>", "&amp;", "%(name)s"):
        assert kept in text
    assert "Sàvé" in text and "îñvöîçés" in text
    assert pseudo("{n} invoices").format(n=3).startswith("⟦3 îñvöîçés")
    assert len(pseudo("Customers")) > len("Customers") * 1.3


def test_the_pseudo_language_decorates_every_kind_of_text() -> None:
    use_language("pseudo")
    assert _("Customers") == pseudo("Customers")
    assert ngettext("{n} customer", "{n} customers", 2) == pseudo("{n} customers")
    assert i18n.pgettext("status", "Open") == pseudo("Open")
    use_language("en")
    assert _("Customers") == "Customers"
    assert ngettext("{n} customer", "{n} customers", 1) == "{n} customer"


@pytest.mark.parametrize(
    ("code", "language"),
    [
        ("de_CH.UTF-8", "de"),
        ("fr-BE", "fr"),
        ("DE", "de"),
        ("en_GB@euro", "en"),
        ("pseudo", "pseudo"),
    ],
)
def test_codes_are_read_as_languages(code: str, language: str) -> None:
    assert i18n.normalise(code) == language


def test_the_choice_goes_env_then_person_then_system(
    monkeypatch: pytest.MonkeyPatch, private_home: Path
) -> None:
    languages = [code for code in i18n.available_languages() if code != "en"]
    assert languages, "no catalogue is shipped"
    other = languages[0]
    monkeypatch.delenv(i18n.ENV_LANGUAGE)
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", f"{other}_XX.UTF-8")
    assert i18n.chosen_language() == other  # the system's
    monkeypatch.setenv("LANG", "xx_YY.UTF-8")  # a language arapp does not have
    assert i18n.chosen_language(system=["xx-YY", f"{other}-ZZ"]) == other
    i18n.set_preferred_language("en")
    assert i18n.preferred_language() == "en"
    assert i18n.chosen_language(system=[other]) == "en"  # the person's choice wins
    monkeypatch.setenv(i18n.ENV_LANGUAGE, other)
    assert i18n.chosen_language() == other  # the environment wins over both
    i18n.set_preferred_language(None)
    assert i18n.preferred_language() is None


def test_an_empty_text_stays_empty_in_every_language() -> None:
    for language in ("de", "fr", "pseudo"):
        use_language(language)
        assert _("") == "" and i18n.pgettext("status", "") == ""


def test_a_language_without_a_catalogue_falls_back_to_english() -> None:
    assert use_language("xx") == "en"
    assert _("Customers") == "Customers"


def test_plural_forms_follow_each_language() -> None:
    """French takes the singular for 0 and 1, German only for 1 (the catalogues' headers)."""
    use_language("fr")
    french = i18n._active
    use_language("de")
    german = i18n._active
    assert french.plural(0) == french.plural(1) == 0 != french.plural(2)  # type: ignore[attr-defined]
    assert german.plural(0) == german.plural(2) == 1 != german.plural(1)  # type: ignore[attr-defined]


def test_a_rule_broken_is_told_in_the_persons_language() -> None:
    from arapp.domain.errors import ValidationError
    from arapp.domain.terms import PaymentTerms, TermsKind, parse_terms

    use_language("de")
    with pytest.raises(ValidationError) as caught:
        parse_terms("bald")
    assert caught.value.message.startswith("„bald“ wird nicht als Zahlungsbedingung erkannt")
    with pytest.raises(ValidationError) as caught:
        PaymentTerms(TermsKind.NET, 10, Decimal(2), 14)
    assert "(14 Tage)" in caught.value.message and "(10 Tage)" in caught.value.message
    use_language("fr")
    with pytest.raises(ValidationError) as caught:
        parse_terms("")
    assert caught.value.message.startswith("Saisissez des conditions de paiement")
    # What customers read stays out of it: the terms as printed are not the person's language.
    assert parse_terms("net 1").describe() == "Payment due within 1 day."
