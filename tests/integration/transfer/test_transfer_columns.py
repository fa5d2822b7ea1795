# SPDX-License-Identifier: MIT
"""Other programs' CSV headers: read as the importers compare them, and guessed onto ours."""

from __future__ import annotations

import pytest

from arapp.services.transfer.columns import (
    SYNONYMS,
    FileNotReadable,
    _key,
    check_size,
    chosen_columns,
    column_map,
    delimiter_warning,
    guess_mapping,
    missing_required,
    read_header,
    saved_columns,
)
from arapp.services.transfer.csvfile import COLUMNS, MAX_BYTES, read_rows


def test_header_drops_the_byte_order_mark_and_outer_spaces_and_keeps_accents() -> None:
    data = '\ufeff Kundennummer ,"Name, Firma",Währung,Straße\r\nA,B,C,D\r\n'.encode()
    assert read_header(data) == ["Kundennummer", "Name, Firma", "Währung", "Straße"]


def test_header_names_are_the_ones_read_rows_finds() -> None:
    data = "\ufeff Kd-Nr ,Firma\r\nZOE,Zoë\r\n".encode()
    header = read_header(data)
    rows, problems = read_rows(data, "customers", {"code": header[0], "name": header[1]})
    assert problems == [] and rows == [(2, {"code": "ZOE", "name": "Zoë"})]


def test_header_of_a_file_that_cannot_be_imported_says_why() -> None:
    with pytest.raises(FileNotReadable, match="not UTF-8"):
        read_header("Name\nMüller\n".encode("latin-1"))
    with pytest.raises(FileNotReadable, match="empty"):
        read_header(b"")
    with pytest.raises(FileNotReadable, match="empty"):
        read_header(b"\xef\xbb\xbf\r\n")
    with pytest.raises(FileNotReadable, match="at most 32 MB"):
        check_size(MAX_BYTES + 1)
    check_size(MAX_BYTES)


def test_semicolon_and_tab_headers_are_split_and_a_wrong_choice_is_explained() -> None:
    data = "Kundennummer;Firma;Währung\r\nA;B;EUR\r\n".encode()
    assert read_header(data) == ["Kundennummer", "Firma", "Währung"]  # detected
    assert read_header(b"code\tname\n") == ["code", "name"]
    assert guess_mapping("customers", read_header(data)) == {
        "code": "Kundennummer",
        "name": "Firma",
        "currency": "Währung",
    }
    # Read with a delimiter the person chose wrongly, the header is one column: the window
    # says which separator it seems to be instead of guessing nonsense.
    header = read_header(data, ",")
    assert header == ["Kundennummer;Firma;Währung"] and guess_mapping("customers", header) == {}
    assert delimiter_warning(header, ",") == (
        "The columns of this file seem to be separated by semicolons, not commas: "
        "choose semicolons as the separator."
    )
    assert "by tabs, not semicolons" in delimiter_warning(read_header(b"code\tname\n", ";"), ";")
    assert "vertical bars" in delimiter_warning(read_header(b"code|name\n"))
    assert delimiter_warning(["code", "name"]) == delimiter_warning(["name"]) == ""
    assert delimiter_warning(["a;b"], ";") == ""  # it was read with semicolons: not that


def test_german_customer_file_is_guessed_whatever_the_case_spaces_and_accents() -> None:
    header = ["KUNDEN-NR.", "firma", "E-Mail", "Telefon", "Anschrift", "Zahlungsziel", "WAHRUNG"]
    assert guess_mapping("customers", header) == {
        "code": "KUNDEN-NR.",
        "name": "firma",
        "email": "E-Mail",
        "phone": "Telefon",
        "address": "Anschrift",
        "terms": "Zahlungsziel",
        "currency": "WAHRUNG",
    }


def test_english_and_french_names_and_symbols() -> None:
    assert guess_mapping(
        "invoices",
        ["Invoice #", "Customer No.", "Date", "Due", "Item", "Qty", "Unit Price", "VAT %"],
    ) == {
        "number": "Invoice #",
        "customer_code": "Customer No.",
        "issue_date": "Date",
        "due_date": "Due",
        "description": "Item",
        "quantity": "Qty",
        "unit_price": "Unit Price",
        "tax_rate": "VAT %",
    }
    assert guess_mapping("customers", ["N° client", "Raison sociale", "Téléphone"]) == {
        "code": "N° client",
        "name": "Raison sociale",
        "phone": "Téléphone",
    }


def test_payments_amount_betrag_and_dates() -> None:
    assert guess_mapping("payments", ["Datum", "Kunde", "Betrag", "Verwendungszweck"]) == {
        "date": "Datum",
        "customer_code": "Kunde",
        "amount": "Betrag",
        "reference": "Verwendungszweck",
    }
    assert guess_mapping("payments", ["Date", "Customer Number", "Amount", "Invoice No"]) == {
        "date": "Date",
        "customer_code": "Customer Number",
        "amount": "Amount",
        "invoice_number": "Invoice No",
    }


def test_our_own_names_win_and_each_column_is_used_once() -> None:
    # "Customer" would be a synonym of customer_code; the real customer_code column wins.
    header = ["Customer", "customer_code", "DATE", "amount", "Amount Paid"]
    assert guess_mapping("payments", header) == {
        "date": "DATE",
        "customer_code": "customer_code",
        "amount": "amount",
    }
    # One file column is never proposed for two of ours (the first name wins).
    assert guess_mapping("customers", ["Customer Code", "Name", "Customer code "]) == {
        "code": "Customer Code",
        "name": "Name",
    }


def test_the_canonical_file_maps_onto_itself() -> None:
    for kind, columns in COLUMNS.items():
        assert guess_mapping(kind, list(columns)) == {c: c for c in columns}


def test_no_name_is_a_synonym_of_two_columns_of_one_kind() -> None:
    for kind, synonyms in SYNONYMS.items():
        assert set(synonyms) == set(COLUMNS[kind])
        owner: dict[str, str] = {}
        for column in COLUMNS[kind]:
            for name in (column, *synonyms[column]):
                assert owner.setdefault(_key(name), column) == column, (kind, name)


def test_column_map_skips_columns_left_out_even_under_our_name() -> None:
    data = b"Kd,name,email\nA1,Alpha,a@example.org\n"
    header = read_header(data)
    chosen = {"code": "Kd", "name": "name"}  # email deliberately left out
    mapping = column_map("customers", chosen, header)
    assert set(mapping) == set(COLUMNS["customers"])
    rows, problems = read_rows(data, "customers", mapping)
    assert problems == [] and rows == [(2, {"code": "A1", "name": "Alpha"})]
    assert chosen_columns("customers", chosen, header) == ("code", "name")
    assert missing_required("customers", {"code": "Kd"}) == ["name"]
    assert missing_required("invoices", {}) == [
        "number",
        "customer_code",
        "issue_date",
        "description",
        "quantity",
        "unit_price",
    ]


def test_a_saved_mapping_keeps_only_what_this_file_has() -> None:
    saved = {"code": "Kd", "name": "Firma", "email": "Mail", "date_format": "%d.%m.%Y"}
    assert saved_columns("customers", saved, ["Kd", "Firma"]) == {"code": "Kd", "name": "Firma"}
