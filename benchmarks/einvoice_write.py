# SPDX-License-Identifier: MIT
"""How fast issued invoices become checked e-invoices, after warm-up, per format.

    python benchmarks/einvoice_write.py [--count 40] [--rounds 3]

Issues ``--count`` invoices in new books (a German shop: five lines, two VAT rates, a line and
an invoice discount, "2/10 net 30" terms), then for each format reads each invoice from the
books, builds its EN 16931 document, writes the XML and checks it against the official rules
(:func:`arapp.services.einvoices.make_einvoice`, the path ``arapp invoice einvoice`` takes),
through one validator whose rule engine is started and whose stylesheets are compiled before
timing. For Factur-X this is the XML the PDF carries (the PDF has its own benchmark). Prints
documents per second, best of ``--rounds``, in wall-clock time (the rules run in a child
process, which this process's CPU time would not count).

Goal (issue 14): e-invoice XML generated and validated at least 20 per second after warm-up.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from arapp.db import migrate
from arapp.db.engine import Database
from arapp.einvoice.formats import EFormat
from arapp.einvoice.validation import Validator
from arapp.services.company import CompanyProfile, save_company
from arapp.services.context import AppContext
from arapp.services.invoices import LineDraft
from tests.helpers.einvoices import german_shop, issue

GOAL = 20.0
TODAY = date(2026, 11, 23)


def books(folder: Path, count: int) -> tuple[AppContext, list[str]]:
    """New books with ``count`` issued invoices; their numbers."""
    db = Database(f"sqlite:///{folder / 'bench.sqlite3'}")
    migrate.upgrade(db, None)
    ctx = AppContext(db, today=lambda: TODAY, actor="bench")
    save_company(ctx, CompanyProfile(name="Bench", currency="EUR"))
    shop = german_shop(ctx)
    numbers = []
    for i in range(count):
        lines = [
            LineDraft("Beratung", f"{1 + i % 7}.5", "95", "0", shop.rates["vat19"], "h"),
            LineDraft("Fachbuch", "2", "49.90", "5", shop.rates["vat7"], ""),
            LineDraft("Kabel", "12.5", "3.17", "0", shop.rates["vat19"], "m"),
            LineDraft("Schrauben", "1000", "0.0333", "12.5", shop.rates["vat19"], ""),
            LineDraft(f"Wartung {i}", "1", "120", "0", shop.rates["vat19"], ""),
        ]
        numbers.append(issue(ctx, shop.customer, lines, discount="3"))
    return ctx, numbers


def per_second(
    ctx: AppContext, validator: Validator, numbers: list[str], fmt: EFormat, rounds: int
) -> float:
    from arapp.services.einvoices import make_einvoice

    def one(number: str) -> None:
        result = make_einvoice(
            ctx, number, fmt, validator, buyer_reference="04011000-1-23", pdf=False
        )
        if not result.valid:
            raise SystemExit(f"{number} as {fmt}: not valid ({result.missing or result.check})")

    one(numbers[0])  # warm-up: this format's rules compiled
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for number in numbers:
            one(number)
        best = min(best, time.perf_counter() - start)
    return len(numbers) / best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=40, help="invoices per round (40)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds, the best counts (3)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, Validator() as validator:
        ctx, numbers = books(Path(folder), args.count)
        for fmt in EFormat:
            rate = per_second(ctx, validator, numbers, fmt, args.rounds)
            verdict = "ok" if rate >= GOAL else "MISSED"
            print(f"{fmt.label:30} {rate:7.1f} documents/s  goal >= {GOAL:g}/s  {verdict}")
        ctx.db.dispose()
    return 0  # a benchmark prints; it never fails a build


if __name__ == "__main__":
    raise SystemExit(main())
