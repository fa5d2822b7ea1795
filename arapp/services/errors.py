# SPDX-License-Identifier: MIT
"""Errors the services raise for people to read.

:class:`DatabaseError` (the books are locked, unreachable or unreadable) is raised by
:mod:`arapp.db` under the services; it is named here too, so the faces catch it without
importing the database layer.
"""

from __future__ import annotations

from arapp.db.errors import DatabaseError
from arapp.domain.errors import ValidationError

__all__ = ["DatabaseError", "InputErrors", "NotFound", "ServiceError"]


class ServiceError(Exception):
    """A use case could not be carried out; the message says why and nothing was changed."""


class NotFound(ServiceError):
    pass


class InputErrors(ServiceError):
    """One or more fields are wrong; all of them are reported at once.

    Attributes:
        errors: One :class:`ValidationError` per wrong field, in form order.
    """

    def __init__(self, errors: list[ValidationError] | tuple[ValidationError, ...]) -> None:
        self.errors = tuple(errors)
        super().__init__("\n".join(e.message for e in self.errors))

    def for_field(self, name: str) -> str | None:
        return next((e.message for e in self.errors if e.field == name), None)
