# SPDX-License-Identifier: MIT
"""Build step: compile the official Peppol BIS Billing 3.0 Schematron to the XSLT arapp runs.

OpenPeppol publishes its rules only as Schematron source (``PEPPOL-EN16931-UBL.sch``). This
script turns that file into an XSLT 3.0 stylesheet with SchXslt2 (``tools/schxslt2/``, MIT,
a maintained ISO Schematron compiler written in XSLT) run by Saxon-HE (``saxonche``)::

    python tools/build_peppol_rules.py           # write PEPPOL-EN16931-UBL.xslt
    python tools/build_peppol_rules.py --check   # exit 1 when the committed XSLT is not the
                                                 # compiled form of the committed .sch

It runs by hand only, when the .sch or the compiler is replaced (see
``arapp/einvoice/rules/README.md``): never in CI and never when arapp starts. The output is
deterministic (the same inputs give the same bytes), so ``--check`` compares bytes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
COMPILER = ROOT / "tools" / "schxslt2" / "transpile.xsl"
#: The SchXslt2 release ``transpile.xsl`` was taken from (its git tag v1.3.4); the release
#: build writes this number where the source has ``${project.version}``, and so does this script.
SCHXSLT_VERSION = "1.3.4"
PEPPOL_VERSION = "3.0.19"
FOLDER = ROOT / "arapp" / "einvoice" / "rules" / "peppol" / PEPPOL_VERSION
SOURCE = FOLDER / "PEPPOL-EN16931-UBL.sch"
TARGET = FOLDER / "PEPPOL-EN16931-UBL.xslt"

_SCHXSLT = "http://dmaus.name/ns/2023/schxslt"
_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'
_HEADER = (
    "<!-- Peppol BIS Billing {peppol} rules (PEPPOL-EN16931-UBL.sch, OpenPeppol), compiled to\n"
    "     XSLT 3.0 by SchXslt2 {schxslt} with tools/build_peppol_rules.py. Do not edit: replace\n"
    "     the .sch and run that script again. Licence: NOTICE.txt in the folder above. -->"
)


def compile_rules() -> str:
    """The XSLT text compiled from :data:`SOURCE` (indented, with a header comment)."""
    from saxonche import PySaxonProcessor

    compiler = COMPILER.read_text(encoding="utf-8").replace("${project.version}", SCHXSLT_VERSION)
    with PySaxonProcessor(license=False) as processor:
        xslt: Any = processor.new_xslt30_processor()
        # a static parameter: SchXslt2's "debug" only indents the stylesheet it writes, which
        # keeps the committed file readable and its diffs small
        xslt.set_parameter(f"{{{_SCHXSLT}}}debug", processor.make_boolean_value(True))
        transpiler = xslt.compile_stylesheet(stylesheet_text=compiler)
        schema = processor.parse_xml(xml_file_name=str(SOURCE))
        compiled = transpiler.transform_to_string(xdm_node=schema)
    if not compiled or "<stylesheet" not in compiled[:200]:
        raise SystemExit("SchXslt2 wrote no stylesheet")
    body = compiled.removeprefix(_DECLARATION).lstrip("\n")
    header = _HEADER.format(peppol=PEPPOL_VERSION, schxslt=SCHXSLT_VERSION)
    return f"{_DECLARATION}\n{header}\n{body.rstrip()}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="only compare the committed XSLT with a fresh compilation",
    )
    args = parser.parse_args(argv)
    text = compile_rules()
    if args.check:
        committed = TARGET.read_text(encoding="utf-8") if TARGET.is_file() else ""
        if committed != text:
            print(f"{TARGET.relative_to(ROOT)} is not the compiled form of {SOURCE.name}")
            return 1
        print(f"{TARGET.relative_to(ROOT)} is the compiled form of {SOURCE.name}")
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)} ({len(text.encode()):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
