# SPDX-License-Identifier: MIT
"""Files separated by semicolons or tabs: detected from the header and the first rows (quoted
cells allowed), read and imported like comma files, remembered with the saved mapping; a check
can be stopped while it runs and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from arapp.db.models import Customer, ImportMapping, Invoice
from arapp.services.context import AppContext
from arapp.services.errors import NotFound
from arapp.services.transfer.csvfile import (
    STOP_EVERY,
    ImportStopped,
    detect_delimiter,
    read_rows,
)
from arapp.services.transfer.files import check_import, import_file, load_csv, open_csv
from arapp.services.transfer.imports import IMPORTERS
from arapp.services.transfer.mappings import delete_mapping, load_mapping, save_mapping

# What a German Excel saves: a byte order mark, semicolons, quotes only around cells that hold
# a semicolon (or a quote, or a line break), commas as decimal marks and inside names.
GERMAN = (
    "\ufeffKundennummer;Firma;Anschrift;Kreditlimit\r\n"
    'A100;"Alpha; Bau GmbH";"Hauptstr. 1\n10115 Berlin";1000\r\n'
    'EVIL;"=HYPERLINK(""http://x"";""y"")";;\r\n'
    "C300;Gamma, Söhne & Co;Lyon;\r\n"
).encode()
TABS = (
    "Rechnungsnummer\tKunde\tRechnungsdatum\tBezeichnung\tMenge\tEinzelpreis\r\n"
    'R-1\tA100\t2026-10-01\t"Farbe, 5 l; weiß"\t2\t30.00\r\n'
    "R-1\tA100\t2026-10-01\tPinsel\t1\t4.50\r\n"
    'R-2\tC300\t2026-10-03\t=HYPERLINK("http://x","y")\t1\t80\r\n'
).encode()
GERMAN_COLUMNS = {"code": "Kundennummer", "name": "Firma", "address": "Anschrift"}
TAB_COLUMNS = {
    "number": "Rechnungsnummer",
    "customer_code": "Kunde",
    "issue_date": "Rechnungsdatum",
    "description": "Bezeichnung",
    "quantity": "Menge",
    "unit_price": "Einzelpreis",
}


def count(ctx: AppContext, model: type) -> int:
    with ctx.db.read() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (GERMAN.decode("utf-8"), ";"),
        (TABS.decode("utf-8"), "tab"),
        ("code,name\nA1,Foo; Bar\nB2,Baz;Qux\n", ","),  # semicolons in names of a comma file
        ("code;name\nA1;Foo, Bar\nB2;1,50\n", ";"),  # commas in names and decimals
        ("Kunde, Nr;Betrag, EUR\nA1;12,50\nB2;3,00\n", ";"),  # ", " is text, not a separator
        ('"a;b","c;d"\n"1;2","3;4"\n', ","),  # semicolons only inside quotes
        ('code\tname\n"A\t1"\tx\n', "tab"),
        ("code;name\n" + "".join(f'X{n};"two\nlines; {n}"\n' for n in range(40)), ";"),
        ("name\nAlpha\n", ","),  # one column: nothing to decide, comma
    ],
)
def test_the_delimiter_is_detected_from_the_header_and_the_first_rows(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = tmp_path / "file.csv"
    path.write_bytes(text.encode("utf-8"))
    assert detect_delimiter(path.read_bytes()) == expected
    assert load_csv(path).delimiter == expected


def test_a_long_file_is_decided_from_its_start_even_when_a_quoted_cell_is_cut() -> None:
    row = 'A1;"' + "x; " * 10_000 + '";1\n'  # longer than what is looked at
    assert detect_delimiter(b"code;name;terms\n" + row.encode() * 5) == ";"


def test_semicolon_rows_are_read_exactly(tmp_path: Path) -> None:
    rows, problems = read_rows(GERMAN, "customers", GERMAN_COLUMNS)
    assert problems == []
    assert rows == [
        (2, {"code": "A100", "name": "Alpha; Bau GmbH", "address": "Hauptstr. 1\n10115 Berlin"}),
        (4, {"code": "EVIL", "name": '=HYPERLINK("http://x";"y")', "address": ""}),
        (5, {"code": "C300", "name": "Gamma, Söhne & Co", "address": "Lyon"}),
    ]
    # The same file read as comma-separated has one column: nothing fits.
    _rows, problems = read_rows(GERMAN, "customers", GERMAN_COLUMNS, delimiter=",")
    assert [p.message[:18] for p in problems] == ["Missing column(s):"]


def test_semicolon_customers_and_tab_invoices_import_and_the_mapping_keeps_the_delimiter(
    ctx: AppContext, tmp_path: Path
) -> None:
    german, tabs = tmp_path / "kunden.csv", tmp_path / "rechnungen.txt"
    german.write_bytes(GERMAN)
    tabs.write_bytes(TABS)
    file, choices = open_csv(ctx, "customers", german)
    assert (file.delimiter, file.delimiter_source) == (";", "detected")
    assert file.header == ("Kundennummer", "Firma", "Anschrift", "Kreditlimit")
    assert file.sample["Firma"] == "Alpha; Bau GmbH"
    assert choices.preferred is None and choices.guess["code"] == "Kundennummer"

    check = check_import(ctx, "customers", file.data, GERMAN_COLUMNS, delimiter=file.delimiter)
    assert check.report.ok and check.report.created == 3 and count(ctx, Customer) == 0
    assert check.rows[1] == (4, ("EVIL", '=HYPERLINK("http://x";"y")', ""))
    outcome = import_file(ctx, "customers", file.data, GERMAN_COLUMNS, "Excel DE", ";")
    assert outcome.report.ok and outcome.remembered == "Excel DE"
    assert load_mapping(ctx, "customers", "Excel DE") == {
        **GERMAN_COLUMNS,
        "delimiter": ";",
        "decimal": ",",
    }
    with ctx.db.read() as s:
        names = {code: name for code, name in s.execute(select(Customer.code, Customer.name))}
    assert names == {
        "A100": "Alpha; Bau GmbH",
        "EVIL": '=HYPERLINK("http://x";"y")',
        "C300": "Gamma, Söhne & Co",
    }

    file, _choices = open_csv(ctx, "invoices", tabs)
    assert file.delimiter == "tab"
    outcome = import_file(ctx, "invoices", file.data, TAB_COLUMNS, "Tabs", file.delimiter)
    assert outcome.report.ok and outcome.report.created == 2 and count(ctx, Invoice) == 2
    assert load_mapping(ctx, "invoices", "Tabs")["delimiter"] == "tab"


def test_a_saved_mapping_brings_its_delimiter_to_a_file_detection_would_read_otherwise(
    ctx: AppContext, tmp_path: Path
) -> None:
    # Commas in every cell and every name: comma and semicolon both split it evenly, and
    # detection says comma. The person chose semicolons and saved the mapping with them.
    path = tmp_path / "odd.csv"
    path.write_text("Nr,intern;Name,Firma\nA1,1;Alpha,AG\nB2,2;Beta,SE\n", encoding="utf-8")
    assert open_csv(ctx, "customers", path)[0].delimiter == ","
    file, _choices = open_csv(ctx, "customers", path, delimiter=";")
    assert (file.header, file.delimiter_source) == (("Nr,intern", "Name,Firma"), "chosen")
    columns = {"code": "Nr,intern", "name": "Name,Firma"}
    save_mapping(ctx, "customers", "Older", {"code": "Nr", "name": "Firma"})  # no delimiter
    save_mapping(ctx, "customers", "Odd shop", {**columns, "delimiter": ";"})

    file, choices = open_csv(ctx, "customers", path)
    assert (file.delimiter, file.delimiter_source) == (";", "mapping")
    assert file.header == ("Nr,intern", "Name,Firma") and choices.preferred == "Odd shop"
    assert choices.delimiters == {"Odd shop": ";", "Older": ""}
    assert choices.saved["Odd shop"] == columns
    # What the person chooses wins over the mapping.
    file, choices = open_csv(ctx, "customers", path, delimiter=",")
    assert file.delimiter_source == "chosen" and file.header == ("Nr", "intern;Name", "Firma")
    assert choices.preferred == "Older"  # the newest that fits the file read with commas


def test_decimal_commas_are_read_when_detected_and_reported_when_a_point_is_chosen(
    ctx: AppContext,
) -> None:
    data = b"Kundennummer;Firma;Kreditlimit\nA1;Alpha;1.000,50\n"
    columns = {"code": "Kundennummer", "name": "Firma", "credit_limit": "Kreditlimit"}
    assert check_import(ctx, "customers", data, columns).report.ok
    report = check_import(ctx, "customers", data, columns, decimal=".").report
    assert [(p.line, p.column) for p in report.problems] == [(2, "credit_limit")]


def _big(kind: str, rows: int) -> bytes:
    if kind == "customers":
        lines = [f"C{n};Customer {n}" for n in range(rows)]
        return ("code;name\n" + "\n".join(lines)).encode()
    if kind == "payments":
        lines = [f"2026-01-02;C{n};10.00" for n in range(rows)]
        return ("date;customer_code;amount\n" + "\n".join(lines)).encode()
    lines = [f"R{n};C1;2026-01-02;Work;1;10" for n in range(rows)]
    header = "number;customer_code;issue_date;description;quantity;unit_price\n"
    return (header + "\n".join(lines)).encode()


@pytest.mark.parametrize("kind", ["customers", "invoices", "payments"])
def test_a_check_asks_to_stop_every_chunk_and_stops_with_nothing_written(
    ctx: AppContext, kind: str
) -> None:
    rows = 10 * STOP_EVERY
    data = _big(kind, rows)
    asked: list[int] = []

    def never() -> bool:
        asked.append(1)
        return False

    report = IMPORTERS[kind](ctx, data, dry_run=True, delimiter=";", stop=never)
    assert report.rows == rows
    assert len(asked) >= rows // STOP_EVERY  # at least once per chunk of rows

    def after_three() -> bool:
        asked.append(1)
        return len(asked) > 3

    asked.clear()
    with pytest.raises(ImportStopped, match="nothing was written"):
        IMPORTERS[kind](ctx, data, dry_run=False, delimiter=";", stop=after_three)
    assert len(asked) == 4  # it stopped at once: no further row was read
    with pytest.raises(ImportStopped):
        header = data.split(b"\n", 1)[0].decode().split(";")
        check_import(ctx, kind, data, {c: c for c in header}, stop=lambda: True)
    with ctx.db.read() as s:
        assert all(
            s.scalar(select(func.count()).select_from(m)) == 0
            for m in (Customer, Invoice, ImportMapping)
        )


def test_deleting_a_mapping_that_is_not_there_says_so(ctx: AppContext) -> None:
    save_mapping(ctx, "customers", "Old shop", {"code": "Kundennr"})
    delete_mapping(ctx, "customers", " Old shop ")
    with pytest.raises(NotFound, match="no saved customers mapping called “Old shop”"):
        delete_mapping(ctx, "customers", "Old shop")
