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

#: What a template may use. A message may carry several invoices of one customer, each at its
#: own level: the phrases agree in number ("invoice INV-1 is", "invoices INV-1 and INV-2 are"),
#: and a ``..._sentence`` is a whole sentence, or nothing when there is nothing to say.
PLACEHOLDERS: dict[str, str] = {
    "customer": "the customer's name",
    "contact": "the contact person, else the customer's name",
    "company": "your company's name",
    "invoices": 'the invoices: "invoice INV-1", "invoices INV-1 and INV-2" ("5 invoices" for many)',
    "is_are": '"is" for one invoice, "are" for several (to follow $invoices)',
    "level_invoices": "like $invoices, only the invoices at this message's level",
    "invoice_list": "one line per invoice: number, due date, days overdue or due in, amount",
    "amount_due": "what is still owed on the invoices listed",
    "total_overdue": "what is overdue on all the customer's invoices, listed or not",
    "balance_sentence": "what the listed invoices come to and the whole overdue balance "
    "(nothing for one invoice that is all that is overdue)",
    "reminded_sentence": "when we last wrote about these invoices (nothing if we never did)",
    "late_fee_sentence": "the late fee that applies, per invoice (nothing when there is none)",
    "payment_details": "how to pay: payment link, bank details, the reference to quote "
    "(letters print it as a block with a QR code instead)",
    "invoice_number": "the invoice number (several, comma separated)",
    "due_date": "the due date (the earliest of several)",
    "days_overdue": "days since the due date (the oldest invoice; 0 before it)",
    "overdue_for": '"12 days overdue", "the oldest 12 days overdue" or "not yet due"',
    "payment_link": "the payment link filled in for the invoice (one line per invoice when "
    "they differ)",
    "bank_details": "bank name, IBAN, BIC or account number",
    "late_fee": "the late fee due on the invoices per the fee settings",
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


def check_template(
    text: str, field: str = "template", known: Mapping[str, str] = PLACEHOLDERS
) -> None:
    """Refuse unknown placeholders, naming them and the ones that exist (``known``: the
    reminder placeholders, or another message's, such as a document e-mail's)."""
    unknown = sorted({n for n in placeholders_in(text) if n not in known})
    if unknown:
        raise TemplateError(
            field,
            f"Unknown placeholder {', '.join('$' + n for n in unknown)}; "
            f"use {', '.join('$' + n for n in known)}.",
        )


def render(text: str, values: Mapping[str, str], known: Mapping[str, str] = PLACEHOLDERS) -> str:
    """Fill a checked template with plain strings; a missing value renders as empty text
    (``known``: the placeholders that exist, as for :func:`check_template`)."""

    def fill(match: re.Match[str]) -> str:
        escaped, plain, braced = match.groups()
        if escaped:
            return "$"
        name = plain or braced
        if not name:
            raise TemplateError("template", "A lone $ must be written $$.")
        if name not in known:
            raise TemplateError("template", f"Unknown placeholder ${name}.")
        return str(values.get(name, ""))

    return _TOKEN.sub(fill, text)


@dataclass(frozen=True)
class LevelText:
    """A level's subject and body in another language than English.

    Attributes:
        language: ISO 639-1 code (:data:`arapp.domain.languages.LANGUAGES`), not ``en``.
        subject: Subject template in that language.
        body: Body template in that language.
    """

    language: str
    subject: str
    body: str


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
        texts: Its subject and body in other languages, by language code order; ``subject``
            and ``body`` are the English ones (or what the owner wrote before arapp had
            languages). Which a customer gets: :func:`arapp.domain.languages.pick`.
    """

    level: int
    name: str
    offset_days: int
    subject: str
    body: str
    action: str = "email"
    late_fee: bool = False
    texts: tuple[LevelText, ...] = ()

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


def policy_for(
    own: int | None, segment: str | None, by_segment: Mapping[str, int], default: int
) -> int:
    """The policy (id) whose ladder a customer gets: their own if they have one; else the one
    limited to their payment-behaviour segment (``by_segment``: segment to policy; a segment
    belongs to one policy at most), so each segment can get its own timing and tone; else
    the default."""
    if own is not None:
        return own
    if segment is not None and segment in by_segment:
        return by_segment[segment]
    return default


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


_SIGNATURE = "\n\n$payment_details\n\nKind regards,\n$company"

#: The ladder a shop owner can keep: each step a little firmer, none rude. The migration 0008
#: seeded the first texts as "Standard"; 0017 replaced them with these where left unchanged.
DEFAULT_LEVELS: tuple[ReminderLevel, ...] = (
    ReminderLevel(
        1,
        "Friendly heads-up",
        -3,
        "Payment due soon: $invoices",
        "Dear $contact,\n\nA friendly heads-up: $invoices $is_are due soon.\n\n$invoice_list"
        "\n\n$balance_sentence If the payment is already on its way, thank you, and please "
        "ignore this message." + _SIGNATURE,
    ),
    ReminderLevel(
        2,
        "Polite reminder",
        1,
        "Payment reminder: $invoices",
        "Dear $contact,\n\nOur records show $invoices as still open. Perhaps this slipped "
        "through; we would be grateful if you could arrange payment.\n\n$invoice_list\n\n"
        "$balance_sentence $reminded_sentence If you have paid in the meantime, thank you, and "
        "please ignore this reminder." + _SIGNATURE,
    ),
    ReminderLevel(
        3,
        "Firm reminder",
        14,
        "Still unpaid: $invoices ($overdue_for)",
        "Dear $contact,\n\nWe have not yet received payment for $invoices. $reminded_sentence"
        "\n\n$invoice_list\n\n$balance_sentence Please pay within seven days. If you think "
        "something is wrong, please tell us, so that we can put it right." + _SIGNATURE,
    ),
    ReminderLevel(
        4,
        "Final notice",
        30,
        "Final notice: $level_invoices",
        "Dear $contact,\n\nThis is our final notice about $level_invoices. $reminded_sentence"
        "\n\n$invoice_list\n\n$balance_sentence $late_fee_sentence\n\nUnless we receive "
        "payment for $level_invoices within ten days, we will have to hand the matter to a "
        "collections agency. If you cannot pay in full, please contact us now, so that we can "
        "agree on a way forward." + _SIGNATURE,
        late_fee=True,
    ),
    ReminderLevel(
        5,
        "Collections agency",
        45,
        "Collections: $invoices",
        "Hand $invoices of $customer ($amount_due, $overdue_for) to the collections agency."
        "\n\n$invoice_list",
        action="flag",
    ),
)

DEFAULT_POLICY = ReminderPolicy("Standard", DEFAULT_LEVELS)
