# SPDX-License-Identifier: MIT
"""The phrases a reminder's placeholders are filled with, in the language of its text:
``$invoices`` ("Rechnungen INV-1 und INV-2"), "12 days overdue", the amounts joined with the
language's "and", and the sentences that say nothing when there is nothing to say
(:mod:`arapp.services.reminders.wording` puts them together; the words are
:data:`arapp.domain.texts.WORDS`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Protocol

from arapp.domain.texts import ENGLISH_WORDS, Words
from arapp.formatting import format_date, format_money

__all__ = [
    "NAMED_IN_SENTENCE",
    "balance_sentence",
    "invoices_phrase",
    "late_fee_sentence",
    "money_phrase",
    "reminded_sentence",
    "sums",
    "when",
]

#: Up to this many invoice numbers are named in a sentence; more are counted ("7 invoices").
NAMED_IN_SENTENCE = 5


class _Item(Protocol):
    """What the phrases read of a reminder (:class:`~.wording.ReminderItem`)."""

    @property
    def invoice_id(self) -> int: ...
    @property
    def invoice_number(self) -> str: ...
    @property
    def due_date(self) -> date: ...
    @property
    def amount_due(self) -> Decimal: ...
    @property
    def late_fee(self) -> Decimal: ...
    @property
    def currency(self) -> str: ...


def invoices_phrase(items: Sequence[_Item], w: Words, listed: Sequence[_Item] = ()) -> str:
    """``invoice INV-1``, ``invoices INV-1 and INV-2``; for many, ``12 invoices``, or, when
    ``items`` are some of the ``listed`` ones, ``the 6 oldest invoices listed`` (in ``w``'s
    language)."""
    numbers = list(dict.fromkeys(d.invoice_number for d in items))
    if len(numbers) == 1:
        return w("one_invoice", number=numbers[0])
    if len(numbers) <= NAMED_IN_SENTENCE:
        return w("some_invoices", numbers=w.join(numbers))
    every = list(dict.fromkeys(d.invoice_number for d in listed))
    if len(every) <= len(numbers):
        return w("many_invoices", count=len(numbers))
    by_age = [d.invoice_number for d in sorted(listed, key=lambda d: (d.due_date, d.invoice_id))]
    if set(by_age[: len(numbers)]) == set(numbers):
        return w("oldest_listed", count=len(numbers))
    return w("some_listed", count=len(numbers))


def when(days_overdue: int, w: Words = ENGLISH_WORDS) -> str:
    """``today``, ``in 3 days``, ``1 day overdue``, ``12 days overdue``."""
    if days_overdue == 0:
        return w("today")
    if days_overdue < 0:
        return w("in_one_day") if days_overdue == -1 else w("in_days", count=-days_overdue)
    if days_overdue == 1:
        return w("one_day_overdue")
    return w("days_overdue_count", count=days_overdue)


def money_phrase(amounts: Mapping[str, Decimal], locale: str, w: Words) -> str:
    """``€12.00``, or ``€12.00 and £5.00`` for two currencies (in code order)."""
    return w.join([format_money(v, c, locale) for c, v in sorted(amounts.items()) if v])


def sums(items: Iterable[_Item], what: str = "amount_due") -> dict[str, Decimal]:
    """What ``items`` owe (or their late fees, ``what="late_fee"``) per currency, not zero."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for d in items:
        totals[d.currency] += d.late_fee if what == "late_fee" else d.amount_due
    return {c: v for c, v in totals.items() if v}


def balance_sentence(
    items: Sequence[_Item],
    overdue: Mapping[str, Decimal],
    as_of: date,
    locale: str,
    w: Words,
) -> str:
    """What the listed invoices come to and how much of it is overdue, and the customer's
    whole overdue balance when other invoices are overdue too; nothing for one invoice that
    is all there is."""
    listed = sums(items)
    listed_overdue = sums(d for d in items if d.due_date < as_of)
    overdue = {c: v for c, v in overdue.items() if v}
    sentences = []
    if len(items) > 1:
        amount = money_phrase(listed, locale, w)
        if overdue and listed_overdue == listed and overdue == listed:
            sentences.append(w("together_all_overdue", amount=amount))
        elif listed_overdue and listed_overdue != listed:
            part = money_phrase(listed_overdue, locale, w)
            sentences.append(w("together_part_overdue", amount=amount, overdue=part))
        else:
            sentences.append(w("together", amount=amount))
    if overdue and overdue != listed_overdue:
        sentences.append(w("other_invoices_overdue", amount=money_phrase(overdue, locale, w)))
    return " ".join(sentences)


def reminded_sentence(
    items: Sequence[_Item], reminded_on: Mapping[int, date], locale: str, w: Words
) -> str:
    """``We last wrote to you about invoice INV-1 on 10 Nov 2026.`` (only invoices we did
    write about, sent messages only; nothing when there are none)."""
    reminded = [d for d in items if d.invoice_id in reminded_on]
    if not reminded:
        return ""
    last = format_date(max(reminded_on[d.invoice_id] for d in reminded), locale)
    which = invoices_phrase(reminded, w, items)
    return w("wrote_once" if len(reminded) == 1 else "wrote_before", invoices=which, date=last)


def late_fee_sentence(items: Sequence[_Item], locale: str, w: Words) -> str:
    """``As our terms provide, a late fee of €10.00 applies to invoice INV-1; ...`` (fees
    are charged as fee invoices, :mod:`arapp.services.fees`), or nothing."""
    charged = [d for d in items if d.late_fee > 0]
    if not charged:
        return ""
    fees = money_phrase(sums(charged, "late_fee"), locale, w)
    which = invoices_phrase(charged, w, items)
    return w("late_fee_one" if len(charged) == 1 else "late_fee_many", amount=fees, invoices=which)
