# SPDX-License-Identifier: MIT
"""The rules arapp ships are the versions it names, each with its licence beside it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from arapp.einvoice import artefacts

ROOT = Path(__file__).resolve().parents[3]


def test_the_shipped_rules_are_the_versions_named() -> None:
    for syntax in ("cii", "ubl"):
        rules = artefacts.en16931_rules(syntax)
        assert rules is not None, syntax
        head = rules.read_text(encoding="utf-8")[:2000]
        assert f"Schematron version {artefacts.EN16931_VERSION}" in head
        xrechnung = artefacts.xrechnung_rules(syntax)
        assert xrechnung is not None, syntax
        assert f"XRechnung {artefacts.XRECHNUNG_VERSION} compatible" in xrechnung.read_text(
            encoding="utf-8"
        )


def test_every_rule_file_is_found_with_its_licence() -> None:
    assert artefacts.cii_schema() is not None
    assert artefacts.ubl_schema("Invoice") is not None
    assert artefacts.ubl_schema("CreditNote") is not None
    for level in artefacts.FACTURX_FILES:
        assert artefacts.facturx_schema(level) is not None, level
        assert artefacts.facturx_rules(level) is not None, level
    assert (artefacts.RULES / "en16931" / "LICENSE.txt").is_file()
    assert (artefacts.RULES / "xrechnung" / "LICENSE-Apache-2.0.txt").is_file()
    assert (artefacts.RULES / "xrechnung" / "NOTICE.txt").is_file()
    assert f"| {artefacts.EN16931_VERSION} " in (artefacts.RULES / "README.md").read_text(
        encoding="utf-8"
    )
    assert artefacts.peppol_rules() is not None
    assert (artefacts.RULES / "peppol" / "NOTICE.txt").is_file()
    assert (ROOT / "tools" / "schxslt2" / "LICENSE").is_file()


def test_the_peppol_rules_are_the_release_named_and_its_compiled_form() -> None:
    rules = artefacts.peppol_rules()
    assert rules is not None
    source = rules.with_suffix(".sch").read_text(encoding="utf-8")
    assert f"Last update: 2025 May release {artefacts.PEPPOL_VERSION}." in source
    assert (
        f"Peppol BIS Billing {artefacts.PEPPOL_VERSION} rules"
        in rules.read_text(encoding="utf-8")[:500]
    )
    assert f"| {artefacts.PEPPOL_VERSION} " in (artefacts.RULES / "README.md").read_text(
        encoding="utf-8"
    )
    # the build step, run again, writes the same bytes (it compiles in ~1 s)
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_peppol_rules.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
