# SPDX-License-Identifier: MIT
"""The database errors people read, apart from the engine: naming them imports no SQLAlchemy,
so the start of the window (and ``arapp.services.errors``) can catch them before the database
layer is loaded (:mod:`arapp.db.engine` raises them and names them too)."""

from __future__ import annotations


class DatabaseError(Exception):
    """A database problem explained for people (locked, unreachable, unreadable)."""


class DatabaseBusy(DatabaseError):
    pass
