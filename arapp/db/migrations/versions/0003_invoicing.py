# SPDX-License-Identifier: MIT
"""Invoicing: catalog, gapless number sequences, credit allocations, recurring invoices.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "number_sequence",
        sa.Column("key", sa.String(length=50), nullable=False),
        sa.Column("next_value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_number_sequence")),
    )
    op.create_table(
        "product",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("unit_price", sa.BigInteger(), nullable=False),
        sa.Column("tax_rate_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tax_rate_id"], ["tax_rate.id"], name=op.f("fk_product_tax_rate_id_tax_rate")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product")),
        sa.UniqueConstraint("name", name=op.f("uq_product_name")),
    )
    op.create_table(
        "recurring_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("frequency", sa.String(length=20), nullable=False),
        sa.Column("interval", sa.Integer(), nullable=False),
        sa.Column("day_of_month", sa.Integer(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("max_count", sa.Integer(), nullable=True),
        sa.Column("auto_issue", sa.Boolean(), nullable=False),
        sa.Column("discount_percent", sa.BigInteger(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "frequency IN ('weekly', 'monthly', 'quarterly', 'yearly')",
            name=op.f("ck_recurring_template_frequency"),
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
            name=op.f("fk_recurring_template_customer_id_customer"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recurring_template")),
    )
    op.create_index(
        op.f("ix_recurring_template_customer_id"), "recurring_template", ["customer_id"]
    )
    op.create_table(
        "recurring_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("unit_price", sa.BigInteger(), nullable=False),
        sa.Column("discount_percent", sa.BigInteger(), nullable=False),
        sa.Column("tax_rate_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["tax_rate_id"], ["tax_rate.id"], name=op.f("fk_recurring_line_tax_rate_id_tax_rate")
        ),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["recurring_template.id"],
            name=op.f("fk_recurring_line_template_id_recurring_template"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recurring_line")),
    )
    op.create_index(op.f("ix_recurring_line_template_id"), "recurring_line", ["template_id"])
    op.create_table(
        "credit_allocation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("credit_note_id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["credit_note_id"],
            ["invoice.id"],
            name=op.f("fk_credit_allocation_credit_note_id_invoice"),
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoice.id"], name=op.f("fk_credit_allocation_invoice_id_invoice")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credit_allocation")),
    )
    op.create_index(
        op.f("ix_credit_allocation_credit_note_id"), "credit_allocation", ["credit_note_id"]
    )
    op.create_index(op.f("ix_credit_allocation_invoice_id"), "credit_allocation", ["invoice_id"])

    # SQLite cannot add a foreign key in place: batch mode rebuilds the table (with its indexes).
    with op.batch_alter_table("invoice") as batch:
        batch.add_column(sa.Column("recurring_template_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("recurring_period", sa.Date(), nullable=True))
        batch.add_column(sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_foreign_key(
            op.f("fk_invoice_recurring_template_id_recurring_template"),
            "recurring_template",
            ["recurring_template_id"],
            ["id"],
        )
        batch.create_index(
            op.f("ix_invoice_recurring_template_id_recurring_period"),
            ["recurring_template_id", "recurring_period"],
            unique=True,
        )
    with op.batch_alter_table("invoice_line") as batch:
        batch.add_column(sa.Column("tax_rate_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_invoice_line_tax_rate_id_tax_rate"), "tax_rate", ["tax_rate_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("invoice_line") as batch:
        batch.drop_column("tax_rate_id")
    op.drop_index(op.f("ix_invoice_recurring_template_id_recurring_period"), table_name="invoice")
    with op.batch_alter_table("invoice") as batch:
        batch.drop_column("sent_at")
        batch.drop_column("recurring_period")
        batch.drop_column("recurring_template_id")
    op.drop_table("credit_allocation")
    op.drop_table("recurring_line")
    op.drop_table("recurring_template")
    op.drop_table("product")
    op.drop_table("number_sequence")
