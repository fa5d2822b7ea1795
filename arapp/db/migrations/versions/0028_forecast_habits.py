# SPDX-License-Identifier: MIT
"""The paid invoices' index (``ix_invoice_paid``, by the day paid off) also holds their due
date, customer, kind and status: the cash-in forecast reads each payer's habits (how many days
after the due date their invoices were paid off) from it alone, without looking up each of a
million invoices in the table. The aging as of an earlier day reads it as before.

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None

_NAME, _CONDITION = "ix_invoice_paid", "status = 'paid'"
_BEFORE = ["paid_date", "issue_date"]
_AFTER = ["paid_date", "issue_date", "due_date", "customer_id", "kind", "status"]


def _index(columns: list[str]) -> None:
    op.drop_index(_NAME, table_name="invoice")
    condition = sa.text(_CONDITION)
    op.create_index(
        _NAME, "invoice", columns, sqlite_where=condition, postgresql_where=condition
    )


def upgrade() -> None:
    _index(_AFTER)


def downgrade() -> None:
    _index(_BEFORE)
