# SPDX-License-Identifier: MIT
"""An issued invoice keeps what it showed: seller, buyer, bank details and fee terms.

Until now the bill-to, the company's head and bank details and the late-fee sentence were read
live when a PDF was made, so editing a customer or the company (or the fee settings) changed
every invoice ever issued. ``issued_face`` holds that content once per distinct value (JSON,
found by its SHA-256 ``digest``); ``invoice_face`` links each issued document to its face.

Invoices issued before this migration get a face made from *today's* company, customers and
fee settings: what they showed when issued is not recorded anywhere, so today's data is the best
that can be known (and is exactly what they printed until now). Drafts get none: they keep
printing live data until they are issued.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07
"""

import hashlib
import json

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

#: The settings the late-fee sentence is made of, and their default when never set.
_FEES = {"fees.late_fee_flat": "late_fee_flat", "fees.interest_percent_per_month": "interest"}


def upgrade() -> None:
    op.create_table(
        "issued_face",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issued_face")),
        sa.UniqueConstraint("digest", name=op.f("uq_issued_face_digest")),
    )
    op.create_table(
        "invoice_face",
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("face_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["face_id"], ["issued_face.id"], name=op.f("fk_invoice_face_face_id_issued_face")
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoice.id"], name=op.f("fk_invoice_face_invoice_id_invoice")
        ),
        sa.PrimaryKeyConstraint("invoice_id", name=op.f("pk_invoice_face")),
    )
    op.create_index(op.f("ix_invoice_face_face_id"), "invoice_face", ["face_id"])
    _fill()


def _fill() -> None:
    """One face per customer with issued documents, from today's data."""
    bind = op.get_bind()
    company = bind.execute(
        sa.text(
            "SELECT name, address, email, phone, website, tax_id, locale, bank_name, iban, bic,"
            " account_number, payment_link_url FROM company ORDER BY id LIMIT 1"
        )
    ).first()
    if company is None:  # nothing was ever printable
        return
    c = company._mapping
    fees = {name: "0" for name in _FEES.values()}
    for key, value in bind.execute(sa.text("SELECT key, value FROM setting")):
        if key in _FEES:
            fees[_FEES[key]] = value
    seller = {k: c[k] for k in ("name", "address", "email", "phone", "website", "tax_id")}
    payment = {
        k: c[k] for k in ("bank_name", "iban", "bic", "account_number", "payment_link_url")
    }
    customers = bind.execute(
        sa.text(
            "SELECT id, name, billing_address, email, tax_id, contact_person, code FROM customer"
            " WHERE id IN (SELECT DISTINCT customer_id FROM invoice WHERE status <> 'draft')"
            " ORDER BY id"
        )
    ).all()
    faces = sa.table("issued_face", sa.column("id"), sa.column("digest"), sa.column("content"))
    for cust in customers:
        buyer = {
            "name": cust.name,
            "address": cust.billing_address,
            "email": (cust.email or "").split(",")[0],
            "tax_id": cust.tax_id,
            "contact_person": cust.contact_person,
            "code": cust.code,
        }
        content = json.dumps(
            {
                "seller": seller,
                "buyer": buyer,
                "payment": payment,
                "locale": c["locale"],
                **fees,
            },
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
        )
        digest = hashlib.sha256(content.encode()).hexdigest()
        face_id = bind.scalar(sa.select(faces.c.id).where(faces.c.digest == digest))
        if face_id is None:
            bind.execute(sa.insert(faces).values(digest=digest, content=content))
            face_id = bind.scalar(sa.select(faces.c.id).where(faces.c.digest == digest))
        bind.execute(
            sa.text(
                "INSERT INTO invoice_face (invoice_id, face_id) SELECT id, :face FROM invoice"
                " WHERE customer_id = :customer AND status <> 'draft'"
            ),
            {"face": face_id, "customer": cust.id},
        )


def downgrade() -> None:
    op.drop_index(op.f("ix_invoice_face_face_id"), table_name="invoice_face")
    op.drop_table("invoice_face")
    op.drop_table("issued_face")
