# SPDX-License-Identifier: MIT
"""Follow-ups: a contact-log entry's follow-up can be marked done (the day it was), and the open
ones are found through a partial index on the follow-up day.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

OPEN = sa.text("follow_up IS NOT NULL AND follow_up_done_on IS NULL")


def upgrade() -> None:
    with op.batch_alter_table("contact_log") as batch:
        batch.add_column(sa.Column("follow_up_done_on", sa.Date(), nullable=True))
    op.create_index(
        "ix_contact_log_open_follow_up",
        "contact_log",
        ["follow_up", "customer_id"],
        sqlite_where=OPEN,
        postgresql_where=OPEN,
    )


def downgrade() -> None:
    op.drop_index("ix_contact_log_open_follow_up", table_name="contact_log")
    with op.batch_alter_table("contact_log") as batch:
        batch.drop_column("follow_up_done_on")
