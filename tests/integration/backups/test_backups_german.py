# SPDX-License-Identifier: MIT
"""Backups, books files and the books check speak the person's language."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import update

from arapp.db.models import Invoice
from arapp.services.backup import restore_backup
from arapp.services.books import check_books_file
from arapp.services.books_check import check_books
from arapp.services.context import AppContext
from arapp.services.errors import ServiceError
from tests.helpers.books import TODAY, customer, issued_invoice


def test_backup_and_books_file_refusals_come_in_german(tmp_path: Path, german: None) -> None:
    books = tmp_path / "books.sqlite3"
    with pytest.raises(ServiceError, match=r"nicht da \(verschoben oder gelöscht\?\); es wurde"):
        restore_backup(books, tmp_path / "backup.sqlite3")
    books.write_text("not books")
    with pytest.raises(ServiceError, match=r"^Das ist die Datei der Bücher selbst; wählen Sie"):
        restore_backup(books, books)
    with pytest.raises(ServiceError) as caught:
        check_books_file(books)
    assert str(caught.value) == (
        "books.sqlite3 sind keine arapp-Bücher: Es ist keine SQLite-Datenbankdatei."
    )


def test_the_books_check_reports_in_german(ctx: AppContext, german: None) -> None:
    invoice_id = issued_invoice(ctx, customer(ctx, "Anna"), TODAY, "100")
    with ctx.db.write() as session:
        session.execute(update(Invoice).where(Invoice.id == invoice_id).values(amount_paid=5))
    found = [f for f in check_books(ctx) if f.kind == "invoice_paid"]
    assert len(found) == 1
    assert found[0].text.startswith("Rechnung ")
    assert "weist 5.00 EUR als bezahlt aus, aber ihre Zahlungen" in found[0].text
