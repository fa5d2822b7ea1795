# SPDX-License-Identifier: MIT
"""Lines without a bank id that look like lines imported before: known when the file or the
books saw the whole day, else imported as possible duplicates for a person to decide; never
dropped silently. CSV, OFX and camt.053 alike (see :mod:`arapp.services.bank.statements`)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from arapp.db.models import AuditEntry, BankTransaction
from arapp.services.bank.matching import propose_matches
from arapp.services.context import AppContext
from tests.helpers.bank import (
    FEE,
    Maker,
    V,
    W,
    X,
    Y,
    Z,
    camt_file,
    counts,
    csv_file,
    load,
    ofx_file,
)

FORMATS = pytest.mark.parametrize(
    "make", [csv_file, ofx_file, camt_file], ids=["csv", "ofx", "camt"]
)


def stored(ctx: AppContext) -> list[tuple[str, Decimal, str]]:
    with ctx.db.read() as session:
        rows = session.execute(
            select(
                BankTransaction.booking_date, BankTransaction.amount, BankTransaction.counterparty
            ).order_by(BankTransaction.booking_date, BankTransaction.id)
        )
        return [(str(day), amount, name) for day, amount, name in rows]


@FORMATS
def test_a_later_file_with_only_the_second_of_two_equal_payments_keeps_it(
    ctx: AppContext, make: Maker
) -> None:
    """The known bug: X was paid twice on the 18th; the first file (exported that noon) holds
    the first, the next file (from noon on) only the second. It looks like the first again, so
    it is imported as a possible duplicate, never dropped."""
    assert counts(load(ctx, make, Y, X)) == (2, 2, 0, 0)
    report = load(ctx, make, X, Z)
    assert counts(report) == (2, 2, 0, 1)
    assert [name for _, _, name in stored(ctx)] == [Y.name, X.name, X.name, Z.name]
    # matching says which line it may repeat, and auto-match leaves it to a person
    with ctx.db.read() as session:
        first, second = session.scalars(
            select(BankTransaction.id)
            .where(BankTransaction.counterparty == X.name)
            .order_by(BankTransaction.id)
        ).all()
        audit = session.scalars(
            select(AuditEntry.details).where(AuditEntry.action == "bank_statement_imported")
        ).all()
    assert {p.line.id: p.duplicate_of for p in propose_matches(ctx)}[second] == first
    assert '"possible_duplicates": 1' in audit[-1]
    # importing either file again adds nothing and asks nothing
    assert counts(load(ctx, make, X, Z)) == (2, 0, 2, 0)
    assert counts(load(ctx, make, Y, X)) == (2, 0, 2, 0)
    assert len(stored(ctx)) == 4


@FORMATS
def test_overlapping_statements_add_only_the_new_lines(ctx: AppContext, make: Maker) -> None:
    assert counts(load(ctx, make, Y, X, W)) == (3, 3, 0, 0)
    # the later export starts on the 18th again: it repeats the whole 18th the books hold
    assert counts(load(ctx, make, X, W, Z)) == (3, 1, 2, 0)
    # one from the 17th to the 20th holds the 18th and 19th whole: the 2nd X is a new payment
    assert counts(load(ctx, make, Y, X, X, W, Z, V)) == (6, 2, 4, 0)
    assert [(day, name) for day, _, name in stored(ctx)] == [
        ("2026-11-17", Y.name),
        ("2026-11-18", X.name),
        ("2026-11-18", W.name),
        ("2026-11-18", X.name),
        ("2026-11-19", Z.name),
        ("2026-11-20", V.name),
    ]
    assert counts(load(ctx, make, Y, X, X, W, Z, V)) == (6, 0, 6, 0)


def test_a_day_inside_the_file_is_whole_there(ctx: AppContext) -> None:
    # the books hold one X of the 18th; a file from the 17th to the 19th holds two: one more
    assert counts(load(ctx, csv_file, X)) == (1, 1, 0, 0)
    assert counts(load(ctx, csv_file, Y, X, X, Z)) == (4, 3, 1, 0)


def test_a_day_inside_a_statement_imported_before_is_whole_in_the_books(
    ctx: AppContext,
) -> None:
    # the 18th lies inside the first file: the X of the next file (starting on the 18th) is it
    assert counts(load(ctx, csv_file, Y, X, Z)) == (3, 3, 0, 0)
    assert counts(load(ctx, csv_file, X, V)) == (2, 1, 1, 0)


def test_fewer_equal_lines_than_the_books_hold_at_the_edges_are_asked_about(
    ctx: AppContext,
) -> None:
    # the books hold two X of the 18th (the end of the first file); the next file begins on
    # the 18th with one X: it may be one of them or a third payment after the first export
    assert counts(load(ctx, csv_file, Y, X, X)) == (3, 3, 0, 0)
    assert counts(load(ctx, csv_file, X, Z)) == (2, 2, 0, 1)
    assert counts(load(ctx, csv_file, X, Z)) == (2, 0, 2, 0)


def test_money_out_is_kept_but_not_asked_about(ctx: AppContext) -> None:
    load(ctx, csv_file, Y, FEE)
    assert counts(load(ctx, csv_file, FEE, Z)) == (2, 2, 0, 0)
    with ctx.db.read() as session:
        fees = session.scalars(
            select(BankTransaction.status).where(BankTransaction.amount < 0)
        ).all()
    assert fees == ["ignored", "ignored"]


def test_a_dry_run_tells_the_same_and_writes_nothing(ctx: AppContext) -> None:
    load(ctx, csv_file, Y, X)
    assert counts(load(ctx, csv_file, X, Z, dry_run=True)) == (2, 2, 0, 1)
    assert len(stored(ctx)) == 2
    assert counts(load(ctx, csv_file, X, Z)) == (2, 2, 0, 1)


def test_views_from_the_same_end_of_a_day_are_counted_exactly(ctx: AppContext) -> None:
    # both files hold the end of the 18th (neither ends on it): the later one saw more of it
    assert counts(load(ctx, csv_file, X, Z)) == (2, 2, 0, 0)
    assert counts(load(ctx, csv_file, X, X, Z, V)) == (4, 2, 2, 0)


def test_an_older_export_imported_later_is_asked_about_too(ctx: AppContext) -> None:
    # the books hold the 18th from some moment on; the file holds it up to some moment
    assert counts(load(ctx, csv_file, X, Z)) == (2, 2, 0, 0)
    assert counts(load(ctx, csv_file, Y, X)) == (2, 2, 0, 1)
