# SPDX-License-Identifier: MIT
"""Alembic environment: always run from :mod:`arapp.db.migrate` with an open connection."""

from __future__ import annotations

from alembic import context

from arapp.db.models import Base, in_models

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only through arapp.db.migrate
    raise RuntimeError("run migrations with 'arapp db upgrade', not the alembic command")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    include_object=in_models,
)
with context.begin_transaction():
    context.run_migrations()
