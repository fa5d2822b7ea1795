# SPDX-License-Identifier: MIT
"""Bank statement files, hand-written from the standards, read to hand-checked values."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from arapp.services.bank.camt import read_camt053
from arapp.services.bank.csvformat import CsvMapping, parse_amount
from arapp.services.bank.formats import detect_format, parse_statement
from arapp.services.bank.lines import StatementError, StatementLine
from arapp.services.errors import InputErrors
from tests.helpers.bank import GERMAN

D = Decimal
DATA = Path(__file__).parents[2] / "data" / "bank"
US = {
    "date": "Date",
    "credit": "Credit",
    "debit": "Debit",
    "counterparty": "Payee",
    "reference": "Memo",
    "bank_ref": "Transaction ID",
    "date_format": "%m/%d/%Y",
    "fixed_currency": "USD",
}


def read(name: str, mapping: dict[str, object] | None = None):  # type: ignore[no-untyped-def]
    csv_mapping = CsvMapping.from_dict(mapping) if mapping else None
    return parse_statement((DATA / name).read_bytes(), name, csv_mapping)


def plain(line: StatementLine) -> tuple[object, ...]:
    return (
        line.booking_date,
        line.amount,
        line.currency,
        line.counterparty,
        line.counterparty_account,
        line.reference,
        line.bank_ref,
    )


def test_ofx_1_sgml_in_cp1252() -> None:
    [statement] = read("ofx102_sgml.ofx")
    assert (statement.format, statement.account) == ("ofx", "FR7630004008990001234567890")
    assert statement.reference == "2026-11-01–2026-11-20"
    assert [plain(line) for line in statement.lines] == [
        (
            date(2026, 11, 2),
            D("119.00"),
            "EUR",
            "Zoë Dupont",
            "",
            "Facture INV-2026-00001 merci",
            "20261102-0001",
        ),
        (
            date(2026, 11, 3),
            D("-45.90"),
            "EUR",
            "Électricité du Sud",
            "",
            "Prélèvement octobre",
            "20261103-0001",
        ),
        # 00:15 in Paris is the 5th there, although it is still the 4th in UTC
        (
            date(2026, 11, 5),
            D("250.00"),
            "EUR",
            "MUELLER GMBH",
            "",
            "Rechnung inv 2026 00002",
            "20261105-0002",
        ),
    ]


def test_ofx_2_xml_qfx() -> None:
    [statement] = read("ofx211_xml.qfx")
    assert statement.account == "9876543210"
    assert [plain(line) for line in statement.lines] == [
        (date(2026, 11, 18), D("1250.00"), "USD", "ACME CORP", "", "PAYMENT INV-2026-00003",
         "US-0001"),
        (date(2026, 11, 19), D("-300.00"), "USD", "TRANSFER TO SAVINGS", "5550001111", "",
         "US-0002"),
        (date(2026, 11, 20), D("80.00"), "USD", "José Álvarez", "", "inv-2026-00006", "US-0003"),
    ]  # fmt: skip


def test_camt053_001_02_with_a_batch_entry_and_a_pending_one() -> None:
    [statement] = read("camt053_v02.xml")
    assert (statement.format, statement.account) == ("camt053", "DE89370400440532013000")
    assert statement.reference == "STMT-2026-11-20"
    assert [plain(line) for line in statement.lines] == [
        (date(2026, 11, 18), D("119.00"), "EUR", "Zoë Dupont", "FR7630006000011234567890189",
         "INV-2026-00001", "2026111800001"),
        (date(2026, 11, 19), D("200.00"), "EUR", "Müller GmbH", "DE44500105175407324931",
         "INV-2026-00002", "2026111900002"),
        (date(2026, 11, 19), D("100.00"), "EUR", "Ünal Çelik", "DE02120300000000202051",
         "Rechnung INV 2026 00004", "2026111900002#2"),
        (date(2026, 11, 19), D("-45.90"), "EUR", "Stadtwerke Musterstadt",
         "DE75512108001245126199", "Strom Oktober Vertrag 0815", "2026111900003"),
    ]  # fmt: skip
    assert [line.line for line in statement.lines] == [33, 54, 70, 90]


def test_camt053_001_08_parties_datetimes_and_an_entry_without_details() -> None:
    [statement] = read("camt053_v08.xml")
    assert statement.account == "CH9300762011623852957"
    assert [plain(line) for line in statement.lines] == [
        (date(2026, 11, 20), D("59.50"), "EUR", "Zoë Dupont", "FR7630006000011234567890189",
         "inv-2026-00005 thanks", "V8-0001-TX"),
        (date(2026, 11, 20), D("80.00"), "EUR", "José Álvarez", "ES9121000418450200051332",
         "INV-2026-00006", ""),
        (date(2026, 11, 20), D("-12.00"), "EUR", "", "", "Kontoführung November", "V8-0003"),
    ]  # fmt: skip


def test_german_csv_cp1252_with_preamble_and_decimal_comma() -> None:
    [statement] = read("sparkasse_de.csv", GERMAN)
    assert statement.format == "csv"
    assert [plain(line) for line in statement.lines] == [
        (date(2026, 11, 18), D("119.00"), "EUR", "Zoë Dupont", "FR7630006000011234567890189",
         "INV-2026-00001", ""),
        (date(2026, 11, 19), D("1200.00"), "EUR", "Müller GmbH", "DE44500105175407324931",
         "Rechnung INV 2026 00002", ""),
        (date(2026, 11, 19), D("-45.90"), "EUR", "Stadtwerke Musterstadt",
         "DE75512108001245126199", "Strom Oktober", ""),
        (date(2026, 11, 20), D("-5.00"), "EUR", "Bäckerei Kühn", "", "Kartenzahlung", ""),
        (date(2026, 11, 20), D("-5.00"), "EUR", "Bäckerei Kühn", "", "Kartenzahlung", ""),
        (date(2026, 11, 20), D("100.00"), "EUR", "Ünal Çelik", "DE02120300000000202051",
         "Danke für die schnelle Lieferung", ""),
    ]  # fmt: skip
    assert [line.line for line in statement.lines] == [6, 7, 8, 9, 10, 11]


def test_us_csv_with_credit_and_debit_columns() -> None:
    [statement] = read("bank_us.csv", US)
    assert [plain(line) for line in statement.lines] == [
        (date(2026, 11, 18), D("1250.00"), "USD", "ACME CORP", "", "PAYMENT INV-2026-00003",
         "TX-9001"),
        (date(2026, 11, 19), D("-45.10"), "USD", "CITY WATER", "", "Water bill", "TX-9002"),
        (date(2026, 11, 20), D("80.00"), "USD", "José Álvarez", "", "inv-2026-00006", "TX-9003"),
    ]  # fmt: skip


def test_formats_are_told_by_content_before_the_name() -> None:
    assert detect_format((DATA / "ofx102_sgml.ofx").read_bytes(), "export.txt") == "ofx"
    assert detect_format((DATA / "ofx211_xml.qfx").read_bytes(), "") == "ofx"
    assert detect_format((DATA / "camt053_v02.xml").read_bytes(), "statement.csv") == "camt053"
    assert detect_format(b"Date,Amount\n2026-11-01,1.00\n", "x.csv") == "csv"
    notice = b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"/>'
    with pytest.raises(StatementError, match=r"camt\.054 file \(a notice\)"):
        detect_format(b'<?xml version="1.0"?>' + notice)


@pytest.mark.parametrize(
    "attack",
    [
        b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>\n'
        b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">&lol2;</Document>',
        b'<?xml version="1.0"?>\n<!doctype Document SYSTEM "file:///etc/passwd">\n'
        b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"/>',
    ],
)
def test_xml_with_a_dtd_or_entities_is_refused(attack: bytes) -> None:
    with pytest.raises(StatementError) as refused:
        parse_statement(attack, "statement.xml")
    [problem] = refused.value.problems
    assert problem.line == 2 and "document type or entities" in problem.message


def test_a_dtd_in_utf16_is_refused_by_the_xml_reader_itself() -> None:
    text = (
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE d [<!ENTITY a "b">]>'
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">&a;</Document>'
    )
    with pytest.raises(StatementError, match="document type or entities"):
        read_camt053(text.encode("utf-16"))


def test_bad_camt_entries_are_all_reported_with_their_lines() -> None:
    text = (DATA / "camt053_v02.xml").read_text(encoding="utf-8")
    text = text.replace("<Dt>2026-11-18</Dt></BookgDt>", "<Dt>18.11.2026</Dt></BookgDt>")
    text = text.replace(
        "<CdtDbtInd>DBIT</CdtDbtInd>\n        <Sts>", "<CdtDbtInd>DB</CdtDbtInd>\n        <Sts>"
    )
    with pytest.raises(StatementError) as refused:
        parse_statement(text.encode(), "s.xml")
    assert [(p.line, p.column) for p in refused.value.problems] == [
        (23, "BookgDt"),
        (81, "CdtDbtInd"),
    ]  # fmt: skip


def test_bad_csv_rows_are_all_reported_with_line_and_reason() -> None:
    data = (
        b"Buchungstag;Betrag;Verwendungszweck\n"
        b"18.11.2026;119,00;INV-2026-00001\n"
        b"31.02.2026;10,00;no such day\n"
        b"19.11.2026;1,5,0;bad amount\n"
        b"\n"
        b"20.11.2026;12,345;too many decimals\n"
    )
    mapping = CsvMapping.from_dict(
        {"date": "Buchungstag", "amount": "Betrag", "reference": "Verwendungszweck",
         "decimal": ",", "date_format": "%d.%m.%Y"}
    )  # fmt: skip
    with pytest.raises(StatementError) as refused:
        parse_statement(data, "bank.csv", mapping)
    assert [(p.line, p.column) for p in refused.value.problems] == [
        (3, "date"),
        (4, "amount"),
        (6, "amount"),
    ]
    assert "31.02.2026" in refused.value.problems[0].message


def test_csv_that_is_not_utf8_says_which_encoding_to_choose() -> None:
    mapping = dict(GERMAN)
    del mapping["encoding"]
    with pytest.raises(StatementError, match="cp1252"):
        read("sparkasse_de.csv", mapping)


@pytest.mark.parametrize(
    ("text", "decimal", "thousands", "value"),
    [
        ("-1.234,56", ",", ".", D("-1234.56")),
        ("1.234,56-", ",", ".", D("-1234.56")),
        ("1 234,56", ",", " ", D("1234.56")),
        ("(12.50)", ".", ",", D("-12.50")),
        ("EUR 12.50", ".", ",", D("12.50")),
        ("+1,250.00", ".", ",", D("1250.00")),
        ("€ 7", ".", ",", D("7")),
        ("1,5", ".", ",", None),
        ("12,34", ",", ".", D("12.34")),
        ("100,00 S", ",", ".", None),
        ("", ".", ",", None),
        ("NaN", ".", ",", None),
    ],
)
def test_amounts_as_banks_write_them(
    text: str, decimal: str, thousands: str, value: Decimal | None
) -> None:
    assert parse_amount(text, decimal, thousands) == value


def test_mappings_are_checked_all_at_once() -> None:
    with pytest.raises(InputErrors) as wrong:
        CsvMapping.from_dict(
            {"amount": "Betrag", "credit": "Haben", "decimal": ";", "encoding": "ebcdic", "x": 1}
        )
    assert {e.field for e in wrong.value.errors} == {
        "mapping",
        "date",
        "amount",
        "decimal",
        "encoding",
    }
