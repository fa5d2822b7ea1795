# SPDX-License-Identifier: MIT
"""``arapp`` with no database yet: it makes the demo company and keeps the window open."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path


def test_first_start_opens_the_window_on_a_demo_company(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {**os.environ, "ARAPP_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("ARAPP_DB", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "arapp"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    database = home / "data" / "arapp.sqlite3"
    customers = 0
    try:
        deadline = time.monotonic() + 180  # making the demo took over a minute on a loaded machine
        while time.monotonic() < deadline and proc.poll() is None:
            if database.exists():
                try:
                    with sqlite3.connect(database) as conn:
                        customers = conn.execute("SELECT count(*) FROM customer").fetchone()[0]
                    conn.close()
                except sqlite3.Error:  # the schema is still being made
                    customers = 0
                if customers:
                    break
            time.sleep(0.2)
        time.sleep(1.5)  # the window is up and running its event loop
        assert proc.poll() is None, proc.communicate()[1]
    finally:
        proc.terminate()
        _out, err = proc.communicate(timeout=30)
    assert customers == 60
    assert "Traceback" not in err
