# SPDX-License-Identifier: MIT
"""Tests for arapp.domain.payment_qr: IBAN checks and the EPC069-12 (GiroCode) payload."""

from decimal import Decimal

import pytest

from arapp.domain.errors import ValidationError
from arapp.domain.payment_qr import (
    epc_qr_payload,
    format_iban,
    validate_bic,
    validate_iban,
)

DE_IBAN = "DE89370400440532013000"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (DE_IBAN, DE_IBAN),
        ("DE89 3704 0044 0532 0130 00", DE_IBAN),
        ("  de89 3704 0044 0532 0130 00 ", DE_IBAN),
        ("IE29AIBK93115212345678", "IE29AIBK93115212345678"),
        ("GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432"),
        ("BE72000000001616", "BE72000000001616"),
        ("NO9386011117947", "NO9386011117947"),
        ("MT84MALT011000012345MTLCAST001S", "MT84MALT011000012345MTLCAST001S"),
    ],
)
def test_valid_ibans_are_normalized(text: str, expected: str) -> None:
    assert validate_iban(text) == expected


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("", "Enter an IBAN"),
        ("   ", "Enter an IBAN"),
        ("DE88370400440532013000", "check digits"),  # wrong check digits
        ("DE89370400440532013001", "check digits"),  # typo in the account number
        ("DE89370400440523013000", "check digits"),  # two digits swapped
        ("DE8937040044053201300", "has 21 characters"),  # one digit missing
        ("IE29AIBK9311521234567", "has 21 characters"),
        ("89DE370400440532013000", "not an IBAN"),
        ("DE89-3704-0044-0532-0130-00", "not an IBAN"),
        ("DE89", "not an IBAN"),
        ("XX89370400440532013000X1234567890123", "not an IBAN"),  # 36 characters
    ],
)
def test_invalid_ibans_are_refused(text: str, why: str) -> None:
    with pytest.raises(ValidationError, match=why) as caught:
        validate_iban(text)
    assert caught.value.field == "iban"


def test_iban_must_be_text() -> None:
    with pytest.raises(TypeError):
        validate_iban(1234)  # type: ignore[arg-type]


def test_format_iban_groups_of_four() -> None:
    assert format_iban("de89370400440532013000") == "DE89 3704 0044 0532 0130 00"
    assert format_iban("BE72 0000 0000 1616") == "BE72 0000 0000 1616"


@pytest.mark.parametrize("bic", ["BPOTBEB1", "COBADEFFXXX", "aibk ie 2d"])
def test_valid_bics(bic: str) -> None:
    assert validate_bic(bic) == bic.replace(" ", "").upper()


@pytest.mark.parametrize("bic", ["BPOTBE", "BPOTBEB1X", "1POTBEB1", "COBADEFF-XX"])
def test_invalid_bics(bic: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_bic(bic)
    assert caught.value.field == "bic"


def test_payload_of_the_guideline_example() -> None:
    """The example of EPC069-12 (Belgian Red Cross), in version 002 and with 2 decimals."""
    payload = epc_qr_payload(
        "Red Cross of Belgium",
        "BE72000000001616",
        Decimal("1"),
        bic="BPOTBEB1",
        text="Urgency fund",
    )
    assert payload == (
        "BCD\n002\n1\nSCT\nBPOTBEB1\nRed Cross of Belgium\nBE72000000001616\nEUR1.00\n"
        "\n"  # no purpose code
        "\n"  # no structured reference
        "Urgency fund"
    )


def test_payload_without_bic_or_remittance() -> None:
    payload = epc_qr_payload("Corner Shop", "ie29 aibk 9311 5212 3456 78", Decimal("12.34"))
    assert payload == "BCD\n002\n1\nSCT\n\nCorner Shop\nIE29AIBK93115212345678\nEUR12.34"


def test_payload_with_structured_creditor_reference() -> None:
    payload = epc_qr_payload(
        "Zoë Łukasiewicz", DE_IBAN, Decimal("0.5"), reference="RF18 5390 0754 7034"
    )
    lines = payload.split("\n")
    assert lines[5] == "Zoë Łukasiewicz"
    assert lines[7] == "EUR0.50"
    assert lines[8:] == ["", "RF18539007547034"]


def test_payload_collapses_line_breaks_in_name_and_text() -> None:
    payload = epc_qr_payload("Corner\nShop  Ltd", DE_IBAN, Decimal(5), text="INV-1\r\nthanks")
    assert payload.split("\n")[5] == "Corner Shop Ltd"
    assert payload.endswith("\nINV-1 thanks")


@pytest.mark.parametrize(
    ("amount", "field"),
    [
        (Decimal("0"), "amount"),
        (Decimal("0.001"), "amount"),
        (Decimal("-5.00"), "amount"),
        (Decimal("12.345"), "amount"),
        (Decimal("1000000000.00"), "amount"),
    ],
)
def test_amount_out_of_range_or_too_precise(amount: Decimal, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        epc_qr_payload("Shop", DE_IBAN, amount)
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal("0.01"), "EUR0.01"),
        (Decimal("999999999.99"), "EUR999999999.99"),
        (Decimal("1E+2"), "EUR100.00"),
        (Decimal("12.30"), "EUR12.30"),
    ],
)
def test_amount_always_has_two_decimals(amount: Decimal, text: str) -> None:
    assert epc_qr_payload("Shop", DE_IBAN, amount).split("\n")[7] == text


def test_float_amount_is_a_programming_error() -> None:
    with pytest.raises(TypeError):
        epc_qr_payload("Shop", DE_IBAN, 12.5)  # type: ignore[arg-type]


def test_invalid_iban_in_payload() -> None:
    with pytest.raises(ValidationError) as caught:
        epc_qr_payload("Shop", "DE00370400440532013000", Decimal(1))
    assert caught.value.field == "iban"


def test_name_limits() -> None:
    assert epc_qr_payload("N" * 70, DE_IBAN, Decimal(1)).split("\n")[5] == "N" * 70
    for name in ("N" * 71, "", " \n "):
        with pytest.raises(ValidationError) as caught:
            epc_qr_payload(name, DE_IBAN, Decimal(1))
        assert caught.value.field == "name"


def test_text_limit() -> None:
    assert epc_qr_payload("Shop", DE_IBAN, Decimal(1), text="t" * 140).endswith("\n" + "t" * 140)
    with pytest.raises(ValidationError) as caught:
        epc_qr_payload("Shop", DE_IBAN, Decimal(1), text="t" * 141)
    assert caught.value.field == "text"


def test_reference_and_text_exclude_each_other() -> None:
    with pytest.raises(ValidationError) as caught:
        epc_qr_payload("Shop", DE_IBAN, Decimal(1), reference="RF18539007547034", text="INV-1")
    assert caught.value.field == "reference"


@pytest.mark.parametrize("reference", ["RF19539007547034", "RF18" + "1" * 32, "R" * 36])
def test_bad_structured_reference(reference: str) -> None:
    with pytest.raises(ValidationError) as caught:
        epc_qr_payload("Shop", DE_IBAN, Decimal(1), reference=reference)
    assert caught.value.field == "reference"


def test_payload_size_limit_counts_utf8_bytes() -> None:
    # 70 + 140 characters of two bytes each would exceed 331 bytes.
    with pytest.raises(ValidationError) as caught:
        epc_qr_payload("Ł" * 70, DE_IBAN, Decimal(1), bic="COBADEFFXXX", text="ł" * 140)
    assert caught.value.field == "payload"
    fits = epc_qr_payload("Ł" * 60, DE_IBAN, Decimal(1), bic="COBADEFFXXX", text="t" * 140)
    assert 300 < len(fits.encode("utf-8")) <= 331
