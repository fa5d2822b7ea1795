# SPDX-License-Identifier: MIT
"""Migration 0022 (issued faces): invoices issued before it get a face made from today's data,
drafts get none, and the downgrade takes the two tables away and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, text

from arapp.db import migrate
from arapp.db.engine import Database
from arapp.services.context import AppContext
from arapp.services.invoice_documents import build_document
from tests.helpers.books import TODAY
from tests.helpers.postgres import PG_URL, SKIP_REASON

OURS = "0022"
COMPANY = (
    "INSERT INTO company (id, name, legal_name, address, email, phone, website, tax_id, currency,"
    " locale, bank_name, iban, bic, account_number, payment_link_url, created_at) VALUES (1,"
    " 'Shop', '', '1 Street', '', '', '', 'IE1', 'EUR', 'en_IE', 'Bank', 'IE29AIBK93115212345678',"
    " '', '', '', '2026-01-01 00:00:00')"
)
CUSTOMER = (
    "INSERT INTO customer (code, name, search_text, contact_person, email, phone,"
    " billing_address, tax_id, currency, payment_terms, status, notes, created_at, updated_at)"
    " VALUES ('C1', 'Anna', 'anna c1', '', 'a@x.org,b@x.org', '', 'Road 1', '', 'EUR', 'net 30',"
    " 'active', '', '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
)
INVOICES = (
    "INSERT INTO invoice (kind, number, customer_id, status, issue_date, due_date,"
    " currency, payment_terms, discount_percent, subtotal, discount_total, tax_total,"
    " total, amount_paid, notes, footer, void_reason, created_at) VALUES"
    " ('invoice', 'INV-1', 1, 'sent', '2026-02-01', '2026-03-03', 'EUR', 'net 30', 0,"
    " 0, 0, 0, 0, 0, '', '', '', '2026-02-01 00:00:00'),"
    " ('invoice', 'INV-2', 1, 'void', '2026-02-05', '2026-03-07', 'EUR', 'net 30', 0,"
    " 0, 0, 0, 0, 0, '', '', 'typo', '2026-02-05 00:00:00'),"
    " ('invoice', NULL, 1, 'draft', '2026-02-06', '2026-03-08', 'EUR', 'net 30', 0,"
    " 0, 0, 0, 0, 0, '', '', '', '2026-02-06 00:00:00')"
)
SETTING = "INSERT INTO setting (key, value) VALUES ('fees.late_fee_flat', '7.5')"


def _downgrade(db: Database, revision: str) -> None:
    config = migrate._config()
    with db.engine.connect() as connection, connection.begin():
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def _faces(db: Database) -> list[tuple[int, int]]:
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT invoice_id, face_id FROM invoice_face ORDER BY 1"))
        return [(i, f) for i, f in rows]


def test_issued_invoices_get_todays_face_and_drafts_none(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    migrate.upgrade(db, None, revision="0021")
    tables = set(inspect(db.engine).get_table_names())
    with db.engine.begin() as conn:
        for sql in (COMPANY, CUSTOMER, INVOICES, SETTING):
            conn.execute(text(sql))
    migrate.upgrade(db, None)
    faces = _faces(db)
    assert [i for i, _ in faces] == [1, 2] and faces[0][1] == faces[1][1]
    with db.engine.begin() as conn:  # the customer is renamed after the upgrade
        conn.execute(text("UPDATE customer SET name = 'Renamed', billing_address = 'Road 2'"))
    ctx = AppContext(db, today=lambda: TODAY, actor="tester")
    doc = build_document(ctx, 1)
    assert (doc.buyer.name, doc.buyer.address, doc.buyer.email) == ("Anna", "Road 1", "a@x.org")
    assert doc.seller.name == "Shop" and doc.payment.bank_name == "Bank"
    assert doc.payment.reference == "INV-1" and doc.locale == "en_IE"
    assert "late fee of" in doc.late_fee_text
    assert build_document(ctx, 3).buyer.name == "Renamed"  # the draft prints today's data

    _downgrade(db, "0021")
    assert set(inspect(db.engine).get_table_names()) == tables
    migrate.upgrade(db, None)
    assert _faces(db) == faces
    db.dispose()


@pytest.mark.postgres
@pytest.mark.skipif(not PG_URL, reason=SKIP_REASON)
def test_the_downgrade_and_upgrade_on_postgres(pg: Database) -> None:
    _downgrade(pg, "0021")
    assert "issued_face" not in inspect(pg.engine).get_table_names()
    with pg.engine.begin() as conn:
        for sql in (COMPANY, CUSTOMER, INVOICES, SETTING):
            conn.execute(text(sql))
    migrate.upgrade(pg, None)
    assert [i for i, _ in _faces(pg)] == [1, 2]
    _downgrade(pg, "0021")
    migrate.upgrade(pg, None)
    assert len(_faces(pg)) == 2
