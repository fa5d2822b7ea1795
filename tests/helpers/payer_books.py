# SPDX-License-Identifier: MIT
"""Books whose customers pay in known ways, for the risk score and the cash-in forecast.

    kinds = build_payer_books(ctx, seed=7, customers_per_kind=40)   # {"PUN001": "punctual", ...}
    ctx, kinds = payer_books_at(migrated_books, tmp / "payers.sqlite3", seed=7)  # module fixture

Each customer follows one of :data:`KINDS` (the code's first three letters say which):

* ``punctual``: almost always on time (3 % of invoices more than 7 days late);
* ``slightly_late``: usually within a week of the due date, one invoice in five later;
* ``slow``: two invoices in three paid 8 to ~40 days late;
* ``chronic``: nearly always late, often by months, some never paid;
* ``worsening``: punctual until a day of their own (between a third of the way through and
  nine months before the end), then later and later: four months on, 80 % of their invoices
  are late, and they stay so;
* ``seasonal``: late on invoices due in July, August and December, on time otherwise;
* ``new``: first invoice in the last four months, each with its own hidden late rate.

On top of its kind, every invoice more than twice the customer's usual size is more likely
late (the chance rises by 0.2), amounts follow a per-customer usual size (from tens to
thousands of euros) with now and then a big one, terms are net 14, 30 or 60, one invoice in a
hundred is voided a few days after issue, some late invoices of slow and chronic payers are
disputed (a dispute opened after the due date, resolved when paid), and some late invoices get
a promise to pay a week ahead, kept or broken. What is paid is paid in full on the day drawn;
a payment day after ``end`` leaves the invoice open.

Speed and truth: the customers are made through the services; the documents, payments and
holds are the rows the services would write, written straight to the SQLite file by the bulk
path of the benchmarks (:class:`benchmarks.sales.Sales`: document numbers in date order, lines
and totals from the domain), about 7,000 invoices in a second or two. The books must be empty
(a company saved, no customer or document yet) and be SQLite. The same arguments give the
same books.
"""

from __future__ import annotations

import math
import random
import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from arapp.domain.invoice import InvoiceStatus
from arapp.domain.numbering import NumberPattern
from arapp.domain.terms import parse_terms
from arapp.services.company import CompanyProfile, save_company
from arapp.services.context import AppContext
from arapp.services.customers import CustomerInput, create_customer
from arapp.services.settings import (
    CREDIT_NOTE_PATTERN,
    INVOICE_FOOTER,
    INVOICE_NUMBER_PATTERN,
    read_setting,
)
from benchmarks.sales import CENT, Line, Sales, settled
from tests.helpers.books import TODAY, copy_books

#: The kinds of payer, in the order their customers are made.
KINDS = ("punctual", "slightly_late", "slow", "chronic", "worsening", "seasonal", "new")
#: Each kind's code prefix.
PREFIX = {kind: kind[:3].upper() for kind in KINDS}
#: Months whose due dates seasonal payers miss.
SEASON = (7, 8, 12)
TERMS = ("net 14", "net 30", "net 30", "net 30", "net 60")
#: Days a worsening payer takes to go from punctual to mostly late.
SLIP_DAYS = 120
#: Days late beyond which an invoice counts as late (the issue's "more than 7 days").
LATE_AFTER = 7


@dataclass
class _Payer:
    customer_id: int
    kind: str
    terms: str
    usual: float  # the usual invoice size, in euros
    every: int  # days between invoices, on average
    rate: float  # a personal factor on the kind's late chance
    first: date
    turn: date  # when a worsening payer starts to slip


def late_chance(kind: str, rate: float, due: date, turn: date, big: bool) -> float:
    """The chance that an invoice of a payer of ``kind`` due on ``due`` is paid more than
    :data:`LATE_AFTER` days late (``rate``: the payer's own factor; ``turn``: when a worsening
    payer starts to slip; ``big``: more than twice the payer's usual size)."""
    if kind == "punctual":
        p = 0.03
    elif kind == "slightly_late":
        p = 0.2
    elif kind == "slow":
        p = 0.65
    elif kind == "chronic":
        p = 0.92
    elif kind == "worsening":
        p = 0.04 + 0.76 * max(0.0, min(1.0, (due - turn).days / SLIP_DAYS))
    elif kind == "seasonal":
        p = 0.75 if due.month in SEASON else 0.05
    else:  # new: its own rate
        p = rate
    if kind != "new":
        p *= rate
    return min(0.97, p + (0.2 if big else 0.0))


def _days_late(rng: random.Random, kind: str, late: bool) -> int | None:
    """Days after the due date the invoice is paid (negative: early); None: never paid."""
    if not late:
        return rng.choice((-10, -5, -3, -2, -1, 0, 0, 0, 0, 1, 2, 3, 5, 7))
    if kind == "chronic":
        if rng.random() < 0.1:
            return None
        return 8 + int(rng.expovariate(1 / 45))
    return 8 + int(rng.expovariate(1 / 14))


def build_payer_books(
    ctx: AppContext,
    seed: int = 1,
    customers_per_kind: int = 40,
    start: date | None = None,
    end: date | None = None,
) -> dict[str, str]:
    """Write the books of this module's docstring into the empty SQLite books of ``ctx``:
    ``customers_per_kind`` customers of each of :data:`KINDS`, invoices issued in
    [``start``, ``end``] (default: the two years up to ``ctx.today()``), paid as each kind pays,
    nothing dated after ``end``. Returns each customer's code and kind."""
    end = end or ctx.today()
    start = start or end - timedelta(days=730)
    rng = random.Random(seed)
    payers: dict[str, _Payer] = {}
    for kind in KINDS:
        for n in range(1, customers_per_kind + 1):
            code = f"{PREFIX[kind]}{n:03}"
            terms = rng.choice(TERMS)
            made = create_customer(
                ctx, CustomerInput(name=f"{kind.replace('_', ' ').title()} {n}", code=code,
                                   terms=terms),
            )  # fmt: skip
            first = start + timedelta(days=rng.randint(0, 40))
            if kind == "new":
                first = end - timedelta(days=rng.randint(20, 120))
            payers[code] = _Payer(
                made.id, kind, terms, usual=math.exp(rng.gauss(math.log(400), 1.0)),
                every=rng.randint(12, 45), rate=rng.uniform(0.05, 0.7) if kind == "new"
                else rng.uniform(0.7, 1.3), first=first, turn=_turn(rng, start, end),
            )  # fmt: skip
    _write(ctx, rng, payers, start, end)
    return {code: payer.kind for code, payer in payers.items()}


def _turn(rng: random.Random, start: date, end: date) -> date:
    """A day between a third of the way from ``start`` to ``end`` and nine months before
    ``end`` (or a third of the way, for short books)."""
    early = start + (end - start) / 3
    late = max(early, end - timedelta(days=270))
    return early + timedelta(days=rng.randint(0, (late - early).days))


def payer_books_at(
    template: Path,
    path: Path,
    seed: int = 1,
    customers_per_kind: int = 40,
    today: date = TODAY,
    start: date | None = None,
) -> tuple[AppContext, dict[str, str]]:
    """New payer books in ``path``, a copy of the migrated empty ``template`` (the session's
    ``migrated_books`` fixture), for a module-scoped fixture: the context (today ``today``,
    company "Test Shop" in EUR) and each customer's code and kind; invoices from ``start``
    (default two years before ``today``) to ``today``."""
    ctx = AppContext(copy_books(template, path), today=lambda: today, actor="tester")
    save_company(ctx, CompanyProfile(name="Test Shop", currency="EUR"))
    return ctx, build_payer_books(ctx, seed, customers_per_kind, start)


def _plans(
    rng: random.Random, payers: dict[str, _Payer], end: date
) -> list[tuple[date, str, Decimal]]:
    """Every invoice to issue: (issue day, customer code, amount), in date order."""
    plans = []
    for code, payer in payers.items():
        day = payer.first
        while day <= end:
            size = payer.usual * math.exp(rng.gauss(0, 0.35))
            if rng.random() < 0.08:
                size *= rng.uniform(3, 5)
            amount = Decimal(max(500, round(size * 100))) / 100
            plans.append((day, code, amount))
            day += timedelta(days=max(3, int(rng.expovariate(1 / payer.every))))
    plans.sort()
    return plans


def _write(
    ctx: AppContext, rng: random.Random, payers: dict[str, _Payer], start: date, end: date
) -> None:
    with ctx.db.read() as session:
        patterns = {
            "invoice": NumberPattern(read_setting(session, INVOICE_NUMBER_PATTERN)),
            "credit_note": NumberPattern(read_setting(session, CREDIT_NOTE_PATTERN)),
        }
        footer = read_setting(session, INVOICE_FOOTER)
    path = ctx.db.sqlite_path
    assert path is not None, "payer books are SQLite books"
    raw = sqlite3.connect(path, isolation_level=None)
    try:
        raw.execute("BEGIN")
        (documents,) = raw.execute("SELECT count(*) FROM invoice").fetchone()
        assert documents == 0, "payer books start empty"

        def insert(table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
            marks = ", ".join("?" * len(columns))
            raw.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)

        sales = Sales(rng, [""], {}, patterns, footer, insert, end)
        holds: list[tuple[Any, ...]] = []
        covered: list[tuple[Any, ...]] = []
        for day, code, amount in _plans(rng, payers, end):
            payer = payers[code]
            _invoice(sales, rng, payer, day, amount, start, end, holds, covered)
        sales.finish()
        insert(
            "invoice_hold",
            ("id", "invoice_id", "kind", "opened_on", "until", "resolved_on", "note",
             "created_at", "amount"),
            holds,
        )  # fmt: skip
        insert("promise_invoice", ("hold_id", "invoice_id", "paid_before"), covered)
        raw.execute("COMMIT")
    finally:
        raw.close()


def _invoice(
    sales: Sales,
    rng: random.Random,
    payer: _Payer,
    day: date,
    amount: Decimal,
    start: date,
    end: date,
    holds: list[tuple[Any, ...]],
    covered: list[tuple[Any, ...]],
) -> None:
    """One invoice of ``payer`` issued ``day``, its payment and holds, as rows."""
    due = parse_terms(payer.terms).due_date(day)
    big = float(amount) > 2 * payer.usual
    p = late_chance(payer.kind, payer.rate, due, payer.turn, big)
    late = _days_late(rng, payer.kind, rng.random() < p)
    line: Line = ("Goods and services", "", amount, None, Decimal(1), Decimal(0))
    totals = sales._totals([line], Decimal(0))
    doc_id, number = sales._document(day, "invoice", [line], totals)
    total = totals.total * CENT
    paid, paid_on = 0, None
    pay_day = None if late is None else max(day, due + timedelta(days=late))
    voided_on = None
    if rng.random() < 0.01:
        voided_on = min(day + timedelta(days=rng.randint(0, 5)), end)
    elif pay_day is not None and pay_day <= end:
        sales._payment(payer.customer_id, pay_day, total, [(doc_id, total, day)], number)
        paid, paid_on = total, pay_day
    if voided_on is None and (late is None or late > LATE_AFTER):
        _holds(rng, payer.kind, doc_id, total, due, paid_on, end, holds, covered)
    if voided_on is not None:
        status, paid_date, reason = InvoiceStatus.VOID, None, "Issued by mistake"
    else:
        (status, paid_date), reason = settled(True, total, paid, paid_on or day), ""
    stamp = f"{day.isoformat()} 09:30:00.000000"
    sales.rows["invoice"].append(
        (doc_id, "invoice", number, payer.customer_id, status, day.isoformat(), due.isoformat(),
         "EUR", payer.terms, 0, total, 0, 0, total, paid, paid_date and paid_date.isoformat(),
         None, "", sales.footer, reason, voided_on and voided_on.isoformat(), stamp, stamp, stamp)
    )  # fmt: skip
    sales.invoices += 1
    if len(sales.rows["invoice_line"]) >= 20_000:
        sales.flush()


def _holds(
    rng: random.Random,
    kind: str,
    doc_id: int,
    total: int,
    due: date,
    paid_on: date | None,
    end: date,
    holds: list[tuple[Any, ...]],
    covered: list[tuple[Any, ...]],
) -> None:
    """A dispute (some late invoices of slow and chronic payers) or a promise to pay (some
    other late invoices: kept when paid by its day, broken otherwise)."""
    opened = due + timedelta(days=rng.randint(2, 6))
    if opened > end:
        return
    stamp = f"{opened.isoformat()} 10:00:00.000000"
    if kind in ("slow", "chronic") and rng.random() < 0.15:
        resolved = paid_on.isoformat() if paid_on else None
        holds.append((len(holds) + 1, doc_id, "dispute", opened.isoformat(), None, resolved,
                      "Says the goods were damaged", stamp, None))  # fmt: skip
    elif rng.random() < 0.3:
        promised = opened + timedelta(days=7)
        hold_id = len(holds) + 1
        holds.append((hold_id, doc_id, "promise", opened.isoformat(), promised.isoformat(), None,
                      "Promised on the phone", stamp, total))  # fmt: skip
        covered.append((hold_id, doc_id, 0))


__all__ = [
    "KINDS",
    "LATE_AFTER",
    "PREFIX",
    "SEASON",
    "build_payer_books",
    "late_chance",
    "payer_books_at",
]
