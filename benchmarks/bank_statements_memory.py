# SPDX-License-Identifier: MIT
"""Peak memory of reading a bank statement as a stream, against its length.

    python -m benchmarks.bank_statements_memory [--scale 1.0]

Generates camt.053 files of 20,000 and 200,000 booked entries (a batch entry of two
transactions in every ten), bank CSV files of 50,000 and 500,000 lines and OFX 1.x (SGML,
Windows-1252, CRLF) files of 20,000 and 200,000 transactions, reads each from
its path with :func:`arapp.services.bank.formats.statement_items` (the reader the import
uses), and measures the peak of Python's allocations with :mod:`tracemalloc`. Goal (issue
11, imports in constant memory): the peak of the long file within 1.2 times that of the short
one.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

FLAT = 1.2
NS = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"


def write_camt(path: Path, entries: int) -> None:
    start = date(2025, 1, 1)
    with path.open("w", encoding="utf-8") as out:
        out.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="{NS}"><BkToCstmrStmt>')
        out.write("<GrpHdr><MsgId>M</MsgId><CreDtTm>2026-01-01T08:00:00</CreDtTm></GrpHdr><Stmt>")
        out.write("<Id>S1</Id><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id></Acct>\n")
        for n in range(entries):
            day = start + timedelta(days=n * 600 // entries)
            txs = 2 if n % 10 == 0 else 1
            details = "".join(
                f"<TxDtls><Refs><AcctSvcrRef>T{n}-{t}</AcctSvcrRef></Refs>"
                f"<Amt Ccy='EUR'>{n % 900 + 1}.{t}5</Amt><RltdPties><Dbtr><Pty><Nm>Kunde Müller "
                f"{n}</Nm></Pty></Dbtr><DbtrAcct><Id><IBAN>DE02120300000000202051</IBAN></Id>"
                f"</DbtrAcct></RltdPties><RmtInf><Ustrd>INV-{n:07}</Ustrd></RmtInf></TxDtls>"
                for t in range(txs)
            )
            out.write(
                f"<Ntry><Amt Ccy='EUR'>{(n % 900 + 1) * txs}.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>"
                f"<Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>{day}</Dt></BookgDt>"
                f"<NtryDtls>{details}</NtryDtls></Ntry>\n"
            )
        out.write("</Stmt></BkToCstmrStmt></Document>\n")


def write_csv(path: Path, lines: int) -> None:
    start = date(2025, 1, 1)
    with path.open("w", encoding="utf-8") as out:
        out.write("date,amount,counterparty,reference\n")
        for n in range(lines):
            day = start + timedelta(days=n * 600 // lines)
            out.write(f"{day},{n % 900 + 1}.25,Kunde Müller {n},INV-{n:07}\n")


def write_ofx(path: Path, transactions: int) -> None:
    start = date(2025, 1, 1)
    header = "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII"
    with path.open("w", encoding="cp1252", newline="") as out:
        out.write(f"{header}\r\nCHARSET:1252\r\nCOMPRESSION:NONE\r\nOLDFILEUID:NONE\r\n")
        out.write("NEWFILEUID:NONE\r\n\r\n<OFX>\r\n<BANKMSGSRSV1>\r\n<STMTTRNRS>\r\n<TRNUID>1\r\n")
        out.write("<STMTRS>\r\n<CURDEF>EUR\r\n<BANKACCTFROM>\r\n<BANKID>37040044\r\n")
        out.write("<ACCTID>DE89370400440532013000\r\n<ACCTTYPE>CHECKING\r\n</BANKACCTFROM>\r\n")
        out.write("<BANKTRANLIST>\r\n<DTSTART>20250101\r\n<DTEND>20260824\r\n")
        for n in range(transactions):
            day = start + timedelta(days=n * 600 // transactions)
            out.write(
                f"<STMTTRN>\r\n<TRNTYPE>CREDIT\r\n<DTPOSTED>{day:%Y%m%d}120000.000[+1:CET]\r\n"
                f"<TRNAMT>{n % 900 + 1}.25\r\n<FITID>T{n}\r\n<NAME>Kunde Müller {n}\r\n"
                f"<MEMO>INV-{n:07} &amp; Dank\r\n</STMTTRN>\r\n"
            )
        out.write("</BANKTRANLIST>\r\n<LEDGERBAL>\r\n<BALAMT>100.00\r\n<DTASOF>20260824\r\n")
        out.write("</LEDGERBAL>\r\n</STMTRS>\r\n</STMTTRNRS>\r\n</BANKMSGSRSV1>\r\n</OFX>\r\n")


def peak_mb(read: Callable[[], int]) -> tuple[int, float]:
    """The lines ``read()`` went through and the peak of the allocations meanwhile (MB)."""
    tracemalloc.start()
    try:
        count = read()
        return count, tracemalloc.get_traced_memory()[1] / 1_048_576
    finally:
        tracemalloc.stop()


def measure(scale: float = 1.0) -> list[tuple[str, str, bool]]:
    from arapp.services.bank.formats import default_csv_mapping, statement_items

    figures = []
    with tempfile.TemporaryDirectory(prefix="arapp-bank-") as folder:
        for kind, write, counts in (
            ("camt053", write_camt, (20_000, 200_000)),
            ("csv", write_csv, (50_000, 500_000)),  # both longer than a piece read at a time
            ("ofx", write_ofx, (20_000, 200_000)),
        ):
            sizes = [max(100, int(n * scale)) for n in counts]
            peaks = []
            for size in sizes:
                path = Path(folder) / f"{kind}-{size}"
                write(path, size)
                mapping = default_csv_mapping() if kind == "csv" else None

                def read(path: Path = path, mapping: object = mapping, kind: str = kind) -> int:
                    problems: list[object] = []
                    items = statement_items(path, kind, mapping, "EUR", problems)  # type: ignore[arg-type]
                    count = sum(1 for _ in items)
                    assert not problems, problems[:3]
                    return count

                began = time.perf_counter()
                count, peak = peak_mb(read)
                seconds = time.perf_counter() - began
                peaks.append(peak)
                megabytes = path.stat().st_size / 1_048_576
                figures.append(
                    (
                        f"{kind}: {size:,} entries ({megabytes:.0f} MB)",
                        f"{count:,} items in {seconds:.2f} s (traced), peak {peak:.2f} MB",
                        True,
                    )
                )
                path.unlink()
            ratio = peaks[1] / peaks[0]
            figures.append(
                (
                    f"{kind}: peak memory {sizes[1]:,} vs {sizes[0]:,}",
                    f"{ratio:.2f}x (goal <= {FLAT}x)",
                    ratio <= FLAT,
                )
            )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    load = os.getloadavg()[0]
    for what, figure, passed in measure(args.scale):
        print(f"{what}: {figure}{'' if passed else ' FAIL'}", flush=True)
    print(f"load {load:.1f} -> {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
