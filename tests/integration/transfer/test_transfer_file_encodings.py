# SPDX-License-Identifier: MIT
"""The window's import path reads a file in the encoding chosen (a CSV saved by Excel on Windows
is cp1252): the header, the sample, the check and the import; a mapping is saved with the
encoding and brings it back for the next file, while a mapping saved before encodings could be
chosen reads as UTF-8, and a file that is plainly UTF-8 is not misread for a saved cp1252."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from arapp.db.models import Customer
from arapp.services.context import AppContext
from arapp.services.transfer.columns import FileNotReadable
from arapp.services.transfer.files import (
    check_import,
    import_file,
    load_csv,
    mapping_choices,
    mapping_to_save,
    open_csv,
)
from arapp.services.transfer.mappings import load_mapping, save_mapping

#: What Excel on Windows writes for "CSV (semicolon separated)" in Germany: cp1252, no BOM.
KUNDEN = "Nr;Firma;Kreditlimit\r\nM1;Müller & Söhne;1.234,50\r\nZ2;Zoë Café;12,5\r\n"
CHOSEN = {"code": "Nr", "name": "Firma", "credit_limit": "Kreditlimit"}
UTF8_REFUSAL = 'This is not UTF-8 text (line 2). Save the file as "CSV UTF-8" and choose it again.'


def names(ctx: AppContext) -> dict[str, str]:
    with ctx.db.read() as s:
        return {c.code: c.name for c in s.scalars(select(Customer))}


def test_a_cp1252_file_is_refused_as_utf8_and_reads_when_cp1252_is_chosen(
    ctx: AppContext, tmp_path: Path
) -> None:
    path = tmp_path / "kunden.csv"
    path.write_bytes(KUNDEN.encode("cp1252"))
    with pytest.raises(FileNotReadable) as refused:
        load_csv(path)
    assert str(refused.value) == UTF8_REFUSAL
    with pytest.raises(FileNotReadable) as refused:
        open_csv(ctx, "customers", path)
    assert str(refused.value) == UTF8_REFUSAL
    with pytest.raises(FileNotReadable) as refused:
        open_csv(ctx, "customers", path, encoding="utf-8")
    assert str(refused.value) == UTF8_REFUSAL

    file = load_csv(path, encoding="cp1252")
    assert (file.header, file.delimiter, file.encoding) == (
        ("Nr", "Firma", "Kreditlimit"),
        ";",
        "cp1252",
    )
    file, choices = open_csv(ctx, "customers", path, encoding="cp1252")
    assert file.sample["Firma"] == "Müller & Söhne"
    assert (file.encoding, file.encoding_source) == ("cp1252", "chosen")
    assert (file.delimiter, choices.preferred) == (";", None)
    # the decimal mark is detected in the text read with the encoding
    english = tmp_path / "customers.csv"
    english.write_bytes(
        KUNDEN.replace("Nr;Firma;Kreditlimit", "code;name;credit_limit").encode("cp1252")
    )
    file, _choices = open_csv(ctx, "customers", english, encoding="cp1252")
    assert (file.decimal, file.decimal_source) == (",", "detected")


def test_check_and_import_read_the_encoding_and_the_mapping_keeps_it(
    ctx: AppContext, tmp_path: Path
) -> None:
    data = KUNDEN.encode("cp1252")
    with pytest.raises(FileNotReadable, match="not UTF-8"):
        check_import(ctx, "customers", data, CHOSEN, delimiter=";")
    check = check_import(ctx, "customers", data, CHOSEN, delimiter=";", encoding="cp1252")
    assert check.report.ok, check.report.problems
    assert check.rows[0] == (2, ("M1", "Müller & Söhne", "1.234,50"))
    assert names(ctx) == {}  # a check writes nothing

    outcome = import_file(ctx, "customers", data, CHOSEN, "Excel Windows", ";", None, "cp1252")
    assert outcome.report.ok and outcome.remembered == "Excel Windows"
    assert names(ctx) == {"M1": "Müller & Söhne", "Z2": "Zoë Café"}
    saved = load_mapping(ctx, "customers", "Excel Windows")
    assert (saved["delimiter"], saved["decimal"], saved["encoding"]) == (";", ",", "cp1252")
    choices = mapping_choices(ctx, "customers", ("Nr", "Firma", "Kreditlimit"))
    assert choices.encodings == {"Excel Windows": "cp1252"}

    # the next file of the same kind: the saved mapping brings cp1252 along
    more = tmp_path / "mehr.csv"
    more.write_bytes("Nr;Firma;Kreditlimit\r\nA3;Ärzte Zürich;5\r\n".encode("cp1252"))
    file, choices = open_csv(ctx, "customers", more)
    assert choices.preferred == "Excel Windows"
    assert (file.encoding, file.encoding_source, file.delimiter) == ("cp1252", "mapping", ";")
    assert file.sample["Firma"] == "Ärzte Zürich"
    assert (file.decimal, file.decimal_source) == (",", "mapping")
    # a person's choice wins over the mapping's (and stays refused when wrong)
    with pytest.raises(FileNotReadable, match="not UTF-8"):
        open_csv(ctx, "customers", more, encoding="utf-8")
    # with the separator chosen the mapping still brings its encoding
    file, _choices = open_csv(ctx, "customers", more, delimiter=";")
    assert (file.encoding, file.encoding_source, file.delimiter_source) == (
        "cp1252",
        "mapping",
        "chosen",
    )


def test_a_utf8_file_is_not_misread_for_a_saved_cp1252(ctx: AppContext, tmp_path: Path) -> None:
    save_mapping(
        ctx, "customers", "Excel Windows", mapping_to_save("customers", CHOSEN, ";", ",", "cp1252")
    )
    utf8 = tmp_path / "utf8.csv"
    utf8.write_bytes("Nr;Firma;Kreditlimit\r\nM1;Müller & Söhne;1\r\n".encode())
    file, choices = open_csv(ctx, "customers", utf8)
    assert choices.preferred == "Excel Windows"
    assert (file.encoding, file.encoding_source) == ("utf-8", "default")
    assert file.sample["Firma"] == "Müller & Söhne"
    # plain ASCII reads the same either way: the mapping's encoding is shown
    ascii_only = tmp_path / "ascii.csv"
    ascii_only.write_bytes(b"Nr;Firma;Kreditlimit\r\nA1;Alpha;1\r\n")
    file, _choices = open_csv(ctx, "customers", ascii_only)
    assert (file.encoding, file.encoding_source) == ("cp1252", "mapping")


def test_an_old_mapping_without_an_encoding_reads_as_utf8(ctx: AppContext, tmp_path: Path) -> None:
    save_mapping(ctx, "customers", "Old", {**CHOSEN, "delimiter": ";"})
    assert mapping_to_save("customers", CHOSEN, ";") == {**CHOSEN, "delimiter": ";"}
    assert mapping_to_save("customers", CHOSEN, ";", "", "utf-8") == {**CHOSEN, "delimiter": ";"}
    choices = mapping_choices(ctx, "customers", ("Nr", "Firma", "Kreditlimit"))
    assert choices.encodings == {"Old": ""}
    path = tmp_path / "kunden.csv"
    path.write_bytes(KUNDEN.encode("cp1252"))
    with pytest.raises(FileNotReadable) as refused:
        open_csv(ctx, "customers", path)
    assert str(refused.value) == UTF8_REFUSAL
    file, choices = open_csv(ctx, "customers", path, encoding="cp1252")
    assert choices.preferred == "Old" and file.sample["Firma"] == "Müller & Söhne"
    utf8 = tmp_path / "utf8.csv"
    utf8.write_bytes(KUNDEN.encode())
    file, choices = open_csv(ctx, "customers", utf8)
    assert (file.encoding, file.encoding_source, choices.preferred) == ("utf-8", "default", "Old")
    # an unknown encoding saved by hand is ignored, not used
    save_mapping(ctx, "customers", "Odd", {**CHOSEN, "delimiter": ";", "encoding": "klingon"})
    assert mapping_choices(ctx, "customers", ("Nr",)).encodings["Odd"] == ""
