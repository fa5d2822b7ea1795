# SPDX-License-Identifier: MIT
"""Promises with a sum over several invoices, late fees left out while held, and no recurring
billing for a customer on credit hold, from the command line."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from tests.helpers.cli import run


def test_promise_fees_and_credit_hold_commands(tmp_path: Path) -> None:
    db = tmp_path / "shop.sqlite3"
    assert run("init", "--name", "Corner Shop", db=db).returncode == 0
    run("customer", "add", "--name", "Zoë", "--code", "ZOE", db=db)
    today = datetime.now().astimezone().date()
    long_ago = (today - timedelta(days=120)).isoformat()
    for amount in ("400", "350", "120"):
        made = run(
            "invoice", "new", "--customer", "ZOE", "--line", f"Goods;1;{amount}",
            "--issue", "--date", long_ago, db=db,
        )  # fmt: skip
        assert made.returncode == 0, made.stderr
    first, second = (f"INV-{long_ago[:4]}-0000{n}" for n in (1, 2))
    friday = (today + timedelta(days=4)).isoformat()

    too_much = run("customer", "promise", "ZOE", "--by", friday, "--amount", "900",
                   "--invoice", first, "--invoice", second, db=db)  # fmt: skip
    assert too_much.returncode == 1 and "more than the 750.00 EUR owed" in too_much.stderr
    promised = run("customer", "promise", "ZOE", "--by", friday, "--amount", "500", "--invoice",
                   first, "--invoice", second, "--note", "Pays on Friday", db=db)  # fmt: skip
    assert promised.returncode == 0, promised.stderr
    assert promised.stdout.strip() == (
        f"Promise recorded: 500.00 EUR on {first}, {second} by {friday};"
        " their reminders and late fees wait through that day."
    )
    listing = run("customer", "promises", "ZOE", db=db).stdout
    assert f"{first}, {second}" in listing and "500.00 EUR" in listing and " open " in listing
    later = (today + timedelta(days=5)).isoformat()
    assert " broken " in run("customer", "promises", "ZOE", "--as-of", later, db=db).stdout
    note = run("customer", "note", "ZOE", "Will pay soon", "--kind", "promise", db=db)
    assert note.returncode == 0  # the contact-log kind stays as it was

    for key, value in (("fees.late_fee_flat", "5"), ("fees.interest_percent_per_month", "1")):
        assert run("config", "set", key, value, db=db).returncode == 0, key
    dry = run("fees", "run", "--dry-run", db=db).stdout.splitlines()
    assert dry[:2] == [
        f"Left out: {first} (Zoë) is promised to be paid by {friday}.",
        f"Left out: {second} (Zoë) is promised to be paid by {friday}.",
    ]
    assert any(line.startswith(f"INV-{long_ago[:4]}-00003") for line in dry)

    assert run("customer", "hold", "ZOE", "--reason", "Late", db=db).returncode == 0
    start = (today - timedelta(days=40)).isoformat()
    added = run("recurring", "add", "--customer", "ZOE", "--name", "Towels", "--every",
                "monthly", "--start", start, "--line", "Towels;1;10", db=db)  # fmt: skip
    assert added.returncode == 0, added.stderr
    skipped = run("recurring", "run", db=db).stdout.strip()
    assert skipped == "Skipped: Zoë is on credit hold (Towels: 2 periods due)"
    assert run("customer", "release", "ZOE", db=db).returncode == 0
    billed = run("recurring", "run", db=db).stdout.split("\n")
    assert [line.split()[0] for line in billed if line] == ["Billed", "Billed"]
