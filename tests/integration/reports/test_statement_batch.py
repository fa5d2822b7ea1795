# SPDX-License-Identifier: MIT
"""Month-end statements for every customer with a balance: written into a folder, read back,
stopped, failing one customer at a time, and from the command line."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from arapp.services import customers as cust
from arapp.services.context import AppContext
from arapp.services.errors import ServiceError
from arapp.services.payments import PaymentInput, record_payment
from arapp.services.statements import customer_codes, customers_with_balance, save_statements
from tests.helpers.books import issued_invoice as invoice
from tests.helpers.books import with_bank
from tests.helpers.cli import run
from tests.helpers.pdf import SPACES

NAME = "<b>&\"' Anna"
FORMULA = '=HYPERLINK("http://evil.example","x")'
START, END = date(2026, 10, 1), date(2026, 11, 23)


def pdf_text(path: Path) -> str:
    return SPACES.sub(" ", " ".join(p.extract_text() for p in PdfReader(path).pages))


def add(ctx: AppContext, name: str, code: str, currency: str = "") -> int:
    return cust.create_customer(ctx, cust.CustomerInput(name=name, code=code, currency=currency)).id


@pytest.fixture
def shop(ctx: AppContext) -> dict[str, int]:
    """Five customers; four owe something (one in USD), one paid everything.

    "A.B" and "A_B" make the same file name (a dot is not kept in names).
    """
    with_bank(ctx)
    ids = {
        "ANNA": add(ctx, NAME, "ANNA"),
        "A.B": add(ctx, FORMULA, "A.B"),
        "A_B": add(ctx, "Bea Underscore", "A_B"),
        "PAID": add(ctx, "Paid Up", "PAID"),
        "YANK": add(ctx, "Yankee Doodle", "YANK", currency="USD"),
    }
    invoice(ctx, ids["ANNA"], date(2026, 10, 5), "100.00")  # in date order: numbers follow dates
    invoice(ctx, ids["A.B"], date(2026, 10, 6), "50.00")
    paid = invoice(ctx, ids["PAID"], date(2026, 10, 7), "30.00")
    invoice(ctx, ids["YANK"], date(2026, 10, 8), "10.00")
    record_payment(
        ctx, PaymentInput(ids["PAID"], date(2026, 10, 9), "30.00", "cash", "", ((paid, "30"),))
    )
    invoice(ctx, ids["A_B"], date(2026, 11, 20), "20.00")
    return ids


def test_customers_with_a_balance(ctx: AppContext, shop: dict[str, int]) -> None:
    # By name within a currency, the company's currency (EUR) first; PAID owes nothing.
    assert customers_with_balance(ctx) == [
        shop["ANNA"], shop["A.B"], shop["A_B"], shop["YANK"]
    ]  # fmt: skip
    assert customers_with_balance(ctx, "USD") == [shop["YANK"]]
    # On 31 October A_B had not been invoiced yet.
    assert shop["A_B"] not in customers_with_balance(ctx, "EUR", as_of=date(2026, 10, 31))
    assert customer_codes(ctx, [shop["A.B"], 9_999]) == {shop["A.B"]: "A.B"}


def test_every_statement_is_written_and_reads_back(
    ctx: AppContext, shop: dict[str, int], tmp_path: Path
) -> None:
    folder = tmp_path / "month end"  # made when missing
    steps: list[tuple[int, int]] = []
    ids = customers_with_balance(ctx)
    result = save_statements(ctx, folder, ids, START, END, lambda d, t: steps.append((d, t)))
    assert not result.cancelled and result.failed == ()
    assert [p.name for p in result.written] == [
        "Statement ANNA 2026-11-23.pdf",
        "Statement A_B 2026-11-23.pdf",  # A.B
        "Statement A_B 2026-11-23 (2).pdf",  # A_B: same name, not written over
        "Statement YANK 2026-11-23.pdf",
    ]
    assert sorted(folder.iterdir()) == sorted(result.written)  # no .part left behind
    assert steps == [(n, 4) for n in range(1, 5)]
    anna, formula, bea, yank = map(pdf_text, result.written)
    assert NAME in anna and "Amount due €100.00" in anna
    assert "Period Oct 1, 2026 – Nov 23, 2026" in anna
    assert FORMULA in formula and "Amount due €50.00" in formula
    assert "Bea Underscore" in bea and "Amount due €20.00" in bea
    assert "Yankee Doodle" in yank and "Amount due $10.00" in yank


def test_a_second_run_never_replaces_the_first(
    ctx: AppContext, shop: dict[str, int], tmp_path: Path
) -> None:
    first = save_statements(ctx, tmp_path, [shop["ANNA"]], START, END)
    before = first.written[0].read_bytes()
    second = save_statements(ctx, tmp_path, [shop["ANNA"]], START, END)
    assert [p.name for p in second.written] == ["Statement ANNA 2026-11-23 (2).pdf"]
    assert first.written[0].read_bytes() == before


def test_cancel_after_the_first_file_writes_nothing_more(
    ctx: AppContext, shop: dict[str, int], tmp_path: Path
) -> None:
    stop: list[bool] = []
    folder = tmp_path / "out"
    result = save_statements(
        ctx,
        folder,
        customers_with_balance(ctx),
        START,
        END,
        progress=lambda done, _total: stop.append(True),
        cancelled=lambda: bool(stop),
    )
    assert result.cancelled and result.failed == ()
    assert [p.name for p in result.written] == ["Statement ANNA 2026-11-23.pdf"]
    assert list(folder.iterdir()) == list(result.written)


def test_failures_are_reported_per_customer_and_the_rest_written(
    ctx: AppContext, shop: dict[str, int], tmp_path: Path
) -> None:
    # Something in the way of A.B's file (a folder where its temporary file goes).
    (tmp_path / "Statement A_B 2026-11-23.pdf.part").mkdir()
    ids = [shop["ANNA"], 9_999, shop["A.B"], shop["YANK"]]
    result = save_statements(ctx, tmp_path, ids, START, END)
    assert not result.cancelled
    assert [p.name for p in result.written] == [
        "Statement ANNA 2026-11-23.pdf",
        "Statement YANK 2026-11-23.pdf",
    ]
    assert result.failed == (
        (9_999, "Customer #9999 does not exist."),
        (shop["A.B"], "Cannot write Statement A_B 2026-11-23.pdf: Is a directory"),
    )


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_folder_fails_each_customer(
    ctx: AppContext, shop: dict[str, int], tmp_path: Path
) -> None:
    tmp_path.chmod(0o500)
    try:
        result = save_statements(ctx, tmp_path, [shop["ANNA"], shop["YANK"]], START, END)
    finally:
        tmp_path.chmod(0o700)
    assert result.written == ()
    assert [reason for _id, reason in result.failed] == [
        "Cannot write Statement ANNA 2026-11-23.pdf: Permission denied",
        "Cannot write Statement YANK 2026-11-23.pdf: Permission denied",
    ]


def test_a_wrong_period_fails_once(ctx: AppContext, shop: dict[str, int], tmp_path: Path) -> None:
    with pytest.raises(ServiceError, match="starts after it ends"):
        save_statements(ctx, tmp_path / "out", [shop["ANNA"]], END, START)
    assert not (tmp_path / "out").exists()


def test_statements_command(shop: dict[str, int], db_url: str, tmp_path: Path) -> None:
    db = Path(db_url.removeprefix("sqlite:///"))
    out = tmp_path / "statements"
    # the command's clock is the real one: the period's end is given, as the test's books end
    to = ("--to", "2026-11-23")
    done = run(
        "statements", "-o", str(out), "--from", "2026-10-01", *to, "--currency", "eur", db=db
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        f"Wrote {out / 'Statement ANNA 2026-11-23.pdf'}",
        f"Wrote {out / 'Statement A_B 2026-11-23.pdf'}",
        f"Wrote {out / 'Statement A_B 2026-11-23 (2).pdf'}",
        f"3 of 3 statements (2026-10-01 to 2026-11-23) written to {out}.",
    ]
    assert "Amount due €100.00" in pdf_text(out / "Statement ANNA 2026-11-23.pdf")
    # Something in the way of YANK's file: the others are written, the command fails.
    blocked = tmp_path / "blocked"
    (blocked / "Statement YANK 2026-11-23.pdf.part").mkdir(parents=True)
    failed = run("statements", "-o", str(blocked), *to, db=db)
    assert failed.returncode == 1
    assert (
        failed.stderr == "Failed YANK: Cannot write Statement YANK 2026-11-23.pdf: Is a directory\n"
    )
    assert failed.stdout.splitlines()[-1] == (
        f"3 of 4 statements (2026-08-25 to 2026-11-23) written to {blocked}."
    )
    # Not a folder at all.
    not_folder = tmp_path / "file.txt"
    not_folder.write_text("x")
    bad = run("statements", "-o", str(not_folder), *to, db=db)
    assert bad.returncode == 1 and bad.stderr.startswith(f"arapp: Cannot write into {not_folder}")
    nobody = run("statements", "-o", str(out), "--currency", "GBP", *to, db=db)
    assert nobody.returncode == 0
    assert nobody.stdout == "No customer has a balance on 2026-11-23: no statements written.\n"
