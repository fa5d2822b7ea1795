# SPDX-License-Identifier: MIT
"""Each alert against hand-computed books (:mod:`tests.helpers.alert_books`), facts after the
day left out, thresholds at their edges, 60 then 90 days as a new alert, dismissal and snooze,
and the command line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from arapp.db.models import AuditEntry
from arapp.domain.alerts import AlertKind
from arapp.services.alerts import alerts, dismiss_alert, snooze_alert
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors
from tests.helpers.alert_books import AlertBooks, alert_books
from tests.helpers.books import TODAY, on_day
from tests.helpers.cli import run
from tests.helpers.postgres import PG_URL

on_postgres = pytest.mark.skipif(
    not PG_URL, reason="set ARAPP_TEST_PG_URL to a PostgreSQL database"
)


@pytest.fixture(
    params=["sqlite", pytest.param("postgres", marks=[pytest.mark.postgres, on_postgres])]
)
def books(request: pytest.FixtureRequest) -> AlertBooks:
    """The hand-computed books, in a SQLite file and on the PostgreSQL server."""
    return alert_books(request.getfixturevalue("ctx" if request.param == "sqlite" else "pg_ctx"))


def _by_key(ctx: AppContext, day: date | None = None) -> dict[str, str]:
    return {a.key: a.reason for a in alerts(ctx, day).alerts}


def test_every_alert_as_of_today(books: AlertBooks) -> None:
    b = books
    assert _by_key(b.ctx) == {
        f"overdue:{b.olga}:-:60": "Olga has 100.00 EUR more than 60 days past due.",
        f"broken_promise:{b.pia}:promise-{b.promise}:broken": (
            "Pia promised to pay 300.00 EUR on invoice INV-2026-00009 by 2026-11-15; "
            "nothing came in."
        ),
        # 20 Oct and 20 Nov both passed
        f"broken_plan:{b.ben}:plan-{b.plan}:missed": (
            "Ben missed 2 instalments of their payment plan (the first was due 2026-10-20); "
            "400.00 EUR is left to pay on it."
        ),
        f"credit_limit:{b.cora}:-:90": (
            "Cora owes 900.00 EUR, 90 % of their credit limit of 1,000.00 EUR."
        ),
        # l4: 1,000 against the median of 100, 100, 100, 1,000 (100); all 3 paid 10 days late
        f"large_due_risky:{b.lars}:invoice-{b.l4}:2x": (
            "Invoice INV-2026-00013 of Lars for 1,000.00 EUR is due in 4 days, on 2026-11-27: "
            "10.0 times their usual invoice, and 100 % of their last invoices were paid more "
            "than a week late."
        ),
        f"due_soon_late_payer:{b.lars}:invoice-{b.l4}:7d": (
            "Invoice INV-2026-00013 of Lars (1,000.00 EUR) is due in 4 days, on 2026-11-27; "
            "all of their last 3 invoices were paid late (up to 10 days)."
        ),
        # the last 3 paid 20 days late, the 3 before on time
        f"paying_worse:{b.paula}:-:10d": (
            "Paula paid their last 3 invoices 20 days late on average, against 0 days for the "
            "3 before them."
        ),
    }
    listed = alerts(b.ctx).alerts
    assert [a.kind for a in listed] == sorted((a.kind for a in listed), key=list(AlertKind).index)
    large = next(a for a in listed if a.kind is AlertKind.LARGE_DUE_RISKY)
    assert (large.customer_id, large.invoice_id) == (b.lars, b.l4)


def test_facts_after_the_day_are_left_out(books: AlertBooks) -> None:
    b = books
    # 1 Nov: Paula's last 3 paid off were 30 Oct (20 late), 21 Oct (20) and 31 Aug (0), and
    # only 2 before them: too little to judge. The promise is made that day and not yet due;
    # Cora's and Lars's big invoices were not issued; Olga's is 62 days past due.
    assert _by_key(b.ctx, date(2026, 11, 1)) == {
        f"overdue:{b.olga}:-:60": "Olga has 100.00 EUR more than 60 days past due.",
        f"broken_plan:{b.ben}:plan-{b.plan}:missed": (
            "Ben missed an instalment of their payment plan (the first was due 2026-10-20); "
            "400.00 EUR is left to pay on it."
        ),
    }


def test_sixty_days_at_the_edge_and_ninety_a_new_alert(books: AlertBooks) -> None:
    b = books
    olga = f"overdue:{b.olga}:-"
    # o1 due 31 Aug: 60 days past due on 30 Oct (not yet "more than 60"), 61 on 31 Oct
    assert not any(k.startswith(olga) for k in _by_key(b.ctx, date(2026, 10, 30)))
    assert f"{olga}:60" in _by_key(b.ctx, date(2026, 10, 31))
    dismiss_alert(b.ctx, f"{olga}:60")
    assert not any(k.startswith(olga) for k in _by_key(b.ctx))
    # 90 days on 29 Nov, 91 ("more than 90") on 30 Nov: a new key, so a new alert
    later = on_day(b.ctx, date(2026, 11, 30))
    assert _by_key(later)[f"{olga}:90"] == "Olga has 100.00 EUR more than 90 days past due."
    assert not any(k.startswith(olga) for k in _by_key(on_day(b.ctx, date(2026, 11, 29))))


def test_credit_limit_edge(ctx: AppContext) -> None:
    from tests.helpers.alert_books import _customer
    from tests.helpers.books import issued_invoice

    under, at = _customer(ctx, "Una", "1000"), _customer(ctx, "Vic", "1000")
    issued_invoice(ctx, under, TODAY, "899.99")
    issued_invoice(ctx, at, TODAY, "900.00")
    over = _customer(ctx, "Wes", "1000")
    issued_invoice(ctx, over, TODAY, "1000.01", confirmed=True)
    assert _by_key(ctx) == {
        f"credit_limit:{at}:-:90": "Vic owes 900.00 EUR, 90 % of their credit limit of "
        "1,000.00 EUR.",
        f"credit_limit:{over}:-:100": "Wes owes 1,000.01 EUR, over their credit limit of "
        "1,000.00 EUR (100 % of it).",
    }


def test_dismissed_and_snoozed_stay_hidden_until_the_snooze_ends(books: AlertBooks) -> None:
    b = books
    plan, cora = f"broken_plan:{b.ben}:plan-{b.plan}:missed", f"credit_limit:{b.cora}:-:90"
    dismiss_alert(b.ctx, plan)
    snooze_alert(b.ctx, cora, date(2026, 11, 25))
    shown = alerts(b.ctx)
    assert plan not in {a.key for a in shown.alerts} and cora not in {a.key for a in shown.alerts}
    assert shown.hidden == 2
    assert cora not in _by_key(on_day(b.ctx, date(2026, 11, 24)))
    back = _by_key(on_day(b.ctx, date(2026, 11, 25)))
    assert cora in back and plan not in back
    assert len(alerts(b.ctx, everything=True).alerts) == 7
    with b.ctx.db.read() as session:
        logged = session.query(AuditEntry).filter(AuditEntry.entity == "alert").all()
        assert [(e.action, e.actor) for e in logged] == [
            ("alert_dismissed", "tester"),
            ("alert_snoozed", "tester"),
        ]
        assert cora in logged[1].details and "2026-11-25" in logged[1].details


def test_bad_keys_and_days_are_refused(books: AlertBooks) -> None:
    with pytest.raises(InputErrors, match="not an alert key"):
        dismiss_alert(books.ctx, "nonsense")
    with pytest.raises(InputErrors, match="after today"):
        snooze_alert(books.ctx, f"overdue:{books.olga}:-:60", TODAY)


def test_cli_table_csv_dismiss_and_snooze(ctx: AppContext, tmp_path: Path) -> None:
    b, db_path = alert_books(ctx), tmp_path / "books.sqlite3"
    listed = run("alerts", "--as-of", "2026-11-23", db=db_path)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.startswith("7 alerts as of 2026-11-23.")
    assert "Olga has 100.00 EUR more than 60 days past due." in listed.stdout
    assert f"overdue:{b.olga}:-:60" in listed.stdout
    csv = run("alerts", "--as-of", "2026-11-23", "--format", "csv", db=db_path).stdout.splitlines()
    assert csv[0] == "key,kind,customer_code,customer,reason,invoice_id,promise_id,plan_id"
    assert (
        f"overdue:{b.olga}:-:60,overdue,OLGA,Olga,Olga has 100.00 EUR more than 60 days "
        "past due.,,," in csv
    )
    assert len(csv) == 8
    done = run("alerts", "dismiss", f"overdue:{b.olga}:-:60", db=db_path)
    assert done.returncode == 0 and "Dismissed" in done.stdout
    snoozed = run("alerts", "snooze", f"broken_plan:{b.ben}:plan-{b.plan}:missed",
                  "--until", "2027-01-01", db=db_path)  # fmt: skip
    assert snoozed.returncode == 0, snoozed.stderr
    after = run("alerts", "--as-of", "2026-11-23", db=db_path).stdout
    assert after.startswith("5 alerts as of 2026-11-23 (2 dismissed or snoozed not shown).")
    refused = run("alerts", "snooze", "overdue:1:-:60", db=db_path)
    assert refused.returncode == 1 and "--until" in refused.stderr
