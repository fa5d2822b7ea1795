# SPDX-License-Identifier: MIT
"""Aging reads only indexes: the open-invoice index also holds the invoice date (aging by
invoice date), and the payment-credit index holds the payment date (credit is aged by it).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

OPEN = sa.text("status IN ('issued', 'sent', 'partially_paid')")
CREDIT = sa.text("unapplied > 0")


def _open_index(columns: list[str]) -> None:
    op.create_index(
        "ix_invoice_open", "invoice", columns, sqlite_where=OPEN, postgresql_where=OPEN
    )


def _credit_index(columns: list[str]) -> None:
    op.create_index(
        "ix_payment_credit", "payment", columns, sqlite_where=CREDIT, postgresql_where=CREDIT
    )


def upgrade() -> None:
    op.drop_index("ix_invoice_open", table_name="invoice")
    _open_index(["customer_id", "due_date", "issue_date", "kind", "total", "amount_paid", "status"])
    op.drop_index("ix_payment_credit", table_name="payment")
    _credit_index(["customer_id", "date", "unapplied"])


def downgrade() -> None:
    op.drop_index("ix_payment_credit", table_name="payment")
    _credit_index(["customer_id", "unapplied"])
    op.drop_index("ix_invoice_open", table_name="invoice")
    _open_index(["customer_id", "due_date", "kind", "total", "amount_paid", "status"])
