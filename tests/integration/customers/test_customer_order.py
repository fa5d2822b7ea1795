# SPDX-License-Identifier: MIT
"""Every sort of the customer list gives the order of a plain Python sort of the same rows in both
directions (ties by id, customers without a credit limit where the database puts them), and
reading it a chunk at a time by a seek (``after=``) or by position gives the same ids."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from arapp.domain.customer import CustomerStatus
from arapp.services.context import AppContext
from arapp.services.customer_list import (
    SEGMENT_ORDER,
    WALKED_SORTS,
    SortKey,
    StatusFilter,
    count_customers,
    customer_ids,
    customer_position,
    customer_rows,
)
from arapp.services.customers import CustomerInput, create_customer, set_status
from arapp.services.keyset import nulls_first_ascending
from arapp.services.segments import refresh_segments
from tests.helpers.books import TODAY, issued_invoice
from tests.helpers.postgres import ON_POSTGRES

PAGE = 4


@pytest.fixture(params=["ctx", pytest.param("pg_ctx", marks=ON_POSTGRES)])
def books(request: pytest.FixtureRequest) -> AppContext:
    """17 customers full of ties: names, contacts, terms, limits and balances repeat."""
    ctx: AppContext = request.getfixturevalue(request.param)
    invoices = []
    for n in range(17):
        made = create_customer(
            ctx,
            CustomerInput(
                name=("Acme", "Blue Door", "acme")[n % 3],
                code=f"C{(n * 7) % 17:02d}",
                contact_person=("Ann", "bob", "", "ann")[n % 4],
                email=("a@x.org", "B@x.org", "")[n % 3],
                phone=("555", "", "123")[n % 3],
                terms=("net 30", "net 14")[n % 2],
                credit_limit=(None, "100", "50")[n % 3],
            ),
        )
        if n % 4 == 1:
            day = TODAY - timedelta(days=(n % 3) * 40)  # some overdue
            invoices.append((day, made.id, ("10", "20", "30")[n % 3]))
    for day, customer_id, amount in sorted(invoices):  # oldest first: numbers follow dates
        issued_invoice(ctx, customer_id, day, amount, confirmed=True)
    return ctx


def plain_sort(rows: list[tuple[Any, int]], descending: bool, dialect: str) -> list[int]:
    nulls_low = nulls_first_ascending(dialect)

    def key(row: tuple[Any, int]) -> tuple[bool, Any, int]:
        value, rid = row
        return (not nulls_low, 0, rid) if value is None else (nulls_low, value, rid)

    ordered = [rid for _, rid in sorted(rows, key=key)]
    return ordered[::-1] if descending else ordered


def test_every_customer_sort_is_a_plain_sort_both_ways(books: AppContext) -> None:
    ctx = books
    dialect = ctx.db.engine.dialect.name
    refresh_segments(ctx)  # the sort by segment has some to sort
    ids = customer_ids(ctx, status=StatusFilter.ALL)
    rows = customer_rows(ctx, ids)
    assert count_customers(ctx, StatusFilter.ALL) == len(rows) == 17
    keys: dict[SortKey, Callable[[Any], Any]] = {
        SortKey.CODE: lambda r: r.code,
        SortKey.CONTACT: lambda r: r.contact_person.lower(),
        SortKey.EMAIL: lambda r: r.email.lower(),
        SortKey.PHONE: lambda r: r.phone,
        SortKey.TERMS: lambda r: r.terms,
        SortKey.CREDIT_LIMIT: lambda r: r.credit_limit,
        SortKey.BALANCE: lambda r: r.balance,
        SortKey.OVERDUE: lambda r: r.overdue,
        SortKey.STATUS: lambda r: r.status.value,
        SortKey.SEGMENT: lambda r: SEGMENT_ORDER.index(r.segment),
    }
    assert len({r.balance for r in rows.values()}) > 2  # some owe, most do not: ties
    for sort in SortKey:
        for descending in (False, True):
            if sort not in keys:  # the name: the folded search text, in the database's order
                expected = customer_ids(ctx, "", StatusFilter.ALL, sort, descending)
                assert [rows[i].name.lower() for i in expected] == sorted(
                    (r.name.lower() for r in rows.values()), reverse=descending
                )
            else:
                pairs = [(keys[sort](r), r.id) for r in rows.values()]
                expected = plain_sort(pairs, descending, dialect)

            def read(sort: SortKey = sort, descending: bool = descending, **page: Any) -> list[int]:
                return customer_ids(ctx, "", StatusFilter.ALL, sort, descending, **page)

            assert read() == expected
            found: list[int] = []
            while True:
                page = read(limit=PAGE, after=found[-1] if found else None)
                found.extend(page)
                if len(page) < PAGE:
                    break
            assert found == expected, (sort, descending)
            assert read(limit=PAGE, offset=5) == expected[5 : 5 + PAGE]


def test_a_customers_position_is_its_index_in_every_order(books: AppContext) -> None:
    """customer_position counts the rows before a customer: ties, empty values, a search and
    the status filter included, whichever way the search is run (index or LIKE walk)."""
    ctx = books
    every = customer_ids(ctx, status=StatusFilter.ALL)
    set_status(ctx, every[3], CustomerStatus.ARCHIVED, "closed")
    for text, status in (("", StatusFilter.ALL), ("acm", StatusFilter.CURRENT), ("ac", "all")):
        status = StatusFilter(status)
        for sort in SortKey:
            for descending in (False, True):
                expected = customer_ids(ctx, text, status, sort, descending)
                assert 0 < len(expected) < len(every) or not text
                for many in (False, True) if sort in WALKED_SORTS else (False,):
                    found = [
                        customer_position(ctx, i, text, status, sort, descending, many=many)
                        for i in every
                    ]
                    where = {i: n for n, i in enumerate(expected)}
                    assert found == [where.get(i) for i in every], (text, sort, descending)
