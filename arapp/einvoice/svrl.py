# SPDX-License-Identifier: MIT
"""The Schematron report (SVRL) the rule XSLTs write, read into :class:`RuleFailure` values.

Each ``failed-assert`` or ``successful-report`` is one broken rule. Its ``flag`` says how bad
(the EN 16931, XRechnung and Peppol rules write ``fatal`` or ``warning``); a rule without a
flag (the Factur-X profile rules write none) or with a flag this module does not know counts as
fatal: when in doubt, the document is not sent.
"""

from __future__ import annotations

import re

from lxml import etree

from arapp.domain.einvoice_check import RuleFailure, Severity
from arapp.domain.einvoice_fields import field_at, field_named_in, field_of_rule

SVRL = "http://purl.oclc.org/dsdl/svrl"
_WARNING_FLAGS = {"warning", "warn", "information", "info"}
_RULE_IN_TEXT = re.compile(r"^\s*\[([A-Za-z0-9_.-]+)\]\s*-?\s*")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


class BadReport(Exception):
    """The rule engine's output is not a Schematron report."""


def failures(svrl: str) -> tuple[RuleFailure, ...]:
    """Every rule the report says is broken, in the report's order."""
    try:
        root = etree.fromstring(svrl.encode("utf-8"), _PARSER)
    except etree.XMLSyntaxError as exc:
        raise BadReport(f"the rules' report is not XML ({exc.msg})") from None
    if etree.QName(root).namespace != SVRL:
        raise BadReport("the rules wrote no Schematron report")
    found = []
    for element in root.iter(f"{{{SVRL}}}failed-assert", f"{{{SVRL}}}successful-report"):
        raw = " ".join(
            "".join(element.xpath("svrl:text//text()", namespaces={"svrl": SVRL})).split()
        )
        in_text = _RULE_IN_TEXT.match(raw)
        text = raw[in_text.end() :] if in_text else raw
        rule = element.get("id") or (in_text.group(1) if in_text else "") or "(no id)"
        flag = (element.get("flag") or element.get("role") or "").strip().lower()
        severity = Severity.WARNING if flag in _WARNING_FLAGS else Severity.FATAL
        location = simple_path(element.get("location", ""))
        found.append(
            RuleFailure(
                rule=rule,
                severity=severity,
                text=text,
                location=location,
                field=field_named_in(text) or field_of_rule(rule) or field_at(location),
            )
        )
    return tuple(found)


_NAMESPACE_TEST = re.compile(r"\[namespace-uri\(\)='[^']*'\]")
_PREFIX = re.compile(r"(?<=/)(?:\*:|Q\{[^}]*\}|[A-Za-z][\w.-]*:)")


def simple_path(location: str) -> str:
    """``/*:Invoice[namespace-uri()='...'][1]/*:Seller[...][1]`` as ``/Invoice/Seller``: the
    element names only, with a position kept where it picks one of several (``Line[3]``)."""
    path = _NAMESPACE_TEST.sub("", location)
    path = _PREFIX.sub("", path)
    return re.sub(r"\[1\]", "", path)
