# SPDX-License-Identifier: MIT
"""Late fees, payment plans, bank statements and remembered import mappings.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bank_statement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(length=100), nullable=False),
        sa.Column("format", sa.String(length=20), nullable=False),
        sa.Column("file_name", sa.String(length=500), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("statement_ref", sa.String(length=200), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "format IN ('csv', 'ofx', 'camt053')", name=op.f("ck_bank_statement_format")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_statement")),
    )
    op.create_index(op.f("ix_bank_statement_file_sha256"), "bank_statement", ["file_sha256"])
    op.create_table(
        "import_mapping",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("mapping", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_mapping")),
        sa.UniqueConstraint("kind", "name", name=op.f("uq_import_mapping_kind_name")),
    )
    op.create_table(
        "payment_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=False),
        sa.Column("agreed_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("cancel_reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('active', 'cancelled')", name=op.f("ck_payment_plan_status")
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_payment_plan_customer_id_customer")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_plan")),
    )
    op.create_index(
        op.f("ix_payment_plan_customer_id_status"), "payment_plan", ["customer_id", "status"]
    )
    op.create_table(
        "bank_transaction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(length=100), nullable=False),
        sa.Column("fingerprint", sa.String(length=200), nullable=False),
        sa.Column("booking_date", sa.Date(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("counterparty", sa.String(length=200), nullable=False),
        sa.Column("counterparty_account", sa.String(length=100), nullable=False),
        sa.Column("reference", sa.Text(), nullable=False),
        sa.Column("bank_ref", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('new', 'matched', 'ignored')", name=op.f("ck_bank_transaction_status")
        ),
        sa.ForeignKeyConstraint(
            ["payment_id"], ["payment.id"], name=op.f("fk_bank_transaction_payment_id_payment")
        ),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["bank_statement.id"],
            name=op.f("fk_bank_transaction_statement_id_bank_statement"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_transaction")),
        sa.UniqueConstraint(
            "account", "fingerprint", name=op.f("uq_bank_transaction_account_fingerprint")
        ),
    )
    op.create_index(op.f("ix_bank_transaction_statement_id"), "bank_transaction", ["statement_id"])
    op.create_index(
        op.f("ix_bank_transaction_status_booking_date"),
        "bank_transaction",
        ["status", "booking_date"],
    )
    op.create_table(
        "payment_plan_instalment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["payment_plan.id"],
            name=op.f("fk_payment_plan_instalment_plan_id_payment_plan"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_plan_instalment")),
        sa.UniqueConstraint(
            "plan_id", "position", name=op.f("uq_payment_plan_instalment_plan_id_position")
        ),
    )
    op.create_index(
        op.f("ix_payment_plan_instalment_due_date"), "payment_plan_instalment", ["due_date"]
    )
    op.create_table(
        "late_fee_charge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.Integer(), nullable=False),
        sa.Column("fee_invoice_id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("base", sa.BigInteger(), nullable=False),
        sa.Column("flat", sa.BigInteger(), nullable=False),
        sa.Column("interest", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["fee_invoice_id"],
            ["invoice.id"],
            name=op.f("fk_late_fee_charge_fee_invoice_id_invoice"),
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoice.id"], name=op.f("fk_late_fee_charge_invoice_id_invoice")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_late_fee_charge")),
        sa.UniqueConstraint(
            "invoice_id", "period", name=op.f("uq_late_fee_charge_invoice_id_period")
        ),
    )
    op.create_index(
        op.f("ix_late_fee_charge_fee_invoice_id"), "late_fee_charge", ["fee_invoice_id"]
    )
    op.create_table(
        "payment_plan_invoice",
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("paid_before", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoice.id"], name=op.f("fk_payment_plan_invoice_invoice_id_invoice")
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["payment_plan.id"],
            name=op.f("fk_payment_plan_invoice_plan_id_payment_plan"),
        ),
        sa.PrimaryKeyConstraint("plan_id", "invoice_id", name=op.f("pk_payment_plan_invoice")),
    )
    op.create_index(
        op.f("ix_payment_plan_invoice_invoice_id"), "payment_plan_invoice", ["invoice_id"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_payment_plan_invoice_invoice_id"), table_name="payment_plan_invoice")
    op.drop_table("payment_plan_invoice")
    op.drop_index(op.f("ix_late_fee_charge_fee_invoice_id"), table_name="late_fee_charge")
    op.drop_table("late_fee_charge")
    op.drop_index(op.f("ix_payment_plan_instalment_due_date"), table_name="payment_plan_instalment")
    op.drop_table("payment_plan_instalment")
    op.drop_index(op.f("ix_bank_transaction_status_booking_date"), table_name="bank_transaction")
    op.drop_index(op.f("ix_bank_transaction_statement_id"), table_name="bank_transaction")
    op.drop_table("bank_transaction")
    op.drop_index(op.f("ix_payment_plan_customer_id_status"), table_name="payment_plan")
    op.drop_table("payment_plan")
    op.drop_table("import_mapping")
    op.drop_index(op.f("ix_bank_statement_file_sha256"), table_name="bank_statement")
    op.drop_table("bank_statement")
