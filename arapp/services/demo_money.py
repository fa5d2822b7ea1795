# SPDX-License-Identifier: MIT
"""The demo's story, money side: a recurring invoice, a credit note, a void, a customer who
rounds payments up (credit left over), one who paid twice (refunded), a small remainder written
off, one payment for two invoices, a cheque that bounced, and an early-payment discount taken.

Each scene bills its own invoices, so the customers' other invoices and payments (their habits,
:mod:`.demo`) stay as they were; every step is planned on the agenda for its day.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta
from decimal import ROUND_CEILING, Decimal

from dateutil.relativedelta import relativedelta

from arapp.domain.allocation import discount_offered
from arapp.domain.terms import parse_terms
from arapp.services.credit import refund_credit
from arapp.services.demo_replay import Story
from arapp.services.invoices import InvoiceRecord, LineDraft, get_invoice
from arapp.services.lifecycle import credit_invoice, void_invoice
from arapp.services.payments import PaymentRecord
from arapp.services.recurring import RecurringInput, run_recurring, save_template, schedule
from arapp.services.reminders.holds import HoldRecord, open_dispute, resolve_hold
from arapp.services.reversals import reverse_payment
from arapp.services.write_offs import write_off

#: The customers with a part, by their place in :data:`~.demo_data.NAMES`.
SCHOOL, BUILDER, GARDENER, DENTIST, GYM, DESIGNER = 6, 9, 10, 12, 14, 15
GARAGE, NURSERY, DELI = 17, 18, 20


def money_scenes(story: Story) -> None:
    """Plan the money scenes on the agenda."""
    _recurring(story)
    _returned_goods(story)
    _entered_twice(story)
    _rounds_up(story)
    _paid_twice(story)
    _bank_charges(story)
    _two_at_once(story)
    _bounced_cheque(story)
    _early_discount(story)


def _recurring(story: Story) -> None:
    """The school's monthly caretaker supplies, billed on the 1st of each month of the last
    three or four, each paid about two weeks later."""
    school = story.who(SCHOOL)
    first = (story.today - timedelta(days=120)).replace(day=1) + relativedelta(months=1)
    template = RecurringInput(
        customer_id=school.id,
        name="Caretaker supplies",
        frequency="monthly",
        start_date=first,
        lines=(
            LineDraft("Workshop safety gloves, pack of 12", "2", "16.80", "0", story.vat, "pack"),
            LineDraft("Paint roller set", "3", "9.75", "0", story.vat, "set"),
            LineDraft("Delivery within 20 km", "1", "15.00", "0", story.vat, "trip"),
        ),
        day_of_month=1,
        notes="Standing order agreed with the bursar.",
    )

    def bill_month() -> None:
        for invoice_id in run_recurring(story.ctx).created:
            invoice = get_invoice(story.ctx, invoice_id)
            paid_on = story.ctx.today() + timedelta(days=13)
            if paid_on < story.today:
                story.agenda.at(paid_on, functools.partial(_pay_in_full, story, invoice))

    story.agenda.at(first - timedelta(days=6), lambda: save_template(story.ctx, template))
    for period in schedule(template, story.today):
        story.agenda.at(period, bill_month)


def _returned_goods(story: Story) -> None:
    """Ten decking boards, two returned warped: a dispute, settled by a credit note for the
    two, then the rest paid."""
    builder = story.who(BUILDER)
    bill: dict[str, InvoiceRecord] = {}
    held: list[HoldRecord] = []

    def write() -> None:
        bill["invoice"] = story.bill(builder, ((0, 10), (1, 2), (4, 1)))

    def dispute() -> None:
        note = "Two of the ten decking boards arrived warped."
        held.append(open_dispute(story.ctx, bill["invoice"].id, note))

    def credit() -> None:
        credit_invoice(
            story.ctx,
            bill["invoice"].id,
            "Two warped decking boards returned",
            [LineDraft("Timber decking board 2.4 m", "2", "18.90", "0", story.vat, "pcs")],
        )
        resolve_hold(story.ctx, held[0].id, "Credit note for the two boards returned.")

    def pay() -> None:
        invoice = get_invoice(story.ctx, bill["invoice"].id)
        story.pay(
            builder.id,
            invoice.balance,
            ((invoice.id, invoice.balance),),
            "bank_transfer",
            invoice.number or "",
        )

    story.on(72, write)
    story.on(66, dispute)
    story.on(61, credit)
    story.on(44, pay)


def _entered_twice(story: Story) -> None:
    """The gardener's order typed in twice: the second invoice voided the next day, the first
    paid in time."""
    gardener = story.who(GARDENER)
    bill: dict[str, InvoiceRecord] = {}

    def write() -> None:
        bill["invoice"] = story.bill(gardener, ((7, 4), (9, 6)))
        bill["twice"] = story.bill(gardener, ((7, 4), (9, 6)))

    def void() -> None:
        number = bill["invoice"].number
        void_invoice(
            story.ctx, bill["twice"].id, f"Entered twice by mistake: the order is {number}."
        )

    def pay() -> None:
        invoice = bill["invoice"]
        story.pay(gardener.id, invoice.total, ((invoice.id, invoice.total),), "card", "")

    story.on(52, write)
    story.on(51, void)
    story.on(30, pay)


def _rounds_up(story: Story) -> None:
    """The dental practice pays a round sum above the invoice: what is over stays as its
    credit."""
    dentist = story.who(DENTIST)
    bill: dict[str, InvoiceRecord] = {}

    def write() -> None:
        bill["invoice"] = story.bill(dentist, ((6, 5), (10, 3)))

    def pay() -> None:
        invoice = bill["invoice"]
        rounded = (invoice.total / 50).to_integral_value(rounding=ROUND_CEILING) * 50 + 50
        story.pay(
            dentist.id,
            rounded,
            ((invoice.id, invoice.total),),
            "bank_transfer",
            invoice.number or "",
        )

    story.on(41, write)
    story.on(19, pay)


def _paid_twice(story: Story) -> None:
    """The gym paid an invoice by card and again by transfer; the second is refunded."""
    gym = story.who(GYM)
    bill: dict[str, InvoiceRecord] = {}

    def write() -> None:
        bill["invoice"] = story.bill(gym, ((6, 8), (5, 6)))

    def pay() -> None:
        invoice = bill["invoice"]
        story.pay(gym.id, invoice.total, ((invoice.id, invoice.total),), "card", "")
        story.pay(gym.id, invoice.total, (), "bank_transfer", invoice.number or "")

    def refund() -> None:
        refund_credit(
            story.ctx,
            gym.id,
            bill["invoice"].total,
            story.ctx.today(),
            "bank_transfer",
            "Paid twice: refunded",
        )

    story.on(96, write)
    story.on(81, pay)
    story.on(74, refund)


def _bank_charges(story: Story) -> None:
    """A payment from abroad arrives 37 cents short (the banks' charges); written off."""
    designer = story.who(DESIGNER)
    bill: dict[str, InvoiceRecord] = {}

    def write() -> None:
        bill["invoice"] = story.bill(designer, ((2, 4), (8, 2)))

    def pay() -> None:
        invoice = bill["invoice"]
        short = invoice.total - Decimal("0.37")
        story.pay(designer.id, short, ((invoice.id, short),), "bank_transfer", invoice.number or "")

    def write_off_rest() -> None:
        write_off(
            story.ctx,
            bill["invoice"].id,
            "small_balance",
            "Bank charges deducted on a payment from abroad",
        )

    story.on(63, write)
    story.on(36, pay)
    story.on(35, write_off_rest)


def _two_at_once(story: Story) -> None:
    """The garage pays two invoices with one transfer."""
    garage = story.who(GARAGE)
    bills = []

    def write() -> None:
        bills.append(story.bill(garage, ((3, 2), (4, 1))))

    def pay() -> None:
        total = sum((i.total for i in bills), Decimal(0))
        numbers = " ".join(i.number or "" for i in bills)
        story.pay(garage.id, total, tuple((i.id, i.total) for i in bills), "bank_transfer", numbers)

    story.on(66, write)
    story.on(49, write)
    story.on(27, pay)


def _bounced_cheque(story: Story) -> None:
    """The deli's cheque comes back unpaid: the payment reversed, then paid by transfer."""
    deli = story.who(DELI)
    bill: dict[str, InvoiceRecord] = {}
    paid: list[PaymentRecord] = []

    def write() -> None:
        bill["invoice"] = story.bill(deli, ((10, 4), (11, 2), (4, 1)))

    def cheque() -> None:
        invoice = bill["invoice"]
        allocations = ((invoice.id, invoice.total),)
        paid.append(story.pay(deli.id, invoice.total, allocations, "cheque", "Cheque 004417"))

    def bounce() -> None:
        reverse_payment(story.ctx, paid[0].id, "Cheque returned unpaid by the bank")

    def transfer() -> None:
        invoice = bill["invoice"]
        allocations = ((invoice.id, invoice.total),)
        story.pay(deli.id, invoice.total, allocations, "bank_transfer", invoice.number or "")

    story.on(58, write)
    story.on(47, cheque)
    story.on(43, bounce)
    story.on(38, transfer)


def _early_discount(story: Story) -> None:
    """The nursery, on 2/10 net 30, pays within ten days and takes the 2%."""
    nursery = story.who(NURSERY)
    bill: dict[str, InvoiceRecord] = {}

    def write() -> None:
        bill["invoice"] = story.bill(nursery, ((8, 6), (11, 4), (10, 2)), terms="2/10 net 30")

    def pay() -> None:
        invoice = bill["invoice"]
        off = _discount(invoice.terms, invoice.issue_date, invoice.total, story.ctx.today())
        story.pay(nursery.id, invoice.total - off, ((invoice.id, invoice.total - off),), "card", "")

    story.on(33, write)
    story.on(26, pay)


def _pay_in_full(story: Story, invoice: InvoiceRecord) -> None:
    allocations = ((invoice.id, invoice.total),)
    story.pay(
        invoice.customer_id, invoice.total, allocations, "bank_transfer", invoice.number or ""
    )


def _discount(terms: str, issued: date, total: Decimal, paid: date) -> Decimal:
    return discount_offered(parse_terms(terms), issued, total, "EUR", paid)
