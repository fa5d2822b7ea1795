# SPDX-License-Identifier: MIT
"""The company and the customers get a ``region`` (state, province, county: BT-39 for the
seller, BT-54 for the buyer), empty for everyone; and ``document_delivery.confirmed_by``: who
marked a delivery of unknown fate as sent after seeing it leave (empty when the mail server's
acceptance recorded it).

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-07
"""

import sqlite3

import sqlalchemy as sa
from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None

_COLUMNS = (
    ("company", "region", sa.String(100)),
    ("customer", "region", sa.String(100)),
    ("document_delivery", "confirmed_by", sa.String(200)),
)


def upgrade() -> None:
    for table, name, type_ in _COLUMNS:
        with op.batch_alter_table(table, recreate="never") as batch:
            batch.add_column(sa.Column(name, type_, nullable=False, server_default=sa.text("''")))


def downgrade() -> None:
    bind = op.get_bind()
    native = bind.dialect.name != "sqlite" or sqlite3.sqlite_version_info >= (3, 35)
    for table, name, _type in reversed(_COLUMNS):
        with op.batch_alter_table(table, recreate="never" if native else "auto") as batch:
            batch.drop_column(name)
