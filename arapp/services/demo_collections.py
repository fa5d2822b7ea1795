# SPDX-License-Identifier: MIT
"""The demo's story, collections side: late fees switched on and one charged, promises to pay
(one due today, one broken), an open dispute, payment plans (one kept, one broken), a customer
handed to the collections agency, and the weekly reminder runs of the last two months.

The reminder runs are the owner's history: the e-mails of each run are recorded as sent the way
a person confirms a message found in the sent folder (:func:`~.reminders.outbox.mark_sent`), and
the letters to the customer without e-mail as printed a week later; the demo itself sends no
e-mail and prints nothing. The last run's letter still waits to be printed, and what has fallen
due since waits for the next run.
"""

from __future__ import annotations

import functools
import tempfile
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from arapp.services.agency import write_agency_package
from arapp.services.customers import CustomerRecord, get_customer
from arapp.services.demo_replay import Story
from arapp.services.fees import charge_late_fees
from arapp.services.followups import complete_follow_up
from arapp.services.invoices import InvoiceRecord, get_invoice
from arapp.services.plans import PlanInput, create_plan, suggest_instalments
from arapp.services.reminders.holds import open_dispute, record_promise
from arapp.services.reminders.letters import mark_letters_printed, pending_letters
from arapp.services.reminders.outbox import list_outbox
from arapp.services.reminders.outbox import mark_sent as confirm_sent
from arapp.services.reminders.run import plan_run, queue
from arapp.services.settings import (
    GRACE_DAYS,
    INTEREST_PERCENT_PER_MONTH,
    LATE_FEE_FLAT,
    set_setting,
)

#: The customers with a part, by their place in :data:`~.demo_data.NAMES`.
BAKERY, DESIGN, KITCHEN, TAVERNA, PRINTER, CARE_HOME = 13, 33, 37, 41, 47, 49

#: Weeks of reminder runs before today (the last a week ago).
REMINDER_WEEKS = 9


def collection_scenes(story: Story, agency: int | None) -> None:
    """Plan the collections scenes; ``agency`` is the index of the customer handed over."""
    story.on(100, lambda: _fees_on(story))
    _late_fee(story)
    _promise_due_today(story)
    _broken_promise(story)
    _dispute(story)
    _kept_plan(story)
    _broken_plan(story)
    if agency is not None:
        story.on(18, lambda: _hand_over(story, story.who(agency)))
    for week in range(REMINDER_WEEKS, 0, -1):
        story.on(7 * week, lambda: _reminder_run(story))


def _fees_on(story: Story) -> None:
    """Late fees switched on: 15.00 once, 1% a month, after 7 days' grace."""
    set_setting(story.ctx, LATE_FEE_FLAT, "15.00")
    set_setting(story.ctx, INTEREST_PERCENT_PER_MONTH, "1")
    set_setting(story.ctx, GRACE_DAYS, "7")


def _late_fee(story: Story) -> None:
    """The taverna's invoice, two weeks late: its late fee charged (a fee document); the
    invoice paid later, the fee not yet."""
    taverna = story.who(TAVERNA)
    bill: dict[str, InvoiceRecord] = {}

    def write() -> None:
        bill["invoice"] = story.bill(taverna, ((6, 6), (5, 4)), terms="net 30")

    def charge() -> None:
        charge_late_fees(story.ctx, invoice_ids={bill["invoice"].id})

    def pay() -> None:
        invoice = get_invoice(story.ctx, bill["invoice"].id)
        story.pay(taverna.id, invoice.balance, ((invoice.id, invoice.balance),), "cheque", "")

    story.on(95, write)
    story.on(50, charge)
    story.on(22, pay)


def _promise_due_today(story: Story) -> None:
    """The design studio promises half of a big invoice by today."""
    studio = story.who(DESIGN)
    bill: dict[str, InvoiceRecord] = {}

    def write() -> None:
        bill["invoice"] = story.bill(studio, ((5, 12), (6, 6)), terms="net 30")

    def promise() -> None:
        invoice = bill["invoice"]
        half = (invoice.total / 2).quantize(Decimal("0.01"))
        record_promise(
            story.ctx,
            invoice.id,
            story.today,
            "Half now, the rest when their client pays them.",
            amount=half,
        )

    story.on(82, write)
    story.on(10, promise)


def _broken_promise(story: Story) -> None:
    """The kitchen promised to pay by a week ago and did not."""
    kitchen = story.who(KITCHEN)
    bill: dict[str, InvoiceRecord] = {}

    def write() -> None:
        bill["invoice"] = story.bill(kitchen, ((9, 8), (5, 3)), terms="net 30")

    def promise() -> None:
        until = story.today - timedelta(days=7)
        record_promise(story.ctx, bill["invoice"].id, until, "Said the transfer goes out Friday.")

    story.on(70, write)
    story.on(21, promise)


def _dispute(story: Story) -> None:
    """The bakery disputes an invoice: two floodlights arrived broken."""
    bakery = story.who(BAKERY)
    bill: dict[str, InvoiceRecord] = {}

    def write() -> None:
        bill["invoice"] = story.bill(bakery, ((6, 6), (4, 1)))

    def dispute() -> None:
        open_dispute(
            story.ctx,
            bill["invoice"].id,
            "Two of the six floodlights arrived broken; photos asked for.",
        )

    story.on(45, write)
    story.on(30, dispute)


def _kept_plan(story: Story) -> None:
    """The print works pays two big invoices in three monthly instalments: the first paid,
    the second due in a few days."""
    printer = story.who(PRINTER)
    _plan(story, printer, written=(122, 96), agreed=40, first_due=26, paid=1)


def _broken_plan(story: Story) -> None:
    """The care home paid the first of three instalments and missed the second."""
    care_home = story.who(CARE_HOME)
    _plan(story, care_home, written=(112,), agreed=86, first_due=70, paid=1)


def _plan(
    story: Story,
    customer: CustomerRecord,
    written: tuple[int, ...],
    agreed: int,
    first_due: int,
    paid: int,
) -> None:
    bills: list[InvoiceRecord] = []

    def write() -> None:
        bills.append(story.bill(customer, ((5, 20), (2, 8), (0, 30)), terms="net 30"))

    def agree() -> None:
        ids = tuple(b.id for b in bills)
        day = story.today - timedelta(days=first_due)
        instalments = suggest_instalments(story.ctx, customer.id, ids, 3, day, "monthly")
        note = "Three monthly instalments agreed on the phone."
        create_plan(story.ctx, PlanInput(customer.id, ids, tuple(instalments), note))
        for day, amount in instalments[:paid]:
            story.agenda.at(day, functools.partial(_pay_oldest, story, customer, bills, amount))

    for days in written:
        story.on(days, write)
    story.on(agreed, agree)


def _pay_oldest(
    story: Story, customer: CustomerRecord, bills: list[InvoiceRecord], amount: Decimal
) -> None:
    """Pay ``amount`` on ``bills``, oldest first."""
    left, allocations = amount, []
    for bill in bills:
        balance = get_invoice(story.ctx, bill.id).balance
        part = min(balance, left)
        if part > 0:
            allocations.append((bill.id, part))
            left -= part
    story.pay(customer.id, amount, tuple(allocations), "bank_transfer", "Instalment")


def _hand_over(story: Story, customer: CustomerRecord) -> None:
    """The customer who never pays is handed to the collections agency (the package is made
    as the owner would; the demo does not keep the file), and the follow-ups of the reminders
    that flagged them for it are done."""
    with tempfile.TemporaryDirectory() as folder:
        write_agency_package(story.ctx, customer.id, Path(folder))
    for entry in get_customer(story.ctx, customer.id).log:
        if entry.follow_up is not None and entry.follow_up_done_on is None:
            complete_follow_up(story.ctx, entry.id)


def _reminder_run(story: Story) -> None:
    """A week's reminder run: last week's letters printed, this week's reminders queued, the
    e-mails among them recorded as sent."""
    ctx = story.ctx
    letters = [r.id for r in pending_letters(ctx)]
    if letters:
        mark_letters_printed(ctx, letters)
    due = plan_run(ctx)
    if due:
        queue(ctx, due)
    emails = [r.id for r in list_outbox(ctx, ["queued"]) if r.channel == "email"]
    if emails:
        confirm_sent(ctx, emails)
