# SPDX-License-Identifier: MIT
"""A customer handed to the collections agency is marked so, and agency flags are never "sent".

``customer.agency_since`` is the day the customer was handed to the agency ("Hand to agency"),
empty when not (or taken back): while it is set, no reminders are planned and no late fees are
charged, so the agency's work is not crossed by a "Final notice" from the shop.

An outbox row for an agency flag (channel ``flag``) was stored as ``sent`` although nothing
went anywhere; it gets its own state, ``flagged``, and the rows written so far are moved to it.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

STATES = ("queued", "sending", "sent", "retry", "failed", "unknown", "cancelled")


def _state_check(states: tuple[str, ...]) -> str:
    return "state IN (" + ", ".join(f"'{s}'" for s in states) + ")"


def _states(states: tuple[str, ...]) -> None:
    with op.batch_alter_table("outbox_message") as batch:
        batch.drop_constraint(op.f("ck_outbox_message_state"), type_="check")
        batch.create_check_constraint(op.f("ck_outbox_message_state"), _state_check(states))


def upgrade() -> None:
    # In place, not in batch mode: rebuilding customer would drop the search triggers (0015).
    op.add_column("customer", sa.Column("agency_since", sa.Date(), nullable=True))
    _states((*STATES, "flagged"))
    op.execute("UPDATE outbox_message SET state = 'flagged' WHERE channel = 'flag' AND state = 'sent'")


def downgrade() -> None:
    op.execute("UPDATE outbox_message SET state = 'sent' WHERE state = 'flagged'")
    _states(STATES)
    op.drop_column("customer", "agency_since")  # SQLite 3.35+ drops it in place
