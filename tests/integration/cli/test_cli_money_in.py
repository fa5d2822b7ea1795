# SPDX-License-Identifier: MIT
"""Payments, ledger, late fees and payment plans from the command line, as a real process."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from tests.helpers.cli import run


def test_payment_fees_and_plan_commands(tmp_path: Path) -> None:
    db = tmp_path / "shop.sqlite3"
    assert run("init", "--name", "Corner Shop", db=db).returncode == 0
    run("customer", "add", "--name", "Zoë", "--code", "ZOE", db=db)
    long_ago = (datetime.now().astimezone().date() - timedelta(days=120)).isoformat()
    for amount in ("100", "40"):
        made = run(
            "invoice", "new", "--customer", "ZOE", "--line", f"Goods;1;{amount}",
            "--issue", "--date", long_ago, db=db,
        )  # fmt: skip
        assert made.returncode == 0, made.stderr
    year = long_ago[:4]

    paid = run(
        "payment", "record", "ZOE", "60", "--method", "cheque", "--reference", "CHQ 7",
        "--invoice", f"INV-{year}-00001=60", db=db,
    )  # fmt: skip
    assert paid.returncode == 0, paid.stderr
    assert paid.stdout.splitlines()[1].split() == [f"INV-{year}-00001:", "60.00"]
    ledger = run("ledger", "ZOE", db=db).stdout
    assert ledger.splitlines()[-1].split()[-1] == "80.00"

    assert run("fees", "run", db=db).stdout.strip() == "No late fees are due."
    for key, value in (("fees.late_fee_flat", "5"), ("fees.interest_percent_per_month", "1")):
        assert run("config", "set", key, value, db=db).returncode == 0, key
    dry = run("fees", "run", "--dry-run", db=db).stdout
    assert "(dry run)" in dry and f"INV-{year}-00001" in dry
    charged = run("fees", "run", db=db)
    assert charged.returncode == 0 and f"INV-{year}-00003" in charged.stdout
    assert run("fees", "run", db=db).stdout.strip() == "No late fees are due."

    first = (datetime.now().astimezone().date() + timedelta(days=7)).isoformat()
    plan = run(
        "plan", "create", "ZOE", "--instalments", "2", "--first", first,
        "--invoice", f"INV-{year}-00002", "--note", "agreed on the phone", db=db,
    )  # fmt: skip
    assert plan.returncode == 0, plan.stderr
    assert "40.00 EUR" in plan.stdout and plan.stdout.count("20.00") == 2
    assert "(active)" in run("plan", "list", "--customer", "zoe", db=db).stdout
    again = run("plan", "create", "ZOE", "--instalments", "1", "--first", first, db=db)
    assert again.returncode == 1 and "already on an active plan" in again.stderr
    assert run("plan", "cancel", "1", "--reason", "paid in full", db=db).returncode == 0
    bounced = run("payment", "reverse", "1", "--reason", "bounced", db=db)
    assert bounced.stdout.strip() == "Payment 1 (60.00 EUR) is reversed."
