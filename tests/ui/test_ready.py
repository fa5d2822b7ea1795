# SPDX-License-Identifier: MIT
"""``ARAPP_READY_FILE``: the window says when it is ready for work, for the start benchmark."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from arapp.db import migrate
from arapp.db.engine import Database
from arapp.services.company import CompanyProfile, save_company
from arapp.services.context import AppContext
from arapp.ui.ready import ENV_READY_FILE, busy, watch_until_ready
from arapp.ui.worker import UNWAITED_NICE, run_in_background


def test_nothing_is_watched_without_the_variable(main_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv(ENV_READY_FILE, raising=False)
    assert watch_until_ready(main_window, lambda: None) is None


def test_ready_waits_for_background_work_then_writes_and_quits(
    main_window, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not busy(), timeout=10_000)  # the window's own first reads
    release = threading.Event()
    run_in_background(main_window, lambda: release.wait(10), lambda _: None)
    assert busy()
    path = tmp_path / "ready.json"
    monkeypatch.setenv(ENV_READY_FILE, str(path))
    quits: list[bool] = []
    watch = watch_until_ready(main_window, lambda: quits.append(True))
    assert watch is not None
    qtbot.wait(200)
    assert "ready_at" not in watch.figures  # still reading: not ready
    release.set()
    qtbot.waitUntil(lambda: bool(quits), timeout=10_000)
    figures = json.loads(path.read_text(encoding="utf-8"))
    assert figures["shown_at"] <= figures["ready_at"]
    assert figures["ready_rss_mb"] > 10 and figures["settled_rss_mb"] > 10
    assert figures["peak_mb"] >= figures["settled_rss_mb"] * 0.9
    assert quits == [True]


def test_the_app_quits_by_itself_once_ready(tmp_path: Path) -> None:
    books = tmp_path / "books.sqlite3"
    db = Database(f"sqlite:///{books}")
    migrate.upgrade(db, None)
    save_company(AppContext(db), CompanyProfile(name="Zoë's Café", currency="EUR"))
    db.dispose()
    ready = tmp_path / "ready.json"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", ENV_READY_FILE: str(ready)}
    done = subprocess.run(
        [sys.executable, "-m", "arapp", "--db", str(books), "gui"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    figures = json.loads(ready.read_text(encoding="utf-8"))
    assert set(figures) == {
        "shown_at",
        "usable_at",
        "books_at",
        "longest_stall_ms",
        "ready_at",
        "ready_rss_mb",
        "settled_rss_mb",
        "peak_mb",
    }
    # the frame first, then the books in it, then the first figures
    assert figures["shown_at"] <= figures["usable_at"] <= figures["ready_at"]
    assert figures["shown_at"] <= figures["books_at"] <= figures["ready_at"]


def test_work_nobody_waits_for_does_not_hold_ready_and_runs_at_low_priority(
    main_window, qtbot
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QThread

    from arapp.ui.worker import unwaited_pool, wait_for_all

    qtbot.waitUntil(lambda: not busy(), timeout=10_000)
    release = threading.Event()
    priorities: list[QThread.Priority] = []

    nice: list[int] = []

    def later() -> None:  # the Insight tab's later figures, the opening backup
        priorities.append(QThread.currentThread().priority())
        if sys.platform == "linux":  # where Qt's low priority changes nothing: its nice value
            nice.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
        release.wait(10)

    op = run_in_background(main_window, later, lambda _: None, pool=unwaited_pool())
    qtbot.waitUntil(lambda: bool(priorities), timeout=10_000)
    assert op.unwaited and not op.finished
    assert not busy()  # the window is ready for work meanwhile
    assert priorities == [QThread.Priority.LowPriority]
    if sys.platform == "linux":
        assert nice[0] >= UNWAITED_NICE > os.getpriority(os.PRIO_PROCESS, 0)
    assert unwaited_pool().maxThreadCount() == 1  # never both CPUs
    release.set()
    wait_for_all(10_000)
    qtbot.waitUntil(lambda: op.finished, timeout=10_000)
