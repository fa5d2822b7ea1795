# SPDX-License-Identifier: MIT
"""Reading is safe (no DOCTYPE, no entities, no network) and Factur-X PDFs give up their XML."""

from __future__ import annotations

import io
import re
from pathlib import Path

import facturx
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from arapp.domain.einvoice_check import LayerStatus, Verdict
from arapp.einvoice.validation import Validator
from tests.integration.einvoice.conftest import DATA

CII_EXAMPLE = DATA / "en16931/cii/CII_example2.xml"


def _body(path: Path) -> bytes:
    """The document without its XML declaration."""
    data = path.read_bytes()
    return data[data.index(b"<rsm:") :]


def test_a_doctype_with_an_external_entity_is_refused(validator: Validator, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    body = _body(CII_EXAMPLE).replace(b"<ram:ID>", b"<ram:ID>&xxe;", 1)
    hostile = (
        b'<?xml version="1.0"?>\n'
        + f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>\n'.encode()
        + body
    )
    result = validator.check_bytes(hostile, "hostile.xml")
    assert result.verdict is Verdict.UNREADABLE
    assert "DOCTYPE" in result.problem
    assert "TOP-SECRET" not in result.problem
    assert result.layers == ()


def test_billion_laughs_is_refused(validator: Validator) -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b"<lolz>&lol2;</lolz>"
    )
    assert validator.check_bytes(bomb, "bomb.xml").verdict is Verdict.UNREADABLE


def test_what_is_not_an_invoice_is_unreadable_with_a_reason(
    validator: Validator, tmp_path: Path
) -> None:
    assert "not well-formed XML" in validator.check_bytes(b"hello", "x").problem
    other = validator.check_bytes(b"<html><body/></html>", "page.html")
    assert other.problem == "This is not a CII or UBL invoice (its root element is 'html')."
    missing = validator.check_file(tmp_path / "nowhere.xml")
    assert missing.verdict is Verdict.UNREADABLE
    assert missing.problem.startswith("The file cannot be read")


def _pdf(text: str) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4)
    canvas.drawString(72, 770, text)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _facturx(xml: bytes) -> bytes:
    return bytes(
        facturx.generate_from_binary(
            _pdf("Invoice 471102"),
            xml,
            flavor="factur-x",
            level="en16931",
            check_xsd=False,
            check_schematron=False,
        )
    )


def test_a_facturx_pdf_is_read_and_checked_with_its_profile(validator: Validator) -> None:
    result = validator.check_bytes(_facturx(CII_EXAMPLE.read_bytes()), "invoice.pdf")
    assert result.verdict is Verdict.VALID, [(f.rule, f.text) for f in result.fatal]
    assert [layer.name for layer in result.layers] == [
        "XML schema (CII D16B)",
        "EN 16931 rules 1.3.16 (CII)",
        "Factur-X 1.09 en16931 schema",
        "Factur-X 1.09 en16931 rules",
    ]
    assert "factur-x.xml" in result.notes[0]


def test_an_xrechnung_in_a_zugferd_pdf_is_held_to_the_xrechnung_rules(
    validator: Validator,
) -> None:
    xrechnung = (DATA / "xrechnung/min_uncefact.xml").read_bytes()
    result = validator.check_bytes(_facturx(xrechnung), "xrechnung.pdf")
    assert result.verdict is Verdict.VALID, [(f.rule, f.text) for f in result.fatal]
    assert [layer.name for layer in result.layers] == [
        "XML schema (CII D16B)",
        "EN 16931 rules 1.3.16 (CII)",
        "XRechnung 3.0.2 rules (CII)",
    ]


def test_a_facturx_pdf_with_wrong_totals_is_invalid(validator: Validator) -> None:
    broken = re.sub(
        rb"(<ram:GrandTotalAmount>)[0-9.]+", rb"\g<1>999999.99", CII_EXAMPLE.read_bytes(), count=1
    )
    result = validator.check_bytes(_facturx(broken), "invoice.pdf")
    assert result.verdict is Verdict.INVALID
    failed = {layer.name for layer in result.layers if layer.status is LayerStatus.FAILED}
    assert failed == {"EN 16931 rules 1.3.16 (CII)", "Factur-X 1.09 en16931 rules"}
    assert "BR-CO-15" in {f.rule for f in result.fatal}


def test_a_pdf_without_an_invoice_inside_is_unreadable(validator: Validator) -> None:
    result = validator.check_bytes(_pdf("just a letter"), "letter.pdf")
    assert result.verdict is Verdict.UNREADABLE
    assert "no e-invoice" in result.problem


def test_a_broken_pdf_is_unreadable(validator: Validator) -> None:
    pdf = _facturx(CII_EXAMPLE.read_bytes())
    for broken in (b"%PDF-1.7\ngarbage", pdf[: len(pdf) // 2]):
        result = validator.check_bytes(broken, "broken.pdf")
        assert result.verdict is Verdict.UNREADABLE
        assert result.problem.startswith("The PDF cannot be read")
