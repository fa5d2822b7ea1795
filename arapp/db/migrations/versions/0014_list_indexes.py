# SPDX-License-Identifier: MIT
"""Every sortable column of the invoice list, the payment list's method, unapplied amount and
status (date and amount had one), and the customer name the lists sort by have an index on
``(column, id)``, the lists' whole order (ties by id): a sort click reads
the first screenful from the index instead of sorting a million rows, and a jump anywhere seeks
through it (``arapp.services.keyset``). The status indexes also count the status filters.

An index on a column of few values (a status, a payment method) makes SQLite, which keeps no
statistics unless asked, gather every row of a common value and sort them, where walking the
sort's index and testing each row finds a screenful at once: the lists judge a filter first
and keep SQLite off the index for a common one (``keyset.is_common``).

The balance is sorted by ``total - amount_paid``: an index on that expression serves it.
SQLite cannot reflect such an index, so a later table rebuild (Alembic's batch mode) on
``invoice`` must create it again (the migration test compares every index's SQL).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

# (name, table, columns)
INDEXES: list[tuple[str, str, list[str | sa.TextClause]]] = [
    ("ix_invoice_number_id", "invoice", ["number", "id"]),
    ("ix_invoice_due_date_id", "invoice", ["due_date", "id"]),
    ("ix_invoice_total_id", "invoice", ["total", "id"]),
    ("ix_invoice_balance_id", "invoice", [sa.text("(total - amount_paid)"), "id"]),
    ("ix_invoice_status_id", "invoice", ["status", "id"]),
    ("ix_invoice_customer_id_id", "invoice", ["customer_id", "id"]),
    ("ix_payment_method_id", "payment", ["method", "id"]),
    ("ix_payment_unapplied_id", "payment", ["unapplied", "id"]),
    ("ix_payment_status_id", "payment", ["status", "id"]),
    ("ix_customer_search_text_id", "customer", ["search_text", "id"]),
]


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
