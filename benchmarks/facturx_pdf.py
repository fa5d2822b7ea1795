# SPDX-License-Identifier: MIT
"""How fast Factur-X PDFs are made (the invoice rendered, then made PDF/A-3b with its XML).

    python benchmarks/facturx_pdf.py [--count 100]

Makes ``--count`` typical one-page invoices (logo, five lines, two VAT rates, an EPC payment QR
code; each with its own number and amount) into Factur-X PDFs with
:func:`arapp.pdf.facturx.facturx_invoice`, and prints PDFs per second; then the embedding
alone (:func:`~arapp.pdf.facturx.make_facturx` on an already rendered PDF).  The XML is the
official EN 16931 example ``CII_example1.xml`` (35 KB) from ``tests/data/einvoice``, the same
for every invoice: writing the XML is measured elsewhere.  Goal: at least 25 Factur-X PDFs a
second.

Times are CPU time of this process (``time.process_time``), best of several rounds after a
warm-up, so a busy machine disturbs them less.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from arapp.pdf import render_invoice
from arapp.pdf.facturx import facturx_invoice, make_facturx
from benchmarks.pdf_render import best_rate, one_page_invoices

XML = Path(__file__).resolve().parents[1] / "tests/data/einvoice/en16931/cii/CII_example1.xml"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=100, help="invoices per round")
    args = parser.parse_args(argv)
    xml = XML.read_bytes()
    docs = one_page_invoices(args.count)

    rate = best_rate(lambda doc: facturx_invoice(doc, xml), docs)
    print(f"Factur-X PDFs (render + embed):  {rate:6.1f} per second  (goal: 25)")

    plain = best_rate(render_invoice, docs)
    print(f"plain invoice PDFs (render):     {plain:6.1f} per second")

    rendered = [render_invoice(doc) for doc in docs]

    def embed(pdf: bytes) -> bytes:
        return make_facturx(pdf, xml, title="Invoice", author="Corner Coffee Supplies Ltd")

    embed_rate = best_rate(embed, rendered)
    print(f"embedding alone (make_facturx):  {embed_rate:6.1f} per second")


if __name__ == "__main__":
    main()
