# SPDX-License-Identifier: MIT
"""How fast invoices render to PDF, on one core.

    python benchmarks/pdf_render.py [--count 100] [--long-count 5]

Renders ``--count`` typical one-page invoices (logo, five lines, two VAT rates, a partial
payment and an EPC payment QR code; each with its own number and amount, so nothing comes
from a cache) and prints invoices per second; then the same for a 200-line invoice.  If
WeasyPrint happens to be installed, the 200-line invoice is also rendered from HTML with
it, for a ratio; arapp does not depend on it.  Goal: at least 50 one-page invoices a
second, so printing or mailing a month's invoices never keeps anyone waiting.

Times are CPU time of this process (``time.process_time``), best of several rounds, so a
busy machine disturbs them less.  ReportLab's optional C accelerator (``rl_accel``,
installed by ``reportlab[accel]``) makes rendering about 15 % faster; the line
"accelerator" says whether it was used.
"""

from __future__ import annotations

import argparse
import html
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import TypeVar

from arapp.formatting import format_money
from arapp.pdf import InvoiceDocument, render_invoice
from arapp.pdf.sample import sample_invoice

T = TypeVar("T")


def best_rate(render: Callable[[T], object], docs: Sequence[T]) -> float:
    """Documents per CPU second, best of a few rounds after a warm-up."""
    render(docs[0])
    rounds = 5 if len(docs) >= 20 else 3
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for doc in docs:
            render(doc)
        best = min(best, time.process_time() - start)
    return len(docs) / best


def one_page_invoices(count: int) -> list[InvoiceDocument]:
    docs = []
    for i in range(count):
        doc = sample_invoice(number=f"INV-2026-{i + 1:05}")
        paid = Decimal(i % 400)  # a different amount due, hence a different QR code
        docs.append(replace(doc, amount_paid=paid, amount_due=doc.total - paid))
    return docs


def html_invoice(doc: InvoiceDocument) -> str:
    """The same invoice as simple HTML and CSS, for WeasyPrint."""
    cell = "<td>{}</td>"
    rows = "".join(
        "<tr>"
        + "".join(
            cell.format(html.escape(value))
            for value in (
                line.description,
                str(line.quantity),
                line.unit,
                str(line.unit_price),
                line.tax_label,
                format_money(line.amount, doc.currency, doc.locale),
            )
        )
        + "</tr>"
        for line in doc.lines
    )
    total = format_money(doc.total, doc.currency, doc.locale)
    return f"""<html><head><style>
        @page {{ size: A4; margin: 18mm;
                 @bottom-right {{ content: counter(page) " / " counter(pages) }} }}
        body {{ font-family: 'DejaVu Sans'; font-size: 9pt }}
        table {{ width: 100%; border-collapse: collapse }}
        thead {{ display: table-header-group }}
        td, th {{ padding: 3pt 4pt; vertical-align: top }}
        tr:nth-child(even) {{ background: #f5f7fa }}
        </style></head><body>
        <h1>Invoice {html.escape(doc.number or "")}</h1>
        <p><b>{html.escape(doc.seller.name)}</b><br>{html.escape(doc.buyer.name)}</p>
        <table><thead><tr><th>Description</th><th>Qty</th><th>Unit</th><th>Unit price</th>
        <th>Tax</th><th>Amount</th></tr></thead><tbody>{rows}</tbody></table>
        <p style="text-align:right"><b>Total {html.escape(total)}</b></p>
        </body></html>"""


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=100, help="one-page invoices")
    parser.add_argument("--long-count", type=int, default=5, help="renders of the long invoice")
    args = parser.parse_args(argv)

    try:
        from reportlab.lib import rl_accel

        accelerated = not rl_accel.fp_str.__module__.startswith("reportlab")
    except ImportError:  # pragma: no cover - rl_accel is part of ReportLab
        accelerated = False
    print(f"accelerator (rl_accel): {'yes' if accelerated else 'no'}")

    one_page = best_rate(render_invoice, one_page_invoices(args.count))
    print(f"one-page invoices (logo, QR code): {one_page:6.1f} per second  (goal: 50)")

    long = sample_invoice(lines=200)
    pages = render_invoice(long).count(b"/Type /Page\n")
    long_rate = best_rate(render_invoice, [long] * args.long_count)
    print(f"200-line invoice ({pages} pages):     {long_rate:6.1f} per second")

    try:
        import weasyprint  # type: ignore[import-not-found]
    except ImportError:
        print("WeasyPrint is not installed: no HTML comparison")
        return
    markup = html_invoice(long)

    def with_weasyprint(_doc: InvoiceDocument) -> bytes:
        return weasyprint.HTML(string=markup).write_pdf()

    weasy_rate = best_rate(with_weasyprint, [long] * args.long_count)
    print(
        f"200-line invoice with WeasyPrint:  {weasy_rate:6.1f} per second"
        f"  (ReportLab is {long_rate / weasy_rate:.1f} x as fast)"
    )


if __name__ == "__main__":
    main()
