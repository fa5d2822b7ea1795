# SPDX-License-Identifier: MIT
"""The language arapp speaks to the person at the screen: the window and the command line.

(What the *customer* reads, documents and e-mails, follows each customer's language through
:mod:`arapp.domain.texts`; this module is about the person using arapp.)

Every sentence the window or the command line shows is written in English in the code and passes
through :func:`_` (or :func:`ngettext` for a count, :func:`pgettext` where one English word has
two meanings); module-level texts are marked with :func:`N_` and translated where they are shown.
Placeholders are named and filled after translating, so a translator can move them::

    _("{count} customers were imported.").format(count=n)   # not an f-string

The catalogues are GNU gettext files: ``resources/locale/<language>/*.po`` (one per part of the
program) are compiled into ``resources/locale/<language>/LC_MESSAGES/arapp.mo`` by
``python packaging/translations.py compile``; ``extract`` brings new texts into the ``.po``
files and ``check`` is what the tests run (every text translated, placeholders kept, the ``.mo``
files up to date). Reading a ``.mo`` file is the standard library's :mod:`gettext`: cheap enough
for the start of the window and of every command.

The language is chosen once, at start, by :func:`use_language` with :func:`chosen_language`:
``ARAPP_LANGUAGE``, else the person's choice (Settings ▸ Window language, kept in the config
folder's ``preferences.json``), else the system's, else English. The window must start again
for a new choice to take effect.
"""

from __future__ import annotations

import contextlib
import gettext
import json
import locale
import os
import re
import sys
import threading
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

#: The gettext domain: the ``.mo`` file's name.
DOMAIN = "arapp"
#: Picks the language for this process, before the person's choice and the system's.
ENV_LANGUAGE = "ARAPP_LANGUAGE"
#: The language the code is written in.
SOURCE_LANGUAGE = "en"
#: Languages whose catalogue is complete for the window and the command line, with their names
#: as their speakers write them (for the language menu).
WINDOW_LANGUAGES: dict[str, str] = {"en": "English", "de": "Deutsch", "fr": "Français"}
#: Not a language: every text is decorated (longer, accented, bracketed) so a test can find the
#: texts that were not passed through :func:`_`, and a screenshot shows room for long words.
PSEUDO = "pseudo"
PREFERENCES_FILE = "preferences.json"

_lock = threading.Lock()
_active: gettext.NullTranslations = gettext.NullTranslations()
_code = SOURCE_LANGUAGE


def _(message: str) -> str:
    """``message`` in the language in force (an empty text stays empty: gettext would give the
    catalogue's header for it)."""
    return _active.gettext(message) if message else message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of ``singular``/``plural`` for ``count`` in the language in force (languages
    differ in how many forms they have and which count takes which)."""
    return _active.ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """``message`` in the sense ``context`` says (``pgettext("invoice status", "Open")``)."""
    return _active.pgettext(context, message) if message else message


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it now (module-level texts, read
    before the language is chosen); pass it through :func:`_` where it is shown."""
    return message


def active_language() -> str:
    """The code of the language in force (``en``, ``de``, ``fr``, or ``pseudo``)."""
    return _code


def catalogue_folder() -> Path:
    """Where the compiled catalogues are: ``<language>/LC_MESSAGES/arapp.mo`` below it."""
    return Path(str(resources.files("arapp.resources") / "locale"))


def available_languages() -> list[str]:
    """The languages the window can be shown in (the source language and each catalogue)."""
    folder = catalogue_folder()
    found = {SOURCE_LANGUAGE}
    with contextlib.suppress(OSError):
        found.update(p.parent.parent.name for p in folder.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))
    return sorted(found)


def use_language(code: str | None, system: Sequence[str] = ()) -> str:
    """Speak ``code`` from now on (``None``: :func:`chosen_language` of ``system``); a language
    without a catalogue falls back to English. Returns the code in force."""
    global _active, _code
    wanted = chosen_language(system) if code is None else normalise(code)
    translations: gettext.NullTranslations
    if wanted == PSEUDO:
        translations = PseudoTranslations()
    elif wanted == SOURCE_LANGUAGE:
        translations = gettext.NullTranslations()
    else:
        path = catalogue_folder() / wanted / "LC_MESSAGES" / f"{DOMAIN}.mo"
        try:
            with path.open("rb") as file:
                translations = gettext.GNUTranslations(file)
        except OSError:
            wanted, translations = SOURCE_LANGUAGE, gettext.NullTranslations()
    with _lock:
        _active, _code = translations, wanted
    return wanted


def normalise(code: str) -> str:
    """``de_CH.UTF-8``, ``de-CH`` or ``DE`` as ``de`` (catalogues are per language)."""
    code = code.strip()
    if code.lower() == PSEUDO:
        return PSEUDO
    return re.split(r"[_.@-]", code, maxsplit=1)[0].lower() or SOURCE_LANGUAGE


def chosen_language(system: Sequence[str] = ()) -> str:
    """``ARAPP_LANGUAGE``, else the person's choice, else the system's language when arapp has
    it (``system``: the languages the window's toolkit says the system prefers, before those of
    the environment), else English."""
    candidates = (os.environ.get(ENV_LANGUAGE), preferred_language(), *system, *system_languages())
    for candidate in candidates:
        if not candidate:
            continue
        code = normalise(candidate)
        if code == PSEUDO or code in available_languages():
            return code
    return SOURCE_LANGUAGE


def system_languages() -> list[str]:
    """The system's languages, most wanted first: ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``,
    ``LANG`` (as gettext reads them), then the locale Python was given (Windows, macOS)."""
    found: list[str] = []
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            found.extend(part for part in value.split(":") if part)
            break
    if sys.platform == "win32":  # the display language, as Windows names it (de_DE)
        with contextlib.suppress(AttributeError, OSError, KeyError):
            import ctypes

            found.append(locale.windows_locale[ctypes.windll.kernel32.GetUserDefaultUILanguage()])
    with contextlib.suppress(ValueError, TypeError):
        code = locale.getlocale()[0]
        if code:
            found.append(code)
    return [c for c in found if normalise(c) not in {"c", "posix"}]


def _preferences_path() -> Path:
    from arapp.paths import app_paths

    return app_paths().config_dir / PREFERENCES_FILE


def preferred_language() -> str | None:
    """The language the person chose for the window (``None``: follow the system)."""
    try:
        data = json.loads(_preferences_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    language = data.get("language") if isinstance(data, dict) else None
    return language if isinstance(language, str) and language else None


def set_preferred_language(code: str | None) -> None:
    """Keep the person's choice (``None``: follow the system) for the next start."""
    from arapp.files import private_folder, write_atomically

    path = _preferences_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            data = {}
    except (OSError, ValueError):
        data = {}
    if code is None:
        data.pop("language", None)
    else:
        data["language"] = normalise(code)
    private_folder(path.parent)
    write_atomically(path, json.dumps(data, indent=2).encode("utf-8"))


#: What a pseudo-translation keeps as it is: named and positional placeholders, HTML tags and
#: entities, and the text of keyboard shortcuts.
_KEEP = re.compile(r"\{[^{}]*\}|%\([a-z_]+\)[sdfr]|%[sdfr%]|<[^>]+>|&[a-z]+;|&&", re.IGNORECASE)
_ACCENTED = str.maketrans(
    "aceinouyACEINOUY",
    "àçéîñöûýÀÇÉÎÑÖÛÝ",
)
#: Marks a pseudo-translated text (tests look for them).
PSEUDO_OPEN, PSEUDO_CLOSE = "⟦", "⟧"


def pseudo(message: str) -> str:
    """``message`` decorated: accented letters, a third longer (as German often is), between
    ⟦ and ⟧; placeholders, tags and entities kept exactly."""
    if not message:
        return message
    parts, last = [], 0
    for found in _KEEP.finditer(message):
        parts.append(message[last : found.start()].translate(_ACCENTED))
        parts.append(found.group(0))
        last = found.end()
    parts.append(message[last:].translate(_ACCENTED))
    letters = sum(ch.isalpha() for ch in message)
    padding = "·" * max(1, letters // 3)
    return f"{PSEUDO_OPEN}{''.join(parts)}{padding}{PSEUDO_CLOSE}"


class PseudoTranslations(gettext.NullTranslations):
    """Every text pseudo-translated (see :func:`pseudo`)."""

    def gettext(self, message: str) -> str:
        return pseudo(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2)

    def pgettext(self, context: str, message: str) -> str:
        return pseudo(message)

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2)
