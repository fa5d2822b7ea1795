# SPDX-License-Identifier: MIT
"""The PDF/A-3b parts of a Factur-X PDF: XMP metadata, the sRGB output intent, PDF dates.

:mod:`arapp.pdf.facturx` puts them into the invoice PDF.  Nothing here reads the clock: every
date comes from the caller, so the same input always yields the same bytes.

* :func:`xmp_packet`: the XMP metadata stream, with the PDF/A identification (part 3,
  conformance B), Dublin Core title, author and subject, the dates, and the Factur-X extension
  schema (its description, as PDF/A requires for a schema it does not predefine, and its four
  properties).
* :func:`srgb_profile`: an sRGB ICC profile made by LittleCMS (through Pillow) for the output
  intent.  LittleCMS is MIT-licensed and marks the profile "No copyright, use freely"; the
  profile is made at run time, not shipped.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from xml.sax.saxutils import escape

__all__ = [
    "FACTURX_LEVELS",
    "PdfMetadata",
    "parse_pdf_date",
    "pdf_date",
    "srgb_profile",
    "xmp_packet",
]

#: The Factur-X conformance levels as the XMP ``fx:ConformanceLevel`` spells them.  (ZUGFeRD's
#: XRECHNUNG level is left out: its XML goes by the name ``xrechnung.xml``, not ``factur-x.xml``.)
FACTURX_LEVELS = ("MINIMUM", "BASIC WL", "BASIC", "EN 16931", "EXTENDED")

FX_NAMESPACE = "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#"

# XML 1.0 allows neither these characters nor lone surrogates; a hostile name may carry them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_PDF_DATE = re.compile(
    r"D:(\d{4})(\d\d)?(\d\d)?(\d\d)?(\d\d)?(\d\d)?(?:(Z)|([+-])(\d\d)'?(\d\d)?'?)?"
)


@dataclass(frozen=True)
class PdfMetadata:
    """What the document information dictionary and the XMP metadata both say.

    Attributes:
        title: The document's title, e.g. ``"Invoice INV-2026-00001"``.
        author: Who made it (the seller).
        subject: What it is about; may be empty.
        keywords: Keywords; may be empty.
        creator: The application that made the original document (``/Creator``).
        producer: The software that wrote the PDF (``/Producer``).
        created: When the document was made (aware, any time zone).
        modified: When it was last changed (aware).
    """

    title: str
    author: str
    subject: str
    keywords: str
    creator: str
    producer: str
    created: datetime
    modified: datetime


def clean_text(text: str) -> str:
    """``text`` without the characters XML cannot carry (control characters, surrogates)."""
    return _NOT_XML.sub("", text)


def pdf_date(moment: datetime) -> str:
    """``D:20261207143328+00'00'``: ``moment`` (aware) in UTC, as a PDF date string."""
    return moment.astimezone(UTC).strftime("D:%Y%m%d%H%M%S+00'00'")


def xmp_date(moment: datetime) -> str:
    """``2026-12-07T14:33:28+00:00``: the same instant as :func:`pdf_date`, for XMP."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def parse_pdf_date(text: str) -> datetime | None:
    """The aware date of a PDF date string, or ``None`` if it is not one.

    A date without a time zone is taken as UTC (the PDF standard leaves it unknown).
    """
    match = _PDF_DATE.match(text.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second, zulu, sign, tz_hour, tz_minute = match.groups()
    offset = timedelta(0)
    if sign and not zulu:
        offset = timedelta(hours=int(tz_hour), minutes=int(tz_minute or 0))
        offset = -offset if sign == "-" else offset
    try:
        return datetime(
            int(year),
            int(month or 1),
            int(day or 1),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            tzinfo=timezone(offset),
        )
    except ValueError:
        return None


def _text(value: str) -> str:
    return escape(clean_text(value))


def _property(name: str, description: str) -> str:
    return f"""
            <rdf:li rdf:parseType="Resource">
              <pdfaProperty:name>{name}</pdfaProperty:name>
              <pdfaProperty:valueType>Text</pdfaProperty:valueType>
              <pdfaProperty:category>external</pdfaProperty:category>
              <pdfaProperty:description>{description}</pdfaProperty:description>
            </rdf:li>"""


_FX_PROPERTIES = "".join(
    _property(name, description)
    for name, description in (
        ("DocumentFileName", "The name of the embedded XML document"),
        ("DocumentType", "The type of the hybrid document in capital letters, e.g. INVOICE"),
        ("Version", "The actual version of the standard applying to the embedded XML document"),
        ("ConformanceLevel", "The conformance level of the embedded XML document"),
    )
)


def xmp_packet(meta: PdfMetadata, *, level: str, file_name: str, version: str = "1.0") -> bytes:
    """The XMP metadata of a Factur-X PDF/A-3b, UTF-8, to be stored unfiltered.

    ``level`` is one of :data:`FACTURX_LEVELS`; ``file_name`` the name of the embedded XML.
    The packet header carries neither ``bytes`` nor ``encoding`` (PDF/A forbids both).
    """
    if level not in FACTURX_LEVELS:
        raise ValueError(f"level must be one of {FACTURX_LEVELS}, not {level!r}")
    keywords = (
        f"\n      <pdf:Keywords>{_text(meta.keywords)}</pdf:Keywords>" if meta.keywords else ""
    )
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
  <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
    <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
      <pdfaid:part>3</pdfaid:part>
      <pdfaid:conformance>B</pdfaid:conformance>
    </rdf:Description>
    <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <dc:format>application/pdf</dc:format>
      <dc:title><rdf:Alt>
        <rdf:li xml:lang="x-default">{_text(meta.title)}</rdf:li>
      </rdf:Alt></dc:title>
      <dc:creator><rdf:Seq><rdf:li>{_text(meta.author)}</rdf:li></rdf:Seq></dc:creator>
      <dc:description><rdf:Alt>
        <rdf:li xml:lang="x-default">{_text(meta.subject)}</rdf:li>
      </rdf:Alt></dc:description>
    </rdf:Description>
    <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
      <pdf:Producer>{_text(meta.producer)}</pdf:Producer>{keywords}
    </rdf:Description>
    <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
      <xmp:CreatorTool>{_text(meta.creator)}</xmp:CreatorTool>
      <xmp:CreateDate>{xmp_date(meta.created)}</xmp:CreateDate>
      <xmp:ModifyDate>{xmp_date(meta.modified)}</xmp:ModifyDate>
      <xmp:MetadataDate>{xmp_date(meta.modified)}</xmp:MetadataDate>
    </rdf:Description>
    <rdf:Description rdf:about=""
        xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
        xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
        xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
      <pdfaExtension:schemas>
        <rdf:Bag>
          <rdf:li rdf:parseType="Resource">
            <pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>
            <pdfaSchema:namespaceURI>{FX_NAMESPACE}</pdfaSchema:namespaceURI>
            <pdfaSchema:prefix>fx</pdfaSchema:prefix>
            <pdfaSchema:property>
              <rdf:Seq>{_FX_PROPERTIES}
              </rdf:Seq>
            </pdfaSchema:property>
          </rdf:li>
        </rdf:Bag>
      </pdfaExtension:schemas>
    </rdf:Description>
    <rdf:Description rdf:about="" xmlns:fx="{FX_NAMESPACE}">
      <fx:DocumentType>INVOICE</fx:DocumentType>
      <fx:DocumentFileName>{_text(file_name)}</fx:DocumentFileName>
      <fx:Version>{_text(version)}</fx:Version>
      <fx:ConformanceLevel>{level}</fx:ConformanceLevel>
    </rdf:Description>
  </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return packet.encode("utf-8")


@functools.cache
def srgb_profile() -> bytes:
    """An sRGB ICC display profile (RGB, class ``mntr``), the same bytes every time.

    LittleCMS stamps the clock into the header and labels its profiles version 4.4; the
    date is set to a fixed one and the version to 4.2 (ICC.1:2004-10, the version ISO 32000-1
    and so PDF/A-3 refer to; the profile uses only tag types that version defines).
    """
    from PIL import ImageCms

    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    data[8:12] = bytes((4, 0x20, 0, 0))
    data[24:36] = b"".join(n.to_bytes(2, "big") for n in (2026, 1, 1, 0, 0, 0))
    data[84:100] = bytes(16)  # no profile id: it would have to be recomputed
    return bytes(data)
