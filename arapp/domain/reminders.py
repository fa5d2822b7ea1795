# SPDX-License-Identifier: MIT
"""The reminder schedule (dunning levels), which level is due, holds, and safe templates.

Pure rules, no I/O. A policy is a ladder of levels, each an offset in days from the due date
(negative: before it) with a template. On any day the *message* level due for an invoice is the
highest message level whose day has come; a computer that was off for a week, books imported
with invoices long overdue or a plan that broke late therefore send that one message now, never
every level missed. A level at or below one already sent is never due again.

An agency level (action ``flag``) is never reached by the calendar alone: it comes only after
the message level before it (the final notice) went out, once the gap between the two levels'
offsets has passed since that day. So nobody is handed to a collections agency without having
been told so first, whatever the books looked like when the program first saw them.

Templates use ``$name`` or ``${name}`` placeholders (``$$`` is a dollar sign) filled from plain
strings: no attribute access, no indexing, no code, so a template typed by a user cannot reach
anything but the values handed to it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from arapp.domain.errors import ValidationError

#: What a template may use. Single-invoice reminders fill all; grouped ones list the invoices.
PLACEHOLDERS: dict[str, str] = {
    "customer": "the customer's name",
    "contact": "the contact person, else the customer's name",
    "company": "your company's name",
    "invoice_number": "the invoice number (several, comma separated, in a grouped reminder)",
    "amount_due": "what is still owed on the invoice (on all listed invoices when grouped)",
    "due_date": "the due date",
    "days_overdue": "days since the due date (0 before it)",
    "payment_link": "your payment link",
    "bank_details": "bank name, IBAN, BIC or account number",
    "late_fee": "the late fee due on the invoice per the fee settings",
    "invoice_list": "one line per invoice: number, due date, amount due",
}

ACTIONS = ("email", "flag")

_TOKEN = re.compile(r"\$(?:(\$)|(\w+)|\{(\w+)\}|)")


class TemplateError(ValidationError):
    """A template names a placeholder that does not exist, or has a lone ``$``."""


def placeholders_in(text: str) -> list[str]:
    """The placeholder names a template uses, in order (raises on a lone ``$``)."""
    names = []
    for match in _TOKEN.finditer(text):
        escaped, plain, braced = match.groups()
        if escaped:
            continue
        name = plain or braced
        if not name:
            raise TemplateError("template", "A lone $ must be written $$.")
        names.append(name)
    return names


def check_template(text: str, field: str = "template") -> None:
    """Refuse unknown placeholders, naming them and the ones that exist."""
    unknown = sorted({n for n in placeholders_in(text) if n not in PLACEHOLDERS})
    if unknown:
        raise TemplateError(
            field,
            f"Unknown placeholder {', '.join('$' + n for n in unknown)}; "
            f"use {', '.join('$' + n for n in PLACEHOLDERS)}.",
        )


def render(text: str, values: Mapping[str, str]) -> str:
    """Fill a checked template with plain strings; a missing value renders as empty text."""

    def fill(match: re.Match[str]) -> str:
        escaped, plain, braced = match.groups()
        if escaped:
            return "$"
        name = plain or braced
        if not name:
            raise TemplateError("template", "A lone $ must be written $$.")
        if name not in PLACEHOLDERS:
            raise TemplateError("template", f"Unknown placeholder ${name}.")
        return str(values.get(name, ""))

    return _TOKEN.sub(fill, text)


@dataclass(frozen=True)
class ReminderLevel:
    """One step of the ladder.

    Attributes:
        level: 1, 2, 3 ... in the order they are sent; unique within a policy.
        name: For people ("Friendly heads-up").
        offset_days: Days after the due date the level becomes due (negative: before).
        subject: Subject template.
        body: Body template.
        action: ``"email"`` (an e-mail, or a letter when the customer has no address) or
            ``"flag"`` (no message: the customer is flagged for the collections agency).
        late_fee: True when the message announces the late fee.
    """

    level: int
    name: str
    offset_days: int
    subject: str
    body: str
    action: str = "email"
    late_fee: bool = False

    def day(self, due: date) -> date:
        return due + timedelta(days=self.offset_days)


@dataclass(frozen=True)
class ReminderPolicy:
    """A named ladder of levels, sorted by level with rising offsets.

    Attributes:
        name: For people ("Standard").
        levels: The levels, lowest first.
    """

    name: str
    levels: tuple[ReminderLevel, ...]

    def __post_init__(self) -> None:
        check_policy(self.levels)

    def level_due(
        self,
        due: date,
        as_of: date,
        last_sent: int = 0,
        went_out: Mapping[int, date] | None = None,
    ) -> ReminderLevel | None:
        """The level due as of ``as_of``, if it is above ``last_sent``, else ``None``.

        A message level is due once its day has come; of those, only the highest (catch-up:
        after a week off, one message, not the ones skipped). An agency level is due only once
        the message level below it went out and its gap since then has passed (see
        :meth:`agency_day`). ``went_out`` gives the day each message level sent so far went out;
        without it, each level up to ``last_sent`` counts as gone out on its own day.
        """
        candidates = []
        message = [lv for lv in self.levels if lv.action != "flag" and lv.day(due) <= as_of]
        if message and message[-1].level > last_sent:
            candidates.append(message[-1])
        for lv in self.levels:
            if lv.action == "flag" and lv.level > last_sent:
                day = self.agency_day(lv, due, last_sent, went_out)
                if day is not None and day <= as_of:
                    candidates.append(lv)
        return max(candidates, key=lambda lv: lv.level, default=None)

    def agency_day(
        self,
        flag: ReminderLevel,
        due: date,
        last_sent: int = 0,
        went_out: Mapping[int, date] | None = None,
    ) -> date | None:
        """The day the agency level ``flag`` comes: its gap after the day the message level
        before it went out; ``None`` while that message has not gone out. A ladder with no
        message level before the flag keeps the flag's own day."""
        before = [lv for lv in self.levels if lv.action != "flag" and lv.level < flag.level]
        if not before:
            return flag.day(due)
        final = before[-1]
        if went_out is None:
            sent_on = final.day(due) if last_sent >= final.level else None
        else:
            sent_on = went_out.get(final.level)
        if sent_on is None:
            return None
        return max(flag.day(due), sent_on + timedelta(days=flag.offset_days - final.offset_days))

    @property
    def final_level(self) -> ReminderLevel | None:
        """The highest message level (the final notice), if the ladder has one."""
        return next((lv for lv in reversed(self.levels) if lv.action != "flag"), None)

    def level(self, number: int) -> ReminderLevel | None:
        return next((lv for lv in self.levels if lv.level == number), None)


def check_policy(levels: Iterable[ReminderLevel]) -> None:
    """Levels rise in number and in offset; actions and templates are valid."""
    items = list(levels)
    if not items:
        raise ValidationError("levels", "A reminder policy needs at least one level.")
    for before, after in pairwise(items):
        if after.level <= before.level or after.offset_days <= before.offset_days:
            raise ValidationError(
                "levels", "Each level must come after the one before (higher level and offset)."
            )
    for lv in items:
        if lv.action not in ACTIONS:
            raise ValidationError("action", f"Unknown action {lv.action!r}.")
        check_template(lv.subject, "subject")
        check_template(lv.body, "body")


@dataclass(frozen=True)
class Hold:
    """Something that holds an invoice's reminders.

    Attributes:
        kind: ``"dispute"`` (holds until resolved) or ``"promise"`` (holds until ``until``).
        until: The promised day of payment (promises only); it holds through that day.
        resolved: True once the dispute was resolved or the promise withdrawn.
    """

    kind: str
    until: date | None = None
    resolved: bool = False

    def holds(self, as_of: date) -> bool:
        if self.resolved:
            return False
        if self.kind == "dispute":
            return True
        return self.until is not None and as_of <= self.until


def is_held(holds: Iterable[Hold], as_of: date) -> bool:
    return any(h.holds(as_of) for h in holds)


def customer_paused(paused_until: date | None, as_of: date) -> bool:
    """A pause holds reminders through its last day."""
    return paused_until is not None and as_of <= paused_until


def spaced(last_message: date | None, as_of: date, min_gap_days: int) -> bool:
    """Whether a message to a customer may go out on ``as_of``: at least ``min_gap_days`` after
    the last one (``last_message``, the day it was queued), or there was none."""
    return last_message is None or (as_of - last_message).days >= min_gap_days


_SIGNATURE = "\n\nKind regards,\n$company"

#: The ladder a shop owner can keep. The migration 0008 seeds the same ("Standard").
DEFAULT_LEVELS: tuple[ReminderLevel, ...] = (
    ReminderLevel(
        1,
        "Friendly heads-up",
        -3,
        "Invoice $invoice_number is due on $due_date",
        "Dear $contact,\n\na friendly heads-up: invoice $invoice_number over $amount_due is due "
        "on $due_date. If it is already on its way, thank you and please ignore this message."
        "\n\nPay online: $payment_link\nBank transfer: $bank_details" + _SIGNATURE,
    ),
    ReminderLevel(
        2,
        "Polite reminder",
        1,
        "Reminder: invoice $invoice_number was due on $due_date",
        "Dear $contact,\n\nour records show invoice $invoice_number over $amount_due, due on "
        "$due_date, as still open. Perhaps it slipped through; we would be grateful for your "
        "payment.\n\nPay online: $payment_link\nBank transfer: $bank_details" + _SIGNATURE,
    ),
    ReminderLevel(
        3,
        "Firm reminder",
        14,
        "Second reminder: invoice $invoice_number is $days_overdue days overdue",
        "Dear $contact,\n\ninvoice $invoice_number over $amount_due is now $days_overdue days "
        "overdue. Please pay it within seven days, or tell us if something is wrong with it."
        "\n\nPay online: $payment_link\nBank transfer: $bank_details" + _SIGNATURE,
    ),
    ReminderLevel(
        4,
        "Final notice",
        30,
        "Final notice: invoice $invoice_number",
        "Dear $contact,\n\ndespite our reminders invoice $invoice_number over $amount_due, due "
        "on $due_date, is still unpaid. A late fee of $late_fee applies. Unless we receive "
        "payment within ten days we will pass the matter to a collections agency.\n\n"
        "Pay online: $payment_link\nBank transfer: $bank_details" + _SIGNATURE,
        late_fee=True,
    ),
    ReminderLevel(
        5,
        "Collections agency",
        45,
        "Collections: invoice $invoice_number",
        "Hand invoice $invoice_number of $customer ($amount_due, $days_overdue days overdue) "
        "to the collections agency.",
        action="flag",
    ),
)

DEFAULT_POLICY = ReminderPolicy("Standard", DEFAULT_LEVELS)
