# SPDX-License-Identifier: MIT
"""The official example invoices pass every layer; broken copies fail with the right rules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from arapp.domain.einvoice_check import LayerStatus, Severity, Verdict
from arapp.einvoice.validation import Validator
from tests.integration.einvoice.conftest import DATA

CII = sorted((DATA / "en16931" / "cii").glob("*.xml"))
#: CEN's issue116.xml claims Peppol BIS 3 but its Swedish organisation numbers have wrong check
#: digits: it passes the EN 16931 rules and fails Peppol's (test_peppol_rules.py).
NOT_PEPPOL_VALID = {"issue116.xml"}
UBL = sorted(
    p
    for p in (DATA / "en16931" / "ubl").iterdir()
    if p.suffix.lower() == ".xml" and p.name not in NOT_PEPPOL_VALID
)
XRECHNUNG = sorted((DATA / "xrechnung").glob("*.xml"))
PEPPOL = sorted((DATA / "peppol").glob("*.xml"))


@pytest.mark.parametrize("path", CII + UBL + XRECHNUNG + PEPPOL, ids=lambda p: p.name)
def test_an_official_example_is_valid(validator: Validator, path: Path) -> None:
    result = validator.check_file(path)
    assert result.verdict is Verdict.VALID, [(f.rule, f.text) for f in result.fatal]
    assert result.fatal == ()
    assert all(layer.status is LayerStatus.PASSED for layer in result.layers)


def test_every_example_runs_the_layers_its_document_asks_for(validator: Validator) -> None:
    names = [layer.name for layer in validator.check_file(DATA / "xrechnung/min_ubl.xml").layers]
    assert names == [
        "XML schema (UBL 2.1 Invoice)",
        "EN 16931 rules 1.3.16 (UBL)",
        "XRechnung 3.0.2 rules (UBL)",
    ]
    credit = validator.check_file(DATA / "en16931/ubl/ubl-tc434-creditnote1.xml")
    assert credit.syntax == "UBL CreditNote"
    assert credit.layers[0].name == "XML schema (UBL 2.1 CreditNote)"
    plain = validator.check_file(DATA / "en16931/cii/CII_example2.xml")
    assert [layer.name for layer in plain.layers] == [
        "XML schema (CII D16B)",
        "EN 16931 rules 1.3.16 (CII)",
    ]


def _broken(path: Path, pattern: str, replacement: str) -> bytes:
    text, count = re.subn(pattern, replacement, path.read_text(encoding="utf-8"), count=1)
    assert count == 1, pattern
    return text.encode("utf-8")


def _fatal_rules(validator: Validator, data: bytes) -> set[str]:
    result = validator.check_bytes(data, "broken")
    assert result.verdict is Verdict.INVALID
    return {f.rule for f in result.fatal}


def test_a_cii_invoice_without_the_seller_name_fails_br_06(validator: Validator) -> None:
    data = _broken(DATA / "xrechnung/min_uncefact.xml", r"<ram:Name>\[Seller name\]</ram:Name>", "")
    result = validator.check_bytes(data, "no seller")
    br06 = next(f for f in result.fatal if f.rule == "BR-06")
    assert br06.severity is Severity.FATAL
    assert br06.text == "An Invoice shall contain the Seller name (BT-27)."
    assert br06.field == "Seller name (BT-27), in the company profile"
    assert br06.location == "/CrossIndustryInvoice"


def test_wrong_totals_fail_br_co_15_in_cii_and_ubl(validator: Validator) -> None:
    cii = _broken(
        DATA / "en16931/cii/CII_example2.xml",
        r"(<ram:GrandTotalAmount>)[0-9.]+",
        r"\g<1>999999.99",
    )
    assert "BR-CO-15" in _fatal_rules(validator, cii)
    ubl = _broken(
        DATA / "en16931/ubl/ubl-tc434-example1.xml",
        r'(<cbc:TaxInclusiveAmount currencyID="[A-Z]+">)[0-9.]+',
        r"\g<1>999999.99",
    )
    assert "BR-CO-15" in _fatal_rules(validator, ubl)


def test_an_xrechnung_without_buyer_reference_fails_br_de_15(validator: Validator) -> None:
    data = _broken(
        DATA / "xrechnung/min_uncefact.xml", r"<ram:BuyerReference>[^<]*</ram:BuyerReference>", ""
    )
    result = validator.check_bytes(data, "no Leitweg-ID")
    assert {f.rule for f in result.fatal} == {"BR-DE-15"}
    assert result.fatal[0].field == "Buyer reference (Leitweg-ID) (BT-10), in the customer's record"
    by_layer = {layer.name: layer.status for layer in result.layers}
    assert by_layer["EN 16931 rules 1.3.16 (CII)"] is LayerStatus.PASSED
    assert by_layer["XRechnung 3.0.2 rules (CII)"] is LayerStatus.FAILED


def test_an_element_the_schema_does_not_know_fails_the_schema_layer(validator: Validator) -> None:
    data = _broken(
        DATA / "en16931/cii/CII_example2.xml",
        r"<ram:SellerTradeParty>",
        "<ram:Nonsense>x</ram:Nonsense><ram:SellerTradeParty>",
    )
    result = validator.check_bytes(data, "unknown element")
    schema = result.layers[0]
    assert schema.status is LayerStatus.FAILED
    assert schema.failures[0].rule == "XSD"
    assert "Nonsense" in schema.failures[0].text
    assert "{urn:" not in schema.failures[0].text
