# SPDX-License-Identifier: MIT
"""Backup names and the rotation (7 daily, 4 weekly, 12 monthly), across simulated days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from arapp.domain.backups import (
    BackupName,
    Retention,
    backups_to_keep,
    parse_backup_name,
    safe_stem,
)
from arapp.domain.number_gaps import number_gaps


def test_a_name_says_whose_backup_it_is_when_and_why() -> None:
    taken = datetime(2026, 12, 7, 19, 31, 0, tzinfo=UTC)
    name = BackupName("books-2025", "3f2a9c1b0d4e", taken, "before-upgrade", 2)
    assert name.file_name == "books-2025-3f2a9c1b0d4e-20261207T193100Z-2-before-upgrade.sqlite3"
    assert parse_backup_name(name.file_name) == name
    assert parse_backup_name(name.file_name + ".partial") is None
    # The names arapp wrote before backups had an identity are not this books' backups.
    assert parse_backup_name("books-20261207-193100-000001-manual.sqlite3") is None
    assert safe_stem("my books/2026") == "my_books_2026" and safe_stem("..") == "books"


def test_rotation_across_simulated_days_keeps_7_daily_4_weekly_12_monthly() -> None:
    """Two backups a day (opening and closing) for 500 days, the rotation run after each."""
    kept: set[datetime] = set()
    start = datetime(2025, 1, 1, 8, 0, tzinfo=UTC)
    for day in range(500):
        for hour in (0, 9):
            kept.add(start + timedelta(days=day, hours=hour))
            kept = backups_to_keep(kept)
    newest = max(kept)
    days = sorted({k.date() for k in kept}, reverse=True)
    assert newest == start + timedelta(days=499, hours=9)
    assert len({k.date() for k in kept}) == len(kept)  # one a day at most: the day's newest
    assert all(k.hour == 17 for k in kept)  # ... which is the closing one
    last_days = [newest.date() - timedelta(days=n) for n in range(7)]
    assert set(last_days) <= set(days)
    weeks = {k.isocalendar()[:2] for k in kept}
    assert len(weeks) >= 4 and {d.isocalendar()[:2] for d in last_days} <= weeks
    months = sorted({(k.year, k.month) for k in kept}, reverse=True)
    assert months[:12] == sorted({(d.year, d.month) for d in _month_ends(newest.date())})[::-1]
    assert len(kept) <= 7 + 4 + 12
    assert min(kept).date() >= date(2025, 5, 1) - timedelta(days=31)  # nothing older kept


def _month_ends(newest: date) -> list[date]:
    found, day = [], newest
    while len({(d.year, d.month) for d in found}) < 12:
        found.append(day)
        day -= timedelta(days=1)
    return found


def test_rotation_with_days_missed_keeps_the_days_that_have_backups() -> None:
    """Books opened twice a month: the 7 daily copies are the last 7 times, not the last week."""
    taken = [datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=15 * n) for n in range(30)]
    kept = backups_to_keep(taken, Retention(daily=7, weekly=0, monthly=0))
    assert kept == set(sorted(taken)[-7:])
    assert backups_to_keep([]) == set()


def test_number_gaps_per_run() -> None:
    numbers = ["INV-2026-00001", "INV-2026-00002", "INV-2026-00005", "INV-2025-00007", "7", "9"]
    assert number_gaps(numbers) == [
        "8 is missing between 7 and 9",
        "INV-2026-00003, INV-2026-00004 are missing between INV-2026-00001 and INV-2026-00005",
    ]
    assert number_gaps(["A-0098", "A-0099", "A-0100", "A-0101"]) == []
    assert number_gaps([f"N{n}" for n in (1, 9)]) == [
        "N2, N3, N4, N5, N6 and 2 more are missing between N1 and N9"
    ]
