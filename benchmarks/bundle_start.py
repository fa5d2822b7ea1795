# SPDX-License-Identifier: MIT
"""Start time of the built bundle against a hello-world PySide6 bundle built the same way.

    bash packaging/build.sh                               # dist/arapp, once
    build/venv/bin/python -m benchmarks.bundle_start [--runs 7]

Builds (or reuses) ``build/hello/dist/hello``: a PySide6 window with one label, frozen by the
same PyInstaller from the same venv, one folder. Then starts both in turn on the offscreen
platform, each ``--runs`` times (turn about, so both see the same load), and measures from the
launch to the moment the window is usable (arapp reports it through ``ARAPP_READY_FILE``, see
arapp/ui/ready.py: shown, its frame first, and answering from then on; the hello window writes
the same file when it is shown), and for arapp also to the books being in the window and to
"ready" (the first tab's figures in, no read anyone waits for left). arapp opens books with a
company and nothing else, made by the bundle's own ``arapp init``. Prints both medians, their
ratio against the goal (2x) and both bundles' sizes; exits 1 when the goal is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARAPP = ROOT / "dist" / "arapp" / "arapp"
HELLO_DIR = ROOT / "build" / "hello"
HELLO = HELLO_DIR / "dist" / "hello" / "hello"
GOAL = 2.0

#: The hello-world window (the same as benchmarks/app_start.py's, which needs arapp's imports).
HELLO_SOURCE = """
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
        json.dump({"shown_at": time.time(), "ready_at": time.time()}, out)
    app.quit()

QTimer.singleShot(0, look)
app.exec()
"""


def build_hello() -> None:
    """Freeze the hello window with this Python's PyInstaller (one folder, defaults)."""
    source = HELLO_DIR / "hello.py"
    if HELLO.is_file() and source.is_file() and source.read_text() == HELLO_SOURCE:
        return
    HELLO_DIR.mkdir(parents=True, exist_ok=True)
    source.write_text(HELLO_SOURCE, encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--onedir",
         "--log-level", "ERROR", "--workpath", str(HELLO_DIR / "work"),
         "--distpath", str(HELLO_DIR / "dist"), "--specpath", str(HELLO_DIR), str(source)],
        check=True, cwd=HELLO_DIR, timeout=1800,
    )  # fmt: skip


def size_mb(folder: Path) -> float:
    """MiB on disk, as ``du`` counts them: a symbolic link (PyInstaller links libraries into
    place) is not its target twice."""
    files = (f for f in folder.rglob("*") if f.is_file() and not f.is_symlink())
    return sum(f.stat().st_size for f in files) / 2**20


def launch(command: list[str], env: dict[str, str], ready: Path) -> dict[str, float]:
    """Run ``command`` until it writes ``ready``; seconds from the launch to shown and ready."""
    ready.unlink(missing_ok=True)
    cpu_before = _children_cpu()
    began = time.time()
    done = subprocess.run(
        command, env={**env, "ARAPP_READY_FILE": str(ready)}, capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip
    if done.returncode or not ready.exists():
        raise SystemExit(f"{command[0]} failed ({done.returncode}): {done.stderr[-2000:]}")
    figures = json.loads(ready.read_text(encoding="utf-8"))
    moments = {
        moment: figures.get(f"{moment}_at", figures["shown_at"]) - began
        for moment in ("shown", "usable", "books", "ready")
    }
    return {**moments, "cpu": _children_cpu() - cpu_before}


def _children_cpu() -> float:
    """CPU seconds (user and system) of the child processes waited for so far: a figure that a
    busy machine stretches far less than the wall time."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    if not ARAPP.is_file():
        print(f"{ARAPP} is missing: bash packaging/build.sh first", file=sys.stderr)
        return 2
    build_hello()
    with tempfile.TemporaryDirectory(prefix="arapp-bundle-start-") as folder:
        home = Path(folder)
        env = {k: v for k, v in os.environ.items() if not k.startswith("ARAPP_")}
        env.update(QT_QPA_PLATFORM="offscreen", HOME=str(home), ARAPP_HOME=str(home / "arapp"))
        books = home / "books.sqlite"
        subprocess.run([str(ARAPP), "--db", str(books), "init", "--name", "Benchmark Shop"],
                       env=env, check=True, capture_output=True, timeout=300)  # fmt: skip
        ready = home / "ready.json"
        arapp_window = [str(ARAPP), "--db", str(books), "gui", "--no-demo"]
        launch(arapp_window, env, ready)  # once untimed: the OS file cache, as after any start
        launch([str(HELLO), str(ready)], env, ready)
        hello: list[dict[str, float]] = []
        arapp: list[dict[str, float]] = []
        for _ in range(max(1, runs)):
            hello.append(launch([str(HELLO), str(ready)], env, ready))
            arapp.append(launch(arapp_window, env, ready))
    hello_s = statistics.median(r["shown"] for r in hello)
    hello_cpu = statistics.median(r["cpu"] for r in hello)
    shown_s = statistics.median(r["shown"] for r in arapp)
    usable_s = statistics.median(r["usable"] for r in arapp)
    books_s = statistics.median(r["books"] for r in arapp)
    ready_s = statistics.median(r["ready"] for r in arapp)
    cpu = statistics.median(r["cpu"] for r in arapp)
    ratio = usable_s / hello_s
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; medians of {runs}")
    print(f"hello-world PySide6 bundle: window shown after {hello_s:.2f} s "
          f"(CPU {hello_cpu:.2f} s to quit), {size_mb(HELLO.parent):.0f} MiB")  # fmt: skip
    print(
        f"arapp bundle:               window shown after {shown_s:.2f} s, usable after "
        f"{usable_s:.2f} s, books in after {books_s:.2f} s, ready after {ready_s:.2f} s "
        f"(CPU {cpu:.2f} s to quit, {cpu / hello_cpu:.1f}x), {size_mb(ARAPP.parent):.0f} MiB"
    )
    print(f"  ratios to the hello window: shown {shown_s / hello_s:.2f}x, books in "
          f"{books_s / hello_s:.2f}x, ready {ready_s / hello_s:.2f}x")  # fmt: skip
    verdict = "pass" if ratio <= GOAL else "FAIL"
    print(f"start ratio (usable) {ratio:.2f}x (goal <= {GOAL:g}x): {verdict}")
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
