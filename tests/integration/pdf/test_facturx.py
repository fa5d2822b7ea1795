# SPDX-License-Identifier: MIT
"""The Factur-X PDF (PDF/A-3b with ``factur-x.xml``), read back with pypdf, lxml and pdftoppm.

No PDF/A validator (veraPDF) runs here; these tests check the parts PDF/A-3b and Factur-X ask
for one by one.
"""

from __future__ import annotations

import io
import subprocess
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from arapp.pdf import render_invoice
from arapp.pdf.facturx import (
    FACTURX_FILE_NAME,
    NotPdfA,
    facturx_invoice,
    make_facturx,
    write_facturx,
)
from arapp.pdf.pdfa import parse_pdf_date
from arapp.pdf.sample import sample_invoice
from tests.helpers.pdf import PDFTOPPM

CII = Path(__file__).resolve().parents[2] / "data/einvoice/en16931/cii/CII_example1.xml"
NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
    "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#",
    "fx": "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#",
}


@pytest.fixture(scope="module")
def xml() -> bytes:
    return CII.read_bytes()


@pytest.fixture(scope="module")
def invoice_pdf() -> bytes:
    return render_invoice(sample_invoice())


def _facturx(
    pdf: bytes,
    xml: bytes,
    *,
    title: str = "Invoice INV-2026-00001",
    subject: str = "",
    level: str = "EN 16931",
) -> bytes:
    return make_facturx(
        pdf, xml, level=level, title=title, author="Corner Coffee Supplies Ltd", subject=subject
    )


def _xmp(reader: PdfReader) -> etree._Element:
    stream = reader.trailer["/Root"]["/Metadata"].get_object()
    assert "/Filter" not in stream  # XMP stored unfiltered
    return etree.fromstring(stream.get_data())


def _one(root: etree._Element, path: str) -> str:
    found = root.xpath(path, namespaces=NS)
    assert len(found) == 1, path
    return str(found[0])


def test_the_xml_is_embedded_as_facturx_xml_alternative(invoice_pdf: bytes, xml: bytes) -> None:
    out = _facturx(invoice_pdf, xml)
    reader = PdfReader(io.BytesIO(out))
    assert out.startswith(b"%PDF-1.7\n")
    assert reader.attachments == {FACTURX_FILE_NAME: [xml]}  # byte for byte
    root = reader.trailer["/Root"]
    (spec,) = [ref.get_object() for ref in root["/AF"].get_object()]
    assert spec["/Type"] == "/Filespec"
    assert spec["/F"] == spec["/UF"] == "factur-x.xml"
    assert spec["/AFRelationship"] == "/Alternative"
    names = root["/Names"]["/EmbeddedFiles"]["/Names"]
    assert names[0] == "factur-x.xml"
    assert names[1].get_object() == spec
    embedded = spec["/EF"]["/F"].get_object()
    assert embedded["/Type"] == "/EmbeddedFile"
    assert embedded["/Subtype"] == "/text/xml"
    assert b"/Subtype /text#2Fxml" in out
    assert embedded["/Params"]["/Size"] == len(xml)
    assert parse_pdf_date(embedded["/Params"]["/ModDate"]) is not None


def test_xmp_has_the_pdfa_id_and_the_facturx_schema(invoice_pdf: bytes, xml: bytes) -> None:
    reader = PdfReader(io.BytesIO(_facturx(invoice_pdf, xml, subject="Invoice for Zoë")))
    xmp = _xmp(reader)
    assert _one(xmp, "//pdfaid:part/text()") == "3"
    assert _one(xmp, "//pdfaid:conformance/text()") == "B"
    assert _one(xmp, "//fx:DocumentType/text()") == "INVOICE"
    assert _one(xmp, "//fx:DocumentFileName/text()") == "factur-x.xml"
    assert _one(xmp, "//fx:Version/text()") == "1.0"
    assert _one(xmp, "//fx:ConformanceLevel/text()") == "EN 16931"
    schema = xmp.xpath("//pdfaExtension:schemas/rdf:Bag/rdf:li", namespaces=NS)[0]
    assert _one(schema, "pdfaSchema:namespaceURI/text()") == NS["fx"]
    assert _one(schema, "pdfaSchema:prefix/text()") == "fx"
    assert schema.xpath("pdfaSchema:property//pdfaProperty:name/text()", namespaces=NS) == [
        "DocumentFileName",
        "DocumentType",
        "Version",
        "ConformanceLevel",
    ]
    # The document information says what the XMP says.
    info = reader.metadata
    assert info is not None
    assert _one(xmp, "//dc:title//rdf:li/text()") == info["/Title"] == "Invoice INV-2026-00001"
    assert _one(xmp, "//dc:creator//rdf:li/text()") == info["/Author"]
    assert _one(xmp, "//dc:description//rdf:li/text()") == info["/Subject"] == "Invoice for Zoë"
    assert _one(xmp, "//pdf:Producer/text()") == info["/Producer"]
    assert _one(xmp, "//xmp:CreatorTool/text()") == info["/Creator"]
    for xmp_name, info_name in (("CreateDate", "/CreationDate"), ("ModifyDate", "/ModDate")):
        assert datetime.fromisoformat(_one(xmp, f"//xmp:{xmp_name}/text()")) == (
            parse_pdf_date(info[info_name])
        )
    assert "/Trapped" not in info  # it would need its XMP twin


def test_srgb_output_intent_no_encryption_and_a_file_id(invoice_pdf: bytes, xml: bytes) -> None:
    reader = PdfReader(io.BytesIO(_facturx(invoice_pdf, xml)))
    (intent,) = [i.get_object() for i in reader.trailer["/Root"]["/OutputIntents"]]
    assert intent["/S"] == "/GTS_PDFA1"
    assert intent["/OutputConditionIdentifier"] == "sRGB IEC61966-2.1"
    profile = intent["/DestOutputProfile"].get_object()
    assert profile["/N"] == 3
    icc = profile.get_data()
    assert icc[36:40] == b"acsp"  # an ICC profile
    assert (icc[8], icc[12:16], icc[16:20]) == (4, b"mntr", b"RGB ")
    assert "/Encrypt" not in reader.trailer
    assert len(reader.trailer["/ID"]) == 2
    assert reader.trailer["/Root"]["/Lang"] == "en"


def _fonts(reader: PdfReader) -> list[DictionaryObject]:
    return [f.get_object() for page in reader.pages for f in page["/Resources"]["/Font"].values()]


def test_every_font_is_embedded_and_every_annotation_prints(xml: bytes, tmp_path: Path) -> None:
    doc = sample_invoice()  # its payment link is a link annotation
    write_facturx(doc, xml, tmp_path / "INV-2026-00001.pdf")
    reader = PdfReader(tmp_path / "INV-2026-00001.pdf")
    fonts = _fonts(reader)
    assert {str(f["/BaseFont"]).split("+")[1] for f in fonts} == {"DejaVuSans", "DejaVuSans-Bold"}
    for font in fonts:
        assert "/FontFile2" in font["/FontDescriptor"].get_object()
    annots = [a.get_object() for page in reader.pages for a in page.get("/Annots", [])]
    assert annots
    assert all(int(a["/F"]) & 4 for a in annots)


def test_a_hostile_attachment_name_in_the_pdf_is_replaced(invoice_pdf: bytes, xml: bytes) -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(invoice_pdf)))
    writer.add_attachment("../../evil.xml", b"<evil/>")
    writer.add_attachment("factur-x.xml", b"<old/>")
    hostile = io.BytesIO()
    writer.write(hostile)
    title = 'Invoice </rdf:li>&amp;<x:xmpmeta> "\x00\x07\u202e'
    reader = PdfReader(io.BytesIO(_facturx(hostile.getvalue(), xml, title=title)))
    assert reader.attachments == {"factur-x.xml": [xml]}
    assert (
        _one(_xmp(reader), "//dc:title//rdf:li/text()")
        == 'Invoice </rdf:li>&amp;<x:xmpmeta> "\u202e'
    )


def test_an_xml_of_several_megabytes_is_embedded_whole(invoice_pdf: bytes, xml: bytes) -> None:
    note = b"<ram:IncludedNote><ram:Content>" + b"x" * 6_000_000 + b"</ram:Content>"
    big = xml.replace(b"<ram:IncludedNote>", note + b"</ram:IncludedNote><ram:IncludedNote>", 1)
    assert len(big) > 6_000_000
    reader = PdfReader(io.BytesIO(_facturx(invoice_pdf, big)))
    assert reader.attachments["factur-x.xml"] == [big]


def test_the_same_input_gives_the_same_bytes(invoice_pdf: bytes, xml: bytes) -> None:
    first = _facturx(invoice_pdf, xml)
    assert _facturx(invoice_pdf, xml) == first
    other = PdfReader(io.BytesIO(_facturx(invoice_pdf, xml.replace(b"12115118", b"12115119"))))
    assert other.trailer["/ID"][1] != PdfReader(io.BytesIO(first)).trailer["/ID"][1]


def _raster(pdf: bytes, folder: Path, name: str) -> Image.Image:
    assert PDFTOPPM is not None
    (folder / f"{name}.pdf").write_bytes(pdf)
    subprocess.run(
        [PDFTOPPM, "-r", "40", "-png", "-singlefile", name + ".pdf", name],
        cwd=folder,
        check=True,
    )
    return Image.open(folder / f"{name}.png").convert("RGB")


@pytest.mark.skipif(PDFTOPPM is None, reason="pdftoppm (poppler-utils) is not installed")
def test_the_facturx_pdf_looks_like_the_normal_invoice(xml: bytes, tmp_path: Path) -> None:
    doc = sample_invoice(lines=60)  # two pages
    normal = render_invoice(doc)
    hybrid = facturx_invoice(doc, xml)
    for index, (plain, fx) in enumerate(
        zip(PdfReader(io.BytesIO(normal)).pages, PdfReader(io.BytesIO(hybrid)).pages, strict=True)
    ):
        assert plain.extract_text() == fx.extract_text(), index
    assert _raster(normal, tmp_path, "a").tobytes() == _raster(hybrid, tmp_path, "b").tobytes()


def test_a_cmyk_jpeg_logo_is_printed_in_rgb(xml: bytes) -> None:
    logo = io.BytesIO()
    Image.new("CMYK", (120, 60), (0, 120, 200, 10)).save(logo, "JPEG")
    doc = sample_invoice()
    doc = replace(doc, seller=replace(doc.seller, logo=logo.getvalue()))
    reader = PdfReader(io.BytesIO(facturx_invoice(doc, xml)))
    images = [
        x.get_object()
        for x in reader.pages[0]["/Resources"]["/XObject"].values()
        if x.get_object()["/Subtype"] == "/Image"
    ]
    assert [i["/ColorSpace"] for i in images] == ["/DeviceRGB"]


def _canvas_pdf(*, encrypt: str | None = None) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, encrypt=encrypt)
    canvas.drawString(72, 770, "Helvetica is not embedded")
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def test_what_cannot_be_pdfa_is_refused(invoice_pdf: bytes, xml: bytes) -> None:
    with pytest.raises(NotPdfA, match="not embedded"):
        _facturx(_canvas_pdf(), xml)
    with pytest.raises(NotPdfA, match="encrypted"):
        _facturx(_canvas_pdf(encrypt="secret"), xml)
    with pytest.raises(NotPdfA, match="cannot be read"):
        _facturx(b"%PDF-1.4 broken", xml)
    with pytest.raises(ValueError, match="CII"):
        _facturx(invoice_pdf, b"<Invoice/>")
    for level in ("EN 16931</fx:ConformanceLevel>", "XRECHNUNG", "en16931"):
        with pytest.raises(ValueError, match="level"):
            _facturx(invoice_pdf, xml, level=level)


def test_the_level_is_the_one_asked_for(invoice_pdf: bytes, xml: bytes) -> None:
    reader = PdfReader(io.BytesIO(_facturx(invoice_pdf, xml, level="BASIC WL")))
    assert _one(_xmp(reader), "//fx:ConformanceLevel/text()") == "BASIC WL"


def test_a_pdf_without_a_date_gets_the_time_of_making(invoice_pdf: bytes, xml: bytes) -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(invoice_pdf)))
    writer.metadata = None
    bare = io.BytesIO()
    writer.write(bare)
    before = datetime.now(UTC).replace(microsecond=0)
    info = PdfReader(io.BytesIO(_facturx(bare.getvalue(), xml))).metadata
    assert info is not None
    created = parse_pdf_date(info["/CreationDate"])
    assert created is not None and created >= before


def test_a_character_the_font_lacks_prints_as_a_box_not_notdef(xml: bytes) -> None:
    doc = sample_invoice()
    doc = replace(doc, buyer=replace(doc.buyer, name="株式会社 Tanaka 🙂"))  # no CJK in DejaVu
    page = PdfReader(io.BytesIO(facturx_invoice(doc, xml))).pages[0]
    # The white box U+25AF, not the .notdef glyph (code 0), which PDF/A forbids.
    assert "▯▯▯▯ Tanaka ▯" in page.extract_text()
    assert b"\\000" not in page.get_contents().get_data()
