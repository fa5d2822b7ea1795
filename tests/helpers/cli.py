# SPDX-License-Identifier: MIT
"""Running ``arapp COMMAND`` from a test.

:func:`run` calls the command line's ``main`` in this process, with its own stdin, stdout and
stderr, and gives back what a real run gives (a :class:`subprocess.CompletedProcess` with the
exit code and the text written). A new Python process costs about a second of imports; most
tests are about what a command does, not about the process. :func:`run_process` starts the real
``python -m arapp`` for the few tests that are about the process itself: the entry point, exit
codes, environment read at start-up (the keyring backend), two processes at once.

In-process runs leave no global state behind: the log handler ``open_books`` adds, and every
database engine the command opened, are closed when the command returns.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

import arapp.db.engine
from arapp.__main__ import main


def _command(args: tuple[str, ...], db: Path | None) -> list[str]:
    return [*(["--db", str(db)] if db is not None else []), *args]


def _text(stream: io.TextIOWrapper) -> str:
    """What a reader with ``text=True`` gets: UTF-8 with universal newlines."""
    stream.flush()
    raw = stream.detach()
    assert isinstance(raw, io.BytesIO)
    return raw.getvalue().decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


@contextlib.contextmanager
def _engines_closed() -> Iterator[None]:
    """Dispose every engine created inside the block (a process would end and close them)."""
    created: list[Engine] = []
    original = arapp.db.engine.create_engine

    def tracking(*args: Any, **kwargs: Any) -> Engine:
        engine = original(*args, **kwargs)
        created.append(engine)
        return engine

    arapp.db.engine.create_engine = tracking  # type: ignore[assignment]
    try:
        yield
    finally:
        arapp.db.engine.create_engine = original
        for engine in created:
            engine.dispose()


@contextlib.contextmanager
def _logging_restored() -> Iterator[None]:
    """Remove the handlers a command adds to the ``arapp`` logger, and its level."""
    logger = logging.getLogger("arapp")
    handlers, level = list(logger.handlers), logger.level
    try:
        yield
    finally:
        for handler in logger.handlers[:]:
            if handler not in handlers:
                logger.removeHandler(handler)
                handler.close()
        logger.setLevel(level)


def run(*args: str, db: Path | None = None, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """``arapp [--db DB] ARGS`` in this process; stdin is the given text (not a terminal)."""
    argv = _command(args, db)
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True)
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True)
    source = io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8")
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = source, out, err
    try:
        with _engines_closed(), _logging_restored():
            try:
                code = main(argv)
            except SystemExit as exc:  # argparse: --help, --version, wrong usage
                if exc.code is None or isinstance(exc.code, int):
                    code = exc.code or 0
                else:
                    print(exc.code, file=sys.stderr)
                    code = 1
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
        source.close()
    return subprocess.CompletedProcess(["arapp", *argv], code, _text(out), _text(err))


def run_process(
    *args: str, db: Path | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    """``python -m arapp [--db DB] ARGS`` as a real process with this process's environment."""
    return subprocess.run(
        [sys.executable, "-m", "arapp", *_command(args, db)],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
