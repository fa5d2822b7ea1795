# SPDX-License-Identifier: MIT
"""The services' messages in another language, for a test: this source tree's catalogues
compiled into a temporary folder (as ``packaging/translations.py compile`` does), so a test
reads the translations of the code it runs (the installed package may point at another tree)."""

from __future__ import annotations

import importlib.util
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from arapp import i18n

ROOT = Path(__file__).resolve().parents[2]
_compiled: list[Path] = []


def _compile() -> Path:
    if not _compiled:
        spec = importlib.util.spec_from_file_location(
            "translations", ROOT / "packaging" / "translations.py"
        )
        assert spec is not None and spec.loader is not None
        script = importlib.util.module_from_spec(spec)
        before = sys.modules.get("translations")
        sys.modules["translations"] = script  # its dataclasses look it up
        try:
            spec.loader.exec_module(script)
            copy = Path(tempfile.mkdtemp(prefix="arapp-locale-")) / "locale"
            shutil.copytree(ROOT / "resources" / "locale", copy)
            script.LOCALE = copy
            script.compile_all()
        finally:
            if before is None:
                sys.modules.pop("translations", None)
            else:
                sys.modules["translations"] = before
        _compiled.append(copy)
    return _compiled[0]


@contextmanager
def speaking(language: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Speak ``language`` (``de``, ``fr``) inside the ``with``, English again after it."""
    folder = _compile()
    monkeypatch.setattr(i18n, "catalogue_folder", lambda: folder)
    assert i18n.use_language(language) == language
    try:
        yield
    finally:
        i18n.use_language(i18n.SOURCE_LANGUAGE)
