# SPDX-License-Identifier: MIT
"""The "Standard" reminder policy gets the rewritten default texts, where the owner left the
old ones unchanged.

The texts of 0008 borrowed one invoice's words for a whole grouped message, announced "a late
fee of €0.00", said "despite our reminders" in a first message and started sentences with a
small letter. The new ones (a copy of ``arapp.domain.reminders.DEFAULT_LEVELS`` as it was when
this revision was written; a test checks they agree) use the phrases and sentences that agree
with the invoices they speak of. A subject or body the owner edited is left alone; the
downgrade puts the old texts back only where the new ones are still unchanged.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

# (level, subject, body) as 0008 seeded them
OLD_TEXTS = [
    (1, 'Invoice $invoice_number is due on $due_date', 'Dear $contact,\n\na friendly heads-up: invoice $invoice_number over $amount_due is due on $due_date. If it is already on its way, thank you and please ignore this message.\n\nPay online: $payment_link\nBank transfer: $bank_details\n\nKind regards,\n$company'),
    (2, 'Reminder: invoice $invoice_number was due on $due_date', 'Dear $contact,\n\nour records show invoice $invoice_number over $amount_due, due on $due_date, as still open. Perhaps it slipped through; we would be grateful for your payment.\n\nPay online: $payment_link\nBank transfer: $bank_details\n\nKind regards,\n$company'),
    (3, 'Second reminder: invoice $invoice_number is $days_overdue days overdue', 'Dear $contact,\n\ninvoice $invoice_number over $amount_due is now $days_overdue days overdue. Please pay it within seven days, or tell us if something is wrong with it.\n\nPay online: $payment_link\nBank transfer: $bank_details\n\nKind regards,\n$company'),
    (4, 'Final notice: invoice $invoice_number', 'Dear $contact,\n\ndespite our reminders invoice $invoice_number over $amount_due, due on $due_date, is still unpaid. A late fee of $late_fee applies. Unless we receive payment within ten days we will pass the matter to a collections agency.\n\nPay online: $payment_link\nBank transfer: $bank_details\n\nKind regards,\n$company'),
    (5, 'Collections: invoice $invoice_number', 'Hand invoice $invoice_number of $customer ($amount_due, $days_overdue days overdue) to the collections agency.'),
]  # fmt: skip

# (level, subject, body) as they are now
NEW_TEXTS = [
    (1, 'Payment due soon: $invoices', 'Dear $contact,\n\nA friendly heads-up: $invoices $is_are due soon.\n\n$invoice_list\n\n$balance_sentence If the payment is already on its way, thank you, and please ignore this message.\n\n$payment_details\n\nKind regards,\n$company'),
    (2, 'Payment reminder: $invoices', 'Dear $contact,\n\nOur records show $invoices as still open. Perhaps this slipped through; we would be grateful if you could arrange payment.\n\n$invoice_list\n\n$balance_sentence $reminded_sentence If you have paid in the meantime, thank you, and please ignore this reminder.\n\n$payment_details\n\nKind regards,\n$company'),
    (3, 'Still unpaid: $invoices ($overdue_for)', 'Dear $contact,\n\nWe have not yet received payment for $invoices. $reminded_sentence\n\n$invoice_list\n\n$balance_sentence Please pay within seven days. If you think something is wrong, please tell us, so that we can put it right.\n\n$payment_details\n\nKind regards,\n$company'),
    (4, 'Final notice: $level_invoices', 'Dear $contact,\n\nThis is our final notice about $level_invoices. $reminded_sentence\n\n$invoice_list\n\n$balance_sentence $late_fee_sentence\n\nUnless we receive payment for $level_invoices within ten days, we will have to hand the matter to a collections agency. If you cannot pay in full, please contact us now, so that we can agree on a way forward.\n\n$payment_details\n\nKind regards,\n$company'),
    (5, 'Collections: $invoices', 'Hand $invoices of $customer ($amount_due, $overdue_for) to the collections agency.\n\n$invoice_list'),
]  # fmt: skip


def _replace(before: list[tuple[int, str, str]], after: list[tuple[int, str, str]]) -> None:
    """Each Standard level's subject and body that still equal ``before`` become ``after``."""
    bind = op.get_bind()
    policy_id = bind.execute(
        sa.text("SELECT id FROM reminder_policy WHERE name = 'Standard'")
    ).scalar_one_or_none()
    if policy_id is None:
        return
    for (level, old_subject, old_body), (_, new_subject, new_body) in zip(
        before, after, strict=True
    ):
        for column, old, new in (
            ("subject", old_subject, new_subject),
            ("body", old_body, new_body),
        ):
            bind.execute(
                sa.text(
                    f"UPDATE reminder_level SET {column} = :new"
                    f" WHERE policy_id = :p AND level = :level AND {column} = :old"
                ),
                {"new": new, "p": policy_id, "level": level, "old": old},
            )


def upgrade() -> None:
    _replace(OLD_TEXTS, NEW_TEXTS)


def downgrade() -> None:
    _replace(NEW_TEXTS, OLD_TEXTS)
