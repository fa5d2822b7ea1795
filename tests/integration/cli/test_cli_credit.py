# SPDX-License-Identifier: MIT
"""Refunds, write-offs, applying credit and paying an invoice net of its early-payment discount,
from the command line: each does what the window's service does (the ledger and the aging
afterwards are those of a twin book changed through that service), and refuses bad input with
one line and exit code 1."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

from arapp.app import open_books
from arapp.services.context import AppContext
from arapp.services.credit import apply_credit, refund_credit
from arapp.services.customers import customer_by_code
from arapp.services.invoices import invoice_by_number
from arapp.services.payments import PaymentInput, record_payment
from arapp.services.write_offs import write_off
from tests.helpers.cli import _engines_closed, _logging_restored, run

TODAY = datetime.now().astimezone().date()
LONG_AGO = (TODAY - timedelta(days=120)).isoformat()
YEAR, THIS_YEAR = LONG_AGO[:4], TODAY.isoformat()[:4]
FIRST, SECOND = f"INV-{YEAR}-00001", f"INV-{YEAR}-00002"
THIRD = f"INV-{THIS_YEAR}-0000{3 if YEAR == THIS_YEAR else 1}"


def _book(path: Path) -> Path:
    """Zoë (2/10 net 30) owes 100 and 40 from long ago, and 200 issued today."""
    assert run("init", "--name", "Corner Shop", db=path).returncode == 0
    made = run("customer", "add", "--name", "Zoë", "--code", "ZOE", "--terms", "2/10 net 30",
               db=path)  # fmt: skip
    assert made.returncode == 0, made.stderr
    for amount, day in (("100", LONG_AGO), ("40", LONG_AGO), ("200", TODAY.isoformat())):
        made = run("invoice", "new", "--customer", "ZOE", "--line", f"Goods;1;{amount}",
                   "--issue", "--date", day, db=path)  # fmt: skip
        assert made.returncode == 0, made.stderr
    return path


@contextmanager
def _books(path: Path) -> Iterator[AppContext]:
    with _engines_closed(), _logging_restored():
        yield open_books(str(path)).ctx


def _in_window(path: Path, change: Callable[[AppContext, int], object]) -> None:
    """``change(ctx, customer id)`` through the services the window calls."""
    with _books(path) as ctx:
        change(ctx, customer_by_code(ctx, "ZOE").id)


def _invoice(ctx: AppContext, number: str) -> int:
    return invoice_by_number(ctx, number).id


def _same_books(cli: Path, window: Path) -> None:
    for command in (("ledger", "ZOE"), ("report", "aging")):
        ours, theirs = run(*command, db=cli), run(*command, db=window)
        assert ours.returncode == theirs.returncode == 0, ours.stderr + theirs.stderr
        assert ours.stdout == theirs.stdout, command


def _refused(path: Path, message: str, *args: str) -> None:
    done = run(*args, db=path)
    assert done.returncode == 1, done.stdout
    assert done.stderr.strip() == f"arapp: {message}"


def test_refund_apply_credit_and_write_off(tmp_path: Path) -> None:
    cli, window = _book(tmp_path / "cli.sqlite3"), _book(tmp_path / "window.sqlite3")
    paid = run("payment", "record", "ZOE", "150", "--invoice", f"{FIRST}=100", db=cli)
    assert paid.returncode == 0 and "left as credit: 50.00" in paid.stdout, paid.stderr
    _in_window(
        window,
        lambda ctx, zoe: record_payment(
            ctx, PaymentInput(zoe, TODAY, "150", "bank_transfer", "", ((1, "100"),))
        ),
    )

    _refused(cli, "Zoë has 50.00 EUR of credit to refund.", "payment", "refund", "ZOE", "80")
    _refused(cli, "There is no customer with code XYZ.", "payment", "refund", "XYZ", "5")
    refunded = run("payment", "refund", "zoe", "20", "--method", "cheque", "--reference", "R1",
                   db=cli)  # fmt: skip
    assert refunded.returncode == 0, refunded.stderr
    assert refunded.stdout.strip() == (
        f"Refunded 20.00 EUR to ZOE on {TODAY.isoformat()} (cheque); credit left: 30.00 EUR."
    )
    _in_window(window, lambda ctx, zoe: refund_credit(ctx, zoe, "20", TODAY, "cheque", "R1"))
    _same_books(cli, window)

    _refused(cli, "Zoë has 30.00 EUR of credit; 35.00 is more than that.",
             "payment", "apply-credit", "ZOE", "--invoice", f"{SECOND}=35")  # fmt: skip
    _refused(cli, f"{FIRST} is not open for payment.",
             "payment", "apply-credit", "ZOE", "--invoice", FIRST)  # fmt: skip
    applied = run("payment", "apply-credit", "ZOE", "--invoice", SECOND, db=cli)
    assert applied.returncode == 0, applied.stderr
    assert applied.stdout.splitlines() == [
        "Applied 30.00 EUR of ZOE's credit:",
        f"  {SECOND}: 30.00",
        "  credit left: 0.00 EUR",
    ]
    _in_window(window, lambda ctx, zoe: apply_credit(ctx, 1, ((_invoice(ctx, SECOND), "30"),)))
    _same_books(cli, window)
    _refused(cli, "Zoë has no credit to apply.", "payment", "apply-credit", "ZOE")

    _refused(cli, "10.00 EUR is more than the small-balance limit of 1.00; write it off as bad "
             "debt with a reason, or change the limit in Settings.",
             "payment", "write-off", SECOND, "--reason", "cents")  # fmt: skip
    _refused(cli, "Write off between 0 and 10.00 EUR.",
             "payment", "write-off", SECOND, "--amount", "11", "--reason", "gone",
             "--kind", "bad-debt")  # fmt: skip
    _refused(cli, "There is no invoice or credit note numbered INV-9.",
             "payment", "write-off", "INV-9", "--reason", "gone")  # fmt: skip
    small = run("payment", "write-off", SECOND, "--amount", "0.50", "--reason", "cents", db=cli)
    assert small.stdout.strip() == (
        f"Wrote off 0.50 EUR of {SECOND} as small balance; 9.50 EUR left open."
    ), small.stderr
    gone = run("payment", "write-off", SECOND, "--reason", "gone", "--kind", "bad-debt", db=cli)
    assert gone.stdout.strip() == (
        f"Wrote off 9.50 EUR of {SECOND} as bad debt; 0.00 EUR left open."
    ), gone.stderr
    _refused(cli, f"{SECOND} has nothing open to write off.",
             "payment", "write-off", SECOND, "--reason", "again", "--kind", "bad-debt")  # fmt: skip

    def write_offs(ctx: AppContext, zoe: int) -> None:
        write_off(ctx, _invoice(ctx, SECOND), "small_balance", "cents", "0.50")
        write_off(ctx, _invoice(ctx, SECOND), "bad_debt", "gone")

    _in_window(window, write_offs)
    _same_books(cli, window)


def _two_credits(cli: Path, window: Path) -> None:
    """Zoë pays 60 and 30, 50 and 25 of them on the first invoice: 10 and 5 are left."""
    for amount, on_first in (("60", "50"), ("30", "25")):  # 10 and 5 left as credit
        paid = run("payment", "record", "ZOE", amount, "--invoice", f"{FIRST}={on_first}", db=cli)
        assert paid.returncode == 0, paid.stderr

        def pay(ctx: AppContext, zoe: int, amount: str = amount, part: str = on_first) -> None:
            chosen = ((_invoice(ctx, FIRST), part),)
            record_payment(ctx, PaymentInput(zoe, TODAY, amount, "bank_transfer", "", chosen))

        _in_window(window, pay)


def test_apply_credit_oldest_first_over_several_payments(tmp_path: Path) -> None:
    cli, window = _book(tmp_path / "cli.sqlite3"), _book(tmp_path / "window.sqlite3")
    _two_credits(cli, window)
    _refused(cli, "There is no customer with code NOBODY.", "payment", "apply-credit", "NOBODY")
    applied = run("payment", "apply-credit", "ZOE", db=cli)
    assert applied.returncode == 0, applied.stderr
    assert applied.stdout.splitlines() == [
        "Applied 15.00 EUR of ZOE's credit:",
        f"  {FIRST}: 10.00",
        f"  {FIRST}: 5.00",
        "  credit left: 0.00 EUR",
    ]
    _in_window(window, lambda ctx, zoe: (apply_credit(ctx, 1), apply_credit(ctx, 2)))
    _same_books(cli, window)


def test_an_amount_of_credit_is_taken_from_the_oldest_payment_first(tmp_path: Path) -> None:
    cli, window = _book(tmp_path / "cli.sqlite3"), _book(tmp_path / "window.sqlite3")
    _two_credits(cli, window)
    applied = run("payment", "apply-credit", "ZOE", "--invoice", f"{FIRST}=12", db=cli)
    assert applied.returncode == 0, applied.stderr
    assert applied.stdout.splitlines() == [
        "Applied 12.00 EUR of ZOE's credit:",
        f"  {FIRST}: 10.00",
        f"  {FIRST}: 2.00",
        "  credit left: 3.00 EUR",
    ]

    def by_hand(ctx: AppContext, zoe: int) -> None:
        apply_credit(ctx, 1, ((_invoice(ctx, FIRST), "10"),))
        apply_credit(ctx, 2, ((_invoice(ctx, FIRST), "2"),))

    _in_window(window, by_hand)
    _same_books(cli, window)


def test_record_pays_what_is_due_after_the_discount(tmp_path: Path) -> None:
    cli, window = _book(tmp_path / "cli.sqlite3"), _book(tmp_path / "window.sqlite3")
    short = run("payment", "record", "ZOE", "100", "--invoice", THIRD, db=cli)
    assert short.returncode == 1 and len(short.stderr.splitlines()) == 1, short.stderr
    paid = run("payment", "record", "ZOE", "196", "--invoice", THIRD, db=cli)
    assert paid.returncode == 0, paid.stderr
    assert paid.stdout.splitlines()[1:] == [f"  {THIRD}: 196.00 (discount 4.00)"]

    def pay(ctx: AppContext, zoe: int) -> None:
        chosen = ((_invoice(ctx, THIRD), Decimal("196")),)
        record_payment(ctx, PaymentInput(zoe, TODAY, "196", "bank_transfer", "", chosen))

    _in_window(window, pay)
    _same_books(cli, window)
