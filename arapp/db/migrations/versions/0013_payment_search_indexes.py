# SPDX-License-Identifier: MIT
"""Searching payments by reference or amount reads an index instead of every payment.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-23
"""

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_payment_reference", "payment", ["reference"])
    op.create_index("ix_payment_amount", "payment", ["amount"])


def downgrade() -> None:
    op.drop_index("ix_payment_amount", table_name="payment")
    op.drop_index("ix_payment_reference", table_name="payment")
