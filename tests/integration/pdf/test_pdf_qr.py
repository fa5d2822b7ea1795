# SPDX-License-Identifier: MIT
"""The EPC payment QR code: the right payload, a correct symbol, drawn where it should be."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from dataclasses import replace
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image
from reportlab.graphics.barcode import qrencoder
from reportlab.pdfgen.canvas import Canvas

from arapp.domain.money import strict_context
from arapp.pdf import qr, render_invoice
from arapp.pdf.qr import (
    QR_SIZE,
    QUIET_ZONE,
    QrCode,
    _codewords,
    qr_matrix,
    qr_payload,
    qr_penalty,
)
from arapp.pdf.sample import SAMPLE_IBAN, sample_invoice

PDFTOPPM = shutil.which("pdftoppm")
ZBARIMG = shutil.which("zbarimg")


def reference_penalty(lines: list[str]) -> int:
    """ISO/IEC 18004 mask penalty, written the slow and obvious way."""
    size = len(lines)
    columns = ["".join(column) for column in zip(*lines, strict=True)]
    score = 0
    for line in lines + columns:
        score += sum(3 + len(run) - 5 for run in re.findall(r"0{5,}|1{5,}", line))
        padded = "0000" + line + "0000"
        for k in range(len(padded) - 10):
            score += 40 * (padded[k : k + 11] in ("10111010000", "00001011101"))
    for r in range(size - 1):
        for c in range(size - 1):
            block = {lines[r][c], lines[r][c + 1], lines[r + 1][c], lines[r + 1][c + 1]}
            score += 3 * (len(block) == 1)
    dark = sum(line.count("1") for line in lines)
    percent = 100 * dark / (size * size)
    return score + 10 * int(abs(percent - 50) // 5)


def test_penalty_matches_the_standard_rules() -> None:
    rng = random.Random(7)
    for _ in range(150):
        size = rng.choice((21, 25, 33, 41, 45))
        rows = [
            rng.getrandbits(size) if rng.random() < 0.8 else rng.choice((0, (1 << size) - 1))
            for _ in range(size)
        ]
        lines = [format(row, f"0{size}b") for row in rows]
        assert qr_penalty(rows, size) == reference_penalty(lines)


def _reportlab_symbol(payload: str, mask: int, test: bool) -> list[str]:
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(qrencoder.QR8bitByte(payload))
    code.version = code.calculate_version()
    code.makeImpl(test, mask)
    return ["".join("1" if m else "0" for m in row) for row in code.modules]


@pytest.mark.parametrize(
    "payload",
    [
        "BCD\n002\n1\nSCT\n\nShop\nDE89370400440532013000\nEUR1.00",
        "BCD\n002\n1\nSCT\nAIBKIE2D\nZoë Łukasiewicz\nIE29AIBK93115212345678\nEUR377.56\n\n\nINV-1",
        "BCD\n002\n1\nSCT\nCOBADEFFXXX\n" + "N" * 70 + "\nDE89370400440532013000\nEUR999999999.99"
        "\n\n\n" + "t" * 140,  # version 7 and up carries version information too
    ],
)
def test_symbol_is_reportlabs_own_with_the_best_mask(payload: str) -> None:
    """Choosing the mask with XORs gives exactly the symbol ReportLab builds for that mask."""
    penalties = []
    for mask in range(8):
        lines = _reportlab_symbol(payload, mask, test=True)
        penalties.append(qr_penalty([int(line, 2) for line in lines], len(lines)))
    best = penalties.index(min(penalties))
    assert list(qr_matrix(payload)) == _reportlab_symbol(payload, best, test=False)


def test_no_mask_is_built_eight_times(monkeypatch: pytest.MonkeyPatch) -> None:
    """ReportLab's encoder builds a symbol once per version, never once per mask."""
    built = []
    original = qrencoder.QRCode.makeImpl

    def counting(self: qrencoder.QRCode, test: bool, mask: int) -> None:
        built.append(mask)
        original(self, test, mask)

    monkeypatch.setattr(qrencoder.QRCode, "makeImpl", counting)
    encoded = []
    monkeypatch.setattr(qr, "_codewords", lambda code: encoded.append(1) or _codewords(code))
    with strict_context():
        render_invoice(sample_invoice(number="INV-ONCE-1"))
        assert len(built) <= 1  # the layout of the version, unless already known
        assert len(encoded) == 1
        render_invoice(sample_invoice(number="INV-ONCE-1"))  # printed again: from the cache
        render_invoice(sample_invoice(number="INV-ONCE-2"))  # a new code, same version
    assert len(built) <= 1
    assert len(encoded) == 2


@pytest.mark.parametrize("level", ["L", "M", "Q", "H"])
def test_error_correction_codewords_are_reportlabs(level: str) -> None:
    rng = random.Random(level)
    for length in range(1, 400, 13):
        payload = "".join(rng.choice("BCD\nEUR0123456789€Łë ") for _ in range(length))
        code = qrencoder.QRCode(None, getattr(qrencoder.QRErrorCorrectLevel, level))
        code.addData(qrencoder.QR8bitByte(payload))
        code.version = code.calculate_version()
        expected = qrencoder.QRCode.createData(code.version, code.errorCorrectLevel, code.dataList)
        assert _codewords(code) == expected, length


def test_drawn_modules_match_the_symbol(tmp_path: Path) -> None:
    if PDFTOPPM is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed; cannot rasterise the PDF")
    payload = "BCD\n002\n1\nSCT\n\nShop\nDE89370400440532013000\nEUR12.34\n\n\nINV-7"
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=(QR_SIZE, QR_SIZE))
    QrCode(payload).drawOn(canvas, 0, 0)
    canvas.save()
    (tmp_path / "qr.pdf").write_bytes(buffer.getvalue())
    subprocess.run(
        [PDFTOPPM, "-r", "300", "-png", tmp_path / "qr.pdf", tmp_path / "qr"], check=True
    )
    (png,) = tmp_path.glob("qr*.png")
    rows = qr_matrix(payload)
    modules = len(rows) + 2 * QUIET_ZONE
    with Image.open(png) as image:
        gray = image.convert("L")
        pixel = gray.width / modules
        for r in range(modules):
            for c in range(modules):
                inside = (
                    QUIET_ZONE <= r < modules - QUIET_ZONE
                    and QUIET_ZONE <= c < modules - QUIET_ZONE
                )
                dark = inside and rows[r - QUIET_ZONE][c - QUIET_ZONE] == "1"
                value = gray.getpixel((int((c + 0.5) * pixel), int((r + 0.5) * pixel)))
                assert (value < 128) == dark, (r, c)


def test_printed_code_scans_to_the_payload(tmp_path: Path) -> None:
    if PDFTOPPM is None or ZBARIMG is None:
        pytest.skip("needs pdftoppm and zbarimg (poppler-utils, zbar-tools) to scan the code")
    doc = sample_invoice(locale="de_DE")
    with strict_context():
        (tmp_path / "inv.pdf").write_bytes(render_invoice(doc))
    subprocess.run(
        [PDFTOPPM, "-r", "150", "-png", tmp_path / "inv.pdf", tmp_path / "p"], check=True
    )
    (png,) = tmp_path.glob("p*.png")
    scanned = subprocess.run(
        [ZBARIMG, "--raw", "-q", "-Sbinary", png], capture_output=True, check=True
    ).stdout
    assert scanned.decode("utf-8").rstrip("\n") == qr_payload(doc)


def test_payload_of_an_invoice() -> None:
    doc = sample_invoice()
    assert qr_payload(doc) == (
        f"BCD\n002\n1\nSCT\nAIBKIE2D\nCorner Coffee Supplies Ltd\n{SAMPLE_IBAN}\nEUR377.56"
        "\n\n\nINV-2026-00001"
    )
    custom = replace(doc, payment=replace(doc.payment, reference="Order 4711", bic=""))
    assert qr_payload(custom) == (
        f"BCD\n002\n1\nSCT\n\nCorner Coffee Supplies Ltd\n{SAMPLE_IBAN}\nEUR377.56\n\n\nOrder 4711"
    )


def test_overlong_name_and_reference_are_shortened_for_the_code() -> None:
    doc = sample_invoice()
    doc = replace(
        doc,
        seller=replace(doc.seller, name="A Very Long Company Name " * 4),
        payment=replace(doc.payment, reference="R" * 200),
    )
    lines = qr_payload(doc).split("\n")  # type: ignore[union-attr]
    assert len(lines[5]) <= 70 and lines[5].startswith("A Very Long Company Name")
    assert lines[-1] == "R" * 140


@pytest.mark.parametrize(
    "change",
    [
        {"currency": "USD"},
        {"kind": "credit_note"},
        {"status": "void"},
        {"amount_due": Decimal("0.00")},
        {"amount_due": Decimal("-5.00")},
    ],
)
def test_no_code_when_there_is_nothing_to_pay_in_euros(change: dict[str, object]) -> None:
    assert qr_payload(replace(sample_invoice(), **change)) is None  # type: ignore[arg-type]


def test_invalid_bank_details_print_no_code(caplog: pytest.LogCaptureFixture) -> None:
    doc = sample_invoice()
    assert qr_payload(replace(doc, payment=replace(doc.payment, iban=""))) is None
    bad = replace(doc, payment=replace(doc.payment, bic="NOT A BIC"))
    assert qr_payload(bad) is None
    assert "No payment QR code" in caplog.text
