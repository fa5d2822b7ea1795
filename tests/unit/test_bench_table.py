# SPDX-License-Identifier: MIT
"""The speed table's logic: ratios, goals met or not, and how rows are printed.

The figures themselves are measured by ``python -m benchmarks.speed`` (a script, never a timed
test); here only what it computes from them.
"""

from __future__ import annotations

import math

import pytest

from benchmarks import speed
from benchmarks.common import Row, at_least, at_most, compared, percentile, rows_of, show, table


def test_a_ratio_goal_passes_up_to_its_limit_and_no_further() -> None:
    row = compared("start: big vs empty", 1.2, "s", 1.0, "empty books", 1.2)
    assert row.ratio == pytest.approx(1.2) and row.passed
    assert (row.baseline, row.goal) == ("empty books 1 s", "<= 1.2x empty books")
    assert not compared("start: big vs empty", 1.21, "s", 1.0, "empty books", 1.2).passed


def test_a_ratio_goal_with_a_limit_needs_both() -> None:
    fast_but_far = compared("aging", 0.4, "s", 0.1, "plain SQL", 2, limit=0.5)
    close_but_slow = compared("aging", 0.6, "s", 0.5, "plain SQL", 2, limit=0.5)
    both = compared("aging", 0.5, "s", 0.25, "plain SQL", 2, limit=0.5)
    assert (fast_but_far.passed, close_but_slow.passed, both.passed) == (False, False, True)
    assert both.goal == "<= 0.5 s and <= 2x plain SQL"


def test_a_baseline_of_zero_never_passes() -> None:
    row = compared("x", 1.0, "s", 0.0, "nothing", 3)
    assert math.isinf(row.ratio or 0) and not row.passed


def test_absolute_goals() -> None:
    assert at_most("help", 0.3, "s", 0.3).passed
    assert not at_most("help", 0.31, "s", 0.3).passed
    assert at_least("import", 20_000, "rows/s", 20_000).passed
    assert not at_least("import", 19_999, "rows/s", 20_000).passed
    assert at_least("import", 1, "rows/s", 20_000).goal == ">= 20,000 rows/s"


def test_figures_are_shown_with_their_unit() -> None:
    assert show(0.04567, "s") == "0.0457 s"
    assert show(1234.5, "ms") == "1,234 ms"
    assert show(19.4, "msg/s") == "19 msg/s"
    assert show(1.234, "x") == "1.23x"


def test_measure_functions_may_hand_tuples() -> None:
    rows = rows_of([("aging", 0.4, "<= 0.5 s", True), ("search", "p50 12 ms", "<= 30 ms", 1)])
    assert rows[0] == Row("aging", 0.4, "", "<= 0.5 s", True)
    assert (rows[1].unit, rows[1].passed) == ("p50 12 ms", True)
    assert show(rows[1].figure, rows[1].unit) == "p50 12 ms"
    mine = Row("x", 1.0, "s", "<= 2 s", True)
    assert rows_of([mine]) == [mine]


def test_the_table_has_every_row_with_pass_or_fail() -> None:
    rows = [
        compared("start: big vs empty", 2.0, "s", 1.0, "empty books", 1.2),
        at_most("help", 0.1, "s", 0.3),
    ]
    markdown = table(rows, markdown=True).splitlines()
    assert markdown[0] == "| what | baseline | figure | ratio | goal | pass/fail |"
    assert markdown[1] == "|---|---|---|---|---|---|"
    assert markdown[2] == (
        "| start: big vs empty | empty books 1 s | 2 s | 2.00x | <= 1.2x empty books | FAIL |"
    )
    assert markdown[3] == "| help | - | 0.1 s | - | <= 0.3 s | pass |"
    plain = table(rows).splitlines()
    assert len(plain) == 3 and plain[0].startswith("what")
    assert plain[1].index("empty books") == plain[0].index("baseline")  # columns line up
    assert plain[1].endswith("FAIL") and plain[2].endswith("pass")


def test_percentiles() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == pytest.approx(50.5)
    assert percentile(values, 95) == pytest.approx(95.05)
    assert percentile([7.0], 95) == 7.0


def test_every_section_of_the_issue_is_measured() -> None:
    assert list(speed.SECTIONS) == [
        "start", "cli", "lists", "aging", "search", "delivery", "invoices", "imports", "kpis",
        "insight", "forecast", "risk",
    ]  # fmt: skip
    with pytest.raises(SystemExit):
        speed.main(["--only", "nonsense"])


def test_a_section_that_breaks_gives_a_failed_row_and_the_others_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(bench: object) -> list[Row]:
        raise ValueError("no books")

    fine = [at_most("help", 0.1, "s", 0.3)]
    monkeypatch.setattr(speed, "SECTIONS", {"cli": broken, "aging": lambda bench: fine})
    rows = speed.measure(None, ["cli", "aging"])  # type: ignore[arg-type]
    assert [(r.what, r.passed) for r in rows] == [("cli: not measured", False), ("help", True)]
    assert "ValueError" in table(rows)
