# SPDX-License-Identifier: MIT
"""The rule engine: Saxon-HE in a long-lived child process, restarted when it dies.

:class:`RuleEngine` starts ``python -P saxon_child.py`` (see :mod:`arapp.einvoice.saxon_child`
for the protocol) on the first request and keeps it, so each stylesheet is compiled once
(0.2-1.5 s) and later checks take tens of milliseconds. A fresh interpreter running a script is
used rather than ``multiprocessing``: forking a process that holds Qt or a Saxon isolate is
unsafe, and a spawned ``multiprocessing`` child would run the caller's main module again.

When the child dies or does not answer in time, that request raises :class:`EngineFailure` (the
caller reports the layer as "could not run") and the next request starts a new child. A child
that died while idle is restarted without failing anybody.

One request at a time (a lock). :meth:`RuleEngine.close` asks the child to quit and, failing
that, kills it; an engine left open is closed when collected or at exit.
"""

from __future__ import annotations

import contextlib
import queue
import subprocess
import sys
import threading
import weakref
from pathlib import Path
from typing import IO, Any

from arapp.einvoice import saxon_child

#: Seconds one stylesheet may take on one document, compiling included.
DEFAULT_TIMEOUT = 60.0
_CHILD_SCRIPT = Path(saxon_child.__file__).resolve()


class EngineFailure(Exception):
    """The rule engine could not give an answer for this document; the message says why."""


class _Child:
    """One running child process, with a thread that reads its answers into a queue."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            _child_command(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            # no console window flashing up beside the window on Windows
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
        )
        self.answers: queue.Queue[Any] = queue.Queue()
        assert self.process.stdout is not None
        threading.Thread(
            target=_read_answers,
            args=(self.process.stdout, self.answers),
            name="arapp-einvoice-answers",
            daemon=True,
        ).start()

    def alive(self) -> bool:
        return self.process.poll() is None

    def send(self, message: dict[str, Any]) -> None:
        assert self.process.stdin is not None
        saxon_child.write_frame(self.process.stdin, message)  # type: ignore[arg-type]

    def stop(self, *, kill: bool) -> int | None:
        """End the process (asking first unless ``kill``); its exit code."""
        if not kill and self.alive():
            try:
                self.send({"quit": True})
                self.process.wait(3)
            except (OSError, ValueError, subprocess.TimeoutExpired):
                pass
        if self.alive():
            self.process.kill()
        code = self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()
        return code


def _child_command() -> list[str]:
    """How to start the child: this Python on the script, or a frozen build's own program."""
    if getattr(sys, "frozen", False):
        # The program is arapp itself, not Python: arapp.__main__ runs the child on this
        # argument before anything else.
        return [sys.executable, saxon_child.FROZEN_ARGUMENT]
    # -P: the script's folder stays off sys.path (its neighbours are not top-level modules);
    # the environment and user site-packages stay, so Saxon is found wherever arapp's
    # dependencies were installed.
    return [sys.executable, "-P", str(_CHILD_SCRIPT)]


def _read_answers(stream: IO[bytes], answers: queue.Queue[Any]) -> None:
    while True:
        try:
            message = saxon_child.read_frame(stream)  # type: ignore[arg-type]
        except (OSError, ValueError):
            message = None
        answers.put(message)
        if message is None:
            return


class RuleEngine:
    """Runs rule XSLTs on documents in a child process (see the module docstring)."""

    def __init__(self, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.timeout = timeout
        self._lock = threading.Lock()
        self._child: _Child | None = None
        self._finalizer: weakref.finalize[Any, Any] | None = None

    @property
    def pid(self) -> int | None:
        """The child's process id while it runs (for a person looking at the process list)."""
        child = self._child
        return child.process.pid if child is not None and child.alive() else None

    def run(self, stylesheet: Path, xml_text: str, *, timeout: float | None = None) -> str:
        """The report (SVRL) of ``stylesheet`` on ``xml_text``; :class:`EngineFailure` when
        the engine fails, dies or takes longer than ``timeout`` seconds."""
        limit = self.timeout if timeout is None else timeout
        with self._lock:
            child = self._send({"run": str(stylesheet), "xml": xml_text})
            try:
                answer = child.answers.get(timeout=limit)
            except queue.Empty:
                self._stop(kill=True)
                raise EngineFailure(f"the rules took longer than {limit:g} seconds") from None
            if answer is None:
                code = self._stop(kill=True)
                raise EngineFailure(f"the XSLT engine stopped while checking (exit code {code})")
        if "ok" not in answer:
            raise EngineFailure(str(answer.get("error", "the XSLT engine gave no answer")))
        return str(answer["ok"])

    def close(self) -> None:
        """Ask the child to quit (or kill it); a later request would start a new one."""
        with self._lock:
            self._stop(kill=False)

    def __enter__(self) -> RuleEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _send(self, message: dict[str, Any]) -> _Child:
        """Send ``message`` to a live child, starting one if there is none (or it died idle)."""
        for _attempt in range(2):
            if self._child is None or not self._child.alive():
                self._stop(kill=True)
                self._start()
            assert self._child is not None
            try:
                self._child.send(message)
                return self._child
            except (OSError, ValueError):  # died between requests: no document was on it
                self._stop(kill=True)
        raise EngineFailure("the XSLT engine could not be started")

    def _start(self) -> None:
        try:
            child = _Child()
        except OSError as exc:
            raise EngineFailure(f"the XSLT engine could not be started ({exc})") from None
        self._child = child
        self._finalizer = weakref.finalize(self, child.stop, kill=False)

    def _stop(self, *, kill: bool) -> int | None:
        child, self._child = self._child, None
        if self._finalizer is not None:
            self._finalizer.detach()
            self._finalizer = None
        return child.stop(kill=kill) if child is not None else None
