# SPDX-License-Identifier: MIT
"""The invoice list's Open and Overdue filters read their own index in every sort order.

Open invoices are a few in a hundred of all ever written (66,557 of 1,000,000 on the big
books). Filtered to them, a sort click either walked the sort's index over every invoice and
skipped the paid history, or gathered the open ones and sorted them: 0.2-0.4 s for the first
2,000 ids, and a jump or a seek paid it again. An index per sort over only the open invoices
(the ``status IN (...)`` of ``ix_invoice_open``, which the list's condition repeats word for
word so that SQLite knows it applies) is read in order from either end or from a seek: about a
millisecond. Each one carries the kind and the due date, which the filters test, so no row of
the table is read (a jump half-way in steps over index entries only).

Sorting by customer joins the customer's name; it goes through ``ix_invoice_open`` (which
leads with ``customer_id``) customer by customer in name order, so it needs no index here.

Small: only open invoices are in them; an invoice leaves them when it is paid or voided.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

OPEN = "status IN ('issued', 'sent', 'partially_paid')"

# (name, columns): the sort's key and the id (the list's whole order), then what the filters test
INDEXES: list[tuple[str, list[str | sa.TextClause]]] = [
    ("ix_invoice_open_number", ["number", "id", "kind", "due_date"]),
    ("ix_invoice_open_issue_date", ["issue_date", "id", "kind", "due_date"]),
    ("ix_invoice_open_due_date", ["due_date", "id", "kind"]),
    ("ix_invoice_open_total", ["total", "id", "kind", "due_date"]),
    ("ix_invoice_open_balance", [sa.text("(total - amount_paid)"), "id", "kind", "due_date"]),
    ("ix_invoice_open_status", ["status", "id", "kind", "due_date"]),
]


def upgrade() -> None:
    for name, columns in INDEXES:
        op.create_index(
            name,
            "invoice",
            columns,
            sqlite_where=sa.text(OPEN),
            postgresql_where=sa.text(OPEN),
        )


def downgrade() -> None:
    for name, _columns in reversed(INDEXES):
        op.drop_index(name, table_name="invoice")
