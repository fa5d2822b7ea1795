# SPDX-License-Identifier: MIT
"""Each payment allocation carries its payment's date, so aging as of an earlier day finds the
payments that had credit then without reading every later allocation.

A payment received by a day but allocated after it had credit on that day. Finding those
payments read every allocation dated after the day (350,000 of them a half year back on books of
a million payments) and looked up each one's payment, although nearly every allocation is made
on its payment's day. With the payment's date on the allocation, a partial index holds only the
allocations made later than their payment (``date > payment_date``), and the query reads those
dated after the day. The index on (date, payment_id) of migration 0012 served only that query
and goes.

Existing allocations get their payment's date; the column is then NOT NULL (SQLite rebuilds the
table for that), so a writer that forgets it fails instead of hiding a payment from the report.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07
"""

import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op
from sqlalchemy.exc import SAWarning

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

LATE = "date > payment_date"


@contextmanager
def _quiet_reflection() -> Iterator[None]:
    """SQLite's table rebuild reflects the tables this one points to; SQLAlchemy cannot reflect
    ``invoice``'s expression index (``ix_invoice_balance_id``, untouched here) and says so."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Skipped unsupported reflection", SAWarning)
        yield


def upgrade() -> None:
    op.drop_index("ix_payment_allocation_date_payment_id", table_name="payment_allocation")
    op.add_column("payment_allocation", sa.Column("payment_date", sa.Date(), nullable=True))
    op.execute(
        "UPDATE payment_allocation SET payment_date = (SELECT p.date FROM payment p"
        " WHERE p.id = payment_allocation.payment_id)"
    )
    with _quiet_reflection(), op.batch_alter_table("payment_allocation") as batch:
        batch.alter_column("payment_date", existing_type=sa.Date(), nullable=False)
    op.create_index(
        "ix_payment_allocation_late",
        "payment_allocation",
        ["date", "payment_date", "payment_id"],
        sqlite_where=sa.text(LATE),
        postgresql_where=sa.text(LATE),
    )


def downgrade() -> None:
    op.drop_index("ix_payment_allocation_late", table_name="payment_allocation")
    with _quiet_reflection(), op.batch_alter_table("payment_allocation") as batch:
        batch.drop_column("payment_date")
    op.create_index(
        "ix_payment_allocation_date_payment_id", "payment_allocation", ["date", "payment_id"]
    )
