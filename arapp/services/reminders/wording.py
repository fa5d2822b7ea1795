# SPDX-License-Identifier: MIT
"""What a reminder message says: its subject and body, filled from the level's templates.

A message is one customer and one channel and may carry several invoices, each at its own
level. The highest level chooses the templates (the opening follows it), but nothing said
about one invoice is borrowed for another: the listing gives each invoice its own due date,
days overdue (or "in 3 days", "today") and amount; ``$level_invoices`` names only the
invoices at the message's level (a final notice is final for those, not for an invoice five
days late carried along); ``$reminded_sentence`` speaks only of invoices we really wrote
about before (sent messages, not queued ones); ``$balance_sentence`` gives the customer's
whole overdue balance, not only what the listed invoices come to. Sentences that have
nothing to say (no late fee, no earlier reminder) render as nothing, so no "late fee of
€0.00" and no "despite our reminders" in a first message.

:func:`load_facts` reads what the texts need beyond the reminders themselves (the overdue
balances, the earlier reminders) once for a whole run; :func:`render_message` fills one message.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from arapp.db.chunks import chunked
from arapp.db.models import Company, Customer, Invoice, OutboxItem, OutboxMessage, open_invoice
from arapp.domain.invoice import DocumentKind
from arapp.domain.languages import LANGUAGES
from arapp.domain.money import quantize
from arapp.domain.reminders import (
    PLACEHOLDERS,
    ReminderPolicy,
    placeholders_in,
    render,
)
from arapp.domain.text import replace_unsafe
from arapp.domain.texts import ENGLISH_WORDS, Words, level_texts, words_for
from arapp.formatting import format_date, format_money
from arapp.services.company import COMPANY_ID
from arapp.services.context import AppContext
from arapp.services.document_words import read_own_words
from arapp.services.languages import voice_of
from arapp.services.reminders.how_to_pay import (
    bank_text,
    link_text,
    payment_details,
    payment_links,
    reference_for,
)
from arapp.services.reminders.phrases import (
    balance_sentence,
    invoices_phrase,
    late_fee_sentence,
    money_phrase,
    reminded_sentence,
    sums,
    when,
)
from arapp.services.reminders.policy import load_policies
from arapp.services.settings import REMINDERS_GROUP_PER_CUSTOMER, read_setting


class ReminderItem(Protocol):
    """What the texts read of :class:`arapp.services.reminders.run.DueReminder` (a protocol,
    so that this module and the run do not import each other)."""

    @property
    def customer_id(self) -> int: ...
    @property
    def customer_name(self) -> str: ...
    @property
    def contact(self) -> str: ...
    @property
    def channel(self) -> str: ...
    @property
    def recipient(self) -> str: ...
    @property
    def invoice_id(self) -> int: ...
    @property
    def invoice_number(self) -> str: ...
    @property
    def level(self) -> int: ...
    @property
    def policy_id(self) -> int: ...
    @property
    def due_date(self) -> date: ...
    @property
    def days_overdue(self) -> int: ...
    @property
    def amount_due(self) -> Decimal: ...
    @property
    def late_fee(self) -> Decimal: ...
    @property
    def currency(self) -> str: ...


__all__ = ["MessageFacts", "MessagePreview", "load_facts", "preview", "reference_for", "when"]


_BLANK_LINES = re.compile(r"\n{3,}")
_SPACES = re.compile(r"[ \t]{2,}")
_EDGES = re.compile(r"[ \t]*\n[ \t]*")


@dataclass(frozen=True)
class MessageFacts:
    """What the texts say beyond the reminders themselves, read once for a run.

    Attributes:
        as_of: The day of the run (days overdue and "due in 3 days" count from it).
        overdue: Per customer, per currency, what is overdue on all their open invoices.
        reminded: Per invoice, the last day a message about it went out (sent ones only).
        codes: Per customer, the customer number (the payment reference of a grouped message).
        languages: Per customer, their language (missing or empty: the company's).
        own_words: Per language, the owner's own words in it (Settings ▸ Document words),
            which the phrases filling the texts (``$invoices``...) are made of.
    """

    as_of: date
    overdue: Mapping[int, Mapping[str, Decimal]] = field(default_factory=dict)
    reminded: Mapping[int, date] = field(default_factory=dict)
    codes: Mapping[int, str] = field(default_factory=dict)
    languages: Mapping[int, str] = field(default_factory=dict)
    own_words: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


def load_facts(session: Session, selected: Iterable[ReminderItem], as_of: date) -> MessageFacts:
    """The overdue balances of the customers in ``selected`` and their invoices' earlier
    reminders, in one query each per chunk of ids."""
    items = list(selected)
    overdue: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    codes: dict[int, str] = {}
    languages: dict[int, str] = {}
    for chunk in chunked(sorted({d.customer_id for d in items})):
        named = select(Customer.id, Customer.code, Customer.language).where(Customer.id.in_(chunk))
        for customer_id, code, language in session.execute(named):
            codes[customer_id] = code
            if language:
                languages[customer_id] = language
        rows = session.execute(
            select(Invoice.customer_id, Invoice.currency, Invoice.total, Invoice.amount_paid).where(
                Invoice.customer_id.in_(chunk),
                Invoice.kind == DocumentKind.INVOICE,
                open_invoice(),
                Invoice.due_date < as_of,
            )
        )
        for customer_id, currency, total, paid in rows:
            owed = quantize(total - paid, currency)  # per invoice, as the run lists them
            if owed > 0:
                overdue[customer_id][currency] += owed
    reminded: dict[int, date] = {}
    for chunk in chunked(sorted({d.invoice_id for d in items})):
        last = session.execute(
            select(OutboxItem.invoice_id, func.max(OutboxMessage.as_of))
            .join(OutboxMessage, OutboxMessage.id == OutboxItem.outbox_id)
            .where(
                OutboxItem.invoice_id.in_(chunk),
                OutboxMessage.state == "sent",
                OutboxMessage.channel.in_(("email", "letter")),
            )
            .group_by(OutboxItem.invoice_id)
        )
        reminded.update({invoice_id: day for invoice_id, day in last if day is not None})
    own = {lang: read_own_words(session, lang) for lang in LANGUAGES}
    return MessageFacts(
        as_of, {c: dict(v) for c, v in overdue.items()}, reminded, codes, languages, own
    )


def _facts_without_books(items: Sequence[ReminderItem]) -> MessageFacts:
    """Facts from the reminders alone (for a caller without a session): the run's day is the
    latest one the overdue days point to, the overdue balance what the listed invoices owe."""
    days = [d.due_date.toordinal() + d.days_overdue for d in items]
    overdue: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for d in items:
        if d.days_overdue > 0:  # the listed invoices are all that is known to be overdue
            overdue[d.customer_id][d.currency] += d.amount_due
    return MessageFacts(date.fromordinal(max(days)), overdue)


def render_message(
    items: Sequence[ReminderItem],
    policies: Mapping[int, ReminderPolicy],
    company: Company | None,
    facts: MessageFacts | None = None,
) -> tuple[str, str]:
    """Subject and body of one message about ``items`` (the highest level's templates, in the
    customer's language, amounts and dates in their locale: :func:`level_texts`)."""
    top = max(items, key=lambda d: d.level)
    level = policies[top.policy_id].level(top.level)
    assert level is not None
    facts = facts or _facts_without_books(items)
    voice = voice_of(company, facts.languages.get(top.customer_id, ""))
    language, subject_text, body_text = level_texts(level, voice.chain)
    w = words_for(language, facts.own_words.get(language))  # the phrases: the text's language
    listed = len(items) > 1 and "invoice_list" not in _used(body_text)
    names = (*_used(body_text), *_used(subject_text), "invoice_list")
    values = _values(items, company, facts, names if listed else names[:-1], voice.locale, w)
    body = render(body_text, values)
    if listed:
        body += "\n\n" + values["invoice_list"]
    # a subject cannot point at "the invoices listed": it counts them ("6 invoices")
    subject_values = dict(values)
    if "level_invoices" in values:
        subject_values["level_invoices"] = invoices_phrase(
            [d for d in items if d.level == top.level], w
        )
    return _header_safe(_tidy(render(subject_text, subject_values))), _tidy(body)


def _header_safe(subject: str) -> str:
    """The subject on one line with no control character or bidi override (a customer name or
    number may carry one into it): line breaks and tabs become spaces, the rest U+FFFD."""
    return replace_unsafe(" ".join(subject.split()), "\ufffd")


@functools.lru_cache(maxsize=64)
def _used(template: str) -> tuple[str, ...]:
    """The placeholders ``template`` uses (templates repeat for every message of a run)."""
    return tuple(dict.fromkeys(placeholders_in(template)))


def _tidy(text: str) -> str:
    """No double spaces or empty paragraphs left by sentences that had nothing to say, and
    each paragraph starting with a capital (a placeholder may open one)."""
    text = _EDGES.sub("\n", _SPACES.sub(" ", text.replace("\r\n", "\n")))
    paragraphs = _BLANK_LINES.sub("\n\n", text).strip().split("\n\n")
    return "\n\n".join(_capital(p) for p in paragraphs)


def _capital(paragraph: str) -> str:
    """``paragraph`` with its first letter made a capital if its first word is a lower-case
    word (not a link, not "iPhone")."""
    word = paragraph.split(maxsplit=1)[0] if paragraph.strip() else ""
    if word.rstrip(",:;.!?").isalpha() and word.islower():
        return paragraph[0].upper() + paragraph[1:]
    return paragraph


@dataclass(frozen=True)
class MessagePreview:
    """The message one reminder would go out in, before anything is queued.

    Attributes:
        channel: ``email``, ``letter`` or ``flag``.
        recipient: E-mail address(es), or empty.
        subject: Subject as it would be written.
        body: Body as it would be written.
        invoice_numbers: The invoices the message would list.
    """

    channel: str
    recipient: str
    subject: str
    body: str
    invoice_numbers: tuple[str, ...]


def preview(
    ctx: AppContext, selected: Sequence[ReminderItem], reminder: ReminderItem
) -> MessagePreview:
    """The message ``reminder`` would be sent in if ``selected`` were queued now (grouped with
    the customer's other selected reminders when the setting says so)."""
    with ctx.db.read() as session:
        grouped = read_setting(session, REMINDERS_GROUP_PER_CUSTOMER)
        policies = load_policies(session)
        company = session.get(Company, COMPANY_ID)
        items = [reminder]
        if grouped or reminder.channel == "flag":
            items = [
                d for d in selected
                if d.customer_id == reminder.customer_id and d.channel == reminder.channel
            ] or [reminder]  # fmt: skip
        facts = load_facts(session, items, ctx.today())
        subject, body = render_message(items, policies, company, facts)
    top = max(items, key=lambda d: d.level)
    return MessagePreview(
        reminder.channel, top.recipient, subject, body, tuple(d.invoice_number for d in items)
    )


def _values(
    items: Sequence[ReminderItem],
    company: Company | None,
    facts: MessageFacts,
    names: Iterable[str] = PLACEHOLDERS,
    locale: str = "",
    w: Words = ENGLISH_WORDS,
) -> dict[str, str]:
    """The placeholders ``names`` for a message about ``items`` (only those: a run renders
    thousands of messages and most templates use a few), amounts and dates in ``locale``
    (empty: the company's)."""
    locale = locale or (company.locale if company else "en_US")
    first = items[0]
    top = max(d.level for d in items)
    days = {d.invoice_id: (facts.as_of - d.due_date).days for d in items}
    oldest = max(days.values())
    overdue = facts.overdue.get(first.customer_id, {})

    def listing() -> str:
        return "\n".join(
            w(
                "list_line",
                number=d.invoice_number,
                due_date=format_date(d.due_date, locale),
                when=when(days[d.invoice_id], w),
                amount=format_money(d.amount_due, d.currency, locale),
            )
            for d in items
        )

    def overdue_for() -> str:
        if oldest <= 0:
            return w("not_yet_due")
        return w("oldest_overdue", when=when(oldest, w)) if len(items) > 1 else when(oldest, w)

    code = facts.codes.get(first.customer_id, "")

    @functools.cache
    def link() -> str:
        return link_text(payment_links(items, company.payment_link_url if company else "", code))

    def how_to_pay() -> str:
        reference = reference_for([d.invoice_number for d in items], code)
        return payment_details(items, company, reference, link(), w)

    def late_fee() -> str:
        fees = money_phrase(sums(items, "late_fee"), locale, w)
        return fees or format_money(Decimal(0), first.currency, locale)

    producers: dict[str, Callable[[], str]] = {
        "customer": lambda: first.customer_name,
        "contact": lambda: first.contact or first.customer_name,
        "company": lambda: company.name if company else "",
        "invoice_number": lambda: ", ".join(d.invoice_number for d in items),
        "invoices": lambda: invoices_phrase(items, w),
        "is_are": lambda: w("is") if len(items) == 1 else w("are"),
        "level_invoices": lambda: invoices_phrase([d for d in items if d.level == top], w, items),
        "amount_due": lambda: money_phrase(sums(items), locale, w),
        "total_overdue": lambda: money_phrase(overdue, locale, w),
        "balance_sentence": lambda: balance_sentence(items, overdue, facts.as_of, locale, w),
        "due_date": lambda: format_date(min(d.due_date for d in items), locale),
        "days_overdue": lambda: str(max(0, oldest)),
        "overdue_for": overdue_for,
        "reminded_sentence": lambda: reminded_sentence(items, facts.reminded, locale, w),
        "payment_link": link,
        "bank_details": lambda: bank_text(company),
        "payment_details": how_to_pay,
        "late_fee": late_fee,
        "late_fee_sentence": lambda: late_fee_sentence(items, locale, w),
        "invoice_list": listing,
    }
    return {name: producers[name]() for name in dict.fromkeys(names) if name in producers}
