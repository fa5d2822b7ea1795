# SPDX-License-Identifier: MIT
"""arapp's own Factur-X PDF (the real invoice PDF with an official CII example inside) passes
the validation layers, the Factur-X profile included; a broken XML inside it is caught."""

from __future__ import annotations

from arapp.domain.einvoice_check import LayerStatus, Verdict
from arapp.einvoice.validation import Validator
from arapp.pdf.facturx import facturx_invoice
from arapp.pdf.sample import sample_invoice
from tests.integration.einvoice.conftest import DATA

CII_EXAMPLE = DATA / "en16931/cii/CII_example1.xml"


def test_the_facturx_pdf_gives_up_its_xml_and_it_is_valid(validator: Validator) -> None:
    pdf = facturx_invoice(sample_invoice(), CII_EXAMPLE.read_bytes())
    result = validator.check_bytes(pdf, "INV-2026-00001.pdf")
    assert result.verdict is Verdict.VALID, [(f.rule, f.text) for f in result.fatal]
    assert [(layer.name, layer.status) for layer in result.layers] == [
        ("XML schema (CII D16B)", LayerStatus.PASSED),
        ("EN 16931 rules 1.3.16 (CII)", LayerStatus.PASSED),
        ("Factur-X 1.09 en16931 schema", LayerStatus.PASSED),
        ("Factur-X 1.09 en16931 rules", LayerStatus.PASSED),
    ]
    assert "factur-x.xml" in result.notes[0]


def test_a_wrong_total_inside_the_facturx_pdf_is_caught(validator: Validator) -> None:
    xml = CII_EXAMPLE.read_bytes()
    grand = b"<ram:GrandTotalAmount>"
    start = xml.index(grand) + len(grand)
    broken = xml[:start] + b"1" + xml[start:]  # a grand total ten times (or more) too big
    result = validator.check_bytes(facturx_invoice(sample_invoice(), broken), "broken.pdf")
    assert result.verdict is not Verdict.VALID
    assert result.fatal
