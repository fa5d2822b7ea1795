# SPDX-License-Identifier: MIT
"""What the Customers tab reads per keystroke and per "Show customer", paged against every id.

    python benchmarks/customer_paging.py BOOKS.sqlite [--rounds 5]

``BOOKS`` must already be at the newest schema (``arapp.db.migrate.upgrade`` on a copy: this
script only reads). For each keystroke of a few searches it times, side by side in one run:

- *every id* (the tab before it paged): every matching id in name order, what the model read
  on each keystroke, and its length as the count;
- *page + count* (now): :func:`~arapp.services.customer_list.customer_page` with one chunk
  (``CHUNK_SIZE`` ids) and the count through the search index.

And for "Show customer" of customers spread over the list (the tab clears the search, shows
every status, and selects the row): every id of the list then a look-up (before), against the
first chunk and count, the customer's position (one count) and the chunk from it by a seek
(now); and the same position inside a search (the selection kept while typing). A baseline in
the same run: one chunk of ids by primary key plus a count of all customers. Prints the load.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from datetime import date

from sqlalchemy import func, select

from arapp.db.engine import Database
from arapp.db.models import Customer
from arapp.services.context import AppContext
from arapp.services.customer_list import (
    SortKey,
    StatusFilter,
    customer_ids,
    customer_page,
    customer_position,
)
from arapp.services.customer_search import MANY
from arapp.ui.paged_model import CHUNK_SIZE

TODAY = date(2026, 11, 23)
SEARCHES = ("müller", "an", "garcia 4")


def typed(word: str) -> list[str]:
    return [word[: n + 1] for n in range(len(word))]


def _ms(fn: Callable[[], object], rounds: int) -> float:
    """Median of ``rounds`` runs, in milliseconds."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _baseline(ctx: AppContext) -> None:
    with ctx.db.read() as session:
        session.scalars(select(Customer.id).order_by(Customer.id).limit(CHUNK_SIZE)).all()
        session.scalar(select(func.count()).select_from(Customer))


def _jump_now(ctx: AppContext, customer: int, text: str, status: StatusFilter) -> int | None:
    page = customer_page(ctx, text, status, limit=CHUNK_SIZE)
    if customer in page.ids:
        return page.ids.index(customer)
    many = bool(text.strip()) and page.total >= MANY
    row = customer_position(ctx, customer, text, status, many=many)
    if row is not None:
        customer_ids(ctx, text, status, limit=CHUNK_SIZE - 1, after=customer, many=many)
    return row


def _jump_before(ctx: AppContext, customer: int, text: str, status: StatusFilter) -> int | None:
    return {rid: n for n, rid in enumerate(customer_ids(ctx, text, status))}.get(customer)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("books")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    ctx = AppContext(Database(f"sqlite:///{args.books}"), today=lambda: TODAY)
    rounds = args.rounds
    print(f"load before: {os.getloadavg()}")
    baseline = _ms(lambda: _baseline(ctx), rounds)
    print(f"baseline (chunk of {CHUNK_SIZE} ids by pk + count): {baseline:.1f} ms")
    print("\nkeystroke              matches   every id ms   page+count ms")
    for word in SEARCHES:
        for text in typed(word):
            total = customer_page(ctx, text, limit=1).total
            before = _ms(lambda t=text: customer_ids(ctx, t), rounds)
            now = _ms(lambda t=text: customer_page(ctx, t, limit=CHUNK_SIZE), rounds)
            print(f"{text!r:22} {total:8,} {before:12.1f} {now:15.1f}")
    print("\nShow customer (search cleared, All)    row     before ms   now ms")
    every = customer_ids(ctx, "", StatusFilter.ALL)
    for share in (0.1, 0.5, 0.9, 0.999):
        customer = every[int(len(every) * share)]
        row = _jump_now(ctx, customer, "", StatusFilter.ALL)
        assert row == int(len(every) * share), (row, share)
        before = _ms(lambda c=customer: _jump_before(ctx, c, "", StatusFilter.ALL), rounds)
        now = _ms(lambda c=customer: _jump_now(ctx, c, "", StatusFilter.ALL), rounds)
        print(f"  {share:>6.1%} down {row:>30,} {before:12.1f} {now:8.1f}")
    print("\nSelection kept through a search (position)   row   before ms   now ms")
    for text in ("an", "müller", "garcia 4"):
        found = customer_ids(ctx, text)
        customer = found[len(found) * 4 // 5]
        row = _jump_now(ctx, customer, text, StatusFilter.CURRENT)
        assert row == found.index(customer)
        before = _ms(
            lambda c=customer, t=text: _jump_before(ctx, c, t, StatusFilter.CURRENT), rounds
        )
        now = _ms(lambda c=customer, t=text: _jump_now(ctx, c, t, StatusFilter.CURRENT), rounds)
        print(f"  {text!r:12} {row:>28,} {before:12.1f} {now:8.1f}")
    for sort in (SortKey.BALANCE, SortKey.CODE):
        customer = every[len(every) // 2]
        now = _ms(
            lambda s=sort, c=customer: customer_position(ctx, c, "", StatusFilter.ALL, s), rounds
        )
        print(f"  position by {sort.value}, middle: {now:.1f} ms")
    print(f"\nload after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
