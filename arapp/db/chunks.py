# SPDX-License-Identifier: MIT
"""IN-lists cut to what the database driver takes.

A statement binds only so many parameters: SQLite as many as the library was built for
(``SQLITE_MAX_VARIABLE_NUMBER``: 999 before 3.32, 32,766 since, more in some distributions),
PostgreSQL 65,535 (the wire protocol counts them in 16 bits). A query over "these ids" of any
length therefore runs once per chunk of at most :data:`IN_LIMIT` values. The size is the driver's
limit, read here once, so no caller picks its own number; a smaller chunk only costs round trips.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import closing
from itertools import islice
from typing import TypeVar

T = TypeVar("T")

#: Bound parameters PostgreSQL takes in one statement.
POSTGRESQL_MAX_PARAMETERS = 65_535


def _sqlite_max_parameters() -> int:
    with closing(sqlite3.connect(":memory:")) as connection:
        return connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)


#: Bound parameters the SQLite library this Python runs takes in one statement.
SQLITE_MAX_PARAMETERS = _sqlite_max_parameters()
#: Room for the statement's other parameters (an account, a status set, a currency...).
_OTHER_PARAMETERS = 100
#: Values in one IN-list: what both drivers take, less the room for other parameters.
IN_LIMIT = min(SQLITE_MAX_PARAMETERS, POSTGRESQL_MAX_PARAMETERS) - _OTHER_PARAMETERS


def chunked(values: Iterable[T], size: int = IN_LIMIT) -> Iterator[list[T]]:
    """``values`` in lists of at most ``size``, in their order; none when there are none.

    It reads ``values`` as it goes, so an iterator is never held whole.

    Raises:
        ValueError: for a ``size`` below 1.
    """
    if size < 1:
        raise ValueError(f"chunk size must be at least 1, not {size}")
    it = iter(values)
    while chunk := list(islice(it, size)):
        yield chunk
