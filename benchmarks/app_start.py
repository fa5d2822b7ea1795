# SPDX-License-Identifier: MIT
"""Rows measured on whole processes: the window's start and memory, and ``arapp --help``.

The window runs in a child process on the offscreen platform with ``ARAPP_READY_FILE`` set
(:mod:`arapp.ui.ready`): it writes its moments once no background read anyone waits for is
left, and quits. Each row's baseline runs in the same loop, turn about with it, so both see the
same load: empty books for big books, a hello-world PySide6 window for empty books, ``python -c
pass`` for the command line.

"Usable" is :mod:`arapp.ui.ready`'s ``usable_at``: the window is shown (at start its frame:
menus, tab bar, the first tab's page saying the books are opening) and answers from then on:
its event loop never goes 0.1 s without a turn until the first tab's figures are in. Beside
it, without a goal of their own: when the window was shown, when the books were in it (the
tabs made, the first tab calculating), and when the first tab's figures were in (what "usable"
counted until the window showed before the books opened).
"""

from __future__ import annotations

import compileall
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from arapp.db import migrate
from arapp.db.engine import Database
from arapp.services.company import CompanyProfile, save_company
from arapp.services.context import AppContext
from benchmarks.common import Row, at_most, best_of, compared, show

HELLO = """
import json, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel

app = QApplication(sys.argv[:1])
label = QLabel("Hello, world")
label.show()

def look():
    if not label.isVisible():
        return QTimer.singleShot(5, look)
    with open(sys.argv[1], "w") as out:
        json.dump({"ready_at": time.time()}, out)
    app.quit()

QTimer.singleShot(0, look)
app.exec()
"""


def empty_books(folder: Path) -> Path:
    """Books with a company and nothing else, as ``arapp init`` makes them."""
    path = folder / "empty.sqlite"
    if not path.exists():
        db = Database(f"sqlite:///{path}")
        migrate.upgrade(db, None)
        save_company(AppContext(db), CompanyProfile(name="Łódź & Ørsted Handel", currency="EUR"))
        db.dispose()
    return path


def _environment(home: Path, ready: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "ARAPP_DB"}
    return {**env, "QT_QPA_PLATFORM": "offscreen", "ARAPP_HOME": str(home),
            "ARAPP_READY_FILE": str(ready)}  # fmt: skip


def _launch(command: list[str], home: Path) -> dict[str, float]:
    """Run ``command`` until it writes its ready file; its figures, with ``seconds`` from the
    launch to ready."""
    ready = home / "ready.json"
    ready.unlink(missing_ok=True)
    began = time.time()
    done = subprocess.run(
        command, env=_environment(home, ready), capture_output=True, text=True, timeout=900
    )
    if done.returncode or not ready.exists():
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}): {done.stderr[-2000:]}")
    figures = json.loads(ready.read_text(encoding="utf-8"))
    for moment in ("shown", "usable", "books", "ready"):  # the hello window has no books
        at = figures.get(f"{moment}_at", figures["ready_at"])
        figures[moment] = at - began
    return figures


def window(books: Path) -> list[str]:
    return [sys.executable, "-m", "arapp", "--db", str(books), "gui", "--no-demo"]


def compile_arapp() -> None:
    """Write arapp's bytecode first, as installing it does: a checkout run with
    ``PYTHONDONTWRITEBYTECODE`` (set on some machines) compiles its ~100 modules at every start
    (0.3-0.4 s at load 8), which no installed copy pays."""
    import arapp

    compileall.compile_dir(Path(arapp.__file__).parent, quiet=1)


def start(big: Path, folder: Path, runs: int) -> list[Row]:
    """Start to a usable window on big and on empty books and a hello-world window, turn
    about; the memory after start, settled."""
    compile_arapp()
    empty = empty_books(folder)
    hello = folder / "hello.py"
    hello.write_text(HELLO, encoding="utf-8")
    seen: dict[str, list[dict[str, float]]] = {"hello": [], "empty": [], "big": []}
    with tempfile.TemporaryDirectory() as home:
        for _ in range(max(1, runs)):
            seen["hello"].append(
                _launch([sys.executable, str(hello), str(Path(home) / "ready.json")], Path(home))
            )
            seen["empty"].append(_launch(window(empty), Path(home)))
            seen["big"].append(_launch(window(big), Path(home)))

    def best(name: str, moment: str) -> float:
        return min(f[moment] for f in seen[name])

    memory = {name: min(f["settled_rss_mb"] for f in seen[name]) for name in ("empty", "big")}
    mem_ratio = memory["big"] / memory["empty"]
    rows = [
        compared(
            "start to a usable window: big books vs empty books",
            best("big", "usable"),
            "s",
            best("empty", "usable"),
            "empty books",
            1.2,
        ),
        compared(
            "start on empty books vs a hello-world PySide6 window",
            best("empty", "usable"),
            "s",
            best("hello", "usable"),
            "hello-world window",
            3,
        ),
    ]
    for moment, words in (
        ("shown", "window shown"),
        ("books", "books in the window"),
        ("ready", "first tab's figures in"),
    ):
        rows += [
            _beside(
                f"  {words}: big books vs empty books",
                best("big", moment),
                best("empty", moment),
                "empty books",
            ),
            _beside(
                f"  {words}: empty books vs a hello-world window",
                best("empty", moment),
                best("hello", "shown"),
                "hello-world window",
            ),
        ]
    stall = max(f["longest_stall_ms"] for f in seen["big"])
    rows += [
        Row(
            "  longest the window did not answer before its figures, big books",
            stall,
            "ms",
            "-",
            None,
        ),
        Row(
            "memory after start on big books, settled",
            memory["big"],
            "MB",
            "<= 200 MB and <= 1.3x empty books",
            memory["big"] <= 200 and mem_ratio <= 1.3,
            f"empty books {show(memory['empty'], 'MB')}",
            mem_ratio,
        ),
    ]
    return rows  # fmt: skip


def _beside(what: str, figure: float, base: float, base_name: str) -> Row:
    """A row shown beside the judged ones, with its ratio (no goal of its own)."""
    row = compared(what, figure, "s", base, base_name, float("inf"))
    return Row(row.what, row.figure, row.unit, "-", None, row.baseline, row.ratio)


def command_line(runs: int) -> list[Row]:
    """``arapp --help`` and ``--version``: wall time of the whole process, best of ``runs``."""
    script = Path(sys.executable).with_name("arapp")
    arapp = [str(script)] if script.exists() else [sys.executable, "-m", "arapp"]

    def run(*command: str) -> None:
        subprocess.run(command, capture_output=True, check=True, timeout=120)

    python = best_of(runs, lambda: run(sys.executable, "-c", "pass"))
    base = f"python -c pass {show(python, 's')}"
    return [
        at_most(f"`arapp {flag}`", best_of(runs, lambda f=flag: run(*arapp, f)), "s", 0.3, base)
        for flag in ("--help", "--version")
    ]
