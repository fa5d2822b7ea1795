# SPDX-License-Identifier: MIT
"""From the command line, nothing is dated in the future (issue 13, item 2): ``fees run
--as-of`` a day still to come is refused with a message, and ``invoice issue --date`` dates a
draft on the day the owner gives, never a day to come; a day before the last invoice is refused
with the way out."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from tests.helpers.cli import run


def test_fees_ahead_and_drafts_ahead_are_refused(tmp_path: Path) -> None:
    db = tmp_path / "shop.sqlite3"
    assert run("init", "--name", "Corner Shop", db=db).returncode == 0
    run("customer", "add", "--name", "Zoë", "--code", "ZOE", db=db)
    today = datetime.now().astimezone().date()
    long_ago = (today - timedelta(days=120)).isoformat()
    made = run("invoice", "new", "--customer", "ZOE", "--line", "Goods;1;100", "--issue",
               "--date", long_ago, db=db)  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert run("config", "set", "fees.late_fee_flat", "5", db=db).returncode == 0

    ahead = (today + timedelta(days=40)).isoformat()
    refused = run("fees", "run", "--as-of", ahead, db=db)
    assert refused.returncode == 1 and f"as of {ahead}, a day still to come" in refused.stderr
    assert "INV-" not in refused.stdout

    draft = run("invoice", "new", "--customer", "ZOE", "--line", "Goods;1;10", db=db)
    draft_id = draft.stdout.split()[1]
    future = run("invoice", "issue", draft_id, "--date", ahead, db=db)
    assert future.returncode == 1 and "a day still to come" in future.stderr
    issued = run("invoice", "issue", draft_id, "--date", today.isoformat(), db=db)
    assert issued.returncode == 0, issued.stderr
    listing = run("invoice", "list", "--format", "csv", db=db).stdout
    assert ahead not in listing and today.isoformat() in listing


def test_a_date_before_the_last_invoice_is_refused_with_the_way_out(tmp_path: Path) -> None:
    db = tmp_path / "shop.sqlite3"
    assert run("init", "--name", "Corner Shop", db=db).returncode == 0
    run("customer", "add", "--name", "Zoë", "--code", "ZOE", db=db)
    # One numbering for all years, so the days below share it whatever day the test runs on.
    assert run("config", "set", "invoice.number_pattern", "N{seq:04}", db=db).returncode == 0
    today = datetime.now().astimezone().date()
    first, before = today - timedelta(days=2), (today - timedelta(days=3)).isoformat()
    made = run("invoice", "new", "--customer", "ZOE", "--line", "Goods;1;100", "--issue",
               "--date", first.isoformat(), db=db)  # fmt: skip
    assert made.returncode == 0, made.stderr
    early = run("invoice", "new", "--customer", "ZOE", "--line", "Goods;1;5", "--issue",
                "--date", before, db=db)  # fmt: skip
    assert early.returncode == 1
    assert "the last one in this numbering is dated" in early.stderr
    assert "Leave out --date to issue it dated today." in early.stderr

    draft = run("invoice", "new", "--customer", "ZOE", "--line", "Goods;1;10", "--date", before,
                db=db)  # fmt: skip
    draft_id = draft.stdout.split()[1]
    refused = run("invoice", "issue", draft_id, db=db)
    assert refused.returncode == 1
    assert f"Add --date {today.isoformat()} to issue it dated today." in refused.stderr
    issued = run("invoice", "issue", draft_id, "--date", today.isoformat(), db=db)
    assert issued.returncode == 0 and issued.stdout.strip() == "Issued N0002", issued.stderr
