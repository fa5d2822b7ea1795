# SPDX-License-Identifier: MIT
"""Faults that gave tracebacks or flooded the terminal give one short message (issue 13, item
17): OFX 2 XML the parser refuses (``ET.ParseError``), and a malformed OFX header of 700 KB,
which was echoed whole; the Excel aging export of a name with a control character; books that
are not a database."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import update

from arapp.db.models import Customer
from arapp.services import customers as cust
from arapp.services.aging import aging_report
from arapp.services.aging_export import aging_xlsx
from arapp.services.bank.formats import parse_statement
from arapp.services.bank.lines import StatementError
from arapp.services.context import AppContext
from tests.helpers.books import issued_invoice
from tests.helpers.cli import run

DATA = Path(__file__).parents[2] / "data" / "bank"


def test_ofx_2_xml_with_two_top_elements_is_a_message() -> None:
    data = (DATA / "ofx211_xml.qfx").read_bytes() + b"<OFX></OFX>\n"
    with pytest.raises(StatementError) as caught:
        parse_statement(data, "two.qfx", None)
    (problem,) = caught.value.problems
    assert problem.message.startswith("This is not an OFX file that can be read")


def test_a_malformed_ofx_header_is_quoted_short() -> None:
    data = b"OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:" + b"9" * 700_000 + b"\r\n<OFX></OFX>"
    with pytest.raises(StatementError) as caught:
        parse_statement(data, "long.ofx", None)
    (problem,) = caught.value.problems
    assert len(problem.message) < 300 and "\n" not in problem.message
    assert "700,0" in problem.message  # says how long the whole complaint was


def test_the_excel_aging_export_replaces_control_characters(ctx: AppContext) -> None:
    anna = cust.create_customer(ctx, cust.CustomerInput(name="Anna", code="A")).id
    issued_invoice(ctx, anna, date(2026, 10, 24), "10.00")
    with ctx.db.write() as session:  # as books from before names were checked
        session.execute(update(Customer).where(Customer.id == anna).values(name="An\x1bna\x07"))
    sheet = load_workbook(BytesIO(aging_xlsx(aging_report(ctx)))).active
    assert sheet is not None
    assert sheet["B2"].value == "An\ufffdna\ufffd"


def test_books_that_are_not_a_database_say_so_in_one_line(tmp_path: Path) -> None:
    db = tmp_path / "not-a-database.sqlite3"
    db.write_bytes(b"hello, this is no database\n" * 100)
    done = run("customer", "list", db=db)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1
    assert "not a database" in done.stderr


def test_an_ofx_amount_larger_than_arapp_keeps_is_a_problem() -> None:
    data = (DATA / "ofx211_xml.qfx").read_bytes().replace(b"1250.00", b"1E+30", 1)
    assert b"1E+30" in data
    with pytest.raises(StatementError) as caught:
        parse_statement(data, "huge.qfx", None)
    assert any("larger than arapp keeps" in p.message for p in caught.value.problems)
