# SPDX-License-Identifier: MIT
"""Aging as of an earlier day finds what was open then through indexes instead of reading every
invoice and payment: invoices paid or voided since (partial indexes on the day), payments
reversed since, and allocations by day.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

# (name, table, columns, partial-index condition or None)
INDEXES = [
    ("ix_invoice_paid", "invoice", ["paid_date", "issue_date"], "status = 'paid'"),
    ("ix_invoice_voided", "invoice", ["voided_on", "issue_date"], "status = 'void'"),
    ("ix_payment_reversed", "payment", ["reversed_on"], "status = 'reversed'"),
    ("ix_payment_allocation_date_payment_id", "payment_allocation", ["date", "payment_id"], None),
]


def upgrade() -> None:
    for name, table, columns, where in INDEXES:
        condition = sa.text(where) if where else None
        op.create_index(
            name, table, columns, sqlite_where=condition, postgresql_where=condition
        )


def downgrade() -> None:
    for name, table, _columns, _where in reversed(INDEXES):
        op.drop_index(name, table_name=table)
