# SPDX-License-Identifier: MIT
"""Run the built bundle (dist/arapp/arapp) headless and check what a shop owner would do first.

Run by packaging/smoke_test.sh after the build (or alone on a bundle built before), with the
build's Python (it reads the PDFs back with pypdf):

    build/venv/bin/python packaging/smoke_test.py [dist/arapp/arapp]

Each step runs the frozen program in a fresh home folder with the offscreen Qt platform:
``--version``; ``demo`` on a new database; an invoice PDF, read back; a reminder dry run; 40
invoices e-mailed to a local SMTP sink (the render pool's worker processes, which only work in a
frozen build when it calls ``freeze_support``: they are seen with ReportLab loaded, and no
worker died); a
Factur-X e-invoice written, which is checked by the Saxon rule engine in its child process
first, and checked again; the window opening and closing on its own (``ARAPP_READY_FILE``, see
arapp/ui/ready.py). Prints one line per step and ``N passed, N failed`` at the end.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from email import message_from_bytes
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent


class Failure(Exception):
    pass


class Bundle:
    """The frozen program, run in a home folder of its own."""

    def __init__(self, program: Path, home: Path) -> None:
        self.program, self.home = program, home
        self.books = home / "books.sqlite"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("ARAPP_", "PYTHON"))},
            "HOME": str(home),
            "ARAPP_HOME": str(home / "arapp"),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"),
            "QT_QPA_PLATFORM": "offscreen",
        }

    def run(self, *args: str, timeout: float = 180, env: dict[str, str] | None = None,
            books: bool = True) -> subprocess.CompletedProcess[str]:  # fmt: skip
        command = [str(self.program), *(["--db", str(self.books)] if books else []), *args]
        done = subprocess.run(
            command, env={**self.env, **(env or {})}, capture_output=True, text=True,
            timeout=timeout,
        )  # fmt: skip
        return done

    def ok(self, *args: str, **kwargs: object) -> str:
        done = self.run(*args, **kwargs)  # type: ignore[arg-type]
        if done.returncode:
            raise Failure(
                f"`arapp {' '.join(args)}` exited {done.returncode}: "
                f"{(done.stderr or done.stdout).strip()[-1500:]}"
            )
        return done.stdout

    def log(self) -> str:
        return "".join(p.read_text(errors="replace") for p in self.home.rglob("arapp.log*"))


def issued_numbers(bundle: Bundle) -> list[str]:
    rows = csv.DictReader(io.StringIO(bundle.ok("invoice", "list", "--format", "csv")))
    return [row["number"] for row in rows if row.get("status", "").lower() not in ("draft", "void")]


class SmtpSink:
    """A plain SMTP server on 127.0.0.1 that keeps every message (no TLS, no login)."""

    def __init__(self) -> None:
        self.messages: list[bytes] = []
        self.loop = asyncio.new_event_loop()
        self.port = 0
        started = threading.Event()
        threading.Thread(target=self._serve, args=(started,), daemon=True).start()
        started.wait(10)

    def _serve(self, started: threading.Event) -> None:
        asyncio.set_event_loop(self.loop)
        server = self.loop.run_until_complete(asyncio.start_server(self._talk, "127.0.0.1", 0))
        self.port = server.sockets[0].getsockname()[1]
        started.set()
        self.loop.run_forever()

    async def _talk(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        def say(line: str) -> None:
            writer.write(f"{line}\r\n".encode())

        say("220 sink ready")
        while line := await reader.readline():
            verb = line[:4].upper()
            if verb == b"EHLO":
                say("250-sink")
                say("250 8BITMIME")
            elif verb == b"DATA":
                say("354 go on")
                data = bytearray()
                while (part := await reader.readline()) not in (b".\r\n", b""):
                    data += part[1:] if part.startswith(b"..") else part
                self.messages.append(bytes(data))
                say("250 kept")
            elif verb == b"QUIT":
                say("221 bye")
                await writer.drain()
                break
            else:  # HELO, MAIL, RCPT, RSET, NOOP
                say("250 ok")
            await writer.drain()
        writer.close()

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)


def workers_of(program: Path) -> dict[int, bool]:
    """Processes of ``program`` started as multiprocessing workers (the render pool's), each
    with whether it has loaded ReportLab's C accelerator, that is, got past the start to
    rendering: a worker that started arapp's command line instead (no ``freeze_support``) exits
    with a usage error before it loads anything of ReportLab's."""
    found = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            argv = (proc / "cmdline").read_bytes().split(b"\0")
            if argv[0] != str(program).encode() or b"--multiprocessing-fork" not in argv:
                continue
            found[int(proc.name)] = b"_rl_accel" in (proc / "maps").read_bytes()
        except OSError:
            continue
    return found


def step_version(bundle: Bundle) -> str:
    import arapp

    out = bundle.ok("--version", books=False).strip()
    if out != f"arapp {arapp.__version__}":
        raise Failure(f"--version said {out!r}")
    return out


def step_demo(bundle: Bundle) -> str:
    out = bundle.ok("demo", "--customers", "60", "--months", "12")
    if not bundle.books.is_file():
        raise Failure("no database was written")
    return out.strip().splitlines()[0]


def step_pdf(bundle: Bundle) -> str:
    number = issued_numbers(bundle)[0]
    target = bundle.home / "invoice.pdf"
    bundle.ok("invoice", "pdf", number, "-o", str(target))
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    if number not in text:
        raise Failure(f"{target} does not name invoice {number}")
    return f"invoice {number}: {target.stat().st_size} bytes, its number read back"


def step_reminders(bundle: Bundle) -> str:
    out = bundle.ok("remind", "--dry-run").strip()
    if not out:
        raise Failure("the dry run printed nothing")
    return out.splitlines()[0]


def step_send(bundle: Bundle) -> str:
    sink = SmtpSink()
    try:
        for key, value in (
            ("smtp.host", "127.0.0.1"),
            ("smtp.port", str(sink.port)),
            ("smtp.security", "none"),
            ("smtp.from", "shop@example.org"),
        ):
            bundle.ok("config", "set", key, value)
        numbers = issued_numbers(bundle)[:40]
        if len(numbers) < 40:
            raise Failure(f"the demo has {len(numbers)} issued invoices, not 40")
        command = [str(bundle.program), "--db", str(bundle.books), "invoice", "send", *numbers,
                   "--to", "sink@example.org", "--again"]  # fmt: skip
        seen: dict[int, bool] = {}
        with subprocess.Popen(command, env=bundle.env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) as proc:  # fmt: skip
            began = time.monotonic()
            while proc.poll() is None and time.monotonic() - began < 300:
                for pid, rendering in workers_of(bundle.program).items():
                    seen[pid] = seen.get(pid, False) or rendering
                time.sleep(0.05)
            if proc.poll() is None:
                proc.kill()
                raise Failure("sending 40 invoices took more than 5 minutes")
            out, err = proc.communicate()
        if proc.returncode:
            raise Failure(f"invoice send exited {proc.returncode}: {(err or out)[-1500:]}")
        pdfs = 0
        for raw in sink.messages:
            for part in message_from_bytes(raw).walk():
                if part.get_content_type() == "application/pdf":
                    payload = part.get_payload(decode=True)
                    if isinstance(payload, bytes) and payload.startswith(b"%PDF"):
                        pdfs += 1
        if len(sink.messages) != 40 or pdfs < 40:
            raise Failure(f"{len(sink.messages)} messages with {pdfs} PDFs arrived, not 40")
        if "worker process died" in bundle.log():
            raise Failure("a render worker died (is freeze_support called first?)")
        cpus = len(os.sched_getaffinity(0))
        rendering = sum(seen.values())
        if cpus >= 2 and not rendering:
            raise Failure(
                f"{len(seen)} render worker processes started on {cpus} CPUs, none got to "
                "rendering (is multiprocessing.freeze_support() called first?)"
            )
        return f"40 e-mails with their PDFs; {rendering} render worker processes seen rendering"
    finally:
        sink.stop()


def step_einvoice(bundle: Bundle) -> str:
    number = issued_numbers(bundle)[1]
    target = bundle.home / "facturx.pdf"
    done = bundle.run("invoice", "einvoice", number, "--format", "facturx", "-o", str(target))
    if done.returncode == 3 or "could not run" in done.stdout + done.stderr:
        raise Failure(f"the rules could not run in the bundle: {done.stdout}{done.stderr}")
    if done.returncode:
        raise Failure(f"invoice einvoice exited {done.returncode}: {done.stdout}{done.stderr}")
    out = bundle.ok("einvoice", "check", str(target), books=False)
    if "could not run" in out:
        raise Failure(f"einvoice check: {out}")
    return out.strip().splitlines()[0]


def step_insight(bundle: Bundle) -> str:
    """The risk model and the forecast (numpy) run inside the bundle."""
    risk = bundle.ok("report", "risk", "--format", "csv").splitlines()
    if not risk or risk[0] != "customer_code,customer,score,segment,reasons":
        raise Failure(f"report risk printed {risk[:2]!r}")
    forecast = bundle.ok("report", "forecast", "--format", "csv").splitlines()
    if not forecast or not forecast[0].startswith("week_start,expected"):
        raise Failure(f"report forecast printed {forecast[:2]!r}")
    return f"{len(risk) - 1} customers scored, {len(forecast) - 1} weeks forecast"


def step_language(bundle: Bundle) -> str:
    """The catalogues are in the bundle: the command line speaks German when asked."""
    said = bundle.ok("--help", books=False, env={"ARAPP_LANGUAGE": "de"})
    if "Aufruf:" not in said:
        raise Failure(f"--help in German printed {said[:200]!r}")
    return "arapp --help in German"


def step_window(bundle: Bundle) -> str:
    ready = bundle.home / "ready.json"
    began = time.time()
    done = bundle.run("gui", env={"ARAPP_READY_FILE": str(ready)}, timeout=180)
    if done.returncode or not ready.is_file():
        raise Failure(f"the window did not report ready ({done.returncode}): {done.stderr[-1500:]}")
    figures = json.loads(ready.read_text())
    return (
        f"shown after {figures['shown_at'] - began:.1f} s, ready after "
        f"{figures['ready_at'] - began:.1f} s, closed by itself"
    )


STEPS: list[tuple[str, Callable[[Bundle], str]]] = [
    ("--version", step_version),
    ("demo on a new database", step_demo),
    ("an invoice PDF", step_pdf),
    ("a reminder dry run", step_reminders),
    ("40 invoices e-mailed, PDFs from the render pool", step_send),
    ("a Factur-X e-invoice checked by the rule engine", step_einvoice),
    ("the risk report and the forecast (numpy)", step_insight),
    ("the command line in German (the catalogues)", step_language),
    ("the window opens offscreen and closes by itself", step_window),
]


def main() -> int:
    program = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "dist" / "arapp" / "arapp")
    program = program.resolve()
    if not program.is_file():
        print(f"{program} is missing: bash packaging/build.sh first", file=sys.stderr)
        return 2
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="arapp-smoke-") as home:
        bundle = Bundle(program, Path(home))
        for name, step in STEPS:
            began = time.monotonic()
            try:
                said = step(bundle)
            except (Failure, subprocess.TimeoutExpired, OSError, IndexError) as exc:
                failed += 1
                print(f"FAIL {name}: {exc}", flush=True)
            else:
                passed += 1
                print(f"ok   {name} ({time.monotonic() - began:.1f} s): {said}", flush=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
