# SPDX-License-Identifier: MIT
"""Documents e-mailed to customers: ``document_delivery``, one row per document and recipient
set (and per copy sent again), with the reminder outbox's states; and
``recurring_template.send_by_email``: e-mail each invoice once it is billed (off for every
recurring invoice there is).

Revision ID: 0024
Revises: 0022 (on merge: 0023, the customer and company fields of issue 14)
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document_delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("document_key", sa.String(length=100), nullable=False),
        sa.Column("recipient_key", sa.String(length=64), nullable=False),
        sa.Column("copy", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=True),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("mode", sa.String(length=20), nullable=False),
        sa.Column("recipient", sa.String(length=1000), nullable=False),
        sa.Column("cc", sa.String(length=1000), nullable=False),
        sa.Column("message_id", sa.String(length=200), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
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
            name=op.f("ck_document_delivery_state"),
        ),
        sa.CheckConstraint(
            "kind IN ('invoice', 'statement')", name=op.f("ck_document_delivery_kind")
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_document_delivery_customer_id_customer")
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoice.id"], name=op.f("fk_document_delivery_invoice_id_invoice")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_delivery")),
        sa.UniqueConstraint("message_id", name=op.f("uq_document_delivery_message_id")),
        sa.UniqueConstraint(
            "document_key",
            "recipient_key",
            "copy",
            name=op.f("uq_document_delivery_document_key_recipient_key_copy"),
        ),
    )
    op.create_index(
        op.f("ix_document_delivery_state_next_attempt_at"),
        "document_delivery",
        ["state", "next_attempt_at"],
    )
    op.create_index(
        op.f("ix_document_delivery_customer_id"), "document_delivery", ["customer_id"]
    )
    op.create_index(op.f("ix_document_delivery_invoice_id"), "document_delivery", ["invoice_id"])
    with op.batch_alter_table("recurring_template") as batch:
        batch.add_column(
            sa.Column("send_by_email", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("recurring_template") as batch:
        batch.drop_column("send_by_email")
    op.drop_table("document_delivery")
