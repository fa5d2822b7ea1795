# SPDX-License-Identifier: MIT
"""Settings in the person's language (issue 17, item 2): the window's language is chosen on
Settings ▸ This computer and kept for the next start; every page of Settings, its tax rate and
product forms, speak through arapp.i18n (the pseudo-translation finds any text that does not);
and the pages in German fit a 1366 x 768 screen."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QWidget

from arapp import i18n
from arapp.domain.document_mail import DOCUMENT_PLACEHOLDERS
from arapp.domain.languages import LANGUAGES
from arapp.domain.reminders import PLACEHOLDERS
from arapp.paths import app_paths
from arapp.services.catalog import ProductRecord, TaxRateRecord, save_product, save_tax_rate
from arapp.services.context import AppContext
from arapp.services.settings import MAIL_TEMPLATES, SPECS, mail_template, setting
from arapp.ui.settings import SettingsDialog
from arapp.ui.settings.products import ProductDialog
from arapp.ui.settings.tax_rates import TaxRateDialog
from tests.helpers.qt import activate
from tests.helpers.untranslated import pseudo_language, untranslated_texts

ROOT = Path(__file__).resolve().parents[2]


def compiled_catalogues(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This source tree's catalogues compiled into ``folder`` (packaging/translations.py)."""
    spec = importlib.util.spec_from_file_location(
        "translations", ROOT / "packaging" / "translations.py"
    )
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "translations", script)  # its dataclasses look it up
    spec.loader.exec_module(script)
    copy = folder / "locale"
    shutil.copytree(ROOT / "resources" / "locale", copy)
    monkeypatch.setattr(script, "LOCALE", copy)
    script.compile_all()
    return copy


@pytest.fixture(autouse=True)
def english_after() -> object:
    yield None
    i18n.use_language(i18n.SOURCE_LANGUAGE)


def _from_the_books_and_services(ctx: AppContext) -> list[str]:
    """Texts the Settings pages show as they come: the settings' descriptions (the services'),
    the languages' own names, the placeholders' meanings (arapp.domain's), e-invoice schemes
    (arapp.ui.widgets, another part's catalogue)."""
    from arapp.domain.eas import scheme_choices

    texts = [spec.description.rstrip(".") for spec in SPECS.values()]
    texts += [spec.description for spec in SPECS.values()]
    texts += [
        setting(mail_template(kind, part, code).key).description
        for kind, part in MAIL_TEMPLATES
        for code in LANGUAGES
    ]
    texts += list(LANGUAGES.values())
    texts += [f"{name} ({code})" for code, name in LANGUAGES.items()]
    texts += [f"${key}: {meaning}" for key, meaning in PLACEHOLDERS.items()]
    texts += [f"${key} ({meaning})" for key, meaning in DOCUMENT_PLACEHOLDERS.items()]
    texts += [label for _code, label in scheme_choices()]
    texts.append(str(app_paths().backup_dir))  # the backup folder's placeholder
    return sorted(set(texts), key=len, reverse=True)  # the longest first: no part of one left


def _settings(qtbot, ctx: AppContext) -> SettingsDialog:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog, before_close_func=lambda d: d.hide())
    return dialog


def test_the_window_language_is_kept_for_the_next_start(
    qtbot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(i18n.ENV_LANGUAGE)
    settings = _settings(qtbot, ctx)
    tab = settings.computer_tab
    choice = tab.language
    shown = [choice.itemText(i) for i in range(choice.count())]
    assert shown[0].startswith("As the system (") and shown[0].endswith(")")
    assert shown[1:] == ["English", "Deutsch", "Français"]
    assert "takes effect when arapp is started again" in tab.restart_note.text()
    assert choice.currentIndex() == 0 and i18n.preferred_language() is None

    choice.setCurrentIndex(choice.findData("de"))
    assert settings.is_dirty()
    assert settings.save()
    assert i18n.preferred_language() == "de"
    assert i18n.chosen_language() == "de"
    assert i18n.active_language() == "en"  # this window keeps its language until the next start

    again = _settings(qtbot, ctx)  # the choice shows as kept
    assert again.computer_tab.language.currentData() == "de"
    again.computer_tab.language.setCurrentIndex(0)  # as the system again
    assert again.save()
    assert i18n.preferred_language() is None


def test_every_settings_page_speaks_through_the_translations(qtbot, ctx: AppContext) -> None:
    data = _from_the_books_and_services(ctx)
    with pseudo_language():
        settings = _settings(qtbot, ctx)
        activate(settings)
        data.append(settings.mail_tab.keyring_details.text())  # the keyring's, as it says it
        for index in range(settings.tabs.count()):
            settings.tabs.setCurrentIndex(index)
            settings.policies_tab.refresh()
            qtbot.wait(5)
            assert untranslated_texts(settings.tabs.currentWidget(), data=data) == [], (
                settings.tabs.tabText(index)
            )
        assert untranslated_texts(settings, data=data) == []
        # The e-mail page's sentences about each language's texts, for another language too.
        page = settings.mail_tab.documents_page
        page.language_choice.setCurrentIndex(page.language_choice.findData("de"))
        data += [w.placeholderText() for w, _read in page.inputs.values()]  # texts for customers
        assert untranslated_texts(page, data=data) == []
        settings.policies_tab.language.setCurrentIndex(1)
        policies = settings.policies_tab
        data += [policies.subject.placeholderText(), policies.body.placeholderText()]
        assert untranslated_texts(settings.policies_tab, data=data) == []


def test_the_tax_rate_and_product_forms_speak_through_the_translations(
    qtbot, ctx: AppContext
) -> None:
    rate = save_tax_rate(ctx, TaxRateRecord(0, "Reduced", 7, False, True))  # type: ignore[arg-type]
    product = save_product(
        ctx,
        ProductRecord(0, "Hammer", "", "pcs", 12, rate.id, True),  # type: ignore[arg-type]
    )
    data = ["Reduced", "Hammer", "pcs", "EUR", "VAT", "Standard"]
    with pseudo_language():
        for dialog in (
            TaxRateDialog(ctx),
            TaxRateDialog(ctx, rate),
            ProductDialog(ctx, None, "EUR", "en_US"),
            ProductDialog(ctx, product, "EUR", "en_US"),
        ):
            qtbot.addWidget(dialog)
            names = [r.name for r in [rate]]
            assert untranslated_texts(dialog, data=[*data, *names]) == []


def test_the_settings_pages_in_german_fit_a_laptop_screen(
    qtbot, ctx: AppContext, shots: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # This source tree's catalogues, compiled (the .mo files are built on release).
    compiled = compiled_catalogues(tmp_path, monkeypatch)
    monkeypatch.setattr(i18n, "catalogue_folder", lambda: compiled)
    assert i18n.use_language("de") == "de" and i18n._("Settings") == "Einstellungen"
    settings = _settings(qtbot, ctx)
    settings.resize(1366, 740)
    activate(settings)
    assert settings.windowTitle() == "Einstellungen" and settings.tabs.tabText(0) == "Firma"
    cut: list[str] = []
    for index in range(settings.tabs.count()):
        settings.tabs.setCurrentIndex(index)
        qtbot.wait(20)
        page = settings.tabs.currentWidget()
        settings.grab().save(str(shots / f"settings-de-{index}.png"))
        for label in page.findChildren(QLabel):
            shown = label.isVisible() and not label.wordWrap() and label.text()
            if shown and label.sizeHint().width() > label.width() + 1:
                cut.append(f"{settings.tabs.tabText(index)}: {label.text()}")
        for widget in page.findChildren(QWidget):
            if widget.isVisible() and widget.minimumSizeHint().width() > widget.width() + 1:
                name = widget.objectName() or type(widget).__name__
                if type(widget).__name__ in ("QPushButton", "QCheckBox"):
                    cut.append(f"{settings.tabs.tabText(index)}: {name}")
    assert cut == []


@pytest.mark.parametrize("language", ["de", "fr"])
def test_no_two_things_on_a_translated_page_share_an_alt_letter(
    qtbot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, language: str
) -> None:
    from arapp.ui.backups.restore_dialog import RestoreDialog
    from arapp.ui.books.new_dialog import NewBooksDialog
    from tests.helpers.mnemonics import collisions
    from tests.ui.test_mnemonics import every_page, settle

    compiled = compiled_catalogues(tmp_path, monkeypatch)
    monkeypatch.setattr(i18n, "catalogue_folder", lambda: compiled)
    assert i18n.use_language(language) == language
    dialogs = {
        "Settings": lambda: SettingsDialog(ctx),
        "New books": lambda: NewBooksDialog(folder=tmp_path),
        "Restore": lambda: RestoreDialog(ctx),
        "Tax rate": lambda: TaxRateDialog(ctx),
        "Product": lambda: ProductDialog(ctx, None, "EUR", "en_US"),
    }
    wrong = {}
    for name, build in dialogs.items():
        dialog = build()
        qtbot.addWidget(dialog, before_close_func=lambda d: d.hide())
        activate(dialog)
        settle()
        for where in every_page(dialog):
            found = collisions(dialog)
            if found:
                wrong[f"{name}: {where}"] = found
        dialog.hide()
    assert wrong == {}
