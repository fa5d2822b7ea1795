# SPDX-License-Identifier: MIT
"""Handing a customer to a collections agency: the zip, and the hand-over on record."""

from __future__ import annotations

import json
import re
import zipfile
from datetime import date
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import select

from arapp.db.models import AuditEntry
from arapp.services import customers as cust
from arapp.services.agency import HANDED_OVER, agency_package
from arapp.services.context import AppContext
from arapp.services.invoices import LineDraft
from arapp.services.lifecycle import credit_invoice
from arapp.services.payments import PaymentInput, record_payment
from tests.helpers.books import MARKUP_NAME as NAME
from tests.helpers.books import issued_invoice as invoice
from tests.helpers.cli import run

SPACES = re.compile(r"[\s\u00a0\u202f]+")


def _books(ctx: AppContext) -> int:
    """Anna (today 23 Nov 2026, net 30): INV-1 100.00 due 31 Jul, credited 30.00;
    INV-2 200.00 due 15 Oct, 50.00 paid; 20.00 paid on account on 1 Nov."""
    anna = cust.create_customer(ctx, cust.CustomerInput(name=NAME, code="ANNA")).id
    inv1 = invoice(ctx, anna, date(2026, 7, 1), "100.00")
    inv2 = invoice(ctx, anna, date(2026, 9, 15), "200.00")
    record_payment(ctx, PaymentInput(anna, date(2026, 10, 1), "50.00", allocations=((inv2, "50"),)))
    record_payment(ctx, PaymentInput(anna, date(2026, 11, 1), "20.00", "cash", "=cash", ()))
    credit_invoice(ctx, inv1, "damaged", [LineDraft("Refund", "1", "30.00")])
    cust.add_log_entry(ctx, anna, "Promised to pay by Friday", "promise", date(2026, 11, 20))
    cust.add_log_entry(ctx, anna, "=1+1 said the accountant", "call")
    return anna


def test_package_contents_and_record(ctx: AppContext, tmp_path: Path) -> None:
    anna = _books(ctx)
    path = agency_package(ctx, anna, tmp_path / "out")
    assert path.parent == tmp_path / "out" and path.name == "Collections ANNA 2026-11-23.zip"
    assert not list(path.parent.glob("*.part"))
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == [
            "README.txt",
            "contact_log.csv",
            "open_items.csv",
            "statement.pdf",
        ]
        items = archive.read("open_items.csv").decode("utf-8")
        log = archive.read("contact_log.csv").decode("utf-8").splitlines()
        readme = archive.read("README.txt").decode("utf-8")
        pdf = archive.read("statement.pdf")
    assert items == (
        "number,issue_date,due_date,total,open,days_overdue\r\n"
        "INV-2026-00001,2026-07-01,2026-07-31,100.00,70.00,115\r\n"
        "INV-2026-00002,2026-09-15,2026-10-15,200.00,150.00,39\r\n"
        "Payment =cash,2026-11-01,,20.00,-20.00,\r\n"  # starts with P: no formula
    )
    assert log[0] == "at,kind,summary,follow_up"
    assert log[1].split(",")[1:] == ["promise", "Promised to pay by Friday", "2026-11-20"]
    assert log[2].split(",")[1:] == ["call", "'=1+1 said the accountant", ""]
    assert len(log) == 3  # the hand-over itself is recorded after the package is made
    assert "Balance due:  €200.00" in readme and f"{NAME} (ANNA)" in readme
    text = SPACES.sub(" ", " ".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages))
    assert NAME in text and "Total open 200.00" in text
    assert "Period Jul 1, 2026 – Nov 23, 2026" in text  # from the oldest open item

    detail = cust.get_customer(ctx, anna)
    assert detail.log[0].summary == HANDED_OVER
    with ctx.db.read() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "agency_handover")
        ).one()
        assert (entry.entity, entry.entity_id, entry.amount) == ("customer", anna, 200)
        assert json.loads(entry.details) == {"file": path.name, "open_items": 3}


def test_package_to_a_named_zip(ctx: AppContext, tmp_path: Path) -> None:
    anna = _books(ctx)
    target = tmp_path / "deep" / "anna.zip"
    assert agency_package(ctx, anna, target) == target
    assert zipfile.is_zipfile(target)


def test_agency_command(ctx: AppContext, db_url: str, tmp_path: Path) -> None:
    _books(ctx)
    db = Path(db_url.removeprefix("sqlite:///"))
    target = tmp_path / "anna.zip"
    done = run("agency", "anna", "-o", str(target), db=db)
    assert done.returncode == 0, done.stderr
    assert "contact log" in done.stdout and zipfile.is_zipfile(target)
    with zipfile.ZipFile(target) as archive:
        assert "open_items.csv" in archive.namelist()
    shown = run("customer", "show", "ANNA", db=db)
    assert HANDED_OVER in shown.stdout
    missing = run("agency", "NOBODY", "-o", str(target), db=db)
    assert missing.returncode == 1 and "no customer with code NOBODY" in missing.stderr
