# SPDX-License-Identifier: MIT
"""The window's and the command line's translations: extract, compile, check.

    python packaging/translations.py extract   # new texts into resources/locale/<lang>/*.po
    python packaging/translations.py compile   # the .po files into LC_MESSAGES/arapp.mo
    python packaging/translations.py check     # what the tests check; exit 1 on a problem

The texts are the arguments of ``_``, ``N_``, ``ngettext`` and ``pgettext`` in ``arapp/`` (see
:mod:`arapp.i18n`), found by Babel's extractor. Each part of the program has its own catalogue
per language, ``resources/locale/<lang>/<part>.po`` (``ui-invoices.po`` holds the texts of
``arapp/ui/invoices/``), so translators and engineers working on different parts do not write
into the same file; ``compile`` merges a language's catalogues into one ``.mo`` file, which is
what arapp reads and ships. A translator's note for a text is a comment starting
``Translators:`` on the line above it in the code.

``check`` fails when a text is missing from its catalogue or left there after it left the code,
when a translation is empty or fuzzy, when a translation loses or adds a placeholder
(``{name}``, ``%s``), a tag or an entity, when one text is translated differently in two
catalogues, or when a ``.mo`` file does not hold what its ``.po`` files say.
"""

from __future__ import annotations

import gettext
import io
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "arapp"
LOCALE = ROOT / "resources" / "locale"
DOMAIN = "arapp"
#: The languages with catalogues; each must be complete.
LANGUAGES = ("de", "fr")
COPYRIGHT = "the arapp developers"
#: Folders whose texts are not the window's or the command line's (documents for customers
#: take their words from arapp.domain.texts, per customer language).
SKIP = ("domain/texts",)

HEADER = (
    "# arapp's window and command line: the texts of arapp/{part}\n"
    "# (see packaging/translations.py).\n"
    "# Copyright (C) the arapp developers. MIT licence, like arapp."
)

_PLACEHOLDER = re.compile(
    r"\{[^{}]*\}|%\([a-z_]+\)[sdfr]|%[sdfr]|</?[a-z][^>]*>|&[a-z]+;", re.IGNORECASE
)


def part_of(source: Path) -> str:
    """The catalogue a source file's texts belong to: ``ui-invoices`` for
    ``arapp/ui/invoices/...``, ``ui`` for ``arapp/ui/x.py``, ``services-delivery`` for
    ``arapp/services/delivery/...``, ``cli``, ``services``...; ``app`` for the modules directly
    in ``arapp/``."""
    parts = source.relative_to(SOURCES).parts
    if len(parts) == 1:
        return "app"
    if parts[0] in ("ui", "services") and len(parts) > 2:
        return f"{parts[0]}-{parts[1]}"
    return parts[0]


def _sources() -> Iterator[Path]:
    for path in sorted(SOURCES.rglob("*.py")):
        relative = path.relative_to(SOURCES).as_posix()
        if not any(relative.startswith(skip + "/") for skip in SKIP):
            yield path


def templates() -> dict[str, Catalog]:
    """The texts of the code, one template catalogue per part."""
    found: dict[str, Catalog] = {}
    for path in _sources():
        text = path.read_text(encoding="utf-8")
        if not re.search(r"\b(_|N_|ngettext|pgettext|npgettext)\(", text):
            continue
        location = path.relative_to(ROOT).as_posix()
        for _line, message, comments, context in extract_from_file(
            "python",
            str(path),
            keywords=DEFAULT_KEYWORDS,
            comment_tags=("Translators:",),
            strip_comment_tags=True,
        ):
            if message in ("", ()) or (isinstance(message, tuple) and not all(message)):
                continue  # a call with a variable (arapp.i18n itself): nothing to translate
            template = found.setdefault(part_of(path), Catalog(domain=DOMAIN))
            template.add(
                message, locations=[(location, None)], auto_comments=comments, context=context
            )
    return found


def catalogue_path(language: str, part: str) -> Path:
    return LOCALE / language / f"{part}.po"


def mo_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.mo"


def read_catalogue(path: Path, language: str) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=language, domain=DOMAIN)


def _write_po(catalogue: Catalog, path: Path) -> None:
    buffer = io.BytesIO()
    write_po(
        buffer,
        catalogue,
        width=100,
        sort_output=True,
        ignore_obsolete=True,
        include_lineno=False,
        omit_header=False,
    )
    text = re.sub(rb'"POT-Creation-Date: [^"]*\\n"\n', b"", buffer.getvalue())
    text = re.sub(rb'"PO-Revision-Date: [^"]*\\n"\n', b"", text)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_bytes() != text:
        path.write_bytes(text)


def extract() -> None:
    """Bring the code's texts into every language's catalogues: new ones untranslated, texts
    the code no longer has removed, translations kept."""
    found = templates()
    for language in LANGUAGES:
        for part, template in found.items():
            path = catalogue_path(language, part)
            if path.exists():
                catalogue = read_catalogue(path, language)
            else:
                catalogue = Catalog(
                    locale=language,
                    domain=DOMAIN,
                    project="arapp",
                    copyright_holder=COPYRIGHT,
                    last_translator=COPYRIGHT,
                    language_team=COPYRIGHT,
                    fuzzy=False,
                    header_comment=HEADER.format(part=part),
                )
            catalogue.update(template, no_fuzzy_matching=True)
            _write_po(catalogue, path)
        for path in sorted((LOCALE / language).glob("*.po")):
            if path.stem not in found:
                path.unlink()


def _translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(strings) and not message.fuzzy


_FIXED = datetime(2026, 1, 1, tzinfo=UTC)


def merged(language: str) -> Catalog:
    """A language's catalogues as one (translated, not fuzzy entries only)."""
    # A fixed date in the header: compiling the same catalogues gives the same bytes.
    catalogue = Catalog(
        locale=language, domain=DOMAIN, project="arapp", creation_date=_FIXED, revision_date=_FIXED
    )
    for path in sorted((LOCALE / language).glob("*.po")):
        for message in read_catalogue(path, language):
            known = catalogue.get(message.id, message.context) if message.id else None
            if message.id and _translated(message) and known is None:
                catalogue[message.id] = message
    return catalogue


def compile_all() -> None:
    for language in LANGUAGES:
        path = mo_path(language)
        path.parent.mkdir(parents=True, exist_ok=True)
        buffer = io.BytesIO()
        write_mo(buffer, merged(language), use_fuzzy=False)
        if not path.exists() or path.read_bytes() != buffer.getvalue():
            path.write_bytes(buffer.getvalue())


@dataclass(frozen=True)
class Problem:
    where: str
    text: str

    def __str__(self) -> str:
        return f"{self.where}: {self.text}"


def _shown(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def _placeholders(text: str) -> list[str]:
    return sorted(_PLACEHOLDER.findall(text))


def _ids(message: Message) -> tuple[str, ...]:
    return message.id if isinstance(message.id, tuple) else (message.id,)


def _strings(message: Message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def _message_problems(message: Message) -> Iterable[str]:
    ids, strings = _ids(message), _strings(message)
    label = repr(ids[0])
    if not _translated(message):
        yield f"{label} is not translated" + (" (fuzzy)" if message.fuzzy else "")
        return
    # A plural form may leave out the count its English singular leaves out ("One customer").
    allowed = [_placeholders(text) for text in ids]
    for string in strings:
        got = _placeholders(string)
        if got not in allowed:
            yield f"{label}: the translation has {got or 'no placeholders'}, not {allowed[-1]}"


def check(languages: Iterable[str] = LANGUAGES) -> list[Problem]:
    """Everything wrong with the catalogues (empty when they are complete and sound)."""
    problems: list[Problem] = []
    found = templates()
    for language in languages:
        seen: dict[tuple[str, str | None], tuple[str, tuple[str, ...]]] = {}
        for part, template in sorted(found.items()):
            path = catalogue_path(language, part)
            where = _shown(path)
            if not path.exists():
                problems.append(Problem(where, "missing: run packaging/translations.py extract"))
                continue
            catalogue = read_catalogue(path, language)
            wanted = {(m.id, m.context) for m in template if m.id}
            have = {(m.id, m.context) for m in catalogue if m.id}
            for key in sorted(wanted - have, key=str):
                problems.append(Problem(where, f"{key[0]!r} is missing (run extract)"))
            for key in sorted(have - wanted, key=str):
                problems.append(Problem(where, f"{key[0]!r} is no longer in the code (extract)"))
            for message in catalogue:
                if not message.id:
                    continue
                problems.extend(Problem(where, text) for text in _message_problems(message))
                key = (str(_ids(message)[0]), message.context)
                if _translated(message):
                    earlier = seen.setdefault(key, (where, _strings(message)))
                    if earlier[1] != _strings(message):
                        problems.append(
                            Problem(
                                where,
                                f"{key[0]!r} is translated {_strings(message)!r} here and "
                                f"{earlier[1]!r} in {earlier[0]}",
                            )
                        )
        problems.extend(_compiled_problems(language))
    return problems


def _compiled_problems(language: str) -> list[Problem]:
    path = mo_path(language)
    where = _shown(path)
    if not path.exists():
        return [Problem(where, "missing: run packaging/translations.py compile")]
    with path.open("rb") as file:
        compiled = dict(gettext.GNUTranslations(file)._catalog)  # type: ignore[attr-defined]
    buffer = io.BytesIO()
    write_mo(buffer, merged(language), use_fuzzy=False)
    buffer.seek(0)
    expected = dict(gettext.GNUTranslations(buffer)._catalog)  # type: ignore[attr-defined]
    compiled.pop("", None)  # the header: its dates change at each compile
    expected.pop("", None)
    if compiled != expected:
        return [Problem(where, "out of date: run packaging/translations.py compile")]
    return []


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "extract":
        extract()
        return 0
    if command == "compile":
        compile_all()
        return 0
    if command == "check":
        problems = check()
        for problem in problems:
            print(problem)
        print(f"{len(problems)} problem(s)" if problems else "The translations are complete.")
        return 1 if problems else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
