# SPDX-License-Identifier: MIT
"""Errors the services raise for people to read."""

from __future__ import annotations

from arapp.domain.errors import ValidationError


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
