# SPDX-License-Identifier: MIT
"""Importing statements: all or nothing, safe to repeat, overlapping files add only what is new."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from arapp.db.models import AuditEntry, BankStatement, BankTransaction
from arapp.services.bank.formats import parse_statement
from arapp.services.bank.statements import fingerprints, import_statement
from arapp.services.bank.transactions import (
    count_transactions,
    ignore_transaction,
    list_transactions,
    reopen_transaction,
)
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors, NotFound
from arapp.services.events import Event
from arapp.services.transfer.mappings import save_mapping
from tests.helpers.bank import GERMAN

D = Decimal
DATA = Path(__file__).parents[2] / "data" / "bank"


def stored(ctx: AppContext) -> int:
    with ctx.db.read() as session:
        return int(session.scalar(select(func.count()).select_from(BankTransaction)) or 0)


def test_importing_the_same_statement_twice_adds_nothing(ctx: AppContext) -> None:
    events: list[Event] = []
    ctx.events.subscribe(events.append)
    data = (DATA / "camt053_v02.xml").read_bytes()
    first = import_statement(ctx, data, "camt053_v02.xml")
    assert first.ok, first.problems
    assert (first.format, first.accounts) == ("camt053", ("DE89370400440532013000",))
    assert (first.lines_read, first.lines_new, first.lines_known) == (4, 4, 0)
    assert [e.name for e in events] == ["bank_changed"]
    again = import_statement(ctx, data, "camt053_v02.xml")
    assert (again.lines_read, again.lines_new, again.lines_known) == (4, 0, 4)
    assert again.statement_ids == ()
    assert stored(ctx) == 4
    assert len(events) == 1
    with ctx.db.read() as session:
        assert session.scalar(select(func.count()).select_from(BankStatement)) == 1
        audit = session.scalars(select(AuditEntry.action)).all()
    assert audit.count("bank_statement_imported") == 1


def test_an_overlapping_later_statement_adds_only_the_new_lines(ctx: AppContext) -> None:
    header = "date;amount;counterparty;reference"
    dupont = "2026-11-18;119.00;Zoë Dupont;INV-2026-00001"
    coffee = "2026-11-19;5.00;Kiosk;Kaffee"
    celik = "2026-11-20;60.00;Ünal Çelik;INV-2026-00004"
    # the first export was made at noon of the 19th, after two of that day's three coffees;
    # the later one runs from the 18th, so it holds the whole 19th
    early = "\n".join([header, dupont, coffee, coffee]).encode()
    later = "\n".join([header, dupont, coffee, coffee, coffee, celik]).encode()
    assert import_statement(ctx, early, "early.csv", account="DE44 5001").lines_new == 3
    report = import_statement(ctx, later, "later.csv", account="DE44 5001")
    assert (report.lines_read, report.lines_new, report.lines_known) == (5, 2, 3)
    assert report.possible_duplicates == 0
    assert report.accounts == ("DE445001",)
    assert [(str(line.booking_date), line.amount) for line in list_transactions(ctx)] == [
        ("2026-11-20", D("60.00")),
        ("2026-11-19", D("5.00")),
        ("2026-11-19", D("5.00")),
        ("2026-11-19", D("5.00")),
        ("2026-11-18", D("119.00")),
    ]
    # another account is other books: the same lines are new there
    assert import_statement(ctx, early, "early.csv", account="DE99").lines_new == 3


def test_identical_lines_of_one_file_get_different_fingerprints(ctx: AppContext) -> None:
    report = import_statement(ctx, (DATA / "sparkasse_de.csv").read_bytes(), "s.csv", GERMAN)
    assert (report.lines_new, report.accounts) == (6, ("default",))
    with ctx.db.read() as session:
        prints = session.scalars(
            select(BankTransaction.fingerprint).where(
                BankTransaction.counterparty == "Bäckerei Kühn"
            )
        ).all()
    assert len(prints) == 2 and prints[0][:-2] == prints[1][:-2]
    assert {p[-2:] for p in prints} == {":0", ":1"}


def test_bank_ids_are_the_fingerprint_and_repeat_safely() -> None:
    [statement] = parse_statement((DATA / "camt053_v02.xml").read_bytes(), "s.xml")
    assert fingerprints(statement.lines) == [
        "id:2026111800001",
        "id:2026111900002",
        "id:2026111900002#2",
        "id:2026111900003",
    ]


def test_a_bad_row_imports_nothing_and_is_reported_with_its_line(ctx: AppContext) -> None:
    data = b"date,amount,reference\n2026-11-18,119.00,ok\n2026-11-19,12.5x,bad\n"
    report = import_statement(ctx, data, "bank.csv")
    assert not report.ok and report.lines_new == 0
    [problem] = report.problems
    assert (problem.line, problem.column) == (3, "amount")
    assert "12.5x" in str(problem) and str(problem).startswith("line 3, amount:")
    assert stored(ctx) == 0


def test_amounts_with_more_decimals_than_the_currency_are_refused(ctx: AppContext) -> None:
    data = b"date,amount,currency\n2026-11-18,10.5,JPY\n2026-11-19,1.123,EUR\n"
    report = import_statement(ctx, data, "bank.csv")
    assert [(p.line, p.column) for p in report.problems] == [(2, "amount"), (3, "amount")]


def test_a_refused_xml_file_is_a_problem_not_a_crash(ctx: AppContext) -> None:
    attack = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'
    report = import_statement(ctx, attack, "evil.xml")
    assert not report.ok and "<!DOCTYPE" in report.problems[0].message


def test_a_saved_mapping_is_used_by_name(ctx: AppContext) -> None:
    save_mapping(ctx, "bank_csv", "Sparkasse", {**GERMAN, "account": "DE89 3704 0044 0532 0130 00"})
    data = (DATA / "sparkasse_de.csv").read_bytes()
    dry = import_statement(ctx, data, "s.csv", "Sparkasse", dry_run=True)
    assert (dry.ok, dry.dry_run, dry.lines_new, stored(ctx)) == (True, True, 6, 0)
    report = import_statement(ctx, data, "s.csv", "Sparkasse")
    assert report.accounts == ("DE89370400440532013000",) and stored(ctx) == 6
    assert import_statement(ctx, data, "s.csv", "Sparkasse", dry_run=True).lines_known == 6


def test_a_wrong_mapping_is_reported(ctx: AppContext) -> None:
    report = import_statement(ctx, b"a;b\n", "x.csv", {"date": "a", "decimal": "x"})
    assert {p.column for p in report.problems} == {"mapping"}
    with pytest.raises(NotFound):
        import_statement(ctx, b"a;b\n", "x.csv", "No such bank")


def test_money_out_is_kept_but_set_aside(ctx: AppContext) -> None:
    import_statement(ctx, (DATA / "camt053_v08.xml").read_bytes(), "v08.xml")
    assert [(line.amount, line.status) for line in list_transactions(ctx)] == [
        (D("-12.00"), "ignored"),  # same day: the last line of the file first
        (D("80.00"), "new"),
        (D("59.50"), "new"),
    ]
    assert count_transactions(ctx, "new") == 2
    assert count_transactions(ctx, "ignored") == 1


def test_lines_are_listed_searched_ignored_and_reopened(ctx: AppContext) -> None:
    import_statement(ctx, (DATA / "camt053_v02.xml").read_bytes(), "v02.xml")
    assert count_transactions(ctx) == 4
    assert [line.counterparty for line in list_transactions(ctx, search="müller")] == [
        "Müller GmbH"
    ]
    assert [line.reference for line in list_transactions(ctx, search="inv 2026")] == [
        "Rechnung INV 2026 00004"
    ]
    assert len(list_transactions(ctx, search="100%")) == 0
    newest = list_transactions(ctx, limit=1)[0]
    assert str(newest.booking_date) == "2026-11-19"
    dupont = list_transactions(ctx, search="Dupont")[0]
    assert ignore_transaction(ctx, dupont.id).status == "ignored"
    assert count_transactions(ctx, "new") == 2
    assert reopen_transaction(ctx, dupont.id).status == "new"
    assert len(list_transactions(ctx, limit=2, offset=3)) == 1
    with pytest.raises(InputErrors):
        list_transactions(ctx, status="lost")
    with pytest.raises(NotFound):
        ignore_transaction(ctx, 999)


def test_a_file_of_several_accounts_cannot_be_forced_onto_one(ctx: AppContext) -> None:
    text = (DATA / "camt053_v02.xml").read_text(encoding="utf-8")
    start, end = text.index("<Stmt>"), text.index("</Stmt>") + len("</Stmt>")
    second = text[start:end].replace("DE89370400440532013000", "DE02120300000000202051")
    both = text[:end] + second + text[end:]
    report = import_statement(ctx, both.encode(), "two.xml")
    assert report.accounts == ("DE89370400440532013000", "DE02120300000000202051")
    assert report.lines_new == 8 and len(report.statement_ids) == 2
    forced = import_statement(ctx, both.encode(), "two.xml", account="X")
    assert [p.column for p in forced.problems] == ["account"]
