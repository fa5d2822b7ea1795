# SPDX-License-Identifier: MIT
"""Customer search column (case- and accent-folded) and the contact log.

The search column is filled for existing customers here. The folding is copied into this file on
purpose: a migration must keep doing what it did the day it was written.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_EXTRA_FOLDS = str.maketrans({"ł": "l", "đ": "d", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "þ": "th"})


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.translate(_EXTRA_FOLDS).split())


def upgrade() -> None:
    with op.batch_alter_table("customer") as batch:
        batch.add_column(sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
    customer = sa.table(
        "customer",
        sa.column("id", sa.Integer),
        sa.column("code", sa.String),
        sa.column("name", sa.String),
        sa.column("email", sa.String),
        sa.column("contact_person", sa.String),
        sa.column("search_text", sa.Text),
    )
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(customer.c.id, customer.c.code, customer.c.name, customer.c.email,
                  customer.c.contact_person)
    ).all()
    for row in rows:
        folded = _fold(" ".join([row.name, row.code, row.contact_person, row.email]))
        bind.execute(
            customer.update().where(customer.c.id == row.id).values(search_text=folded)
        )
    op.create_table(
        "contact_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("follow_up", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_contact_log_customer_id_customer")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_log")),
    )
    op.create_index(
        op.f("ix_contact_log_customer_id_at"), "contact_log", ["customer_id", "at"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_contact_log_customer_id_at"), table_name="contact_log")
    op.drop_table("contact_log")
    with op.batch_alter_table("customer") as batch:
        batch.drop_column("search_text")
