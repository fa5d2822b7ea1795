# SPDX-License-Identifier: MIT
"""Factur-X / ZUGFeRD 2.x: the invoice PDF as PDF/A-3b with its CII XML inside.

    pdf = make_facturx(render_invoice(doc), xml, title=..., author=...)
    pdf = facturx_invoice(doc, xml)  # the same, title and author taken from ``doc``
    write_facturx(doc, xml, path)    # and written to a file in one step

The visual invoice that :func:`~arapp.pdf.invoice.render_invoice` draws is already close to
PDF/A: every font is DejaVu Sans, embedded as a subset (never a built-in ReportLab font), the
colours are RGB or grey, the logo's transparency is a soft mask (allowed since PDF/A-2).
:func:`make_facturx` adds what PDF/A-3b and Factur-X need on top, with pypdf:

* the XML as the embedded file ``factur-x.xml`` (always this name), subtype ``text/xml``,
  ``/AFRelationship /Alternative``, listed in the catalog's ``/AF`` array and the
  ``EmbeddedFiles`` name tree;
* XMP metadata (:mod:`arapp.pdf.pdfa`) with the PDF/A identification and the Factur-X extension
  schema, and a document information dictionary that says the same;
* an output intent with an sRGB ICC profile;
* the print flag on every annotation (the payment link), a file ID, no encryption, and the
  header ``%PDF-1.7``.

It also refuses, rather than mislabels, a PDF that cannot be PDF/A: a font whose program is not
embedded, a CMYK image (the output intent is RGB), an encrypted file.  No network, no clock:
the dates are the original PDF's, so the same input gives the same bytes.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from io import BytesIO

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)

from arapp.files import write_atomically
from arapp.pdf.document import InvoiceDocument
from arapp.pdf.invoice import document_title, render_invoice
from arapp.pdf.pdfa import (
    FACTURX_LEVELS,
    PdfMetadata,
    clean_text,
    parse_pdf_date,
    pdf_date,
    srgb_profile,
    xmp_packet,
)

__all__ = [
    "FACTURX_FILE_NAME",
    "FACTURX_LEVELS",
    "NotPdfA",
    "facturx_invoice",
    "make_facturx",
    "write_facturx",
]

#: The name of the embedded XML; Factur-X allows no other.
FACTURX_FILE_NAME = "factur-x.xml"
PRODUCER = "arapp (ReportLab, pypdf)"

_SRGB = "sRGB IEC61966-2.1"
_EMBEDDED_FONT = ("/FontFile", "/FontFile2", "/FontFile3")
_PDFA_COLOUR_SPACES = {"/DeviceRGB", "/DeviceGray", "/ICCBased", "/Indexed", "/CalRGB", "/CalGray"}
_ANNOT_PRINT = 4
_ANNOT_FORBIDDEN = 1 | 2 | 32 | 256  # invisible, hidden, no view, toggle no view


class NotPdfA(ValueError):
    """The PDF cannot be made PDF/A-3b as it is; the message says why in one sentence."""


def facturx_invoice(doc: InvoiceDocument, xml: bytes, *, level: str = "EN 16931") -> bytes:
    """``doc`` rendered as usual, as a Factur-X PDF carrying ``xml`` (its CII invoice)."""
    title = document_title(doc)
    author = " ".join(doc.seller.name.split())
    return make_facturx(
        render_invoice(doc),
        xml,
        level=level,
        title=title,
        author=author,
        subject=f"{title} for {' '.join(doc.buyer.name.split())}",
        lang="en",  # the words on the page are English whatever the locale of the amounts
    )


def write_facturx(
    doc: InvoiceDocument,
    xml: bytes,
    path: str | os.PathLike[str],
    *,
    level: str = "EN 16931",
) -> None:
    """:func:`facturx_invoice` written to ``path`` (replacing the file in one step)."""
    write_atomically(path, facturx_invoice(doc, xml, level=level))


def make_facturx(
    pdf: bytes,
    xml: bytes,
    *,
    level: str = "EN 16931",
    title: str,
    author: str,
    subject: str = "",
    lang: str = "en",
) -> bytes:
    """The PDF ``pdf`` as a Factur-X PDF/A-3b with ``xml`` embedded as ``factur-x.xml``.

    ``level`` is the Factur-X conformance level the XML claims (one of
    :data:`~arapp.pdf.pdfa.FACTURX_LEVELS`); ``title``, ``author`` and ``subject`` go to the
    document information and the XMP metadata alike; ``lang`` is the language of the text
    (``/Lang``, e.g. ``"en"`` or ``"de-DE"``).  The XML is embedded byte for byte; it is not
    checked here beyond being a CII invoice (:mod:`arapp.einvoice` validates it).

    Raises:
        ValueError: a bad level, or the XML is not a CII document.
        NotPdfA: the PDF is encrypted or unreadable, or uses something PDF/A forbids.
    """
    if level not in FACTURX_LEVELS:
        raise ValueError(f"level must be one of {FACTURX_LEVELS}, not {level!r}")
    _check_cii(xml)
    writer, created = _open(pdf)
    _check_pdfa_content(writer)
    meta = PdfMetadata(
        title=title,
        author=author,
        subject=subject,
        keywords="",
        creator="arapp",
        producer=PRODUCER,
        created=created,
        modified=created,
    )
    root = writer.root_object
    attachment = _attach(writer, xml, created)
    root[NameObject("/AF")] = writer._add_object(ArrayObject([attachment]))
    names = root.get("/Names")
    names = names.get_object() if names is not None else DictionaryObject()
    names[NameObject("/EmbeddedFiles")] = DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject(FACTURX_FILE_NAME), attachment])}
    )
    root[NameObject("/Names")] = names
    root[NameObject("/Metadata")] = writer._add_object(
        _stream(
            xmp_packet(meta, level=level, file_name=FACTURX_FILE_NAME),
            {"/Type": NameObject("/Metadata"), "/Subtype": NameObject("/XML")},
            compress=False,  # PDF/A wants XMP readable without a PDF parser
        )
    )
    root[NameObject("/OutputIntents")] = ArrayObject([_output_intent(writer)])
    if lang.strip():
        root[NameObject("/Lang")] = TextStringObject(clean_text(lang.strip()))
    _set_info(writer, meta)
    _print_annotations(writer)
    writer.pdf_header = "%PDF-1.7"
    first_id = _first_id(writer, pdf)
    digest = hashlib.md5(pdf + b"\0" + xml + repr(meta).encode(), usedforsecurity=False)
    writer._ID = ArrayObject([ByteStringObject(first_id), ByteStringObject(digest.digest())])
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _check_cii(xml: bytes) -> None:
    """Refuse anything that is not a CII document; a full parse is the validator's work."""
    if not isinstance(xml, bytes):
        raise ValueError("the Factur-X XML must be bytes")
    head = xml[:4096]
    if b"CrossIndustryInvoice" not in head or b"<" not in head:
        raise ValueError("the Factur-X XML must be a CII invoice (rsm:CrossIndustryInvoice)")


def _open(pdf: bytes) -> tuple[PdfWriter, datetime]:
    quiet = logging.getLogger("pypdf")  # repairs of a sloppy PDF are logged, not raised
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        reader = PdfReader(BytesIO(pdf))
        if reader.is_encrypted:
            raise NotPdfA("The PDF is encrypted; PDF/A forbids encryption.")
        info: dict[str, object] = dict(reader.metadata or {})
        writer = PdfWriter(clone_from=reader)
    except NotPdfA:
        raise
    except Exception as exc:  # pypdf raises errors of many kinds for a broken PDF
        raise NotPdfA(f"The PDF cannot be read ({exc}).") from None
    finally:
        quiet.setLevel(level)
    created = parse_pdf_date(str(info.get("/CreationDate", "")))
    # No date in the PDF: now (then the output is not reproducible, but the date is true).
    return writer, created or datetime.now(UTC).replace(microsecond=0)


def _first_id(writer: PdfWriter, pdf: bytes) -> bytes:
    """The first half of the file ID stays the original's (PDF 14.4); else a hash."""
    old = writer._ID
    first = old[0] if isinstance(old, ArrayObject) and old else None
    if isinstance(first, TextStringObject) and first.original_bytes:
        return first.original_bytes
    if isinstance(first, ByteStringObject) and first:
        return bytes(first)
    return hashlib.md5(pdf, usedforsecurity=False).digest()


def _stream(data: bytes, entries: dict[str, PdfObject], *, compress: bool = True) -> StreamObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    encoded: StreamObject = stream.flate_encode() if compress else stream
    encoded.update({NameObject(key): value for key, value in entries.items()})
    return encoded


def _attach(writer: PdfWriter, xml: bytes, moment: datetime) -> PdfObject:
    """The file specification of ``factur-x.xml`` (an indirect reference)."""
    params = DictionaryObject(
        {
            NameObject("/Size"): NumberObject(len(xml)),
            NameObject("/CreationDate"): TextStringObject(pdf_date(moment)),
            NameObject("/ModDate"): TextStringObject(pdf_date(moment)),
            NameObject("/CheckSum"): ByteStringObject(
                hashlib.md5(xml, usedforsecurity=False).digest()
            ),
        }
    )
    embedded = writer._add_object(
        _stream(
            xml,
            {
                "/Type": NameObject("/EmbeddedFile"),
                "/Subtype": NameObject("/text/xml"),  # written as /text#2Fxml
                "/Params": params,
            },
        )
    )
    name = TextStringObject(FACTURX_FILE_NAME)
    spec = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Filespec"),
            NameObject("/F"): name,
            NameObject("/UF"): name,
            NameObject("/EF"): DictionaryObject(
                {NameObject("/F"): embedded, NameObject("/UF"): embedded}
            ),
            NameObject("/Desc"): TextStringObject("Factur-X invoice (CII XML)"),
            NameObject("/AFRelationship"): NameObject("/Alternative"),
        }
    )
    return writer._add_object(spec)


def _output_intent(writer: PdfWriter) -> DictionaryObject:
    profile = _stream(srgb_profile(), {"/N": NumberObject(3)})
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/OutputIntent"),
            NameObject("/S"): NameObject("/GTS_PDFA1"),
            NameObject("/OutputConditionIdentifier"): TextStringObject(_SRGB),
            NameObject("/Info"): TextStringObject(_SRGB),
            NameObject("/RegistryName"): TextStringObject("http://www.color.org"),
            NameObject("/DestOutputProfile"): writer._add_object(profile),
        }
    )


def _set_info(writer: PdfWriter, meta: PdfMetadata) -> None:
    """The information dictionary, entry for entry the same as the XMP (and nothing else)."""
    writer.metadata = None
    writer.add_metadata(
        {
            "/Title": clean_text(meta.title),
            "/Author": clean_text(meta.author),
            "/Subject": clean_text(meta.subject),
            "/Creator": clean_text(meta.creator),
            "/Producer": clean_text(meta.producer),
            "/CreationDate": pdf_date(meta.created),
            "/ModDate": pdf_date(meta.modified),
        }
    )


def _print_annotations(writer: PdfWriter) -> None:
    """PDF/A: every annotation is printable and not hidden."""
    for page in writer.pages:
        for ref in page.get("/Annots") or ():
            annot = ref.get_object()
            flags = int(annot.get("/F", 0))
            annot[NameObject("/F")] = NumberObject((flags | _ANNOT_PRINT) & ~_ANNOT_FORBIDDEN)


def _resources(writer: PdfWriter) -> Iterator[DictionaryObject]:
    """The resource dictionaries of every page and of the form XObjects they use."""
    seen: set[int] = set()
    stack = [page.get("/Resources") for page in writer.pages]
    while stack:
        item = stack.pop()
        resources = item.get_object() if item is not None else None
        if not isinstance(resources, DictionaryObject) or id(resources) in seen:
            continue
        seen.add(id(resources))
        yield resources
        for xobject in (resources.get("/XObject") or DictionaryObject()).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                stack.append(xobject.get("/Resources"))


def _check_pdfa_content(writer: PdfWriter) -> None:
    """Refuse fonts that are not embedded and CMYK images (:class:`NotPdfA`)."""
    for resources in _resources(writer):
        for font in (resources.get("/Font") or DictionaryObject()).values():
            font = font.get_object()
            if font.get("/Subtype") == "/Type3":
                continue
            if font.get("/Subtype") == "/Type0":
                font = font["/DescendantFonts"][0].get_object()
            descriptor = font.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            if not any(key in descriptor for key in _EMBEDDED_FONT):
                raise NotPdfA(f"The font {font.get('/BaseFont')} is not embedded in the PDF.")
        for xobject in (resources.get("/XObject") or DictionaryObject()).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") != "/Image":
                continue
            space = xobject.get("/ColorSpace")
            space = space.get_object() if space is not None else None
            name = space[0] if isinstance(space, ArrayObject) else space
            if name is not None and str(name) not in _PDFA_COLOUR_SPACES:
                raise NotPdfA(f"An image of the PDF uses the colour space {name}, not RGB.")
