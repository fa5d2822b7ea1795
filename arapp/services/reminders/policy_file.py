# SPDX-License-Identifier: MIT
"""A reminder policy as a TOML file a shop owner can read and edit by hand.

    text = policy_to_toml(record.policy)        # arapp reminders policy export FILE
    record = import_policy(ctx, text)           # arapp reminders policy import FILE

The file holds one policy: its ``name`` and one ``[[level]]`` table per level, in order. Each
level keeps its ``number`` (the outbox remembers the number each invoice reached). Bodies are
written as multi-line literal strings (``'''``), so a text reads as it is sent: no escapes.
Reading checks everything first (TOML syntax, keys and types, then the ladder itself with
:func:`~arapp.services.reminders.policy.policy_problems`) and names the line and level of each
mistake; only a file without any is stored, in one transaction. A policy of the same name is
replaced, any other name makes a new policy.

A level's subject and body in another language follow it as a table named by the language's
code (``[level.de]`` with ``subject`` and ``body``); ``subject`` and ``body`` of the level
itself are the English text. Files written before arapp had languages have none and read as
they always did.
"""

from __future__ import annotations

import re
import textwrap
import tomllib
from dataclasses import dataclass

from arapp.domain.languages import ENGLISH, LANGUAGES
from arapp.domain.reminders import ACTIONS, PLACEHOLDERS, LevelText, ReminderLevel
from arapp.domain.reminders import ReminderPolicy as Policy
from arapp.services.context import AppContext
from arapp.services.errors import ServiceError
from arapp.services.reminders.policy import (
    PolicyRecord,
    list_policies,
    policy_problems,
    save_policy,
)

#: The keys of a level, each with its type and what it means (the file's comments say the same).
LEVEL_KEYS: dict[str, tuple[type, str]] = {
    "number": (int, "keep it; a new level may leave it out (one above the level before)"),
    "name": (str, "for you (customers read the subject and the body)"),
    "days": (int, "days after the due date (negative: before it)"),
    "action": (str, f"{' or '.join(repr(a) for a in ACTIONS)} (flag: for the collections agency)"),
    "late_fee": (bool, "true when the message announces the late fee"),
    "subject": (str, "the subject of the e-mail or letter"),
    "body": (str, "its text"),
}
_OPTIONAL: dict[str, object] = {"action": "email", "late_fee": False}
_KIND_TEXT = {str: "text", int: "a whole number", bool: "true or false"}
_LEVEL_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*level[ \t]*\]\]", re.MULTILINE)


class PolicyFileError(ServiceError):
    """The file cannot be read as a policy; the message names every mistake (line and level).

    Attributes:
        problems: One line per mistake.
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class ParsedPolicy:
    """A file read and checked, ready to store.

    Attributes:
        policy: The policy it holds.
        replaces: The id of the stored policy of the same name, or ``None`` for a new one.
    """

    policy: Policy
    replaces: int | None


def _string(text: str) -> str:
    """``text`` as a TOML string: a literal one where it can be (no escapes to read)."""
    if "\n" in text and "'''" not in text and not _needs_escape(text.replace("\n", "")):
        return "'''\n" + text + "'''"
    if "\n" not in text and "'" not in text and not _needs_escape(text):
        return f"'{text}'"
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    )
    escaped = re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\u{ord(m.group()):04x}", escaped)
    return f'"{escaped}"'


def _needs_escape(text: str) -> bool:
    return bool(re.search(r"[\x00-\x08\x0a-\x1f\x7f]", text))


def policy_to_toml(policy: Policy) -> str:
    """The policy as the text of a TOML file, with comments that say what each key means."""
    known = ", ".join(f"${name}" for name in PLACEHOLDERS) + " ($$ is a dollar sign)."
    out = [
        "# Reminder policy for arapp. Edit it, then: arapp reminders policy import FILE",
        "# A policy of the same name is replaced; another name makes a new policy.",
        "# Each [[level]], in the order they are sent:",
        *(f"#   {key:<9} {meaning}" for key, (_kind, meaning) in LEVEL_KEYS.items()),
        *textwrap.wrap(
            f"Subjects and bodies may use {known}", 96, initial_indent="# ",
            subsequent_indent="#   ",
        ),
        "# A level's subject and body in another language ("
        + ", ".join(c for c in LANGUAGES if c != ENGLISH)
        + ") follow it as a table",
        "# [level.CODE] with subject and body; customers who read a language without one get "
        "the",
        "# company's language, else English.",
        f"name = {_string(policy.name)}",
    ]  # fmt: skip
    for lv in policy.levels:
        out += [
            "",
            "[[level]]",
            f"number = {lv.level}",
            f"name = {_string(lv.name)}",
            f"days = {lv.offset_days}",
            f"action = {_string(lv.action)}",
            f"late_fee = {'true' if lv.late_fee else 'false'}",
            f"subject = {_string(lv.subject)}",
            f"body = {_string(lv.body)}",
        ]
        for text in lv.texts:
            out += [
                "",
                f"[level.{text.language}]",
                f"subject = {_string(text.subject)}",
                f"body = {_string(text.body)}",
            ]
    return "\n".join(out) + "\n"


def _read(text: str) -> tuple[str, list[ReminderLevel]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyFileError([f"Not a readable TOML file: {exc}."]) from exc
    lines = [text.count("\n", 0, m.start()) + 1 for m in _LEVEL_HEADER.finditer(text)]
    problems = [f"Unknown key {key!r} (use name and [[level]])." for key in data
                if key not in ("name", "level")]  # fmt: skip
    name = data.get("name")
    if not isinstance(name, str):
        problems.append('The policy needs a name: name = "…" at the top.')
        name = ""
    raw = data.get("level", [])
    if not isinstance(raw, list) or not raw:
        problems.append("The policy needs at least one level: a [[level]] table per level.")
        raw = []
    levels: list[ReminderLevel] = []
    for n, table in enumerate(raw, 1):
        at = f"Line {lines[n - 1]}, level {n}" if n <= len(lines) else f"Level {n}"
        if not isinstance(table, dict):
            problems.append(f"{at}: not a [[level]] table.")
            continue
        texts: list[LevelText] = []
        for key, value in table.items():
            if key in LANGUAGES and key != ENGLISH and isinstance(value, dict):
                texts.append(_text(at, key, value, problems))
            elif key not in LEVEL_KEYS:
                problems.append(
                    f"{at}: unknown key {key!r} (use {', '.join(LEVEL_KEYS)}, or [level.CODE] "
                    f"for another language: {', '.join(c for c in LANGUAGES if c != ENGLISH)})."
                )
        values: dict[str, object] = {}
        for key, (kind, meaning) in LEVEL_KEYS.items():
            fallback = (levels[-1].level + 1 if levels else 1) if key == "number" else None
            value = table.get(key, _OPTIONAL.get(key, fallback))
            if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
                shown = "missing" if value is None else f"{value!r}"
                problems.append(f"{at}: {key} must be {_KIND_TEXT[kind]}, {meaning} ({shown}).")
                value = kind()
            values[key] = value
        levels.append(
            ReminderLevel(
                int(values["number"]), str(values["name"]),  # type: ignore[call-overload]
                int(values["days"]),  # type: ignore[call-overload]
                str(values["subject"]), str(values["body"]), str(values["action"]),
                bool(values["late_fee"]), tuple(texts),
            )
        )  # fmt: skip
    if problems:
        raise PolicyFileError(problems)
    return name, levels


def _text(at: str, code: str, table: dict[str, object], problems: list[str]) -> LevelText:
    """The ``[level.CODE]`` table: a subject and a body, both text."""
    named = f"{at}, {LANGUAGES[code]} ([level.{code}])"
    for key in table:
        if key not in ("subject", "body"):
            problems.append(f"{named}: unknown key {key!r} (use subject and body).")
    parts = []
    for key in ("subject", "body"):
        value = table.get(key)
        if not isinstance(value, str):
            shown = "missing" if value is None else f"{value!r}"
            problems.append(f"{named}: {key} must be text ({shown}).")
            value = ""
        parts.append(value)
    return LevelText(code, *parts)


#: The key of the file that holds each part of a level.
_KEY_OF = {"level": "number", "offset_days": "days"}


def _line_of(text: str, level: int | None, part: str | None) -> str:
    """``"Line 12: "``: the line of ``part`` of the ``level``-th [[level]] (else its header)."""
    headers = [m.start() for m in _LEVEL_HEADER.finditer(text)]
    if level is None or not 1 <= level <= len(headers):
        return ""
    start = headers[level - 1]
    end = headers[level] if level < len(headers) else len(text)
    key = _KEY_OF.get(part or "", part or "")
    found = re.compile(rf"^[ \t]*{re.escape(key)}[ \t]*=", re.MULTILINE).search(text, start, end)
    return f"Line {text.count(chr(10), 0, found.start() if found else start) + 1}: "


def read_policy(ctx: AppContext, text: str) -> ParsedPolicy:
    """Check the text of a policy file through and through (raises :class:`PolicyFileError`
    naming every mistake by line and level); nothing is stored."""
    name, levels = _read(text)
    records = list_policies(ctx)
    same = next((r for r in records if r.policy.name.casefold() == name.strip().casefold()), None)
    taken = [r.policy.name for r in records if r is not same]
    problems = policy_problems(name, levels, taken)
    if problems:
        raise PolicyFileError(
            [_line_of(text, p.ref.line, p.ref.part) + p.message for p in problems]
        )
    return ParsedPolicy(Policy(name.strip(), tuple(levels)), same.id if same else None)


def import_policy(ctx: AppContext, text: str) -> PolicyRecord:
    """Store the policy of a checked file (see :func:`read_policy`) in one transaction."""
    parsed = read_policy(ctx, text)
    return save_policy(ctx, parsed.policy, parsed.replaces)
