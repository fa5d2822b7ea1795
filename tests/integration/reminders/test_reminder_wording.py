# SPDX-License-Identifier: MIT
"""Every default reminder text, rendered for one invoice and for several (mixed levels, fees on
and off, one currency and two), compared whole with what the customer is to read: sentences
that agree in number, start with a capital, say nothing when there is nothing to say (no late
fee of €0.00, no earlier reminder), and a grouped message that states the whole balance and
borrows no invoice's level for another."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from arapp.db.models import Company, OutboxMessage
from arapp.domain.reminders import DEFAULT_POLICY, ReminderPolicy
from arapp.services.reminders.run import DueReminder, plan_run, queue
from arapp.services.reminders.wording import MessageFacts, load_facts, render_message
from arapp.services.settings import set_setting
from tests.helpers.books import customer, overdue_invoice

TODAY = date(2026, 11, 23)
COMPANY = Company(
    name="Corner Shop", locale="en_IE", payment_link_url="https://pay.example/corner",
    bank_name="Bank of Ireland", iban="IE29AIBK93115212345678", bic="AIBKIE2D",
    account_number="",
)  # fmt: skip
EUR = "EUR"


def _item(
    number: str, level: int, late: int, amount: str, fee: str = "0", currency: str = EUR
) -> DueReminder:
    """A reminder of ``number`` (``INV-n``, invoice id n) at ``level``, ``late`` days past its
    due date (negative: due in so many days)."""
    return DueReminder(
        customer_id=7, customer_name="Murphy & Sons", channel="email", recipient="a@b.ie",
        invoice_id=int(number.rsplit("-", 1)[1]), invoice_number=number, level=level,
        level_name="", due_date=TODAY - timedelta(days=late), days_overdue=max(0, late),
        amount_due=Decimal(amount), currency=currency, late_fee=Decimal(fee), policy_id=1,
        contact="Aoife Murphy",
    )  # fmt: skip


def _facts(
    overdue: dict[str, str] | None = None, reminded: dict[int, date] | None = None
) -> MessageFacts:
    """The customer's overdue balance (per currency) and the days we wrote about invoices."""
    amounts = {c: Decimal(v) for c, v in (overdue or {}).items()}
    return MessageFacts(TODAY, {7: amounts}, reminded or {}, {7: "MURPHY"})


CASES = {
    'heads-up': (
        (
            [_item("INV-1", 1, -3, "250.00")],
            _facts(),
        ),
        'Payment due soon: invoice INV-1',
        (
            'Dear Aoife Murphy,\n'
            '\n'
            'A friendly heads-up: invoice INV-1 is due soon.\n'
            '\n'
            '- INV-1, due 26 Nov 2026 (in 3 days): €250.00\n'
            '\n'
            'If the payment is already on its way, thank you, and please ignore this message.\n'
            '\n'
            'Pay online: https://pay.example/corner\n'
            'Bank transfer: Bank of Ireland, IBAN IE29 AIBK 9311 5212 3456 78, BIC AIBKIE2D\n'
            'Please quote: INV-1\n'
            '\n'
            'Kind regards,\n'
            'Corner Shop'
        ),
    ),
    'polite': (
        (
            [_item("INV-1", 2, 2, "250.00")],
            _facts({EUR: "250.00"}),
        ),
        'Payment reminder: invoice INV-1',
        (
            'Dear Aoife Murphy,\n'
            '\n'
            'Our records show invoice INV-1 as still open. Perhaps this slipped through; we '
            'would be grateful if you could arrange payment.\n'
            '\n'
            '- INV-1, due 21 Nov 2026 (2 days overdue): €250.00\n'
            '\n'
            'If you have paid in the meantime, thank you, and please ignore this reminder.\n'
            '\n'
            'Pay online: https://pay.example/corner\n'
            'Bank transfer: Bank of Ireland, IBAN IE29 AIBK 9311 5212 3456 78, BIC AIBKIE2D\n'
            'Please quote: INV-1\n'
            '\n'
            'Kind regards,\n'
            'Corner Shop'
        ),
    ),
    'firm, reminded before': (
        (
            [_item("INV-1", 3, 20, "250.00")],
            _facts({EUR: "250.00"}, {1: date(2026, 11, 9)}),
        ),
        'Still unpaid: invoice INV-1 (20 days overdue)',
        (
            'Dear Aoife Murphy,\n'
            '\n'
            'We have not yet received payment for invoice INV-1. We last wrote to you about '
            'invoice INV-1 on 9 Nov 2026.\n'
            '\n'
            '- INV-1, due 3 Nov 2026 (20 days overdue): €250.00\n'
            '\n'
            'Please pay within seven days. If you think something is wrong, please tell us, '
            'so that we can put it right.\n'
            '\n'
            'Pay online: https://pay.example/corner\n'
            'Bank transfer: Bank of Ireland, IBAN IE29 AIBK 9311 5212 3456 78, BIC AIBKIE2D\n'
            'Please quote: INV-1\n'
            '\n'
            'Kind regards,\n'
            'Corner Shop'
        ),
    ),
    'final with a fee': (
        (
            [_item("INV-1", 4, 40, "250.00", "10.00")],
            _facts({EUR: "250.00"}),
        ),
        'Final notice: invoice INV-1',
        (
            'Dear Aoife Murphy,\n'
            '\n'
            'This is our final notice about invoice INV-1.\n'
            '\n'
            '- INV-1, due 14 Oct 2026 (40 days overdue): €250.00\n'
            '\n'
            'As our terms provide, a late fee of €10.00 applies to invoice INV-1; it is '
            'charged on a separate invoice.\n'
            '\n'
            'Unless we receive payment for invoice INV-1 within ten days, we will have to '
            'hand the matter to a collections agency. If you cannot pay in full, please '
            'contact us now, so that we can agree on a way forward.\n'
            '\n'
            'Pay online: https://pay.example/corner\n'
            'Bank transfer: Bank of Ireland, IBAN IE29 AIBK 9311 5212 3456 78, BIC AIBKIE2D\n'
            'Please quote: INV-1\n'
            '\n'
            'Kind regards,\n'
            'Corner Shop'
        ),
    ),
    'final, fees off, more overdue': (
        (
            [_item("INV-1", 4, 40, "1425.76")],
            _facts({EUR: "16767.94"}, {1: date(2026, 11, 1)}),
        ),
        'Final notice: invoice INV-1',
        (
            'Dear Aoife Murphy,\n'
            '\n'
            'This is our final notice about invoice INV-1. We last wrote to you about '
            'invoice INV-1 on 1 Nov 2026.\n'
            '\n'
            '- INV-1, due 14 Oct 2026 (40 days overdue): €1,425.76\n'
            '\n'
            'Including your other invoices, €16,767.94 is overdue on your account.\n'
            '\n'
            'Unless we receive payment for invoice INV-1 within ten days, we will have to '
            'hand the matter to a collections agency. If you cannot pay in full, please '
            'contact us now, so that we can agree on a way forward.\n'
            '\n'
            'Pay online: https://pay.example/corner\n'
            'Bank transfer: Bank of Ireland, IBAN IE29 AIBK 9311 5212 3456 78, BIC AIBKIE2D\n'
            'Please quote: INV-1\n'
            '\n'
            'Kind regards,\n'
            'Corner Shop'
        ),
    ),
    'agency flag': (
        (
            [_item("INV-1", 5, 50, "250.00")],
            _facts({EUR: "250.00"}),
        ),
        'Collections: invoice INV-1',
        (
            'Hand invoice INV-1 of Murphy & Sons (€250.00, 50 days overdue) to the '
            'collections agency.\n'
            '\n'
            '- INV-1, due 4 Oct 2026 (50 days overdue): €250.00'
        ),
    ),
    'heads-up for two': (
        (
            [
                _item("INV-1", 1, -3, "100.00"),
                _item("INV-2", 1, 0, "50.00"),
            ],
            _facts(),
        ),
        'Payment due soon: invoices INV-1 and INV-2',
        (
            'Dear Aoife Murphy,\n'
            '\n'
            'A friendly heads-up: invoices INV-1 and INV-2 are due soon.\n'
            '\n'
            '- INV-1, due 26 Nov 2026 (in 3 days): €100.00\n'
            '- INV-2, due 23 Nov 2026 (today): €50.00\n'
            '\n'
            'Together they come to €150.00. If the payment is already on its way, thank you, '
            'and please ignore this message.\n'
            '\n'
            'Pay online: https://pay.example/corner\n'
            'Bank transfer: Bank of Ireland, IBAN IE29 AIBK 9311 5212 3456 78, BIC AIBKIE2D\n'
            'Please quote your customer number: MURPHY\n'
            '\n'
            'Kind regards,\n'
            'Corner Shop'
        ),
    ),
    'polite for seven': (
        (
            [_item(f"INV-{n}", 2, n, "10.00") for n in range(1, 8)],
            _facts({EUR: "70.00"}),
        ),
        'Payment reminder: 7 invoices',
        (
            'Dear Aoife Murphy,\n'
            '\n'
            'Our records show 7 invoices as still open. Perhaps this slipped through; we '
            'would be grateful if you could arrange payment.\n'
            '\n'
            '- INV-1, due 22 Nov 2026 (1 day overdue): €10.00\n'
            '- INV-2, due 21 Nov 2026 (2 days overdue): €10.00\n'
            '- INV-3, due 20 Nov 2026 (3 days overdue): €10.00\n'
            '- INV-4, due 19 Nov 2026 (4 days overdue): €10.00\n'
            '- INV-5, due 18 Nov 2026 (5 days overdue): €10.00\n'
            '- INV-6, due 17 Nov 2026 (6 days overdue): €10.00\n'
            '- INV-7, due 16 Nov 2026 (7 days overdue): €10.00\n'
            '\n'
            'Together they come to €70.00, which is all that is overdue on your account. If '
            'you have paid in the meantime, thank you, and please ignore this reminder.\n'
            '\n'
            'Pay online: https://pay.example/corner\n'
            'Bank transfer: Bank of Ireland, IBAN IE29 AIBK 9311 5212 3456 78, BIC AIBKIE2D\n'
            'Please quote your customer number: MURPHY\n'
            '\n'
            'Kind regards,\n'
            'Corner Shop'
        ),
    ),
    'final for the oldest six of seven': (
        (
            [
                _item(f"INV-{n}", 4 if n > 1 else 2, 7 * n, "10.00", "10.00" if n > 1 else "0")
                for n in range(1, 8)
            ],
            _facts({EUR: "70.00"}),
        ),
        'Final notice: 6 invoices',
        (
            'Dear Aoife Murphy,\n'
            '\n'
            'This is our final notice about the 6 oldest invoices listed.\n'
            '\n'
            '- INV-1, due 16 Nov 2026 (7 days overdue): €10.00\n'
            '- INV-2, due 9 Nov 2026 (14 days overdue): €10.00\n'
            '- INV-3, due 2 Nov 2026 (21 days overdue): €10.00\n'
            '- INV-4, due 26 Oct 2026 (28 days overdue): €10.00\n'
            '- INV-5, due 19 Oct 2026 (35 days overdue): €10.00\n'
            '- INV-6, due 12 Oct 2026 (42 days overdue): €10.00\n'
            '- INV-7, due 5 Oct 2026 (49 days overdue): €10.00\n'
            '\n'
            'Together they come to €70.00, which is all that is overdue on your account. As '
            'our terms provide, late fees of €60.00 apply to the 6 oldest invoices listed; '
            'they are charged on separate invoices.\n'
            '\n'
            'Unless we receive payment for the 6 oldest invoices listed within ten days, we '
            'will have to hand the matter to a collections agency. If you cannot pay in '
            'full, please contact us now, so that we can agree on a way forward.\n'
            '\n'
            'Pay online: https://pay.example/corner\n'
            'Bank transfer: Bank of Ireland, IBAN IE29 AIBK 9311 5212 3456 78, BIC AIBKIE2D\n'
            'Please quote your customer number: MURPHY\n'
            '\n'
            'Kind regards,\n'
            'Corner Shop'
        ),
    ),
    'firm in two currencies': (
        (
            [
                _item("INV-1", 3, 20, "100.00"),
                _item("INV-2", 3, 15, "50.00", currency="GBP"),
            ],
            _facts({EUR: "100.00", "GBP": "50.00"}),
        ),
        'Still unpaid: invoices INV-1 and INV-2 (the oldest 20 days overdue)',
        (
            'Dear Aoife Murphy,\n'
            '\n'
            'We have not yet received payment for invoices INV-1 and INV-2.\n'
            '\n'
            '- INV-1, due 3 Nov 2026 (20 days overdue): €100.00\n'
            '- INV-2, due 8 Nov 2026 (15 days overdue): £50.00\n'
            '\n'
            'Together they come to €100.00 and £50.00, which is all that is overdue on your '
            'account. Please pay within seven days. If you think something is wrong, please '
            'tell us, so that we can put it right.\n'
            '\n'
            'Pay online: https://pay.example/corner\n'
            'Bank transfer: Bank of Ireland, IBAN IE29 AIBK 9311 5212 3456 78, BIC AIBKIE2D\n'
            'Please quote your customer number: MURPHY\n'
            '\n'
            'Kind regards,\n'
            'Corner Shop'
        ),
    ),
    'final for two with fees': (
        (
            [
                _item("INV-1", 4, 40, "100.00", "10.00"),
                _item("INV-2", 4, 35, "50.00", "10.00"),
            ],
            _facts({EUR: "150.00"}, {1: date(2026, 11, 1), 2: date(2026, 11, 5)}),
        ),
        'Final notice: invoices INV-1 and INV-2',
        (
            'Dear Aoife Murphy,\n'
            '\n'
            'This is our final notice about invoices INV-1 and INV-2. We have written to you '
            'about invoices INV-1 and INV-2 before, most recently on 5 Nov 2026.\n'
            '\n'
            '- INV-1, due 14 Oct 2026 (40 days overdue): €100.00\n'
            '- INV-2, due 19 Oct 2026 (35 days overdue): €50.00\n'
            '\n'
            'Together they come to €150.00, which is all that is overdue on your account. As '
            'our terms provide, late fees of €20.00 apply to invoices INV-1 and INV-2; they '
            'are charged on separate invoices.\n'
            '\n'
            'Unless we receive payment for invoices INV-1 and INV-2 within ten days, we will '
            'have to hand the matter to a collections agency. If you cannot pay in full, '
            'please contact us now, so that we can agree on a way forward.\n'
            '\n'
            'Pay online: https://pay.example/corner\n'
            'Bank transfer: Bank of Ireland, IBAN IE29 AIBK 9311 5212 3456 78, BIC AIBKIE2D\n'
            'Please quote your customer number: MURPHY\n'
            '\n'
            'Kind regards,\n'
            'Corner Shop'
        ),
    ),
    'final with younger ones': (
        (
            [
                _item("INV-1", 4, 40, "1000.00", "10.00"),
                _item("INV-2", 2, 10, "425.76"),
                _item("INV-3", 1, -3, "99.00"),
            ],
            _facts({EUR: "16767.94"}, {1: date(2026, 11, 1)}),
        ),
        'Final notice: invoice INV-1',
        (
            'Dear Aoife Murphy,\n'
            '\n'
            'This is our final notice about invoice INV-1. We last wrote to you about '
            'invoice INV-1 on 1 Nov 2026.\n'
            '\n'
            '- INV-1, due 14 Oct 2026 (40 days overdue): €1,000.00\n'
            '- INV-2, due 13 Nov 2026 (10 days overdue): €425.76\n'
            '- INV-3, due 26 Nov 2026 (in 3 days): €99.00\n'
            '\n'
            'Together they come to €1,524.76, of which €1,425.76 is overdue. Including your '
            'other invoices, €16,767.94 is overdue on your account. As our terms provide, a '
            'late fee of €10.00 applies to invoice INV-1; it is charged on a separate '
            'invoice.\n'
            '\n'
            'Unless we receive payment for invoice INV-1 within ten days, we will have to '
            'hand the matter to a collections agency. If you cannot pay in full, please '
            'contact us now, so that we can agree on a way forward.\n'
            '\n'
            'Pay online: https://pay.example/corner\n'
            'Bank transfer: Bank of Ireland, IBAN IE29 AIBK 9311 5212 3456 78, BIC AIBKIE2D\n'
            'Please quote your customer number: MURPHY\n'
            '\n'
            'Kind regards,\n'
            'Corner Shop'
        ),
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", list(CASES))
def test_default_texts_read_as_written(name: str) -> None:
    (items, facts), subject, body = CASES[name]
    assert render_message(items, {1: DEFAULT_POLICY}, COMPANY, facts) == (subject, body)


def test_a_queued_message_states_the_whole_balance_and_only_sent_reminders(ctx) -> None:  # type: ignore[no-untyped-def]
    """On real books: an invoice left out of the message (as if held) still counts in the
    overdue balance; a reminder queued but never sent is not "written to you"; one sent is."""
    set_setting(ctx, "smtp.from", "billing@example.org")
    murphy = customer(ctx, "Murphy & Sons", "aoife@example.org")
    held = overdue_invoice(ctx, murphy, 60, "15342.18")  # oldest first: numbers follow dates
    old = overdue_invoice(ctx, murphy, 40, "1000.00")
    young = overdue_invoice(ctx, murphy, 15, "425.76")
    late = overdue_invoice(ctx, murphy, -3, "99.00")
    first = [d for d in plan_run(ctx, TODAY - timedelta(days=16)) if d.invoice_id == old]
    (sent_id,) = queue(ctx, first, TODAY - timedelta(days=16)).message_ids
    with ctx.db.write() as session:  # that one went out; the next is only queued
        session.get(OutboxMessage, sent_id).state = "sent"
    second = [d for d in plan_run(ctx, TODAY - timedelta(days=8)) if d.invoice_id == young]
    queue(ctx, second, TODAY - timedelta(days=8))
    due = [d for d in plan_run(ctx, TODAY) if d.invoice_id in (old, young, late)]
    assert held not in {d.invoice_id for d in due}
    with ctx.db.read() as session:
        facts = load_facts(session, due, TODAY)
    assert facts.overdue == {murphy: {"EUR": Decimal("16767.94")}}
    assert facts.reminded == {old: TODAY - timedelta(days=16)}
    (message_id,) = queue(ctx, due, TODAY).message_ids
    with ctx.db.read() as session:
        body = " ".join(session.get(OutboxMessage, message_id).body.split())
    numbers = {d.invoice_id: d.invoice_number for d in due}
    assert "Together they come to €1,524.76, of which €1,425.76 is overdue." in body
    assert "Including your other invoices, €16,767.94 is overdue on your account." in body
    reminded = f"We last wrote to you about invoice {numbers[old]} on Nov 7, 2026."
    assert reminded in body and "We have written" not in body  # the queued one is not counted
    for invoice_id, number in numbers.items():
        assert body.count(f"- {number},") == 1, invoice_id


def test_an_owners_template_gets_capitals_and_loses_what_has_nothing_to_say() -> None:
    level = DEFAULT_POLICY.levels[1]
    own = replace(
        level,
        subject="$invoices $is_are open",
        body="Dear $contact,\n\n$invoices $is_are open.  $late_fee_sentence\n\n\n\n"
        "$reminded_sentence\n\nhttps://pay.example stays as written",
    )
    policy = ReminderPolicy("Own", (own,))
    one = [_item("INV-1", 2, 3, "10.00")]
    two = [*one, _item("INV-2", 2, 2, "5.00")]
    assert render_message(one, {1: policy}, COMPANY, _facts()) == (
        "Invoice INV-1 is open",
        "Dear Aoife Murphy,\n\nInvoice INV-1 is open.\n\nhttps://pay.example stays as written",
    )
    subject, body = render_message(two, {1: policy}, COMPANY, _facts())
    assert subject == "Invoices INV-1 and INV-2 are open"
    assert body.startswith("Dear Aoife Murphy,\n\nInvoices INV-1 and INV-2 are open.\n\nhttps://")
    assert body.endswith(  # a grouped message without $invoice_list gets the list at the end
        "\n\n- INV-1, due 20 Nov 2026 (3 days overdue): €10.00"
        "\n- INV-2, due 21 Nov 2026 (2 days overdue): €5.00"
    )


def test_a_subject_never_carries_a_control_character() -> None:
    """Issue 13 item 18: a raw ESC reached an e-mail subject from a template and a number."""
    level = DEFAULT_POLICY.levels[1]
    own = replace(level, subject="Invoice\x1b[31m $invoices\t\u202eopen\x07\r\nBcc: x@example.net")
    policy = ReminderPolicy("Own", (own,))
    subject, _body = render_message(
        [_item("INV\x1b]0;pwned\x07-1", 2, 3, "10.00")], {1: policy}, COMPANY, _facts()
    )
    assert not any(ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 for ch in subject), repr(subject)
    assert not set(subject) & set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    assert "\ufffd[31m" in subject and "Bcc: x@example.net" in subject  # one line, visible


def _with_link(pattern: str) -> Company:
    return Company(
        name="Corner Shop", locale="en_IE", payment_link_url=pattern,
        bank_name="", iban="", bic="", account_number="",
    )  # fmt: skip


def test_one_invoice_gets_its_own_payment_link() -> None:
    company = _with_link("https://pay.example/{number}?amount={amount}&c={customer}")
    one = [_item("INV-1", 2, 2, "250.5")]
    _, body = render_message(one, {1: DEFAULT_POLICY}, company, _facts())
    assert "\n\nPay online: https://pay.example/INV-1?amount=250.50&c=MURPHY\n" in body


def test_a_grouped_message_gives_each_invoice_its_link() -> None:
    company = _with_link("https://pay.example/{number}?amount={amount}&cur={currency}")
    items = [_item("INV-1", 2, 2, "250.00"), _item("INV-2", 2, 1, "9.99", currency="GBP")]
    _, body = render_message(items, {1: DEFAULT_POLICY}, company, _facts())
    assert (
        "\n\nPay online:\n"
        "- INV-1: https://pay.example/INV-1?amount=250.00&cur=EUR\n"
        "- INV-2: https://pay.example/INV-2?amount=9.99&cur=GBP\n"
        "Please quote your customer number: MURPHY\n"
    ) in body


def test_a_link_the_invoices_share_is_given_once() -> None:
    company = _with_link("https://pay.example/account/{customer}")
    items = [_item("INV-1", 2, 2, "250.00"), _item("INV-2", 2, 1, "9.99")]
    _, body = render_message(items, {1: DEFAULT_POLICY}, company, _facts())
    assert "\n\nPay online: https://pay.example/account/MURPHY\nPlease quote" in body


def test_an_owners_payment_link_placeholder_is_filled_per_invoice() -> None:
    level = replace(DEFAULT_POLICY.levels[1], body="Dear $contact,\n\nPay online: $payment_link")
    policy = ReminderPolicy("Own", (level,))
    company = _with_link("https://pay.example/{number}")
    one = render_message([_item("INV-1", 2, 2, "10")], {1: policy}, company, _facts())[1]
    assert one == "Dear Aoife Murphy,\n\nPay online: https://pay.example/INV-1"
    two = [_item("INV-1", 2, 2, "10"), _item("INV-2", 2, 2, "5")]
    body = render_message(two, {1: policy}, company, _facts())[1]
    assert body.startswith(
        "Dear Aoife Murphy,\n\nPay online:\n"
        "- INV-1: https://pay.example/INV-1\n- INV-2: https://pay.example/INV-2\n\n"
    )
