# SPDX-License-Identifier: MIT
"""Reminder letters for customers without e-mail: queued by a run, printed into one PDF (read
back with pypdf, rendered with pdftoppm), marked printed in one transaction, and the CLI."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from arapp.db.models import ContactLogEntry
from arapp.pdf.sample import sample_logo_png
from arapp.services import customers as cust
from arapp.services.company import CompanyProfile, save_company
from arapp.services.context import AppContext
from arapp.services.errors import ServiceError
from arapp.services.invoices import InvoiceDraft, LineDraft, save_draft
from arapp.services.lifecycle import issue_invoice
from arapp.services.reminders.letters import (
    build_letters,
    mark_letters_printed,
    pending_letters,
    print_letters,
)
from arapp.services.reminders.outbox import list_outbox
from arapp.services.reminders.run import plan_run, queue
from tests.helpers.cli import run

TODAY = date(2026, 11, 23)
ADDRESS = "Unit 4, Business Park\n22 Long Street\nCork T12 AB34"


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def letters(ctx: AppContext) -> tuple[AppContext, list[int]]:
    """A customer without e-mail with an overdue invoice, and one with e-mail; a run queued."""
    save_company(
        ctx,
        CompanyProfile(
            name="Test Shop", currency="EUR", address="1 Quay Street\nDublin",
            iban="IE29AIBK93115212345678", bank_name="Bank of Ireland", logo=sample_logo_png(),
        ),
    )  # fmt: skip
    paper = cust.create_customer(
        ctx,
        cust.CustomerInput(name='Smith <b>&"\' Sons', code="SMITH", billing_address=ADDRESS,
                           contact_person="Jane Smith", terms="net 30"),
    ).id  # fmt: skip
    online = cust.create_customer(
        ctx, cust.CustomerInput(name="Online Ltd", email="pay@online.example", terms="net 30")
    ).id
    for customer in (paper, online):
        issued = TODAY - timedelta(days=60)
        draft = save_draft(
            ctx, InvoiceDraft(customer, issued, (LineDraft("Goods", "1", "123.45"),))
        )
        issue_invoice(ctx, draft.id)
    due = plan_run(ctx, TODAY)
    assert {d.channel for d in due} == {"letter", "email"}
    queue(ctx, due, TODAY)
    return ctx, [r.id for r in pending_letters(ctx)]


def test_a_letter_is_queued_only_for_the_customer_without_email(letters) -> None:  # type: ignore[no-untyped-def]
    ctx, ids = letters
    assert len(ids) == 1
    emails = [r for r in list_outbox(ctx) if r.channel == "email"]
    assert emails and all(r.id not in ids for r in emails)
    (letter,) = build_letters(ctx)
    assert letter.recipient.address == ADDRESS and letter.invoices[0].open == Decimal("123.45")


def test_print_shows_name_address_subject_and_invoices(letters, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ctx, _ids = letters
    pdf = print_letters(ctx)
    assert pdf.startswith(b"%PDF")
    text = _text(pdf)
    (record,) = pending_letters(ctx)
    (letter,) = build_letters(ctx)
    number = letter.invoices[0].number
    for expected in ('Smith <b>&"\' Sons', "Attn. Jane Smith", "22 Long Street", "Cork T12 AB34",
                     record.subject.split(":")[0], number, "123.45", "Page 1 of 1"):  # fmt: skip
        assert expected in text, expected
    assert "IE29 AIBK" in text
    assert pending_letters(ctx)[0].state == "queued"  # printing alone marks nothing
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is not installed")
    (tmp_path / "l.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(tmp_path / "l.pdf"),
         str(tmp_path / "page")], check=True, timeout=60,
    )  # fmt: skip
    png = next(tmp_path.glob("page*.png"))
    from PIL import Image

    with Image.open(png) as image:
        lo, hi = image.convert("L").getextrema()
    assert hi - lo > 100  # ink on paper, not a blank page


def test_mark_printed_moves_to_sent_and_logs_and_nothing_is_pending(letters) -> None:  # type: ignore[no-untyped-def]
    ctx, ids = letters
    (subject,) = [r.subject for r in pending_letters(ctx)]
    done = mark_letters_printed(ctx, ids)
    assert [r.state for r in done] == ["sent"]
    assert pending_letters(ctx) == []
    with ctx.db.read() as s:
        logged = s.scalars(select(ContactLogEntry.summary).where(ContactLogEntry.kind == "letter"))
        assert list(logged) == [f"Reminder letter printed: {subject}"]
    with pytest.raises(ServiceError):
        print_letters(ctx)
    with pytest.raises(ServiceError):
        mark_letters_printed(ctx, ids)  # already printed: refused, nothing logged twice


def test_mark_printed_is_all_or_nothing(letters) -> None:  # type: ignore[no-untyped-def]
    ctx, ids = letters
    email = next(r.id for r in list_outbox(ctx) if r.channel == "email")
    with pytest.raises(ServiceError):
        mark_letters_printed(ctx, [*ids, email])
    assert [r.id for r in pending_letters(ctx)] == ids
    with ctx.db.read() as s:
        assert not list(s.scalars(select(ContactLogEntry).where(ContactLogEntry.kind == "letter")))


def test_only_the_given_ids_and_only_letters(letters) -> None:  # type: ignore[no-untyped-def]
    ctx, ids = letters
    email = next(r.id for r in list_outbox(ctx) if r.channel == "email")
    with pytest.raises(ServiceError, match=f"#{email}"):
        print_letters(ctx, [email])
    assert "Smith" in _text(print_letters(ctx, ids))


def test_cli_prints_and_marks(letters, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ctx, ids = letters
    books = tmp_path / "books.sqlite3"
    target = tmp_path / "out" / "letters.pdf"
    target.parent.mkdir()
    listed = run("letters", "list", db=books)
    assert listed.returncode == 0 and str(ids[0]) in listed.stdout
    printed = run("letters", "print", "-o", str(target), db=books)
    assert printed.returncode == 0, printed.stderr
    assert "Smith" in _text(target.read_bytes())
    assert pending_letters(ctx)  # without --mark-printed nothing changed
    marked = run("letters", "print", "-o", str(target), "--mark-printed", db=books)
    assert marked.returncode == 0, marked.stderr
    assert "Marked 1" in marked.stdout
    assert pending_letters(ctx) == []
    again = run("letters", "print", "-o", str(tmp_path / "none.pdf"), db=books)
    assert again.returncode == 0 and "No letters to print" in again.stdout
    assert not (tmp_path / "none.pdf").exists()
