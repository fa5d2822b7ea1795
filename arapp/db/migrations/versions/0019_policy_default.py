# SPDX-License-Identifier: MIT
"""A reminder policy can be the default one: the ladder of every customer without their own.

Until now the default was found by its name, "Standard", so the owner could neither rename it nor
make another policy the default. ``is_default`` is set on the seeded "Standard" policy; the
service keeps exactly one policy the default.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07
"""

import sqlite3

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reminder_policy") as batch:
        batch.add_column(
            sa.Column("is_default", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    policy = sa.table("reminder_policy", sa.column("name", sa.String), sa.column("is_default"))
    op.execute(policy.update().where(policy.c.name == "Standard").values(is_default=True))


def downgrade() -> None:
    # SQLite 3.35+ drops the column in place. A table rebuild would drop reminder_policy, which
    # reminder_level and customer_reminder point to: refused while foreign keys are on (they
    # are off only under arapp.db.migrate), so it is kept for older SQLite alone.
    native = op.get_bind().dialect.name != "sqlite" or sqlite3.sqlite_version_info >= (3, 35)
    with op.batch_alter_table("reminder_policy", recreate="never" if native else "auto") as batch:
        batch.drop_column("is_default")
