# SPDX-License-Identifier: MIT
"""One CSV reader for imports and bank statements: a cp1252 customer file imports when its
encoding is named, a bank file with a byte order mark reads, and both paths find the same
delimiter in the same file."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from arapp.db.models import Customer
from arapp.services.bank.csvformat import CsvMapping, auto_delimiters
from arapp.services.bank.csvpreview import preview_csv
from arapp.services.bank.formats import parse_statement
from arapp.services.context import AppContext
from arapp.services.transfer.columns import FileNotReadable, read_header
from arapp.services.transfer.csvfile import detect_delimiter
from arapp.services.transfer.imports import import_customers, import_payments

MUELLER = "code;name;credit_limit\r\nMUE;Müller & Söhne GmbH;1.500,50\r\nZOE;Zoë Café;\r\n"


def test_a_cp1252_customer_file_imports_when_its_encoding_is_named(ctx: AppContext) -> None:
    data = MUELLER.encode("cp1252")
    refused = import_customers(ctx, data)
    assert [(p.line, p.message) for p in refused.problems] == [
        (2, 'This is not UTF-8 text. Save the file as "CSV UTF-8" and import it again.')
    ]
    report = import_customers(ctx, data, encoding="cp1252")
    assert report.ok and report.created == 2
    with ctx.db.read() as s:
        rows = s.execute(select(Customer.code, Customer.name, Customer.credit_limit)).all()
    assert sorted(rows) == [
        ("MUE", "Müller & Söhne GmbH", Decimal("1500.50")),  # semicolons: decimal comma
        ("ZOE", "Zoë Café", None),
    ]
    assert read_header(data, encoding="cp1252") == ["code", "name", "credit_limit"]


def test_a_file_that_is_not_the_named_encoding_says_so_with_its_line(ctx: AppContext) -> None:
    data = b"date,customer_code,amount\n2026-11-01,A,1\n" + b"2026-11-02,\x81,2\n"
    [problem] = import_payments(ctx, data, encoding="cp1252").problems
    assert (problem.line, problem.message) == (
        3,
        "This is not cp1252 text. Choose the encoding the file was saved with.",
    )
    with pytest.raises(FileNotReadable, match=r"not cp1252 text \(line 3\)"):
        read_header(data, encoding="cp1252")


BANK = (
    "Buchungstag;Betrag;Name;Verwendungszweck\r\n"
    "18.11.2026;119,00;Zoë Dupont;INV-2026-00001\r\n"
    "19.11.2026;-45,90;Müller GmbH;Strom\r\n"
)
MAPPING = {
    "date": "Buchungstag",
    "amount": "Betrag",
    "counterparty": "Name",
    "reference": "Verwendungszweck",
    "decimal": ",",
    "date_format": "%d.%m.%Y",
}


def test_a_bank_csv_with_a_byte_order_mark_reads_like_one_without() -> None:
    plain = parse_statement(BANK.encode(), "k.csv", CsvMapping.from_dict(MAPPING))
    [with_bom] = parse_statement(
        b"\xef\xbb\xbf" + BANK.encode(), "k.csv", CsvMapping.from_dict(MAPPING)
    )
    assert with_bom == plain[0]
    assert [(line.amount, line.counterparty) for line in with_bom.lines] == [
        (Decimal("119.00"), "Zoë Dupont"),
        (Decimal("-45.90"), "Müller GmbH"),
    ]
    preview = preview_csv(b"\xef\xbb\xbf" + BANK.encode())
    assert preview.columns[0] == "Buchungstag" and preview.encoding == "utf-8"
    assert preview.guess["date"] == "Buchungstag" and preview.guess["decimal"] == ","
    cp1252 = preview_csv(BANK.encode("cp1252"))
    assert cp1252.encoding == "cp1252" and cp1252.samples["Name"] == "Zoë Dupont"


@pytest.mark.parametrize(
    ("text", "option"),
    [
        ("code,name,amount\nA1,Foo; Bar,12.50\nB2,Baz,3.00\n", ","),
        ("code;name;amount\nA1;Foo, Bar;12,50\nB2;Baz;3,00\n", ";"),
        ('code\tname\tamount\nA1\t"Foo, Bar; Baz"\t12.50\nB2\tQux\t3\n', "tab"),
        ("\ufeffcode;name;amount\nA1;Foo, Bar;12,50\n", ";"),
    ],
)
def test_imports_and_bank_statements_find_the_same_delimiter(text: str, option: str) -> None:
    data = text.encode()
    assert detect_delimiter(data) == option
    assert preview_csv(data).delimiter == option
    mark = {",": ",", ";": ";", "tab": "\t"}[option]
    assert auto_delimiters(text.splitlines(keepends=True))[0] == mark  # tried first on reading
