# SPDX-License-Identifier: MIT
"""A promise to pay has an amount and covers one, several or all of a customer's open invoices.

"He promised €500 on Friday" had nowhere to go: a promise held one invoice and named no sum.
``invoice_hold.amount`` is the promised sum (in the covered invoices' currency; disputes have
none) and ``promise_invoice`` lists the invoices a promise covers, each with what was already
paid on it when the promise was made, so what came in since can be told from ``amount_paid``
(as payment plans do). ``invoice_hold.invoice_id`` stays: a dispute's invoice, a promise's first
covered invoice.

Existing promises become promises of their invoice's open amount. A promise whose invoice is
no longer owed was kept; it becomes a promise of the invoice's total, paid since, so it still
reads as kept.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07
"""

import warnings

import sqlalchemy as sa
from alembic import op
from sqlalchemy.exc import SAWarning

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

#: Invoice statuses still owed (``arapp.domain.invoice.OPEN_STATUSES`` when this was written).
_OPEN = "('issued', 'sent', 'partially_paid')"


def upgrade() -> None:
    op.add_column("invoice_hold", sa.Column("amount", sa.BigInteger(), nullable=True))
    op.create_table(
        "promise_invoice",
        sa.Column("hold_id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("paid_before", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["hold_id"], ["invoice_hold.id"], name=op.f("fk_promise_invoice_hold_id_invoice_hold")
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoice.id"], name=op.f("fk_promise_invoice_invoice_id_invoice")
        ),
        sa.PrimaryKeyConstraint("hold_id", "invoice_id", name=op.f("pk_promise_invoice")),
    )
    op.create_index(op.f("ix_promise_invoice_invoice_id"), "promise_invoice", ["invoice_id"])
    op.execute(
        "INSERT INTO promise_invoice (hold_id, invoice_id, paid_before)"
        " SELECT h.id, h.invoice_id,"
        f" CASE WHEN i.status IN {_OPEN} THEN i.amount_paid ELSE 0 END"
        " FROM invoice_hold h JOIN invoice i ON i.id = h.invoice_id WHERE h.kind = 'promise'"
    )
    op.execute(
        "UPDATE invoice_hold SET amount = (SELECT"
        f" CASE WHEN i.status IN {_OPEN} THEN i.total - i.amount_paid ELSE i.total END"
        " FROM invoice i WHERE i.id = invoice_hold.invoice_id) WHERE kind = 'promise'"
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_promise_invoice_invoice_id"), table_name="promise_invoice")
    op.drop_table("promise_invoice")
    with warnings.catch_warnings():
        # SQLite's table rebuild reflects ``invoice``, whose expression index SQLAlchemy cannot
        # reflect (and says so); the index is untouched here.
        warnings.filterwarnings("ignore", "Skipped unsupported reflection", SAWarning)
        with op.batch_alter_table("invoice_hold") as batch:
            batch.drop_column("amount")
