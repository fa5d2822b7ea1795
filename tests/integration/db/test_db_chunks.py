# SPDX-License-Identifier: MIT
"""IN-lists in chunks of the driver's limit: the helper itself, the limit it reads, and a
query over more ids than one statement may bind, on SQLite."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from arapp.db.chunks import (
    IN_LIMIT,
    POSTGRESQL_MAX_PARAMETERS,
    SQLITE_MAX_PARAMETERS,
    chunked,
)
from arapp.services.customers import CustomerInput, create_customer
from arapp.services.reminders.overview import customer_names
from arapp.services.statements import customer_codes


@pytest.mark.parametrize(
    ("count", "size", "lengths"),
    [(0, 3, []), (1, 3, [1]), (3, 3, [3]), (7, 3, [3, 3, 1]), (6, 1, [1] * 6)],
)
def test_chunks_have_the_size_asked_for_and_the_rest_last(count, size, lengths):
    chunks = list(chunked(range(count), size))
    assert [len(c) for c in chunks] == lengths
    assert [v for c in chunks for v in c] == list(range(count))  # in order, nothing lost


def test_an_iterator_is_read_as_it_goes():
    seen: list[int] = []

    def values():
        for v in range(10):
            seen.append(v)
            yield v

    chunks = chunked(values(), 4)
    assert next(chunks) == [0, 1, 2, 3]
    assert seen == [0, 1, 2, 3]  # not the whole iterator


def test_the_default_size_is_the_drivers_limit_less_room_for_other_parameters():
    assert list(map(len, chunked(range(IN_LIMIT + 1)))) == [IN_LIMIT, 1]
    both = min(SQLITE_MAX_PARAMETERS, POSTGRESQL_MAX_PARAMETERS)
    assert both - 100 <= IN_LIMIT < both


@pytest.mark.parametrize("size", [0, -1])
def test_a_size_below_one_is_refused(size):
    with pytest.raises(ValueError, match="at least 1"):
        list(chunked([1, 2], size))


def test_sqlite_refuses_one_parameter_more_than_the_limit_read():
    with closing(sqlite3.connect(":memory:")) as connection:
        sql = "SELECT 1 WHERE 1 IN ({})"
        assert connection.execute(
            sql.format(",".join("?" * SQLITE_MAX_PARAMETERS)), [1] * (SQLITE_MAX_PARAMETERS)
        ).fetchall() == [(1,)]
        with pytest.raises(sqlite3.OperationalError, match="too many SQL variables"):
            n = SQLITE_MAX_PARAMETERS + 1
            connection.execute(sql.format(",".join("?" * n)), [1] * n)


def test_a_lookup_over_more_ids_than_one_statement_takes_finds_them_all(ctx):
    made = [
        create_customer(ctx, CustomerInput(code=f"C{n}", name=f"Customer {n}")) for n in range(3)
    ]
    # the real customers come last, in the second chunk; the others do not exist
    ids = [*range(10**6 + IN_LIMIT + 50, 10**6, -1), *(c.id for c in made)]
    assert len(ids) > IN_LIMIT
    assert customer_codes(ctx, ids) == {c.id: c.code for c in made}
    assert customer_names(ctx, ids) == {c.id: c.name for c in made}
