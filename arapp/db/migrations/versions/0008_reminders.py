# SPDX-License-Identifier: MIT
"""Reminders: policies and their levels, per-customer reminder settings, disputes and promises
on invoices, and the outbox whose unique (invoice, level) key sends each reminder once.

Seeds the "Standard" policy (a copy of ``arapp.domain.reminders.DEFAULT_LEVELS`` as it was
when this revision was written; a test checks they agree).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# (level, name, offset_days, action, late_fee, subject, body)
STANDARD_LEVELS = [
    (1, 'Friendly heads-up', -3, 'email', False, 'Invoice $invoice_number is due on $due_date', 'Dear $contact,\n\na friendly heads-up: invoice $invoice_number over $amount_due is due on $due_date. If it is already on its way, thank you and please ignore this message.\n\nPay online: $payment_link\nBank transfer: $bank_details\n\nKind regards,\n$company'),
    (2, 'Polite reminder', 1, 'email', False, 'Reminder: invoice $invoice_number was due on $due_date', 'Dear $contact,\n\nour records show invoice $invoice_number over $amount_due, due on $due_date, as still open. Perhaps it slipped through; we would be grateful for your payment.\n\nPay online: $payment_link\nBank transfer: $bank_details\n\nKind regards,\n$company'),
    (3, 'Firm reminder', 14, 'email', False, 'Second reminder: invoice $invoice_number is $days_overdue days overdue', 'Dear $contact,\n\ninvoice $invoice_number over $amount_due is now $days_overdue days overdue. Please pay it within seven days, or tell us if something is wrong with it.\n\nPay online: $payment_link\nBank transfer: $bank_details\n\nKind regards,\n$company'),
    (4, 'Final notice', 30, 'email', True, 'Final notice: invoice $invoice_number', 'Dear $contact,\n\ndespite our reminders invoice $invoice_number over $amount_due, due on $due_date, is still unpaid. A late fee of $late_fee applies. Unless we receive payment within ten days we will pass the matter to a collections agency.\n\nPay online: $payment_link\nBank transfer: $bank_details\n\nKind regards,\n$company'),
    (5, 'Collections agency', 45, 'flag', False, 'Collections: invoice $invoice_number', 'Hand invoice $invoice_number of $customer ($amount_due, $days_overdue days overdue) to the collections agency.'),
]


def upgrade() -> None:
    op.create_table(
        "reminder_policy",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_policy")),
        sa.UniqueConstraint("name", name=op.f("uq_reminder_policy_name")),
    )
    op.create_table(
        "reminder_level",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("policy_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("offset_days", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("late_fee", sa.Boolean(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.CheckConstraint("action IN ('email', 'flag')", name=op.f("ck_reminder_level_action")),
        sa.ForeignKeyConstraint(
            ["policy_id"],
            ["reminder_policy.id"],
            name=op.f("fk_reminder_level_policy_id_reminder_policy"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_level")),
        sa.UniqueConstraint("policy_id", "level", name=op.f("uq_reminder_level_policy_id_level")),
    )
    op.create_table(
        "customer_reminder",
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("policy_id", sa.Integer(), nullable=True),
        sa.Column("paused_until", sa.Date(), nullable=True),
        sa.Column("excluded", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_customer_reminder_customer_id_customer")
        ),
        sa.ForeignKeyConstraint(
            ["policy_id"],
            ["reminder_policy.id"],
            name=op.f("fk_customer_reminder_policy_id_reminder_policy"),
        ),
        sa.PrimaryKeyConstraint("customer_id", name=op.f("pk_customer_reminder")),
    )
    op.create_table(
        "invoice_hold",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("resolved_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('dispute', 'promise')", name=op.f("ck_invoice_hold_kind")),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoice.id"], name=op.f("fk_invoice_hold_invoice_id_invoice")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoice_hold")),
    )
    op.create_index(
        op.f("ix_invoice_hold_invoice_id_resolved_on"), "invoice_hold", ["invoice_id", "resolved_on"]
    )
    op.create_table(
        "outbox_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.String(length=200), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("recipient", sa.String(length=500), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "state IN ('queued', 'sending', 'sent', 'retry', 'failed', 'unknown', 'cancelled')",
            name=op.f("ck_outbox_message_state"),
        ),
        sa.CheckConstraint(
            "channel IN ('email', 'letter', 'flag')", name=op.f("ck_outbox_message_channel")
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_outbox_message_customer_id_customer")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_message")),
        sa.UniqueConstraint("message_id", name=op.f("uq_outbox_message_message_id")),
    )
    op.create_index(
        op.f("ix_outbox_message_state_next_attempt_at"),
        "outbox_message",
        ["state", "next_attempt_at"],
    )
    op.create_index(op.f("ix_outbox_message_customer_id"), "outbox_message", ["customer_id"])
    op.create_table(
        "outbox_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("outbox_id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["outbox_id"], ["outbox_message.id"], name=op.f("fk_outbox_item_outbox_id_outbox_message")
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoice.id"], name=op.f("fk_outbox_item_invoice_id_invoice")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_item")),
        sa.UniqueConstraint("invoice_id", "level", name=op.f("uq_outbox_item_invoice_id_level")),
    )
    op.create_index(op.f("ix_outbox_item_outbox_id"), "outbox_item", ["outbox_id"])

    bind = op.get_bind()
    now = datetime.now(UTC)
    if bind.dialect.name == "sqlite":  # SQLite keeps naive UTC (see arapp.db.types.UtcDateTime)
        now = now.replace(tzinfo=None)
    policy_id = bind.execute(
        sa.text("INSERT INTO reminder_policy (name, created_at) VALUES ('Standard', :at)"
                " RETURNING id").bindparams(sa.bindparam("at", type_=sa.DateTime(timezone=True))),
        {"at": now},
    ).scalar_one()
    for level, name, offset, action, late_fee, subject, body in STANDARD_LEVELS:
        bind.execute(
            sa.text(
                "INSERT INTO reminder_level (policy_id, level, name, offset_days, action,"
                " late_fee, subject, body) VALUES (:p, :level, :name, :offset, :action, :fee,"
                " :subject, :body)"
            ).bindparams(sa.bindparam("fee", type_=sa.Boolean())),
            {
                "p": policy_id, "level": level, "name": name, "offset": offset,
                "action": action, "fee": late_fee, "subject": subject, "body": body,
            },
        )


def downgrade() -> None:
    for table in (
        "outbox_item", "outbox_message", "invoice_hold", "customer_reminder",
        "reminder_level", "reminder_policy",
    ):
        op.drop_table(table)
