# SPDX-License-Identifier: MIT
"""``customer_segment``: each customer's payment-behaviour segment as last worked out (for the
lists' segment filter, in SQL); ``reminder_policy_segment``: the segments whose customers get a
policy instead of the default (a segment belongs to one policy at most).

Both start empty: the app works the segments out in the background when the books open
(``arapp segments refresh`` from the command line), and no policy is limited to a segment
until the owner says so.

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-08
"""

import sqlalchemy as sa
from alembic import op

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None

_SEGMENTS = "segment IN ('prompt', 'late but pays', 'slow', 'at risk', 'new')"


def upgrade() -> None:
    op.create_table(
        "customer_segment",
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("segment", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.CheckConstraint(_SEGMENTS, name=op.f("ck_customer_segment_segment")),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
            name=op.f("fk_customer_segment_customer_id_customer"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("customer_id", name=op.f("pk_customer_segment")),
    )
    op.create_index(
        op.f("ix_customer_segment_segment_customer_id"),
        "customer_segment",
        ["segment", "customer_id"],
    )
    op.create_table(
        "reminder_policy_segment",
        sa.Column("segment", sa.String(20), nullable=False),
        sa.Column("policy_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(_SEGMENTS, name=op.f("ck_reminder_policy_segment_segment")),
        sa.ForeignKeyConstraint(
            ["policy_id"],
            ["reminder_policy.id"],
            name=op.f("fk_reminder_policy_segment_policy_id_reminder_policy"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("segment", name=op.f("pk_reminder_policy_segment")),
    )
    op.create_index(
        op.f("ix_reminder_policy_segment_policy_id"), "reminder_policy_segment", ["policy_id"]
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_reminder_policy_segment_policy_id"), table_name="reminder_policy_segment"
    )
    op.drop_table("reminder_policy_segment")
    op.drop_index(op.f("ix_customer_segment_segment_customer_id"), table_name="customer_segment")
    op.drop_table("customer_segment")
