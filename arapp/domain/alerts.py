# SPDX-License-Identifier: MIT
"""Early warnings: the alert kinds, their thresholds, their keys and their reasons.

Each rule takes plain facts known on a day D (gathered in SQL by :mod:`arapp.services.alerts`)
and says whether it fires, with a reason naming the customer and the figures, in the language of
the person at the screen (:mod:`arapp.i18n`: the owner reads them on the Today page, in
``arapp alerts`` and in the digest e-mail).

The kinds and when they fire (the thresholds are the constants below):

* **paying_worse**: the customer's last :data:`RECENT` invoices paid off by D were paid on
  average at least :data:`WORSE_BY_DAYS` days later (after their due dates) than the up to
  :data:`EARLIER` invoices paid off before them; needs :data:`RECENT` recent and at least
  :data:`MIN_EARLIER` earlier invoices (less evidence: no alert).
* **large_due_risky**: an invoice open on D and due within :data:`DUE_SOON_DAYS` days (D
  included) whose total is at least :data:`LARGE_TIMES_MEDIAN` times the median of the
  customer's last :data:`MEDIAN_OF` invoices and at least :data:`LARGE_FLOOR` (in its
  currency), for a customer who pays late: :func:`late_share` is :data:`HIGH_RISK` or more.
* **credit_limit**: the balance on D is at least :data:`NEAR_LIMIT_PERCENT` % of the
  customer's credit limit (threshold 90), or over it (threshold 100).
* **overdue**: something is more than 60 days past due on D (threshold 60), or more than 90
  (threshold 90): the aging report's 61-90 and 90+ columns.
* **broken_promise**: a promise to pay whose day passed with less than promised coming in.
* **broken_plan**: a payment plan with an instalment missed.
* **due_soon_late_payer**: an invoice open on D and due within :data:`DUE_SOON_DAYS` days for a
  customer at least :data:`LATE_OF_LAST` of whose last :data:`RECENT` invoices paid off by D
  were paid after their due date (a warning before it is overdue).

**Keys.** Each alert's key is ``kind:customer:thing:threshold`` (``overdue:42:-:90``,
``large_due_risky:42:invoice-7:2x``): the same situation has the same key every day, so a
dismissal or a snooze sticks to it, and a new crossing (60 then 90 days, 90 % then over the
limit) is a new key, so a new alert.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from arapp.domain.kpis import one_decimal
from arapp.i18n import N_, _, ngettext

__all__ = [
    "DUE_SOON_DAYS",
    "EARLIER",
    "HIGH_RISK",
    "LARGE_FLOOR",
    "LARGE_TIMES_MEDIAN",
    "LATE_OF_LAST",
    "MEDIAN_OF",
    "MIN_EARLIER",
    "NEAR_LIMIT_PERCENT",
    "RECENT",
    "RISK_LATE_DAYS",
    "RISK_OF_LAST",
    "WORSE_BY_DAYS",
    "Alert",
    "AlertKind",
    "DueInvoice",
    "alert_key",
    "broken_plan",
    "broken_promise",
    "credit_limit",
    "due_soon_late_payer",
    "large_due_risky",
    "late_share",
    "median",
    "money_text",
    "overdue",
    "paying_worse",
]

#: "Due soon": due within this many days from D (D itself included).
DUE_SOON_DAYS = 7
#: "Near the credit limit": the balance is at least this share of the limit.
NEAR_LIMIT_PERCENT = 90
#: "Large": at least this many times the customer's median invoice ...
LARGE_TIMES_MEDIAN = 2
#: ... and at least this amount in the invoice's currency.
LARGE_FLOOR = Decimal(500)
#: The median invoice is taken over the customer's last this many invoices issued by D.
MEDIAN_OF = 24
#: "High risk": a late-payment risk (0-100) of at least this.
HIGH_RISK = 50
#: The behavioural risk signal: the share of the last RISK_OF_LAST invoices paid off by D that
#: were paid more than RISK_LATE_DAYS days after their due date (none with fewer than RECENT).
RISK_OF_LAST = 6
RISK_LATE_DAYS = 7
#: "Paying worse": the last RECENT invoices paid off against the EARLIER ones before them.
RECENT = 3
EARLIER = 12
MIN_EARLIER = 3
WORSE_BY_DAYS = 10
#: "Last invoices were late": at least this many of the last RECENT paid after the due date.
LATE_OF_LAST = 2


class AlertKind(StrEnum):
    """The kinds of alert, in the order they are listed (most pressing first)."""

    OVERDUE = "overdue"
    BROKEN_PROMISE = "broken_promise"
    BROKEN_PLAN = "broken_plan"
    CREDIT_LIMIT = "credit_limit"
    LARGE_DUE_RISKY = "large_due_risky"
    DUE_SOON_LATE_PAYER = "due_soon_late_payer"
    PAYING_WORSE = "paying_worse"

    @property
    def label(self) -> str:
        """A short heading for people, in their language."""
        return _(_LABELS[self])


_LABELS = {
    AlertKind.OVERDUE: N_("Long overdue"),
    AlertKind.BROKEN_PROMISE: N_("Broken promise"),
    AlertKind.BROKEN_PLAN: N_("Broken plan"),
    AlertKind.CREDIT_LIMIT: N_("Credit limit"),
    AlertKind.LARGE_DUE_RISKY: N_("Large invoice due"),
    AlertKind.DUE_SOON_LATE_PAYER: N_("Due soon, pays late"),
    AlertKind.PAYING_WORSE: N_("Paying later"),
}


@dataclass(frozen=True)
class Alert:
    """One early warning.

    Attributes:
        key: Stable key (see the module docstring): what a dismissal or snooze sticks to.
        kind: What it is about.
        customer_id: The customer.
        customer: The customer's name.
        reason: Why, in a sentence with the figures.
        invoice_id: The invoice it is about, if one.
        promise_id: The promise to pay, if it is about one.
        plan_id: The payment plan, if it is about one.
    """

    key: str
    kind: AlertKind
    customer_id: int
    customer: str
    reason: str
    invoice_id: int | None = None
    promise_id: int | None = None
    plan_id: int | None = None


@dataclass(frozen=True)
class DueInvoice:
    """An invoice open on D and due soon.

    Attributes:
        id: Invoice id.
        number: Its number.
        customer_id: Whose.
        customer: The customer's name.
        due_date: Due date.
        total: Its total.
        currency: Its currency.
    """

    id: int
    number: str
    customer_id: int
    customer: str
    due_date: date
    total: Decimal
    currency: str


def alert_key(kind: AlertKind, customer_id: int, thing: str, threshold: str) -> str:
    """``kind:customer:thing:threshold``; ``thing`` is ``-`` when it is the whole account."""
    return f"{kind.value}:{customer_id}:{thing or '-'}:{threshold}"


def money_text(amount: Decimal, currency: str) -> str:
    """``1,234.50 EUR``: plain, locale-free (the reasons are read in the CLI and e-mails too)."""
    return f"{amount:,} {currency}"


def _days(n: int | Fraction) -> str:
    """``1 day``, ``20 days``; a mean that is not whole with one decimal (``13.3 days``)."""
    if isinstance(n, int) or n.denominator == 1:
        value: int | Decimal = int(n)
    else:
        value = one_decimal(n)
    count = int(value) if value == int(value) else 2  # 13.3 days: the plural
    return ngettext("{count} day", "{count} days", count).format(count=value)


def _in_days(due: date, as_of: date) -> str:
    days = (due - as_of).days
    if days == 0:
        return _("today")
    if days == 1:
        return _("tomorrow")
    return _("in {count} days, on {day}").format(count=days, day=due.isoformat())


def late_share(late_days: Sequence[int]) -> int | None:
    """The behavioural risk signal (0-100): the percentage of the last :data:`RISK_OF_LAST`
    invoices paid off (``late_days`` newest first, each max(0, paid - due) in days) paid more
    than :data:`RISK_LATE_DAYS` days late; ``None`` with fewer than :data:`RECENT` of them."""
    last = late_days[:RISK_OF_LAST]
    if len(last) < RECENT:
        return None
    late = sum(1 for d in last if d > RISK_LATE_DAYS)
    return round(Fraction(late * 100, len(last)))


def median(values: Sequence[Decimal]) -> Decimal | None:
    """The median (the mean of the two middle values for an even count); ``None`` if empty."""
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def paying_worse(customer_id: int, customer: str, late_days: Sequence[int]) -> Alert | None:
    """Recent payments at least :data:`WORSE_BY_DAYS` days later on average than before.

    ``late_days``: the customer's invoices paid off by D, newest first, each max(0, the day it
    was paid off - its due date)."""
    recent, earlier = late_days[:RECENT], late_days[RECENT : RECENT + EARLIER]
    if len(recent) < RECENT or len(earlier) < MIN_EARLIER:
        return None
    now, before = Fraction(sum(recent), len(recent)), Fraction(sum(earlier), len(earlier))
    if now - before < WORSE_BY_DAYS:
        return None
    reason = _(
        "{customer} paid their last {count} invoices {now} late on average, against {before} "
        "for the {earlier} before them."
    ).format(
        customer=customer,
        count=len(recent),
        now=_days(now),
        before=_days(before),
        earlier=len(earlier),
    )
    key = alert_key(AlertKind.PAYING_WORSE, customer_id, "", f"{WORSE_BY_DAYS}d")
    return Alert(key, AlertKind.PAYING_WORSE, customer_id, customer, reason)


def large_due_risky(
    invoice: DueInvoice, as_of: date, median_total: Decimal | None, risk: int | None
) -> Alert | None:
    """A large invoice (vs the customer's median) coming due for a high-risk customer."""
    if risk is None or risk < HIGH_RISK or median_total is None or median_total <= 0:
        return None
    if invoice.total < LARGE_FLOOR or invoice.total < LARGE_TIMES_MEDIAN * median_total:
        return None
    times = Fraction(invoice.total) / Fraction(median_total)
    reason = _(
        "Invoice {number} of {customer} for {amount} is due {when}: {times} times their usual "
        "invoice, and {share} % of their last invoices were paid more than a week late."
    ).format(
        number=invoice.number,
        customer=invoice.customer,
        amount=money_text(invoice.total, invoice.currency),
        when=_in_days(invoice.due_date, as_of),
        times=one_decimal(times),
        share=risk,
    )
    key = alert_key(
        AlertKind.LARGE_DUE_RISKY, invoice.customer_id, f"invoice-{invoice.id}",
        f"{LARGE_TIMES_MEDIAN}x",
    )  # fmt: skip
    return Alert(
        key, AlertKind.LARGE_DUE_RISKY, invoice.customer_id, invoice.customer, reason, invoice.id
    )


def due_soon_late_payer(invoice: DueInvoice, as_of: date, late_days: Sequence[int]) -> Alert | None:
    """An invoice due soon for a customer most of whose last invoices were paid late."""
    recent = late_days[:RECENT]
    late = [d for d in recent if d > 0]
    if len(recent) < RECENT or len(late) < LATE_OF_LAST:
        return None
    if len(late) == len(recent):
        message = _(
            "Invoice {number} of {customer} ({amount}) is due {when}; all of their last {count} "
            "invoices were paid late (up to {days})."
        )
    else:
        message = _(
            "Invoice {number} of {customer} ({amount}) is due {when}; {late} of their last "
            "{count} invoices were paid late (up to {days})."
        )
    reason = message.format(
        number=invoice.number,
        customer=invoice.customer,
        amount=money_text(invoice.total, invoice.currency),
        when=_in_days(invoice.due_date, as_of),
        late=len(late),
        count=len(recent),
        days=_days(max(late)),
    )
    key = alert_key(
        AlertKind.DUE_SOON_LATE_PAYER, invoice.customer_id, f"invoice-{invoice.id}",
        f"{DUE_SOON_DAYS}d",
    )  # fmt: skip
    return Alert(
        key, AlertKind.DUE_SOON_LATE_PAYER, invoice.customer_id, invoice.customer, reason,
        invoice.id,
    )  # fmt: skip


def credit_limit(
    customer_id: int, customer: str, balance: Decimal, limit: Decimal | None, currency: str
) -> Alert | None:
    """A balance at 90 % of the credit limit or more (threshold 90), or over it (100)."""
    if limit is None or limit <= 0 or balance * 100 < limit * NEAR_LIMIT_PERCENT:
        return None
    share = Fraction(balance * 100) / Fraction(limit)
    money = money_text(balance, currency)
    if balance > limit:
        threshold = "100"
        reason = _(
            "{customer} owes {amount}, over their credit limit of {limit} ({share} % of it)."
        ).format(
            customer=customer,
            amount=money,
            limit=money_text(limit, currency),
            share=round(share),
        )
    else:
        threshold = str(NEAR_LIMIT_PERCENT)
        reason = _("{customer} owes {amount}, {share} % of their credit limit of {limit}.").format(
            customer=customer, amount=money, share=int(share), limit=money_text(limit, currency)
        )
    key = alert_key(AlertKind.CREDIT_LIMIT, customer_id, "", threshold)
    return Alert(key, AlertKind.CREDIT_LIMIT, customer_id, customer, reason)


def overdue(
    customer_id: int, customer: str, over_60: Decimal, over_90: Decimal, currency: str
) -> Alert | None:
    """Something more than 60 days past due (threshold 60), or more than 90 (threshold 90).

    ``over_60``: the amount 61-90 days past due; ``over_90``: more than 90 days."""
    if over_90 > 0:
        threshold = "90"
        reason = (
            _(
                "{customer} has {amount} more than 90 days past due (and {more} 61 to 90 days)."
            ).format(
                customer=customer,
                amount=money_text(over_90, currency),
                more=money_text(over_60, currency),
            )
            if over_60 > 0
            else _("{customer} has {amount} more than 90 days past due.").format(
                customer=customer, amount=money_text(over_90, currency)
            )
        )
    elif over_60 > 0:
        threshold = "60"
        reason = _("{customer} has {amount} more than 60 days past due.").format(
            customer=customer, amount=money_text(over_60, currency)
        )
    else:
        return None
    key = alert_key(AlertKind.OVERDUE, customer_id, "", threshold)
    return Alert(key, AlertKind.OVERDUE, customer_id, customer, reason)


def broken_promise(
    promise_id: int,
    customer_id: int,
    customer: str,
    invoice_id: int,
    invoice_number: str,
    promised_by: date,
    promised: Decimal | None,
    paid: Decimal,
    currency: str,
) -> Alert:
    """A promise to pay whose day passed with less than promised coming in."""
    if promised is None:
        message = (
            _("{customer} promised to pay on invoice {number} by {day}; only {paid} came in.")
            if paid > 0
            else _("{customer} promised to pay on invoice {number} by {day}; nothing came in.")
        )
    else:
        message = (
            _(
                "{customer} promised to pay {promised} on invoice {number} by {day}; only "
                "{paid} came in."
            )
            if paid > 0
            else _(
                "{customer} promised to pay {promised} on invoice {number} by {day}; nothing "
                "came in."
            )
        )
    reason = message.format(
        customer=customer,
        promised=money_text(promised, currency) if promised is not None else "",
        number=invoice_number,
        day=promised_by.isoformat(),
        paid=money_text(paid, currency),
    )
    key = alert_key(AlertKind.BROKEN_PROMISE, customer_id, f"promise-{promise_id}", "broken")
    return Alert(
        key, AlertKind.BROKEN_PROMISE, customer_id, customer, reason, invoice_id,
        promise_id=promise_id,
    )  # fmt: skip


def broken_plan(
    plan_id: int,
    customer_id: int,
    customer: str,
    missed: int,
    first_missed: date,
    left: Decimal,
    currency: str,
) -> Alert:
    """A payment plan with an instalment missed."""
    reason = ngettext(
        "{customer} missed an instalment of their payment plan (the first was due {day}); "
        "{left} is left to pay on it.",
        "{customer} missed {count} instalments of their payment plan (the first was due {day}); "
        "{left} is left to pay on it.",
        missed,
    ).format(
        customer=customer,
        count=missed,
        day=first_missed.isoformat(),
        left=money_text(left, currency),
    )
    key = alert_key(AlertKind.BROKEN_PLAN, customer_id, f"plan-{plan_id}", "missed")
    return Alert(key, AlertKind.BROKEN_PLAN, customer_id, customer, reason, plan_id=plan_id)
