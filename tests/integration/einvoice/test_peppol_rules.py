# SPDX-License-Identifier: MIT
"""The Peppol BIS Billing 3.0 rules, compiled from OpenPeppol's Schematron, run on every UBL
document that claims Peppol BIS 3: the official examples pass, broken copies fail with the
Peppol rule id and the field to fix, and arapp's own Peppol documents pass."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from arapp.domain.einvoice_check import CheckResult, LayerStatus, Verdict
from arapp.einvoice import artefacts
from arapp.einvoice.validation import Validator
from tests.integration.einvoice.conftest import DATA

PEPPOL_LAYER = f"Peppol BIS Billing {artefacts.PEPPOL_VERSION} rules (UBL)"
BASE = DATA / "peppol" / "base-example.xml"


def _layer(result: CheckResult) -> LayerStatus:
    return {layer.name: layer.status for layer in result.layers}[PEPPOL_LAYER]


def _broken(path: Path, pattern: str, replacement: str) -> bytes:
    text, count = re.subn(pattern, replacement, path.read_text(encoding="utf-8"), count=1)
    assert count == 1, pattern
    return text.encode("utf-8")


def test_a_peppol_invoice_and_credit_note_run_the_peppol_rules(validator: Validator) -> None:
    for name, syntax in (
        ("base-example.xml", "UBL Invoice"),
        ("base-creditnote-correction.xml", "UBL CreditNote"),
    ):
        result = validator.check_file(DATA / "peppol" / name)
        assert result.syntax == syntax
        assert [layer.name for layer in result.layers] == [
            f"XML schema (UBL 2.1 {syntax.split()[1]})",
            f"EN 16931 rules {artefacts.EN16931_VERSION} (UBL)",
            PEPPOL_LAYER,
        ]
        assert result.verdict is Verdict.VALID
        assert not any("Peppol" in note for note in result.notes)


def test_a_missing_seller_endpoint_fails_peppol_r020_with_the_field(validator: Validator) -> None:
    data = _broken(BASE, r'<cbc:EndpointID schemeID="0088">[0-9]+</cbc:EndpointID>', "")
    result = validator.check_bytes(data, "no seller endpoint")
    assert result.verdict is Verdict.INVALID
    [r020] = [f for f in result.fatal if f.rule == "PEPPOL-EN16931-R020"]
    assert r020.text == "Seller electronic address MUST be provided"
    assert r020.field == "Seller electronic address (BT-34), in the company profile"
    assert r020.location == "/Invoice/AccountingSupplierParty/Party"
    assert _layer(result) is LayerStatus.FAILED
    # the EN 16931 rules do not ask for it: only the Peppol layer catches this
    en16931 = next(layer for layer in result.layers if layer.name.startswith("EN 16931"))
    assert en16931.status is LayerStatus.PASSED


def test_an_e_mail_endpoint_fails_the_peppol_scheme_list(validator: Validator) -> None:
    data = _broken(
        BASE,
        r'<cbc:EndpointID schemeID="0002">FR23342</cbc:EndpointID>',
        '<cbc:EndpointID schemeID="EM">ap@buyer.example</cbc:EndpointID>',
    )
    result = validator.check_bytes(data, "e-mail endpoint")
    [cl008] = [f for f in result.fatal if f.rule == "PEPPOL-EN16931-CL008"]
    assert cl008.field == "Buyer electronic address (BT-49), in the customer's record"
    assert cl008.location == "/Invoice/AccountingCustomerParty/Party/EndpointID"


def test_peppol_warnings_do_not_make_a_document_invalid(validator: Validator) -> None:
    # an Italian IPA code of the wrong form is a Peppol warning (PEPPOL-COMMON-R044)
    data = _broken(BASE, r'schemeID="0002">FR23342<', 'schemeID="0201">not-an-ipa-code<')
    result = validator.check_bytes(data, "odd IPA code")
    assert result.verdict is Verdict.VALID, result.fatal
    assert "PEPPOL-COMMON-R044" in {f.rule for f in result.warnings}


def test_cen_s_issue116_example_passes_en16931_but_not_peppol(validator: Validator) -> None:
    result = validator.check_file(DATA / "en16931" / "ubl" / "issue116.xml")
    assert {f.rule for f in result.fatal} == {"PEPPOL-COMMON-R049"}
    assert all(
        layer.status is LayerStatus.PASSED for layer in result.layers if layer.name != PEPPOL_LAYER
    )


def test_a_peppol_process_without_the_peppol_claim_says_the_rules_did_not_run(
    validator: Validator,
) -> None:
    result = validator.check_file(DATA / "en16931" / "ubl" / "ubl-tc434-creditnote1.xml")
    assert PEPPOL_LAYER not in {layer.name for layer in result.layers}
    assert result.verdict is Verdict.VALID
    assert any("Peppol BIS Billing 3.0 rules were not run" in note for note in result.notes)


def test_an_xrechnung_with_peppol_s_process_is_not_held_to_the_peppol_rules(
    validator: Validator,
) -> None:
    result = validator.check_file(DATA / "xrechnung" / "max_ubl.xml")
    assert PEPPOL_LAYER not in {layer.name for layer in result.layers}
    assert not any("Peppol" in note for note in result.notes)


def test_without_its_rule_file_the_peppol_layer_could_not_run(
    validator: Validator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(artefacts, "PEPPOL_VERSION", "0.0.0")  # no such folder
    result = validator.check_file(BASE)
    layer = result.layers[-1]
    assert layer.status is LayerStatus.NOT_RUN
    assert "missing" in layer.note
    assert result.verdict is Verdict.INCOMPLETE
