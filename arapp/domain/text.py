# SPDX-License-Identifier: MIT
"""Characters that have no place in a name, a subject or a line shown to a person.

Text reaches arapp from people, imported files and bank statements. A control character in it
(ESC starting an escape sequence, OSC retitling a terminal or planting a link, BEL, a backspace or
CR overwriting what is read, NUL) does nothing useful in a name and harm on a terminal or in a
mail header; a bidi override (U+202E) makes text read in another order than it is stored. One
definition of them here serves the checks at the door, the bank import, e-mail subjects and the
command line's output.
"""

from __future__ import annotations

import re

from arapp.domain.errors import ValidationError
from arapp.i18n import _

#: Bidi embeddings, overrides and isolates: U+202A-U+202E and U+2066-U+2069.
BIDI_CONTROLS = "".join(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
#: C0 controls, DEL and the C1 controls (CSI, OSC, ST...), newline among them.
CONTROLS = "".join(chr(c) for c in (*range(0x20), *range(0x7F, 0xA0)))

_UNSAFE = re.compile(f"[{re.escape(CONTROLS + BIDI_CONTROLS)}]")
_UNSAFE_BUT_NEWLINE = re.compile(f"[{re.escape(CONTROLS.replace(chr(10), '') + BIDI_CONTROLS)}]")


def unsafe_character(text: str, *, lines: bool = False) -> str | None:
    """The first control character or bidi override in ``text`` (newline allowed with ``lines``),
    or ``None``."""
    found = (_UNSAFE_BUT_NEWLINE if lines else _UNSAFE).search(text)
    return found.group() if found else None


def describe_character(ch: str) -> str:
    """``U+001B`` for a character that cannot be shown."""
    return f"U+{ord(ch):04X}"


def replace_unsafe(text: str, replacement: str, *, lines: bool = False) -> str:
    """``text`` with every control character (but newline with ``lines``) and bidi override
    replaced by ``replacement``."""
    return (_UNSAFE_BUT_NEWLINE if lines else _UNSAFE).sub(replacement, text)


def refuse_unsafe(field: str, label: str, text: str, *, lines: bool = False) -> str:
    """``text`` unchanged, or :class:`ValidationError` naming ``field`` when it holds a control
    character or bidi override (a newline is allowed with ``lines``)."""
    found = unsafe_character(text, lines=lines)
    if found is not None:
        raise ValidationError(
            field,
            _(
                "{label} contains a control character ({character}), which cannot be shown or "
                "printed; remove it."
            ).format(label=label, character=describe_character(found)),
        )
    return text
