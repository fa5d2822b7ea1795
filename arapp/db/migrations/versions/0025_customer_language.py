# SPDX-License-Identifier: MIT
"""Languages: each customer gets a ``language`` (an ISO 639-1 code; empty, as for every
customer there is: the company's language), and reminder levels their subject and body in
other languages (``reminder_level_text``; a level's own subject and body are the English
text, or what the owner wrote there before). The document e-mails need no table: their texts
in other languages are settings with the language after the key (``mail.invoice_body.de``).

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "customer", sa.Column("language", sa.String(length=8), nullable=False, server_default="")
    )
    op.create_table(
        "reminder_level_text",
        sa.Column("level_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["level_id"],
            ["reminder_level.id"],
            name=op.f("fk_reminder_level_text_level_id_reminder_level"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("level_id", "language", name=op.f("pk_reminder_level_text")),
    )


def downgrade() -> None:
    op.drop_table("reminder_level_text")
    op.drop_column("customer", "language")  # SQLite 3.35+ drops it in place
