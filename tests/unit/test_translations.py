# SPDX-License-Identifier: MIT
"""The window's and the command line's catalogues (packaging/translations.py): complete, sound,
compiled; and the check finds what breaks them."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _script() -> ModuleType:
    path = ROOT / "packaging" / "translations.py"
    spec = importlib.util.spec_from_file_location("translations", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["translations"] = module
    spec.loader.exec_module(module)
    return module


translations = _script()


def test_every_text_of_the_code_is_translated_and_compiled() -> None:
    problems = translations.check()
    assert not problems, "\n".join(map(str, problems[:60])) + f"\n({len(problems)} in all)"


@pytest.fixture
def locale_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy = tmp_path / "locale"
    shutil.copytree(translations.LOCALE, copy)
    monkeypatch.setattr(translations, "LOCALE", copy)
    return copy


def _first_translation(folder: Path) -> tuple[Path, str]:
    for path in sorted(folder.glob("de/*.po")):
        text = path.read_text(encoding="utf-8")
        for block in text.split("\n\n")[1:]:
            if 'msgstr "' in block and "msgid_plural" not in block and '\nmsgstr ""' not in block:
                return path, block
    raise AssertionError("no translation to break")


def test_a_lost_placeholder_an_empty_translation_and_a_stale_mo_are_found(
    locale_copy: Path,
) -> None:
    path, block = _first_translation(locale_copy)
    text = path.read_text(encoding="utf-8")
    msgstr = block[block.index('msgstr "') :]
    broken = block.replace(msgstr, 'msgstr "{lost} Text"')
    path.write_text(text.replace(block, broken), encoding="utf-8")
    found = [str(p) for p in translations.check(["de"])]
    assert any("the translation has ['{lost}']" in p for p in found), found
    assert any("out of date" in p for p in found), found  # the .mo still has the old text
    path.write_text(text.replace(block, block.replace(msgstr, 'msgstr ""')), encoding="utf-8")
    found = [str(p) for p in translations.check(["de"])]
    assert any("is not translated" in p for p in found), found


def test_a_text_missing_from_its_catalogue_is_found(locale_copy: Path) -> None:
    path, block = _first_translation(locale_copy)
    path.write_text(path.read_text(encoding="utf-8").replace(block, ""), encoding="utf-8")
    found = [str(p) for p in translations.check(["de"])]
    assert any("is missing (run extract)" in p for p in found), found


def test_the_compiled_catalogues_are_shipped() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"locale/*/LC_MESSAGES/*.mo"' in text
    for language in translations.LANGUAGES:
        assert translations.mo_path(language).is_file()
