# SPDX-License-Identifier: MIT
"""Migrations build the schema the models describe, and upgrades keep the data."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from arapp.app import open_books
from arapp.db import migrate
from arapp.db.engine import Database
from arapp.db.models import Base, in_models


def test_models_and_migrations_agree(db: Database) -> None:
    with db.engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(
                conn, opts={"compare_type": True, "include_object": in_models}
            ),
            Base.metadata,
        )
    assert diff == []


def test_first_schema_upgrades_to_head_with_data_intact(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    db = Database(f"sqlite:///{path}")
    migrate.upgrade(db, None, revision="0001")
    with db.write() as s:
        s.execute(
            text(
                "INSERT INTO customer (code, name, contact_person, email, phone, billing_address,"
                " tax_id, currency, payment_terms, credit_limit, status, notes, created_at,"
                " updated_at) VALUES ('ZOE', 'Zoë Łukasiewicz', 'Ünal Çelik', 'zoe@example.org',"
                " '', 'Ulica 1', '', 'PLN', 'net 14', 12345678, 'active', 'n',"
                " '2025-01-02 03:04:05', '2025-01-02 03:04:05')"
            )
        )
        s.execute(
            text(
                "INSERT INTO invoice (kind, number, customer_id, status, issue_date, due_date,"
                " currency, payment_terms, discount_percent, subtotal, discount_total, tax_total,"
                " total, amount_paid, notes, footer, void_reason, created_at) VALUES ('invoice',"
                " 'INV-2025-00001', 1, 'sent', '2025-01-02', '2025-01-16', 'PLN', 'net 14', 0,"
                " 1000000, 0, 230000, 1230000, 0, '', '', '', '2025-01-02 03:04:05')"
            )
        )
        s.execute(
            text(
                "INSERT INTO invoice_line (invoice_id, position, description, quantity, unit,"
                " unit_price, discount_percent, tax_name, tax_percent, tax_inclusive, amount)"
                " VALUES (1, 1, 'Łódka', 10000, 'szt', 1000000, 0, 'VAT 23%', 230000, 0,"
                " 1000000)"
            )
        )
        s.execute(
            text(
                "INSERT INTO payment (customer_id, date, amount, currency, method, reference,"
                " status, reversal_reason, created_at) VALUES (1, '2025-01-10', 500000, 'PLN',"
                " 'cash', '', 'recorded', '', '2025-01-10 10:00:00')"
            )
        )
        s.execute(
            text(
                "INSERT INTO payment_allocation (payment_id, invoice_id, amount, date)"
                " VALUES (1, 1, 500000, '2025-01-10')"
            )
        )
    backup_dir = tmp_path / "backups"
    backup = migrate.upgrade(db, backup_dir)

    assert migrate.current_revision(db) == migrate.head_revision()
    with db.read() as s:
        row = s.execute(text("SELECT code, name, credit_limit, search_text FROM customer")).one()
        assert tuple(row) == (
            "ZOE",
            "Zoë Łukasiewicz",
            12345678,
            "zoe lukasiewicz zoe unal celik zoe@example.org",
        )
        assert s.execute(text("SELECT total FROM invoice")).scalar() == 1230000
        assert s.execute(text("SELECT description FROM invoice_line")).scalar() == "Łódka"
        assert s.execute(text("SELECT amount FROM payment_allocation")).scalar() == 500000
        assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert s.execute(text("SELECT count(*) FROM contact_log")).scalar() == 0

    assert backup is not None and backup.parent == backup_dir
    with sqlite3.connect(backup) as old:
        assert old.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert old.execute("SELECT name FROM customer").fetchone() == ("Zoë Łukasiewicz",)
    old.close()
    db.dispose()


def test_opening_new_books_creates_the_schema_without_a_backup(private_home: Path) -> None:
    books = open_books(None)
    assert books.created
    assert books.backup is None
    assert Path(books.ctx.db.sqlite_path or "").parent == private_home / "data"
    assert migrate.current_revision(books.ctx.db) == migrate.head_revision()
    again = open_books(None)
    assert not again.created and again.backup is None
    assert not list(books.paths.backup_dir.glob("*"))


def test_manual_backup_is_a_working_copy(ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from arapp.services.customers import CustomerInput, create_customer

    create_customer(ctx, CustomerInput(name="Kept Safe"))
    target = migrate.backup_database(ctx.db, tmp_path / "b")
    assert target is not None
    copy = Database(f"sqlite:///{target}")
    with copy.read() as s:
        assert s.execute(text("SELECT name FROM customer")).scalar() == "Kept Safe"
    copy.dispose()


def test_migrated_indexes_match_the_models_exactly(db: Database, tmp_path: Path) -> None:
    """compare_metadata ignores partial-index conditions; table rebuilds must keep them."""
    fresh = Database(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    Base.metadata.create_all(fresh.engine)
    query = text("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")

    def indexes(database: Database) -> dict[str, str]:
        with database.engine.connect() as conn:
            return {name: " ".join(sql.split()) for name, sql in conn.execute(query)}

    assert indexes(db) == indexes(fresh)
    assert "WHERE status IN ('issued', 'sent', 'partially_paid')" in indexes(db)["ix_invoice_open"]
    fresh.dispose()


def test_voids_and_reversals_get_their_day_from_the_audit_log(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    migrate.upgrade(db, None, revision="0006")
    with db.write() as s:
        s.execute(
            text(
                "INSERT INTO customer (code, name, search_text, contact_person, email, phone,"
                " billing_address, tax_id, currency, payment_terms, status, notes, created_at,"
                " updated_at) VALUES ('A', 'A', 'a', '', '', '', '', '', 'EUR', 'net 30',"
                " 'active', '', '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
            )
        )
        s.execute(
            text(
                "INSERT INTO invoice (kind, number, customer_id, status, issue_date, due_date,"
                " currency, payment_terms, discount_percent, subtotal, discount_total, tax_total,"
                " total, amount_paid, notes, footer, void_reason, created_at) VALUES"
                " ('invoice', 'INV-1', 1, 'void', '2026-02-01', '2026-03-03', 'EUR', 'net 30', 0,"
                " 10000, 0, 0, 10000, 0, '', '', 'typo', '2026-02-01 00:00:00'),"
                " ('invoice', 'INV-2', 1, 'void', '2026-02-05', '2026-03-07', 'EUR', 'net 30', 0,"
                " 10000, 0, 0, 10000, 0, '', '', 'typo', '2026-02-05 00:00:00')"
            )
        )
        s.execute(
            text(
                "INSERT INTO audit_log (at, actor, action, entity, entity_id, currency, reason,"
                " details) VALUES ('2026-02-10 23:59:00.000000', '', 'invoice_voided', 'invoice',"
                " 1, 'EUR', 'typo', '')"
            )
        )
    migrate.upgrade(db, None)
    with db.read() as s:
        days = s.execute(text("SELECT number, voided_on FROM invoice ORDER BY id")).all()
    assert [tuple(d) for d in days] == [("INV-1", "2026-02-10"), ("INV-2", "2026-02-05")]
    db.dispose()


def test_open_list_indexes_come_and_go(tmp_path: Path) -> None:
    """Migration 0021's downgrade takes its indexes away and nothing else; upgrading again
    brings them back."""
    from alembic import command

    db = Database(f"sqlite:///{tmp_path / 'books.sqlite3'}")
    ours_revision = "0021"
    migrate.upgrade(db, None, revision=ours_revision)
    query = text("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'ix_%'")

    def indexes() -> set[str]:
        with db.engine.connect() as conn:
            return set(conn.execute(query).scalars())

    at_head = indexes()
    ours = {f"ix_invoice_open_{n}" for n in ("number", "issue_date", "due_date", "total")}
    ours |= {"ix_invoice_open_balance", "ix_invoice_open_status"}
    assert ours <= at_head
    config = migrate._config()
    with db.engine.connect() as connection, connection.begin():
        config.attributes["connection"] = connection
        command.downgrade(config, f"{ours_revision}-1")
    assert indexes() == at_head - ours
    migrate.upgrade(db, None, revision=ours_revision)
    assert indexes() == at_head
    db.dispose()
