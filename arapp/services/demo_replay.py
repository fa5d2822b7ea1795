# SPDX-License-Identifier: MIT
"""How the demo writes its history: one transaction, a clock set to the day replayed, and an
agenda of what happens on which day.

The agenda runs its steps in date order (on one day: invoices, then payments, then the story's
scenes), so every numbered document is issued on the day it is dated and the numbers of each
sequence follow the dates, as they do for a shop working day by day. The story's scenes
(:mod:`.demo_money`, :mod:`.demo_collections`, :mod:`.demo_bank`) act through a
:class:`Story`: the invoices they write, the payments they record, the steps they plan.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from arapp.db.engine import Database
from arapp.db.models import Company, Customer, Invoice, NumberSequence
from arapp.services.context import AppContext
from arapp.services.customers import CustomerRecord
from arapp.services.demo_data import FOOTER, PRODUCTS
from arapp.services.events import EventBus
from arapp.services.invoices import InvoiceDraft, InvoiceRecord, LineDraft, save_draft
from arapp.services.lifecycle import issue_invoice, mark_sent
from arapp.services.payments import PaymentInput, PaymentRecord, record_payment

#: On one day: the invoices written first, then the payments that came in, then the scenes.
BILL, PAYMENT, SCENE = 0, 1, 2


def noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


class OneTransaction:
    """The books' database as the replay sees it: the reads and writes of every use case share
    one session, so the demo's history is committed at once or not at all (a first start broken
    off leaves empty books, which get the demo next time), and without a commit per step.

    Two things keep the three thousand use cases of the replay quick without changing what they
    write: the session holds the company, customers, invoices and number sequences (a session
    holds unchanged rows weakly, so each use case would read them again: the company alone cost
    ~2,300 reads), and it flushes when a use
    case asks (for a new row's id) rather than before every query, as no invoice or payment of
    the replay queries what it or one before it changed since the last flush (the books come out
    the same row for row either way). The story's scenes do (a reminder run reads the payments
    just made): while :attr:`careful`, each use case starts with a flush.
    """

    def __init__(self, db: Database, session: Session) -> None:
        self._db, self._session = db, session
        self._rows: list[object] = []
        self.careful = False
        event.listen(session, "pending_to_persistent", self._hold)
        event.listen(session, "loaded_as_persistent", self._hold)
        session.autoflush = False

    def _hold(self, _session: Session, row: object) -> None:
        if isinstance(row, Company | Customer | Invoice | NumberSequence):
            self._rows.append(row)

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        if self.careful:
            self._session.flush()
        yield self._session

    write = read

    def __getattr__(self, name: str) -> Any:
        return getattr(self._db, name)


class Replay(AppContext):
    """A context whose clock is the day being replayed, so the use cases leave the books (dates,
    times, audit log) as if the company had worked them day by day. Its events go nowhere: the
    window hears ``books_replaced`` once at the end."""

    def __init__(self, db: Database, actor: str, clock: Callable[[], datetime]) -> None:
        super().__init__(db, EventBus(), self._today, actor, self._moment)
        self.day = date.min
        self._clock = clock

    def _today(self) -> date:
        return self.day

    def _moment(self) -> datetime:
        """Noon of the day replayed; on the last day, not after the clock's time."""
        return min(noon(self.day), self._clock())


class Agenda:
    """What happens on which day, run in date order with the replay's clock set to each day."""

    def __init__(self, ctx: Replay, db: OneTransaction) -> None:
        self.ctx, self._db = ctx, db
        self._heap: list[tuple[date, int, int, Callable[[], object]]] = []
        self._order = itertools.count()

    def at(self, day: date, step: Callable[[], object], kind: int = SCENE) -> None:
        if day < self.ctx.day:
            raise ValueError(f"The demo's agenda cannot go back to {day} from {self.ctx.day}.")
        heapq.heappush(self._heap, (day, kind, next(self._order), step))

    def run(self) -> None:
        while self._heap:
            self.ctx.day, kind, _, step = heapq.heappop(self._heap)
            self._db.careful = kind == SCENE
            step()
        self._db.careful = True


@dataclass
class Story:
    """What the story's scenes share: the clock and agenda, the customers, the tax rate, today.

    Attributes:
        agenda: Where scenes plan their steps.
        people: The customers, in the order of :data:`~.demo_data.NAMES`.
        vat: The standard tax rate's id.
        today: The last day of the history (nothing is dated after it).
        retired: The customer who closed shop (given no part), if any.
        cast: Customers the story gave a part, by id (the bank statement leaves them alone).
    """

    agenda: Agenda
    people: list[CustomerRecord]
    vat: int
    today: date
    retired: CustomerRecord | None = None
    cast: set[int] = field(default_factory=set)

    @property
    def ctx(self) -> Replay:
        return self.agenda.ctx

    def who(self, index: int) -> CustomerRecord:
        """The customer at ``index`` of the names (wrapping round in a small demo), or the next
        if that one closed shop."""
        customer = self.people[index % len(self.people)]
        if customer is self.retired:
            customer = self.people[(index + 1) % len(self.people)]
        self.cast.add(customer.id)
        return customer

    def on(self, days_ago: int, step: Callable[[], object]) -> None:
        """Plan ``step`` for ``days_ago`` days before today (never after today)."""
        self.agenda.at(self.today - timedelta(days=max(days_ago, 0)), step)

    def bill(
        self,
        customer: CustomerRecord,
        items: tuple[tuple[int, int], ...],
        terms: str = "",
        notes: str = "",
    ) -> InvoiceRecord:
        """Write, issue and send an invoice today: ``items`` are (product index, quantity)."""
        lines = []
        for product, qty in items:
            desc, unit, price = PRODUCTS[product]
            lines.append(LineDraft(desc, Decimal(qty), price, Decimal(0), self.vat, unit))
        day = self.ctx.today()
        draft = InvoiceDraft(
            customer.id, day, tuple(lines), terms=terms, notes=notes, footer=FOOTER
        )
        invoice = issue_invoice(self.ctx, save_draft(self.ctx, draft).id, confirmed=True)
        mark_sent(self.ctx, [invoice.id])
        return invoice

    def pay(
        self,
        customer_id: int,
        amount: Decimal,
        allocations: tuple[tuple[int, Decimal], ...] | None,
        method: str = "bank_transfer",
        reference: str = "",
    ) -> PaymentRecord:
        """Record a payment that arrived today."""
        data = PaymentInput(customer_id, self.ctx.today(), amount, method, reference, allocations)
        return record_payment(self.ctx, data)
