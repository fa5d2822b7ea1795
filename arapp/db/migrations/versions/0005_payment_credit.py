# SPDX-License-Identifier: MIT
"""Each payment keeps what is left of it as credit (``payment.unapplied``).

Filled for existing payments: the amount less its active allocations, less the customer's
refunds taken from the oldest credit first (the rule the services follow from now on).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from collections import defaultdict

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "payment", sa.Column("unapplied", sa.BigInteger(), nullable=False, server_default="0")
    )
    bind = op.get_bind()
    allocated = dict(
        bind.execute(
            sa.text(
                "SELECT payment_id, SUM(amount) FROM payment_allocation WHERE active"
                " GROUP BY payment_id"
            )
        ).all()
    )
    refunded: dict[int, int] = defaultdict(int)
    for customer_id, amount in bind.execute(sa.text("SELECT customer_id, amount FROM refund")):
        refunded[customer_id] += int(amount)
    payments = bind.execute(
        sa.text(
            "SELECT id, customer_id, amount FROM payment WHERE status = 'recorded'"
            " ORDER BY date, id"
        )
    ).all()
    for payment_id, customer_id, amount in payments:
        left = int(amount) - int(allocated.get(payment_id) or 0)
        taken = min(left, refunded[customer_id])
        refunded[customer_id] -= taken
        if left - taken:
            bind.execute(
                sa.text("UPDATE payment SET unapplied = :left WHERE id = :id"),
                {"left": left - taken, "id": payment_id},
            )
    op.create_index(
        "ix_payment_credit",
        "payment",
        ["customer_id", "unapplied"],
        sqlite_where=sa.text("unapplied > 0"),
        postgresql_where=sa.text("unapplied > 0"),
    )


def downgrade() -> None:
    op.drop_index("ix_payment_credit", table_name="payment")
    with op.batch_alter_table("payment") as batch:
        batch.drop_column("unapplied")
