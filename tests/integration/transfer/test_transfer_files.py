# SPDX-License-Identifier: MIT
"""Importing from the window's point of view: read, offer mappings, check, import, export."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy import func, select

from arapp.db.models import Customer, ImportMapping
from arapp.services.context import AppContext
from arapp.services.transfer.columns import FileNotReadable
from arapp.services.transfer.exports import export_customers
from arapp.services.transfer.files import (
    PREVIEW_ROWS,
    check_import,
    export_file,
    import_file,
    load_csv,
    mapping_choices,
    problems_csv,
)
from arapp.services.transfer.mappings import load_mapping, save_mapping

OTHER = (
    "\ufeffKundennummer,Firma,Anschrift,Notiz,email\r\n"
    'ZOE,Zoë Łukasiewicz,"ul. Długa 5\n00-001 Warszawa",x,zoe@example.org\r\n'
    'EVIL,"=HYPERLINK(""http://x"",""y"")",,y,\r\n'
    'TAG,"<b>&""\'",,z,\r\n'
).encode()


def customers(ctx: AppContext) -> dict[str, tuple[str, str, str]]:
    with ctx.db.read() as s:
        return {
            code: (name, address, email)
            for code, name, address, email in s.execute(
                select(Customer.code, Customer.name, Customer.street, Customer.email)
            )
        }


def test_load_csv_reads_the_header_and_first_row(tmp_path: Path) -> None:
    path = tmp_path / "old.csv"
    path.write_bytes(OTHER)
    file = load_csv(path)
    assert file.header == ("Kundennummer", "Firma", "Anschrift", "Notiz", "email")
    assert file.sample["Anschrift"] == "ul. Długa 5\n00-001 Warszawa"
    assert file.data == OTHER
    with pytest.raises(FileNotReadable, match="Cannot read"):
        load_csv(tmp_path / "missing.csv")


def test_check_shows_rows_as_read_and_writes_nothing(ctx: AppContext) -> None:
    chosen = {"code": "Kundennummer", "name": "Firma", "address": "Anschrift"}
    check = check_import(ctx, "customers", OTHER, chosen)
    assert check.report.ok and check.report.dry_run and check.report.created == 3
    assert check.columns == ("code", "name", "address")  # email left out: not read
    # ZOE's address spans two lines of the file, so EVIL starts on line 4
    assert check.rows[1] == (4, ("EVIL", '=HYPERLINK("http://x","y")', ""))
    assert customers(ctx) == {}


def test_preview_is_capped_and_problems_are_all_reported(ctx: AppContext) -> None:
    lines = ["Nr,Wer"] + [f"C{n},Name {n}" for n in range(PREVIEW_ROWS + 10)] + ["C1,", ",x"]
    check = check_import(ctx, "customers", "\n".join(lines).encode(), {"code": "Nr", "name": "Wer"})
    assert len(check.rows) == PREVIEW_ROWS and check.report.rows == PREVIEW_ROWS + 12
    assert [(p.line, p.column) for p in check.report.problems] == [
        (PREVIEW_ROWS + 12, "code"),
        (PREVIEW_ROWS + 12, "name"),
        (PREVIEW_ROWS + 13, "code"),
    ]


def test_import_writes_exactly_and_remembers_the_mapping_only_then(ctx: AppContext) -> None:
    chosen = {"code": "Kundennummer", "name": "Firma", "address": "Anschrift"}
    refused = import_file(ctx, "customers", OTHER + b"BAD,,,,\r\n", chosen, "Old shop")
    assert not refused.report.ok and refused.remembered == ""
    with ctx.db.read() as s:
        assert s.scalar(select(func.count()).select_from(ImportMapping)) == 0
    outcome = import_file(ctx, "customers", OTHER, chosen, " Old shop ")
    assert outcome.report.ok and outcome.report.created == 3 and outcome.remembered == "Old shop"
    assert customers(ctx) == {
        "ZOE": ("Zoë Łukasiewicz", "ul. Długa 5\n00-001 Warszawa", ""),
        "EVIL": ('=HYPERLINK("http://x","y")', "", ""),
        "TAG": ("<b>&\"'", "", ""),
    }
    assert load_mapping(ctx, "customers", "Old shop") == {
        **chosen,
        "delimiter": ",",
        "decimal": ".",
    }


def test_a_bad_name_keeps_the_import_and_says_why_not_remembered(ctx: AppContext) -> None:
    chosen = {"code": "Kundennummer", "name": "Firma"}
    outcome = import_file(ctx, "customers", OTHER, chosen, "x" * 101)
    assert outcome.report.ok and outcome.remembered == ""
    assert "1 to 100 characters" in outcome.remember_error


def test_the_newest_saved_mapping_that_fits_the_file_is_preferred(ctx: AppContext) -> None:
    header = ("Kundennummer", "Firma", "Anschrift", "Notiz", "email")
    save_mapping(ctx, "customers", "Fits", {"code": "Kundennummer", "name": "Firma"})
    save_mapping(ctx, "customers", "Other file", {"code": "Nr", "name": "Firma"})
    choices = mapping_choices(ctx, "customers", header)
    assert choices.names == ("Other file", "Fits")
    assert choices.preferred == "Fits"
    assert choices.saved["Other file"] == {"name": "Firma"}
    assert choices.guess == {
        "code": "Kundennummer",
        "name": "Firma",
        "email": "email",
        "address": "Anschrift",
    }
    assert mapping_choices(ctx, "invoices", header).preferred is None


def test_export_file_round_trips_and_counts_rows(ctx: AppContext, tmp_path: Path) -> None:
    chosen = {"code": "Kundennummer", "name": "Firma", "address": "Anschrift"}
    import_file(ctx, "customers", OTHER, chosen)
    path = tmp_path / "out" / "customers.csv"
    path.parent.mkdir()
    assert export_file(ctx, "customers", path) == 3  # the address's line break is one row
    assert path.read_bytes() == export_customers(ctx)
    assert [p.name for p in path.parent.iterdir()] == ["customers.csv"]


def test_problem_list_names_both_columns_and_cannot_run_formulas(ctx: AppContext) -> None:
    data = b"Nr,Wer\n=1+1,\n"
    chosen = {"code": "Nr", "name": "Wer"}
    report = check_import(ctx, "customers", data, chosen).report
    rows = list(csv.reader(io.StringIO(problems_csv(report.problems, chosen).decode())))
    assert rows[0] == ["line", "column", "file_column", "problem"]
    assert ["2", "name", "Wer"] in [r[:3] for r in rows]
    assert all(not cell.startswith("=") for row in rows for cell in row)
