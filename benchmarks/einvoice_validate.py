# SPDX-License-Identifier: MIT
"""How fast e-invoices are checked against the official rules, after warm-up.

    python benchmarks/einvoice_validate.py [--count 50] [--rounds 3]

Checks ``--count`` copies of a CEN example invoice in CII, the same for UBL, and an XRechnung
(CII, three layers), each copy with its own invoice number so nothing is cached but the compiled
rules, through one :class:`~arapp.einvoice.validation.Validator` (the rule engine's child process
is started and every stylesheet compiled before timing). Prints checks per second, best of
``--rounds``, in wall-clock time: the rules run in the child process, which this process's CPU
time would not count.

Goal (issue 14): e-invoice XML generated *and* validated at least 20 per second after warm-up;
validation alone must leave room for generation.
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from arapp.domain.einvoice_check import Verdict
from arapp.einvoice.validation import Validator

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "einvoice"
GOAL = 20.0
SAMPLES = {
    "CII (EN 16931)": (DATA / "en16931/cii/CII_example2.xml", r"(<ram:ID>)TOSL108(<)"),
    "UBL (EN 16931)": (DATA / "en16931/ubl/ubl-tc434-example1.xml", r"(<cbc:ID>)12115118(<)"),
    "XRechnung CII (3 layers)": (DATA / "xrechnung/min_uncefact.xml", r"(<ram:ID>)1234567(<)"),
}


def copies(path: Path, number: str, count: int) -> list[bytes]:
    """``count`` copies of ``path``, the invoice number of each made unique."""
    text = path.read_text(encoding="utf-8")
    out = []
    for i in range(count):
        changed, found = re.subn(number, rf"\g<1>BENCH-{i:05}\g<2>", text, count=1)
        if found != 1:
            raise SystemExit(f"{path.name}: invoice number not found ({number})")
        out.append(changed.encode("utf-8"))
    return out


def checks_per_second(validator: Validator, docs: list[bytes], rounds: int) -> float:
    first = validator.check_bytes(docs[0], "warm-up")
    if first.verdict is not Verdict.VALID:
        raise SystemExit(f"the sample is not valid: {[f.rule for f in first.fatal]}")
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for doc in docs:
            validator.check_bytes(doc, "bench")
        best = min(best, time.perf_counter() - start)
    return len(docs) / best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=50, help="documents per round (50)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds, the best counts (3)")
    args = parser.parse_args()
    with Validator() as validator:
        start = time.perf_counter()
        validator.check_bytes(copies(*SAMPLES["CII (EN 16931)"], 1)[0], "start")
        print(f"start-up (child process, CII rules compiled): {time.perf_counter() - start:.2f} s")
        for what, (path, number) in SAMPLES.items():
            rate = checks_per_second(validator, copies(path, number, args.count), args.rounds)
            verdict = "ok" if rate >= GOAL else "MISSED"
            print(f"{what:26} {rate:7.1f} checks/s  goal >= {GOAL:g}/s  {verdict}")
    return 0  # a benchmark prints; it never fails a build


if __name__ == "__main__":
    raise SystemExit(main())
