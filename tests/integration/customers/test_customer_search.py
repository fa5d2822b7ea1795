# SPDX-License-Identifier: MIT
"""Customer search through the index: substrings, accents, short words, hostile text, freshness.

Every query is also checked against the rule the search has always had, written out in Python:
every folded word typed appears somewhere in the customer's folded search column. The same tests
run on PostgreSQL when ``ARAPP_TEST_PG_URL`` is set.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from arapp.domain.customer import CustomerStatus, fold_for_search
from arapp.services import customers as svc
from arapp.services.context import AppContext
from arapp.services.customer_list import (
    SortKey,
    StatusFilter,
    count_customers,
    customer_ids,
    customer_page,
)
from arapp.services.customer_search import fts_query
from arapp.services.transfer.imports import import_customers
from tests.helpers.postgres import ON_POSTGRES

PEOPLE = [
    # name, contact person, e-mail
    ("Müller Holzbau GmbH", "Jürgen Weiß", "info@mueller-holz.example"),
    ("Bäckerei Zürich AG", "Zoë Lefèvre", "brot@zuerich.example"),
    ("Łukasiewicz i Syn", "Małgorzata Wójcik", ""),
    ("Smith & Jones Ltd", "", "ap@smith.example"),
    ("100% Bio_Markt", "", "bio@markt.example"),
    ('Quote "Best" OR Co', "Ann O'Brien", ""),
    ("Near(Field) - Star*Ltd", "", "near@field.example"),
    ("Mu", "", ""),
]

QUERIES = [
    "muller", "MÜLLER", "üll", "ÜLL", "zur", "zürich", "weiss", "weiß", "mueller", "lukas",
    "ł", "zoe lef", "holz müller", "gmbh zürich", "m", "mü", "u", "zz", "q", "m z", "mu ller",
    "%", "_", "100%", "bio_m", "o_m", "1_0", "1%0", "\\", '"', '"best"', "*", "star*", "'",
    "o'brien",
    "NEAR(", "near(field)", "OR", "or co", "-", "- star", "AND", "NOT", "^", ":", "(", ")",
    'a"b', "smith & jones", "&", "ltd", "c0", "example", "@", "   ", "", '""', '"b', 'e"', "%%",
    "a_", "_m", "**", "((", "o'", " u Z ", "e p", "mu e",
]  # fmt: skip


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=ON_POSTGRES)])
def books(request: pytest.FixtureRequest) -> AppContext:
    """Empty books on SQLite, and on PostgreSQL when a server is given."""
    ctx: AppContext = request.getfixturevalue("ctx" if request.param == "sqlite" else "pg_ctx")
    return ctx


def _add(ctx: AppContext, name: str, contact: str = "", email: str = "") -> int:
    data = svc.CustomerInput(name=name, contact_person=contact, email=email)
    return svc.create_customer(ctx, data).id


def _found_by_rule(ctx: AppContext, query: str) -> list[int]:
    """The search's rule applied in Python to every customer's folded text."""
    words = fold_for_search(query).split()
    with ctx.db.read() as session:
        rows = session.execute(text("SELECT id, search_text FROM customer")).all()
    return sorted(i for i, folded in rows if all(w in folded for w in words))


def _found(ctx: AppContext, query: str) -> list[int]:
    return customer_ids(ctx, query, StatusFilter.ALL, SortKey.CODE)


def test_every_query_finds_what_the_rule_says(books: AppContext) -> None:
    ids = {name: _add(books, name, contact, email) for name, contact, email in PEOPLE}
    for query in QUERIES:
        expected = _found_by_rule(books, query)
        assert sorted(_found(books, query)) == expected, query
        assert count_customers(books, StatusFilter.ALL, query) == len(expected), query
    # and the rule is what a person expects
    muller, zurich = ids["Müller Holzbau GmbH"], ids["Bäckerei Zürich AG"]
    for query in ("muller", "ÜLL", "weiss", "mueller", "holz müller", "MÜ", "m"):
        assert muller in _found(books, query), query
    assert _found(books, "zur") == [zurich]
    assert _found(books, "zoe lef") == [zurich]
    assert _found(books, "lukas") == [ids["Łukasiewicz i Syn"]]
    assert _found(books, "100%") == [ids["100% Bio_Markt"]]
    assert _found(books, "1_0") == []  # "_" is a character, not "any character"
    assert _found(books, '"best" or') == [ids['Quote "Best" OR Co']]
    assert _found(books, "near(field)") == [ids["Near(Field) - Star*Ltd"]]
    assert _found(books, "star*ltd") == [ids["Near(Field) - Star*Ltd"]]
    assert {muller, ids["Mu"]} <= set(_found(books, "mu"))
    assert len(_found(books, "")) == len(PEOPLE)


def test_a_pair_of_letters_at_the_very_end_is_found(books: AppContext) -> None:
    """A pair starts no trigram at the end of the text: the index adds two spaces there."""
    end = svc.create_customer(books, svc.CustomerInput(code="QZ9", name="Ende")).id
    assert _found(books, "z9") == _found(books, "9") == _found(books, "qz9") == [end]
    assert count_customers(books, text="Z9") == 1


def test_walking_the_order_finds_the_same_page(books: AppContext) -> None:
    for n in range(30):
        _add(books, f"Čapek {n:02d}", email=f"c{n}@capek.example")
    for query in ("cap", "ca", "c", "capek 1", "ek 2", "zz"):
        for sort in (SortKey.NAME, SortKey.CODE, SortKey.BALANCE):
            for descending in (False, True):
                args = (books, query, StatusFilter.CURRENT, sort, descending)
                page = customer_ids(*args, limit=7)
                assert customer_ids(*args, limit=7, many=True) == page, (query, sort)
                assert page == customer_ids(*args)[:7]
    every = customer_ids(books, "capek 1")
    found = customer_page(books, "capek 1", limit=4)
    assert (found.ids, found.total) == (every[:4], len(every))
    assert len(every) == len(_found_by_rule(books, "capek 1")) == 12


def test_the_page_is_the_first_rows_in_the_lists_order(books: AppContext) -> None:
    for n in range(7):
        _add(books, f"Müller {n}", email=f"m{n}@example.org")
    _add(books, "Schmidt")
    everyone = customer_ids(books, "mull", sort=SortKey.NAME)
    assert len(everyone) == 7
    assert customer_ids(books, "mull", sort=SortKey.NAME, limit=3) == everyone[:3]
    assert customer_ids(books, "mu", sort=SortKey.NAME, limit=3) == everyone[:3]
    assert count_customers(books, text="mull") == count_customers(books, text="MÜ") == 7


def test_added_renamed_archived_and_deleted_customers_are_found_at_once(
    books: AppContext,
) -> None:
    data = svc.CustomerInput(code="G1", name="Grünwald Bau", email="office@gruenwald.example")
    first = svc.create_customer(books, data).id
    assert _found(books, "grunwald") == [first]
    renamed = svc.CustomerInput(code="G1", name="Åkesson Trä", email="office@gruenwald.example")
    svc.update_customer(books, first, renamed)
    assert _found(books, "grunwald") == []
    assert _found(books, "akesson") == _found(books, "gruenwald") == [first]
    svc.set_status(books, first, CustomerStatus.ARCHIVED)
    assert customer_ids(books, "akesson") == []
    assert count_customers(books, text="akesson") == 0
    assert count_customers(books, StatusFilter.ARCHIVED, "akesson") == 1
    assert [c.id for c in svc.find_customers(books, "akesson")] == []
    second = svc.create_customer(books, svc.CustomerInput(code="A2", name="Åkesson Två")).id
    assert [c.id for c in svc.find_customers(books, "aKESSON")] == [second]
    with books.db.write() as session:
        session.execute(text("DELETE FROM customer WHERE id = :id"), {"id": second})
    assert _found(books, "akesson") == [first]
    assert _found(books, "tva") == []


def test_imported_customers_are_found_at_once(books: AppContext) -> None:
    csv = (
        "code,name,email,phone,address,terms,credit_limit,currency\n"
        "DU,Düsseldorfer Stahl,einkauf@stahl.example,,,net 30,,EUR\n"
        "KR,Kraków Młyn,,,,net 30,,EUR\n"
    )
    assert import_customers(books, csv.encode()).ok
    assert [svc.customer_by_code(books, "DU").id] == _found(books, "dusseld")
    assert [svc.customer_by_code(books, "KR").id] == _found(books, "krakow mlyn")
    assert len(_found(books, "du")) == 1


def test_a_big_import_into_new_books_is_indexed_too(ctx: AppContext) -> None:
    """10,000 rows rebuild the table's indexes after the insert; the triggers still fed FTS."""
    rows = "".join(f"C{i:05d},Señor {i:05d},,,,net 30,,EUR\n" for i in range(10_000))
    csv = "code,name,email,phone,address,terms,credit_limit,currency\n" + rows
    assert import_customers(ctx, csv.encode()).ok
    assert count_customers(ctx, text="senor 0999") == 11  # 00999 and 09990 to 09999
    assert count_customers(ctx, text="senor") == 10_000
    assert _found(ctx, "c09999") == [svc.customer_by_code(ctx, "C09999").id]


def test_fts_queries_quote_every_word() -> None:
    assert fts_query(["muller"]) == '"muller"'
    assert fts_query(['a"b', "near("]) == '"a""b" AND "near("'


def test_counts_agree_with_the_list_for_every_status(books: AppContext) -> None:
    ids = [_add(books, f"Ödön {n}", email=f"o{n}@odon.example") for n in range(12)]
    for n in (1, 4, 7):
        svc.set_status(books, ids[n], CustomerStatus.ARCHIVED)
    for n in (2, 5):
        svc.set_status(books, ids[n], CustomerStatus.CREDIT_HOLD)
    for status in StatusFilter:
        for query in ("odon", "od", "o", "odon 1", "on 1", "zz", ""):
            listed = customer_ids(books, query, status)
            assert count_customers(books, status, query) == len(listed), (status, query)
    assert count_customers(books, StatusFilter.CURRENT, "odon") == 9
    assert count_customers(books, StatusFilter.ACTIVE, "od") == 7
