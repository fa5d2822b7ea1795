# SPDX-License-Identifier: MIT
"""arapp's own OFX reader (:mod:`arapp.services.bank.ofxread`): OFX 1.x and 2.x files as banks
write them, read to hand-checked values, a piece at a time; hostile and broken files get one
short message naming the line."""

from __future__ import annotations

import tracemalloc
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from arapp.services.bank.formats import parse_statement, statement_items
from arapp.services.bank.lines import StatementError, StatementLine
from arapp.services.bank.ofx import read_ofx
from arapp.services.bank.statements import import_statement
from arapp.services.context import AppContext
from arapp.services.transfer import csvfile

D = Decimal
DATA = Path(__file__).parents[2] / "data" / "bank"
SGML = DATA / "ofx103_two_accounts_1252.ofx"
XML = DATA / "ofx220_credit_card.ofx"


def plain(line: StatementLine) -> tuple[object, ...]:
    return (
        line.booking_date,
        line.amount,
        line.currency,
        line.counterparty,
        line.counterparty_account,
        line.reference,
        line.bank_ref,
        line.line,
    )


def test_ofx_1_in_windows_1252_with_crlf_a_bank_and_a_credit_card_statement() -> None:
    data = SGML.read_bytes()
    assert b"\r\n" in data and "Weiß".encode("cp1252") in data  # as the bank wrote it
    bank, card = read_ofx(data)
    assert (bank.format, bank.account, bank.reference) == (
        "ofx",
        "DE89370400440532013000",
        "2026-12-01–2026-12-03",
    )
    assert (bank.balance, bank.balance_date) == (D("1523.10"), date(2026, 12, 3))
    assert [plain(line) for line in bank.lines] == [
        # five past midnight in Berlin is the 1st there, whatever the day in UTC
        (date(2026, 12, 1), D("119.00"), "EUR", "Jürgen Weiß & Söhne", "",
         "RE INV-2026-00001 Grüße", "DE-2026-12-01-1", 39),
        # a cheque: the payee's name, an empty memo that swallows nothing after it
        (date(2026, 12, 2), D("-45.90"), "EUR", "Stadtwerke Köln", "", "", "DE-2026-12-02-1", 47),
        # a transfer in another currency, to an account, with tabs and blanks in its memo
        (date(2026, 12, 3), D("250.00"), "CHF", "Ünal <Çelik>", "DE44500105175407324931",
         "Invoice INV-2026-00002", "DE-2026-12-03-1", 63),
    ]  # fmt: skip
    assert (card.account, card.balance) == ("4111111111111111", D("-12.50"))
    assert [plain(line) for line in card.lines] == [
        (date(2026, 12, 2), D("-12.50"), "EUR", "Bäckerei Kühn", "", "", "CC-1", 107)
    ]


def test_ofx_2_xml_credit_card_with_cdata_entities_and_an_empty_element() -> None:
    [card] = read_ofx(XML.read_bytes())
    assert (card.account, card.reference) == ("5500000000000004", "2026-12-01–2026-12-03")
    assert (card.balance, card.balance_date) == (D("-480.01"), date(2026, 12, 3))
    assert [plain(line) for line in card.lines] == [
        (date(2026, 12, 3), D("500.00"), "USD", "AT&T <Business>", "", "Payment – thank you",
         "CC&2026-001", 17),
        (date(2026, 12, 2), D("-19.99"), "USD", "Café Zoë", "", "", "CC-2026-002", 25),
    ]  # fmt: skip


def test_a_file_read_in_small_pieces_reads_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pieces of a few bytes cut every tag, entity, CRLF and two-byte character somewhere."""
    for name in (SGML.name, XML.name, "ofx102_sgml.ofx", "ofx211_xml.qfx"):
        whole = read_ofx((DATA / name).read_bytes())
        for piece in (1, 2, 3, 7, 64):
            monkeypatch.setattr(csvfile, "PIECE", piece)
            problems: list[object] = []
            items = list(statement_items(DATA / name, "ofx", None, "EUR", problems))  # type: ignore[arg-type]
            assert not problems
            streamed = [i for i in items if isinstance(i, StatementLine)]
            assert streamed == [line for s in whole for line in s.lines], (name, piece)
            heads = [(i.account, i.reference) for i in items if not isinstance(i, StatementLine)]
            assert heads == [(s.account, s.reference) for s in whole], (name, piece)
            monkeypatch.undo()


def test_the_account_and_currency_after_the_transactions_are_still_used() -> None:
    text = (XML.read_text(encoding="utf-8")
            .replace("<CURDEF>USD</CURDEF>", "")
            .replace("<CCACCTFROM><ACCTID>5500000000000004</ACCTID></CCACCTFROM>", "")
            .replace("</BANKTRANLIST>", "</BANKTRANLIST><CURDEF>CAD</CURDEF><CCACCTFROM>"
                     "<ACCTID>42</ACCTID></CCACCTFROM>"))  # fmt: skip
    [card] = parse_statement(text.encode(), "late.ofx")
    assert card.account == "42"
    assert [line.currency for line in card.lines] == ["CAD", "CAD"]


def sgml_with(transactions: int) -> bytes:
    head = SGML.read_bytes().split(b"<STMTTRN>", 1)[0]
    trn = (
        "<STMTTRN>\r\n<TRNTYPE>CREDIT\r\n<DTPOSTED>20261201\r\n<TRNAMT>{n}.50\r\n"
        "<FITID>F{n}\r\n<NAME>Kundin Müller {n}\r\n<MEMO>INV-{n:07}\r\n</STMTTRN>\r\n"
    )
    body = "".join(trn.format(n=n) for n in range(transactions)).encode("cp1252")
    return (
        head + body + b"</BANKTRANLIST>\r\n</STMTRS>\r\n</STMTTRNRS>\r\n</BANKMSGSRSV1>\r\n</OFX>"
    )


def test_reading_a_long_statement_takes_no_more_memory_than_a_short_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(csvfile, "PIECE", 16 * 1024)  # both files are many pieces long
    read_ofx(sgml_with(10))  # what is made once (caches, lazy imports) is not counted
    peaks = []
    for count in (500, 5_000):
        path = tmp_path / f"{count}.ofx"
        path.write_bytes(sgml_with(count))
        tracemalloc.start()
        try:
            read = sum(1 for _ in statement_items(path, "ofx", None, "EUR", []))
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
        assert read == count + 1  # the statement and its lines
    assert peaks[1] < 1.3 * peaks[0], peaks


def test_a_long_statement_imports_from_its_path(ctx: AppContext, tmp_path: Path) -> None:
    path = tmp_path / "long.ofx"
    path.write_bytes(sgml_with(3_000))
    report = import_statement(ctx, path, path.name)
    assert report.ok, report.problems
    assert (report.format, report.accounts) == ("ofx", ("DE89370400440532013000",))
    assert (report.lines_read, report.lines_new) == (3_000, 3_000)


HEAD = SGML.read_bytes().split(b"<OFX>", 1)[0]


@pytest.mark.parametrize(
    ("data", "line", "says"),
    [
        (SGML.read_bytes()[:2_400], 113, "ends before <BANKTRANLIST> (line 104) is ended"),
        (SGML.read_bytes().replace(b"</STMTTRN>", b"", 1), 47, "again before the one of line 39"),
        (SGML.read_bytes().replace(b"</PAYEE>", b"</PAYE>"), 60, "</PAYE> ends an element"),
        (HEAD + b"<OFX><A><B></OFX>junk", 11, "the text “junk”"),
        (XML.read_bytes() + b"<OFX></OFX>", 40, "follows the end of the OFX element"),
        (XML.read_bytes().replace(b"<NAME>", b'<NAME lang="en">', 1), 22, "“<NAME lang=\"en\">”"),
        (XML.read_bytes().replace(b"Zo\xc3\xab", b"Zo\xeb"), 31, "not UTF-8, as its header says"),
        (SGML.read_bytes().replace(b"CHARSET:1252", b"CHARSET:EBCDIC-XY"), 1, "“EBCDIC-XY”"),
        (HEAD.replace(b"VERSION:103", b"VERSION 103") + b"<OFX></OFX>", 3, "“VERSION 103”"),
        (b"OFXHEADER:200\r\n\r\n<OFX></OFX>", 1, "does not start with “OFXHEADER:100”"),
        (HEAD + b"<HTML><BODY>Service unavailable</BODY></HTML>", 11, "first element is <HTML>"),
        (HEAD + b"<OFX><SIGNONMSGSRSV1></SIGNONMSGSRSV1></OFX>", 0, "holds no bank or credit"),
        (b"\x00\x1b[31m" * 50 + b"<OFX>", 1, "header line “\ufffd"),
    ],
    ids=["cut off", "unended", "wrong end tag", "text", "two roots", "attribute", "encoding",
         "charset", "header", "ofx 2 header in sgml", "html", "no statement", "control chars"],
)  # fmt: skip
def test_a_broken_file_is_one_short_message_naming_its_line(
    data: bytes, line: int, says: str
) -> None:
    with pytest.raises(StatementError) as refused:
        parse_statement(data, "broken.ofx")
    [problem] = refused.value.problems
    assert says in problem.message
    assert problem.line == line
    assert len(str(problem)) < 300 and "\n" not in str(problem)


@pytest.mark.parametrize(
    "attack",
    [
        b'<?xml version="1.0"?>\n<!DOCTYPE OFX [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        b"<OFX>&xxe;</OFX>",
        b'<?xml version="1.0"?>\n<!DOCTYPE OFX [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
        b"\n<OFX>&b;</OFX>",
        HEAD + b"\r\n\r\n<OFX>\r\n<!ENTITY x SYSTEM 'http://example.com/x'>",
    ],
    ids=["external entity", "entity bomb", "entity in sgml"],
)
def test_document_types_and_entities_are_refused(attack: bytes) -> None:
    with pytest.raises(StatementError) as refused:
        parse_statement(attack, "attack.ofx")
    [problem] = refused.value.problems
    assert "document type or entities" in problem.message and problem.line > 1


def test_an_entity_the_file_never_declared_stays_as_written() -> None:
    text = XML.read_text(encoding="utf-8").replace("Café Zoë", "&xxe; &#0; &#x110000; AT&T &#x41;")
    [card] = parse_statement(text.encode(), "x.ofx")
    assert card.lines[1].counterparty == "&xxe; &#0; &#x110000; AT&T A"


def test_problems_of_single_transactions_name_their_line_and_fitid() -> None:
    data = SGML.read_bytes().replace(b"<TRNAMT>-45.90", b"<TRNAMT>12,34,5")
    data = data.replace(b"<DTPOSTED>20261203093000", b"<DTPOSTED>2026-12-03")
    with pytest.raises(StatementError) as refused:
        read_ofx(data)
    assert [(p.line, p.column) for p in refused.value.problems] == [
        (47, "TRNAMT"),
        (63, "DTPOSTED"),
    ]
    assert "FITID DE-2026-12-02-1" in refused.value.problems[0].message
