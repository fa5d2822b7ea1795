# SPDX-License-Identifier: MIT
"""``alert_state``: early warnings a person dismissed or snoozed, by the alert's stable key;
``alert_digest``: the daily e-mail of them to the owner, one a day at most, on its way through
the outboxes' send loop.

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alert_state",
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("dismissed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("dismissed_by", sa.String(100), nullable=False),
        sa.Column("snoozed_until", sa.Date(), nullable=True),
        sa.Column("snoozed_by", sa.String(100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_alert_state")),
    )
    op.create_table(
        "alert_digest",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("recipient", sa.String(500), nullable=False),
        sa.Column("message_id", sa.String(200), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
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
            name=op.f("ck_alert_digest_state"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_digest")),
        sa.UniqueConstraint("day", name=op.f("uq_alert_digest_day")),
        sa.UniqueConstraint("message_id", name=op.f("uq_alert_digest_message_id")),
    )
    op.create_index(
        op.f("ix_alert_digest_state_next_attempt_at"),
        "alert_digest",
        ["state", "next_attempt_at"],
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_alert_digest_state_next_attempt_at"), table_name="alert_digest")
    op.drop_table("alert_digest")
    op.drop_table("alert_state")
