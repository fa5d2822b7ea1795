# SPDX-License-Identifier: MIT
"""Document number patterns such as ``INV-{year}-{seq:05}``.

A pattern may use ``{year}``, ``{month}`` (two digits) and must use ``{seq}``, each with an
optional format spec (``{seq:05}``). Nothing else is allowed: no attribute or index access, so a
pattern typed in Settings can never reach into Python objects. A pattern with ``{year}`` numbers
each year from 1; one with ``{month}`` too numbers each month from 1.
"""

from __future__ import annotations

import functools
import re
import string
from dataclasses import dataclass
from datetime import date

from arapp.domain.errors import ValidationError
from arapp.i18n import _

_FIELDS = {"year", "month", "seq"}


#: The longest document number the books keep (the ``number`` column's length).
NUMBER_LENGTH = 50
# Control characters (C0 including tab and line breaks, DEL, C1) and the bidi controls that
# reorder what a terminal or a PDF shows: a number goes into e-mail subjects, file names and
# PDF headings, where none of them can stand.
_NOT_PRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def number_problem(number: str) -> str:
    """Why ``number`` cannot be a document number, in one sentence, or ``""``: it must fit the
    books (:data:`NUMBER_LENGTH` characters) and hold no control character or line break (it
    goes into e-mail headers, where a line break would start a header of its own)."""
    if len(number) > NUMBER_LENGTH:
        return _("An invoice number has at most {most} characters (this has {count}).").format(
            most=NUMBER_LENGTH, count=len(number)
        )
    found = _NOT_PRINTABLE.search(number)
    if found:
        return _(
            "The invoice number {start}… has a control character or a line break ({character}); "
            "numbers are printed and e-mailed as they are."
        ).format(start=number[: found.start()], character=f"U+{ord(found.group()):04X}")
    return ""


@dataclass(frozen=True)
class NumberPattern:
    """A checked numbering pattern.

    Attributes:
        text: The pattern as typed, such as ``INV-{year}-{seq:05}``.
    """

    text: str

    def __post_init__(self) -> None:
        fields = set()
        try:
            parsed = list(string.Formatter().parse(self.text))
        except ValueError as exc:
            raise ValidationError(
                "pattern",
                _("“{pattern}” is not a valid pattern: {problem}.").format(
                    pattern=self.text, problem=exc
                ),
            ) from exc
        for _literal, field, spec, conversion in parsed:
            if field is None:
                continue
            if field not in _FIELDS or conversion:
                raise ValidationError(
                    "pattern",
                    _("Unknown part “{{{field}}}”: use {{year}}, {{month}} and {{seq}}.").format(
                        field=field
                    ),
                )
            if spec and not all(ch.isdigit() for ch in spec):
                raise ValidationError(
                    "pattern", _("“{width}” is not a width such as 05.").format(width=spec)
                )
            fields.add(field)
        if "seq" not in fields:
            raise ValidationError("pattern", _("The pattern needs {seq}, the running number."))
        if len(self.format(date(2000, 1, 1), 10**6)) > NUMBER_LENGTH:
            raise ValidationError("pattern", _("Numbers from this pattern would be too long."))
        if _NOT_PRINTABLE.search(self.text):
            raise ValidationError(
                "pattern",
                _("The pattern has a control character or a line break: type it again."),
            )

    def sequence_key(self, prefix: str, day: date) -> str:
        """Which counter a document dated ``day`` draws from (``invoice:2026``, ``invoice``)."""
        parts = [prefix]
        if "{year" in self.text:
            parts.append(f"{day.year:04}")
        if "{month" in self.text:
            parts.append(f"{day.month:02}")
        return ":".join(parts)

    def parse(self, number: str) -> tuple[str, int] | None:
        """For a number made by this pattern: (the key suffix such as ``2026`` or ``2026:03``,
        the running number); ``None`` for a number this pattern does not make."""
        regex, groups = _parser(self.text)
        found = regex.fullmatch(number)
        if found is None:
            return None
        values = dict(zip(groups, found.groups(), strict=True))
        suffix = ":".join(values[f] for f in ("year", "month") if f in values)
        return suffix, int(values["seq"])

    def format(self, day: date, seq: int) -> str:
        return self.text.format(year=day.year, month=f"{day.month:02}", seq=seq)


@functools.lru_cache(maxsize=32)
def _parser(text: str) -> tuple[re.Pattern[str], tuple[str, ...]]:
    """The regex matching the numbers of a pattern, and the fields of its groups (an import
    parses every number it brings in)."""
    regex, groups = "", []
    for literal, field, _spec, _conv in string.Formatter().parse(text):
        regex += re.escape(literal)
        if field == "year":
            regex += r"(\d{4})"
        elif field == "month":
            regex += r"(\d{2})"
        elif field == "seq":
            regex += r"(\d+)"
        if field is not None:
            groups.append(field)
    return re.compile(regex), tuple(groups)
