# SPDX-License-Identifier: MIT
"""A statement is read and written in batches (:mod:`arapp.services.bank.batches`): the
duplicate rule gives the same answer whatever the batch size, lines repeated across two
batches included, and a file with a bad line anywhere, the last one included, writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from arapp.db.models import AuditEntry, BankStatement, BankTransaction
from arapp.services.bank import batches
from arapp.services.bank.formats import StatementHead, parse_statement, statement_items
from arapp.services.bank.statements import fingerprint, import_statement, line_hash
from arapp.services.context import AppContext
from arapp.services.transfer import bulk, csvfile
from arapp.services.transfer.csvfile import ImportStopped, Problem
from tests.helpers.bank import ACCOUNT, Line, W, X, Y, Z, counts, csv_file, load


@pytest.fixture(params=[1, 2, 3], ids=lambda n: f"batch{n}")
def small_batches(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    """Batches of one, two or three lines, and the copy into the temporary table two rows
    at a time: every pair of neighbouring lines meets a batch boundary at some size."""
    monkeypatch.setattr(batches, "BATCH", request.param)
    monkeypatch.setattr(bulk, "CHUNK", 2)
    return int(request.param)


def prints(ctx: AppContext) -> list[str]:
    with ctx.db.read() as session:
        return list(
            session.scalars(select(BankTransaction.fingerprint).order_by(BankTransaction.id))
        )


def written(ctx: AppContext) -> tuple[int, int, int]:
    with ctx.db.read() as session:
        return (
            session.scalar(select(func.count()).select_from(BankTransaction)) or 0,
            session.scalar(select(func.count()).select_from(BankStatement)) or 0,
            session.scalar(
                select(func.count())
                .select_from(AuditEntry)
                .where(AuditEntry.action == "bank_statement_imported")
            )
            or 0,
        )


def digest(line: Line) -> str:
    [statement] = parse_statement(*csv_file(line))
    return line_hash(statement.lines[0])


def test_equal_lines_in_different_batches_are_numbered_and_recognised(
    ctx: AppContext, small_batches: int
) -> None:
    # X paid twice on the 18th, the two far apart in the file
    assert counts(load(ctx, csv_file, X, Y, W, X)) == (4, 4, 0, 0)
    x = digest(X)
    y, w = digest(Y), digest(W)
    assert prints(ctx) == [f"sha256:{x}:0", f"sha256:{y}:0", f"sha256:{w}:0", f"sha256:{x}:1"]
    # a later export repeats the whole 18th (both X and W) and adds a third X and Z: the two
    # known X are skipped in whichever batch they come, the third is numbered after them
    assert counts(load(ctx, csv_file, X, W, X, X, Z)) == (5, 2, 3, 0)
    assert prints(ctx)[-2:] == [f"sha256:{x}:2", f"sha256:{digest(Z)}:0"]
    # the same file again adds nothing; a file of the 19th alone may follow the books' view of
    # it: both Z are added, the one with a twin as a possible duplicate, numbered after it
    assert counts(load(ctx, csv_file, X, W, X, X, Z)) == (5, 0, 5, 0)
    assert counts(load(ctx, csv_file, Z, Z)) == (2, 2, 0, 1)
    assert prints(ctx)[-2:] == [f"sha256:{digest(Z)}:1", f"sha256:{digest(Z)}:2"]


def test_bank_ids_repeated_across_batches(ctx: AppContext, small_batches: int) -> None:
    rows = ["date,amount,reference,bank_ref"]
    rows += [f"2026-11-{d},{d}.00,R{d},B{d % 3}" for d in range(10, 17)]
    data = "\n".join(rows).encode()
    report = import_statement(ctx, data, "ids.csv", account=ACCOUNT)
    assert (report.lines_read, report.lines_new) == (7, 7)
    assert prints(ctx) == ["id:B1", "id:B2", "id:B0", "id:B1:1", "id:B2:1", "id:B0:1", "id:B1:2"]
    again = import_statement(ctx, data + b"\n2026-11-17,17.00,R17,B9", "more.csv", account=ACCOUNT)
    assert (again.lines_read, again.lines_new, again.lines_known) == (8, 1, 7)
    assert prints(ctx)[-1] == "id:B9"


@pytest.mark.parametrize("dry_run", [False, True], ids=["import", "dry-run"])
def test_a_bad_last_line_writes_nothing(ctx: AppContext, small_batches: int, dry_run: bool) -> None:
    rows = ["date,amount,reference"] + [f"2026-11-{d:02},{d}.00,R{d}" for d in range(1, 29)]
    good = "\n".join(rows)
    report = import_statement(ctx, (good + "\n2026-11-29,12.3.4,bad").encode(), "b.csv")
    assert not report.ok
    assert [(p.line, p.column) for p in report.problems] == [(30, "amount")]
    assert (report.lines_read, report.lines_new) == (28, 0)
    assert written(ctx) == (0, 0, 0)
    # nothing of the refused file is left behind: the good file then imports whole
    fixed = import_statement(ctx, good.encode(), "b.csv", dry_run=dry_run)
    assert (fixed.ok, fixed.lines_new) == (True, 28)
    assert written(ctx) == ((0, 0, 0) if dry_run else (28, 1, 1))


def test_stopped_while_reading_writes_nothing(ctx: AppContext, tmp_path: Path) -> None:
    rows = ["date,amount,reference"] + [f"2026-11-{d % 28 + 1:02},1.00,R{d}" for d in range(2500)]
    path = tmp_path / "long.csv"
    path.write_text("\n".join(rows))
    asked = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) > 2

    with pytest.raises(ImportStopped):
        import_statement(ctx, path, path.name, stop=stop)
    assert written(ctx) == (0, 0, 0)
    assert import_statement(ctx, path, path.name).lines_new == 2500


def test_a_path_imports_as_its_bytes(ctx: AppContext, tmp_path: Path) -> None:
    data, name = csv_file(Y, X, X, W)
    path = tmp_path / name
    path.write_bytes(data)
    assert counts(import_statement(ctx, path, name, account=ACCOUNT)) == (4, 4, 0, 0)
    assert counts(import_statement(ctx, data, name, account=ACCOUNT)) == (4, 0, 4, 0)
    [statement] = parse_statement(data, name)
    assert prints(ctx) == [
        fingerprint(line, n) for line, n in zip(statement.lines, (0, 0, 1, 0), strict=True)
    ]


def test_stopped_while_writing_writes_nothing(ctx: AppContext, small_batches: int) -> None:
    told: list[tuple[str, int]] = []
    with pytest.raises(ImportStopped):
        import_statement(
            ctx,
            *csv_file(Y, X, W, Z),
            account=ACCOUNT,
            stop=lambda: any(phase == "written" for phase, _ in told),
            progress=lambda phase, n: told.append((phase, n)),
        )
    assert ("written", small_batches) in told
    assert written(ctx) == (0, 0, 0)
    assert counts(load(ctx, csv_file, Y, X, W, Z)) == (4, 4, 0, 0)


def test_a_camt_file_read_in_small_pieces_gives_the_same_lines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """camt.053 is read a piece at a time, each entry dropped once read: pieces of 7 bytes cut
    every element somewhere and give the same statements and lines, line numbers included."""
    data = (Path(__file__).parents[2] / "data" / "bank" / "camt053_v02.xml").read_bytes()
    whole = parse_statement(data, "s.xml")
    monkeypatch.setattr(csvfile, "PIECE", 7)
    problems: list[Problem] = []
    items = list(statement_items(data, "camt053", None, "EUR", problems))
    assert not problems
    heads = [i for i in items if isinstance(i, StatementHead)]
    assert [(h.account, h.reference) for h in heads] == [(s.account, s.reference) for s in whole]
    assert [i for i in items if not isinstance(i, StatementHead)] == [
        line for s in whole for line in s.lines
    ]
