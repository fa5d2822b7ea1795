# SPDX-License-Identifier: MIT
"""Bank statements for tests: the Sparkasse CSV mapping, and statement files (CSV, OFX without
FITIDs, camt.053 without entry references) made from a few lines, with the helpers that load them
into the books and count what happened."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from arapp.services.bank.statements import StatementImport, import_statement
from arapp.services.context import AppContext

GERMAN = {
    "date": "Buchungstag",
    "amount": "Betrag",
    "currency": "Währung",
    "counterparty": "Auftraggeber/Empfänger",
    "counterparty_account": "IBAN",
    "reference": "Verwendungszweck",
    "decimal": ",",
    "date_format": "%d.%m.%Y",
    "encoding": "cp1252",
}

ACCOUNT = "DE89370400440532013000"


@dataclass(frozen=True)
class Line:
    day: str
    amount: str
    name: str
    text: str


Y = Line("2026-11-17", "40.00", "Anna Berg", "INV-2026-00001")
X = Line("2026-11-18", "50.00", "Kiosk am Markt", "Miete November")  # paid twice that day
W = Line("2026-11-18", "30.00", "Dora Weiß", "INV-2026-00002")
Z = Line("2026-11-19", "70.00", "Carl Öz", "INV-2026-00003")
V = Line("2026-11-20", "10.00", "Eva Roth", "INV-2026-00004")
FEE = Line("2026-11-18", "-2.50", "Bank", "Kontoführung")


def csv_file(*lines: Line) -> tuple[bytes, str]:
    rows = ["date;amount;counterparty;reference"]
    rows += [f"{x.day};{x.amount};{x.name};{x.text}" for x in lines]
    return "\n".join(rows).encode(), "statement.csv"


def ofx_file(*lines: Line) -> tuple[bytes, str]:
    """OFX 2 without FITIDs (some banks leave them out)."""
    trns = "".join(
        f"<STMTTRN><TRNTYPE>{'CREDIT' if Decimal(x.amount) > 0 else 'DEBIT'}</TRNTYPE>"
        f"<DTPOSTED>{x.day.replace('-', '')}</DTPOSTED><TRNAMT>{x.amount}</TRNAMT>"
        f"<NAME>{x.name}</NAME><MEMO>{x.text}</MEMO></STMTTRN>\n"
        for x in lines
    )
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<?OFX OFXHEADER="200" VERSION="211" SECURITY="NONE" OLDFILEUID="NONE" '
        'NEWFILEUID="NONE"?>\n'
        "<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>0</TRNUID><STMTRS><CURDEF>EUR</CURDEF>"
        f"<BANKACCTFROM><BANKID>37040044</BANKID><ACCTID>{ACCOUNT}</ACCTID>"
        "<ACCTTYPE>CHECKING</ACCTTYPE></BANKACCTFROM><BANKTRANLIST>\n"
        f"{trns}</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n"
    )
    return text.encode(), "statement.ofx"


def camt_file(*lines: Line) -> tuple[bytes, str]:
    """camt.053 whose entries carry neither AcctSvcrRef nor NtryRef."""
    entries = "".join(
        f"<Ntry><Amt Ccy='EUR'>{Decimal(x.amount).copy_abs()}</Amt>"
        f"<CdtDbtInd>{'CRDT' if Decimal(x.amount) > 0 else 'DBIT'}</CdtDbtInd>"
        f"<Sts>BOOK</Sts><BookgDt><Dt>{x.day}</Dt></BookgDt><NtryDtls><TxDtls><RltdPties>"
        + (
            f"<Dbtr><Nm>{x.name}</Nm></Dbtr>"
            if Decimal(x.amount) > 0
            else f"<Cdtr><Nm>{x.name}</Nm></Cdtr>"
        )
        + f"</RltdPties><RmtInf><Ustrd>{x.text}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>\n"
        for x in lines
    )
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>'
        "<GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-11-21T08:00:00</CreDtTm></GrpHdr><Stmt>"
        f"<Id>S1</Id><Acct><Id><IBAN>{ACCOUNT}</IBAN></Id></Acct>\n{entries}"
        "</Stmt></BkToCstmrStmt></Document>\n"
    )
    return text.encode(), "statement.xml"


Maker = Callable[..., tuple[bytes, str]]


def load(ctx: AppContext, make: Maker, *lines: Line, dry_run: bool = False) -> StatementImport:
    data, name = make(*lines)
    report = import_statement(ctx, data, name, account=ACCOUNT, dry_run=dry_run)
    assert report.ok, report.problems
    return report


def counts(report: StatementImport) -> tuple[int, int, int, int]:
    return (report.lines_read, report.lines_new, report.lines_known, report.possible_duplicates)
