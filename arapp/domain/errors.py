# SPDX-License-Identifier: MIT
"""Exceptions raised by the domain core.

Every error the domain raises on purpose derives from :class:`DomainError`, so callers
(services, UI, CLI) can catch one type.  Programming errors (wrong argument *types*, such
as passing a ``float`` where money is expected) raise the built-in :class:`TypeError`
instead and are not domain errors.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DomainError", "FieldRef", "ValidationError"]


@dataclass(frozen=True)
class FieldRef:
    """The input an error is about: a field (``email``), or a field of one line of a list
    (``lines[3].quantity``), so that a form can put the message next to it without parsing.

    ``str()`` gives the text form (``"email"``, ``"lines[3].quantity"``).

    Attributes:
        name: The field, or the list the line belongs to (``"lines"``).
        line: The line's number, counted from 1, or ``None`` for a plain field.
        part: The field of that line (``"quantity"``), or ``None`` for the whole line.
    """

    name: str
    line: int | None = None
    part: str | None = None

    @classmethod
    def of_line(cls, line: int, part: str) -> FieldRef:
        """Field ``part`` of invoice line ``line`` (``lines[line].part``)."""
        return cls("lines", line, part)

    def __str__(self) -> str:
        if self.line is None:
            return self.name
        whole = f"{self.name}[{self.line}]"
        return whole if self.part is None else f"{whole}.{self.part}"


class DomainError(Exception):
    """Base class of all errors raised by :mod:`arapp.domain`."""


class ValidationError(DomainError):
    """User input that breaks a business rule.

    ``str(error)`` is the human-readable message, suitable for showing next to the form
    field named by :attr:`field`.

    Attributes:
        field: Name of the offending field, e.g. ``"email"``, ``"terms"`` or
            ``"lines[3].quantity"`` (the text of :attr:`ref`).
        ref: The same as a :class:`FieldRef`, for forms to read the line and its field.
        message: Human-readable explanation of what is wrong.
    """

    def __init__(self, field: str | FieldRef, message: str) -> None:
        self.ref = field if isinstance(field, FieldRef) else FieldRef(field)
        self.field = str(self.ref)
        self.message = message
        super().__init__(self.field, message)

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}(field={self.field!r}, message={self.message!r})"
