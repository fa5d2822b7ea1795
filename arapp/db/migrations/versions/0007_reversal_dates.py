# SPDX-License-Identifier: MIT
"""The business day of voids and reversals, so aging as of an earlier day stays exact.

Existing voids and reversals get the day of their audit-log entry (UTC), or the day of the
document when no entry is found.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""

from datetime import date

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _audit_days(bind: sa.Connection, action: str, entity: str) -> dict[int, date]:
    rows = bind.execute(
        sa.text(
            "SELECT entity_id, MIN(at) FROM audit_log WHERE action = :action AND entity = :entity"
            " GROUP BY entity_id"
        ),
        {"action": action, "entity": entity},
    )
    return {
        entity_id: date.fromisoformat(str(at)[:10])
        for entity_id, at in rows
        if entity_id is not None
    }


def _set(table: str, column: str) -> sa.TextClause:
    return sa.text(f"UPDATE {table} SET {column} = :day WHERE id = :id").bindparams(
        sa.bindparam("day", type_=sa.Date())
    )


def upgrade() -> None:
    op.add_column("invoice", sa.Column("voided_on", sa.Date(), nullable=True))
    op.add_column("payment", sa.Column("reversed_on", sa.Date(), nullable=True))
    op.add_column("adjustment", sa.Column("reversed_on", sa.Date(), nullable=True))
    bind = op.get_bind()
    voided = _audit_days(bind, "invoice_voided", "invoice")
    for invoice_id, issue_date in bind.execute(
        sa.text("SELECT id, issue_date FROM invoice WHERE status = 'void'")
    ).all():
        day = voided.get(invoice_id) or date.fromisoformat(str(issue_date)[:10])
        bind.execute(_set("invoice", "voided_on"), {"day": day, "id": invoice_id})
    reversed_ = _audit_days(bind, "payment_reversed", "payment")
    for payment_id, paid_on in bind.execute(
        sa.text("SELECT id, date FROM payment WHERE status = 'reversed'")
    ).all():
        day = reversed_.get(payment_id) or date.fromisoformat(str(paid_on)[:10])
        bind.execute(_set("payment", "reversed_on"), {"day": day, "id": payment_id})
    # adjustments are reversed with their payment (write-offs are not reversible yet)
    bind.execute(
        sa.text(
            "UPDATE adjustment SET reversed_on = (SELECT p.reversed_on FROM payment p"
            " WHERE p.id = adjustment.payment_id) WHERE reversed"
        )
    )


def downgrade() -> None:
    for table, column in (
        ("adjustment", "reversed_on"),
        ("payment", "reversed_on"),
        ("invoice", "voided_on"),
    ):
        with op.batch_alter_table(table) as batch:
            batch.drop_column(column)
