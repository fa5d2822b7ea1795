# SPDX-License-Identifier: MIT
"""Bank lines for big lists: the ordered ids of a filter, then the rows of a page of them.

The match screen's table keeps only ids (as every big table does) and reads the rows it shows;
the filter and order are those of :func:`~.transactions.list_transactions` (newest booking
first), done in SQL.
"""

from __future__ import annotations

from collections.abc import Sequence

from arapp.db.chunks import chunked
from arapp.db.models import BankTransaction
from arapp.services.bank.transactions import BankLine, line_query, to_line
from arapp.services.context import AppContext


def line_ids(
    ctx: AppContext,
    status: str | None = None,
    search: str = "",
    limit: int = 2_000,
    offset: int = 0,
) -> list[int]:
    """Ids of the lines with (derived) ``status`` matching ``search``, newest booking first."""
    query = (
        line_query(status, search)
        .with_only_columns(BankTransaction.id)
        .order_by(BankTransaction.booking_date.desc(), BankTransaction.id.desc())
        .limit(limit)
        .offset(offset)
    )
    with ctx.db.read() as session:
        return list(session.scalars(query))


def line_rows(ctx: AppContext, ids: Sequence[int]) -> dict[int, BankLine]:
    """The lines of ``ids`` by id (vanished ones left out), read in batches."""
    out: dict[int, BankLine] = {}
    with ctx.db.read() as session:
        for chunk in chunked(ids):
            query = line_query(None, "").where(BankTransaction.id.in_(chunk))
            for row in session.execute(query):
                line = to_line(*row)
                out[line.id] = line
    return out
