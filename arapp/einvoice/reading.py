# SPDX-License-Identifier: MIT
"""Reading an e-invoice safely: the XML (or the XML inside a Factur-X PDF), and what it is.

The parser loads no DTD, expands no entity and opens no network connection; a document that
declares a DOCTYPE at all is refused (an e-invoice never needs one, and an XXE or "billion
laughs" attack needs it). Anything that is not a CII or UBL invoice or credit note is refused
with one plain sentence (:class:`UnreadableInvoice`).
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass

from lxml import etree

CII = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
UBL_INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
UBL_CREDIT_NOTE = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
#: What a Peppol BIS Billing 3.0 CustomizationID contains (after ``urn:cen.eu:en16931:2017#...#``).
PEPPOL_BIS3 = "urn:fdc:peppol.eu:2017:poacc:billing:3.0"
#: A Peppol billing business process (ProfileID), as the Peppol rule R007 reads it.
_PEPPOL_PROFILE = re.compile(r"urn:fdc:peppol\.eu:2017:poacc:billing:[0-9]{2}:1\.0")

#: Names of the invoice XML inside a Factur-X / ZUGFeRD / XRechnung PDF, in order of preference.
PDF_XML_NAMES = ("factur-x.xml", "zugferd-invoice.xml", "ZUGFeRD-invoice.xml", "xrechnung.xml")

#: Bigger files are refused before parsing (the official examples with attachments are ~3 MB).
MAX_BYTES = 50 * 1024 * 1024

#: Factur-X / ZUGFeRD levels by a part of the guideline id (first match wins).
_FACTURX_LEVELS = (
    ("urn:factur-x.eu:1p0:minimum", "minimum"),
    ("urn:factur-x.eu:1p0:basicwl", "basicwl"),
    ("urn:factur-x.eu:1p0:basic", "basic"),
    ("urn:factur-x.eu:1p0:extended", "extended"),
    ("urn:zugferd.de:2p0:extended", "extended"),
    ("urn:cen.eu:en16931:2017", "en16931"),
)

_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=False,
    remove_comments=False,
)


class UnreadableInvoice(Exception):
    """The file is not a readable e-invoice; the message says why in one sentence."""


@dataclass(frozen=True)
class InvoiceDocument:
    """A parsed e-invoice.

    Attributes:
        tree: The parsed XML.
        syntax: ``cii`` or ``ubl``.
        document: ``Invoice`` or ``CreditNote`` for UBL, ``CrossIndustryInvoice`` for CII.
        specification: The CustomizationID (UBL) or guideline parameter (CII), or ``""``.
        embedded_in: The name of the PDF attachment the XML came from, ``""`` for plain XML.
        profile: The ProfileID (UBL BT-23), or ``""``.
    """

    tree: etree._ElementTree
    syntax: str
    document: str
    specification: str
    embedded_in: str = ""
    profile: str = ""

    @property
    def label(self) -> str:
        return "CII" if self.syntax == "cii" else f"UBL {self.document}"

    @property
    def facturx_level(self) -> str:
        """The Factur-X level the guideline id names (CII only), or ``""``."""
        if self.syntax != "cii":
            return ""
        spec = self.specification.lower()
        return next((level for key, level in _FACTURX_LEVELS if key in spec), "")

    @property
    def is_xrechnung(self) -> bool:
        return "xrechnung" in self.specification.lower()

    @property
    def is_peppol(self) -> bool:
        """A UBL document whose CustomizationID claims Peppol BIS Billing 3.0."""
        return self.syntax == "ubl" and PEPPOL_BIS3 in self.specification

    @property
    def has_peppol_process(self) -> bool:
        """The ProfileID names a Peppol billing process (XRechnung and many EN 16931 examples
        name one without claiming Peppol BIS)."""
        return bool(_PEPPOL_PROFILE.fullmatch(self.profile))

    def text(self) -> str:
        """The document as XML text (no DOCTYPE, entities already refused)."""
        return str(etree.tostring(self.tree, encoding="unicode"))


def parse_xml(data: bytes, *, embedded_in: str = "") -> InvoiceDocument:
    """Parse ``data`` as a CII or UBL document, safely (see the module docstring)."""
    if len(data) > MAX_BYTES:
        raise UnreadableInvoice(f"The file is larger than {MAX_BYTES // 1024 // 1024} MB.")
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise UnreadableInvoice(f"This is not well-formed XML ({exc.msg}).") from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise UnreadableInvoice(
            "The XML declares a DOCTYPE, which an e-invoice never needs; refused for safety."
        )
    name = etree.QName(root)
    if name.namespace == CII and name.localname == "CrossIndustryInvoice":
        ids = root.xpath(
            "rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter"
            "/ram:ID/text()",
            namespaces={"rsm": CII, "ram": RAM},
        )
        return InvoiceDocument(tree, "cii", name.localname, _first(ids), embedded_in)
    if (name.namespace, name.localname) in (
        (UBL_INVOICE, "Invoice"),
        (UBL_CREDIT_NOTE, "CreditNote"),
    ):
        ids = root.xpath("cbc:CustomizationID/text()", namespaces={"cbc": CBC})
        profile = root.xpath("cbc:ProfileID/text()", namespaces={"cbc": CBC})
        return InvoiceDocument(
            tree, "ubl", name.localname, _first(ids), embedded_in, _first(profile)
        )
    raise UnreadableInvoice(
        f"This is not a CII or UBL invoice (its root element is {name.localname!r})."
    )


def _first(texts: object) -> str:
    return str(texts[0]).strip() if isinstance(texts, list) and texts else ""


def read_invoice(data: bytes) -> InvoiceDocument:
    """Parse ``data``: XML as it is, a PDF by the invoice XML embedded in it."""
    if data.lstrip()[:5] == b"%PDF-":
        name, xml = xml_in_pdf(data)
        return parse_xml(xml, embedded_in=name)
    return parse_xml(data)


def xml_in_pdf(pdf: bytes) -> tuple[str, bytes]:
    """The name and bytes of the invoice XML attached to a Factur-X / ZUGFeRD PDF."""
    from pypdf import PdfReader

    # pypdf reports repairs of sloppy PDFs through logging: they are not the person's concern.
    quiet = logging.getLogger("pypdf")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(pdf))
        if reader.is_encrypted:
            raise UnreadableInvoice("The PDF is encrypted; a Factur-X PDF never is.")
        attachments = reader.attachments
    except UnreadableInvoice:
        raise
    except Exception as exc:  # a broken PDF makes pypdf raise errors of many kinds
        raise UnreadableInvoice(f"The PDF cannot be read ({exc}).") from None
    finally:
        quiet.setLevel(level)
    for wanted in PDF_XML_NAMES:
        for name, contents in attachments.items():
            if name.lower() == wanted.lower() and contents:
                return name, contents[0]
    raise UnreadableInvoice(
        "The PDF carries no e-invoice (no factur-x.xml, zugferd-invoice.xml or xrechnung.xml "
        "attached)."
    )
