# SPDX-License-Identifier: MIT
"""How long the window takes to be usable, and how much memory it holds, on big and empty books.

    python benchmarks/start.py --books COPY_OF_BIG.sqlite [--repeat 3]

Each start runs in its own process (imports included, as a person starting arapp pays them),
timed from the moment the process is launched until the window is shown, the first screen's
data has arrived and no worker is busy any more. The baseline is a hello-world PySide6 window
started the same way in the same run; the three kinds of start take turns, so a machine that
gets busier slows them alike. Memory is the resident set once the window has settled (a second
of idle events after it became usable).

The big books are opened (and upgraded) like ``arapp --db`` does: pass a copy, never books you
care about. Goals (issue 11): big <= 1.2x empty; empty <= 3x hello-world; memory on big books
<= 200 MB and <= 1.3x empty; ``arapp --help`` and ``arapp --version`` within 0.3 s (timed the
same way: a new process until it exits).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SETTLE_S = 1.0
IDLE_CHECKS = 3  # a worker's result is delivered one event later: idle three times running


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _wait_until_idle(app: object, limit_s: float = 600.0) -> None:
    """Process events until no worker has run for IDLE_CHECKS checks in a row."""
    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QApplication

    assert isinstance(app, QApplication)
    pool, idle, deadline = QThreadPool.globalInstance(), 0, time.monotonic() + limit_s
    while idle < IDLE_CHECKS and time.monotonic() < deadline:
        app.processEvents()
        pool.waitForDone(20)
        app.processEvents()
        idle = idle + 1 if pool.activeThreadCount() == 0 else 0


def _settle(app: object) -> float:
    import gc

    from PySide6.QtWidgets import QApplication

    assert isinstance(app, QApplication)
    end = time.monotonic() + SETTLE_S
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)
    _wait_until_idle(app)
    gc.collect()
    return _rss_mb()


def child(kind: str, books: str, t0: float) -> None:
    """One start, in this process; prints what it measured as one JSON line."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication(["arapp-bench"])
    if kind == "hello":
        window = QMainWindow()
        window.setCentralWidget(QLabel("Hello, world"))
    else:
        from arapp.app import open_books
        from arapp.ui import create_main_window

        window = create_main_window(open_books(books).ctx)
    window.resize(1200, 760)
    window.show()
    _wait_until_idle(app)
    ready = time.time() - t0
    rss = _rss_mb()
    settled = _settle(app)
    print(json.dumps({"kind": kind, "ready_s": ready, "rss_mb": rss, "settled_mb": settled}))
    window.close()


def _empty_books(folder: Path) -> str:
    from arapp.app import open_books
    from arapp.services.company import CompanyProfile, save_company

    path = folder / "empty.sqlite"
    books = open_books(str(path))
    save_company(books.ctx, CompanyProfile(name="Empty Shop", currency="EUR", locale="en_US"))
    books.ctx.db.dispose()
    return str(path)


def _start(kind: str, books: str, home: Path) -> dict[str, float]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "ARAPP_HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),  # the window state, too
    }
    t0 = time.time()
    done = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--db", books, "--t0", repr(t0)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"{kind} start failed:\n{done.stderr}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def cli_seconds(argument: str, repeat: int) -> float:
    """Median wall time of ``python -m arapp ARGUMENT`` in a new process, until it exits."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "arapp", argument], capture_output=True, check=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--books", help="a COPY of big books (it is upgraded); required")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", choices=["hello", "arapp"], help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--t0", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.db, args.t0)
        return
    if not args.books:
        parser.error("--books is required")
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        os.environ["ARAPP_HOME"] = str(home)
        empty = _empty_books(home)
        _start("arapp", args.books, home)  # a first start upgrades the copy and warms the cache
        runs: dict[str, list[dict[str, float]]] = {"hello": [], "empty": [], "big": []}
        for _ in range(args.repeat):
            runs["hello"].append(_start("hello", "", home))
            runs["empty"].append(_start("arapp", empty, home))
            runs["big"].append(_start("arapp", args.books, home))
    median = {
        kind: {key: statistics.median(r[key] for r in rs) for key in ("ready_s", "settled_mb")}
        for kind, rs in runs.items()
    }
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average {load}; medians of {args.repeat} starts each")
    for kind in runs:
        each = ", ".join(f"{r['ready_s']:.2f}" for r in runs[kind])
        print(
            f"  {kind:5}  usable after {median[kind]['ready_s']:.2f} s,"
            f"  {median[kind]['settled_mb']:.0f} MB settled  (each: {each})"
        )
    _verdict("start: big / empty", median["big"]["ready_s"] / median["empty"]["ready_s"], 1.2)
    _verdict("start: empty / hello", median["empty"]["ready_s"] / median["hello"]["ready_s"], 3.0)
    _verdict("memory: big, MB", median["big"]["settled_mb"], 200)
    for argument in ("--help", "--version"):
        _verdict(f"arapp {argument}, s", cli_seconds(argument, args.repeat), 0.3)
    _verdict(
        "memory: big / empty", median["big"]["settled_mb"] / median["empty"]["settled_mb"], 1.3
    )


def _verdict(what: str, figure: float, goal: float) -> None:
    print(f"  {what:22} {figure:7.2f}  goal <= {goal:g}  {'pass' if figure <= goal else 'FAIL'}")


if __name__ == "__main__":
    main()
