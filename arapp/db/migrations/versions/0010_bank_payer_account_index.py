# SPDX-License-Identifier: MIT
"""Matching finds the customers a payer account paid before through an index: bank lines by
counterparty account, with the status and payment it needs (a covering index, no table reads).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

NAME = "ix_bank_transaction_counterparty_account_status_payment_id"


def upgrade() -> None:
    op.create_index(NAME, "bank_transaction", ["counterparty_account", "status", "payment_id"])


def downgrade() -> None:
    op.drop_index(NAME, table_name="bank_transaction")
