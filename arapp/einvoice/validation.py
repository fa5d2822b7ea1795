# SPDX-License-Identifier: MIT
"""Checking an e-invoice offline, layer by layer, against the official rules.

1. **Reading**: the XML is parsed safely (no DTD, entities or network; a DOCTYPE is refused), or
   taken from the ``factur-x.xml`` inside a Factur-X / ZUGFeRD PDF. A file that fails here is
   *unreadable* and no layer runs.
2. **XML schema**: CII D16B, or UBL 2.1 Invoice / CreditNote (lxml, in this process).
3. **EN 16931 rules** for CII or UBL (the CEN Schematron), unless the document is a Factur-X
   level that is not EN 16931 (MINIMUM, BASIC WL, EXTENDED).
4. **Factur-X profile** (its XSD and rules) when the XML came from a PDF or names a Factur-X
   level (not for an XRechnung inside a ZUGFeRD PDF: layer 5 holds it).
5. **XRechnung rules** when the document says it is an XRechnung.
6. **Peppol BIS Billing 3.0 rules** for a UBL document whose CustomizationID claims Peppol
   BIS 3, as compiled from OpenPeppol's Schematron (see ``rules/README.md``). A Peppol
   ProfileID alone does not bring them in (XRechnung and CEN's examples name Peppol's billing
   process without claiming Peppol BIS); the result of one that is not an XRechnung then says
   the Peppol rules were not run.

The rules (3-6) run in the child process of :class:`~arapp.einvoice.engine.RuleEngine`. A layer
whose rule file is missing or whose engine failed is "could not run"; it never passes.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

from lxml import etree

from arapp.domain.einvoice_check import CheckResult, LayerResult, RuleFailure, Severity
from arapp.einvoice import artefacts
from arapp.einvoice.engine import EngineFailure, RuleEngine
from arapp.einvoice.reading import PEPPOL_BIS3, InvoiceDocument, UnreadableInvoice, read_invoice
from arapp.einvoice.svrl import BadReport, failures

#: At most this many schema errors are listed (one mistake often yields dozens).
MAX_SCHEMA_ERRORS = 20

_NOT_EN16931 = {"minimum", "basicwl", "extended"}
_SCHEMA_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
_MISSING = "its rule file is missing from this installation (reinstall arapp)"


class Validator:
    """Checks e-invoices; keeps compiled schemas and one rule engine for its life.

    Use it as a context manager, or call :meth:`close`, to stop the engine's child process.
    """

    def __init__(self, engine: RuleEngine | None = None) -> None:
        self.engine = engine if engine is not None else RuleEngine()
        self._schemas: dict[Path, etree.XMLSchema] = {}
        self._schema_lock = threading.Lock()

    def close(self) -> None:
        self.engine.close()

    def __enter__(self) -> Validator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def check_file(self, path: Path) -> CheckResult:
        """Check the CII, UBL or Factur-X file at ``path``."""
        try:
            data = path.read_bytes()
        except OSError as exc:
            return CheckResult.unreadable(str(path), f"The file cannot be read ({exc.strerror}).")
        return self.check_bytes(data, str(path))

    def check_bytes(self, data: bytes, source: str) -> CheckResult:
        """Check ``data`` (XML or a Factur-X PDF); ``source`` names it in the result."""
        try:
            document = read_invoice(data)
        except UnreadableInvoice as exc:
            return CheckResult.unreadable(source, str(exc))
        return self.check_document(document, source)

    def check_document(self, document: InvoiceDocument, source: str) -> CheckResult:
        """Run every layer that applies to ``document``."""
        syntax, level = document.syntax, document.facturx_level
        # A ZUGFeRD PDF may carry an XRechnung (its XRECHNUNG profile): the XRechnung rules
        # then apply in place of the Factur-X profile's, which do not allow its guideline id.
        facturx = (
            syntax == "cii"
            and not document.is_xrechnung
            and (bool(document.embedded_in) or level not in ("", "en16931"))
        )
        notes = []
        if document.embedded_in:
            notes.append(
                f"The XML was taken from the PDF's attachment {document.embedded_in}; "
                "the PDF/A-3 form of the PDF itself is not checked."
            )
        layers = [self._schema_layer(document)]
        text = document.text()
        if facturx and level in _NOT_EN16931:
            notes.append(f"The EN 16931 rules do not apply to the Factur-X {level} level.")
        else:
            layers.append(
                self._rules_layer(
                    f"EN 16931 rules {artefacts.EN16931_VERSION} ({syntax.upper()})",
                    artefacts.en16931_rules(syntax),
                    text,
                )
            )
        if facturx:
            layers += self._facturx_layers(document, level, text)
        if document.is_xrechnung:
            layers.append(
                self._rules_layer(
                    f"XRechnung {artefacts.XRECHNUNG_VERSION} rules ({syntax.upper()})",
                    artefacts.xrechnung_rules(syntax),
                    text,
                )
            )
        if document.is_peppol:
            layers.append(
                self._rules_layer(
                    f"Peppol BIS Billing {artefacts.PEPPOL_VERSION} rules (UBL)",
                    artefacts.peppol_rules(),
                    text,
                )
            )
        elif PEPPOL_BIS3 in document.specification:  # a CII document claiming Peppol
            notes.append(
                "Not checked: the Peppol BIS Billing 3.0 rules for CII (Peppol BIS documents "
                "travel as UBL; arapp runs the Peppol rules on UBL only)."
            )
        elif document.has_peppol_process and not document.is_xrechnung:
            notes.append(
                "The Peppol BIS Billing 3.0 rules were not run: the ProfileID names a Peppol "
                "billing process, but the CustomizationID does not claim Peppol BIS Billing 3.0."
            )
        return CheckResult(
            source=source,
            syntax=document.label,
            specification=document.specification,
            layers=tuple(layers),
            notes=tuple(notes),
        )

    def _schema_layer(self, document: InvoiceDocument) -> LayerResult:
        if document.syntax == "cii":
            name, schema = "XML schema (CII D16B)", artefacts.cii_schema()
        else:
            name = f"XML schema (UBL 2.1 {document.document})"
            schema = artefacts.ubl_schema(document.document)
        return self._xsd(name, schema, document)

    def _facturx_layers(
        self, document: InvoiceDocument, level: str, text: str
    ) -> list[LayerResult]:
        name = f"Factur-X {artefacts.FACTURX_VERSION} {level or 'profile'}"
        if not level:
            claimed = document.specification or "no guideline id"
            reason = f"the document names no Factur-X level ({claimed})"
            return [
                LayerResult.not_run(f"{name} schema", reason),
                LayerResult.not_run(f"{name} rules", reason),
            ]
        return [
            self._xsd(f"{name} schema", artefacts.facturx_schema(level), document),
            self._rules_layer(f"{name} rules", artefacts.facturx_rules(level), text),
        ]

    def _xsd(self, name: str, path: Path | None, document: InvoiceDocument) -> LayerResult:
        if path is None:
            return LayerResult.not_run(name, _MISSING)
        # One document at a time per schema: lxml's schema objects are not shared by threads.
        with self._schema_lock:
            try:
                schema = self._schema(path)
            except (etree.XMLSchemaParseError, etree.XMLSyntaxError, OSError) as exc:
                return LayerResult.not_run(name, f"its schema could not be loaded ({exc})")
            if schema.validate(document.tree):
                return LayerResult.ran(name, ())
            errors = list(schema.error_log)[:MAX_SCHEMA_ERRORS]
        found = tuple(
            RuleFailure(
                "XSD", Severity.FATAL, _plain_schema_message(error.message), f"line {error.line}"
            )
            for error in errors
        )
        return LayerResult.ran(name, found)

    def _schema(self, path: Path) -> etree.XMLSchema:
        if path not in self._schemas:
            self._schemas[path] = etree.XMLSchema(etree.parse(str(path), _SCHEMA_PARSER))
        return self._schemas[path]

    def _rules_layer(self, name: str, stylesheet: Path | None, text: str) -> LayerResult:
        if stylesheet is None:
            return LayerResult.not_run(name, _MISSING)
        try:
            return LayerResult.ran(name, failures(self.engine.run(stylesheet, text)))
        except (EngineFailure, BadReport) as exc:
            return LayerResult.not_run(name, str(exc))


def _plain_schema_message(message: str) -> str:
    """lxml's message without the namespaces in braces (``{urn:...}Name`` -> ``Name``)."""
    return re.sub(r"\{[^}]*\}", "", message)
