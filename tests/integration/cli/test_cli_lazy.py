# SPDX-License-Identifier: MIT
"""The command line imports a command's module only once that command is chosen: ``--help`` and
``--version`` import no database, window or PDF code, and every command reads exactly as it does
when all modules are loaded up front."""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import subprocess
import sys

import pytest

from arapp.cli import COMMANDS, _parser

HEAVY = (
    "sqlalchemy",
    "PySide6",
    "reportlab",
    "alembic",
    "lxml",
    "numpy",
    "arapp.services",
    "arapp.db",
    "arapp.ui",
    "arapp.einvoice",
    "numpy",  # the risk model's, imported only when it runs
)


def _commands(parser: argparse.ArgumentParser) -> argparse._SubParsersAction:  # type: ignore[type-arg]
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))


def _help_of(parser: argparse.ArgumentParser, argv: list[str]) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit) as exited:
        parser.parse_args(argv)
    assert exited.value.code == 0
    return out.getvalue()


def _heavy_modules_after(argv: list[str]) -> list[str]:
    """The heavy modules a fresh process holds after ``arapp ARGV`` (stdout: the help text)."""
    script = (
        "import json, sys\n"
        "from arapp.__main__ import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        f"heavy = sorted(m for m in sys.modules if m.startswith({HEAVY!r}))\n"
        "print(json.dumps(heavy), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip()
    heavy: list[str] = json.loads(done.stderr.splitlines()[-1])
    return heavy


@pytest.mark.parametrize("argv", [["--help"], ["--version"]])
def test_help_and_version_import_no_heavy_module(argv: list[str]) -> None:
    assert _heavy_modules_after(argv) == []


def test_a_chosen_command_loads_its_module() -> None:
    """The check above sees heavy modules when there are some: ``db --help`` loads the
    database command, which imports its services."""
    assert "arapp.services.backup" in _heavy_modules_after(["db", "--help"])


def test_the_stand_ins_say_what_the_modules_say() -> None:
    """COMMANDS is the modules' own list: same names, order and help lines as loading them all."""
    full = _commands(_parser())
    assert [(a.dest, a.help) for a in full._choices_actions] == [
        ("gui", "open the window (the default)"),
        ("demo", "fill empty books with a realistic demo company"),
        ("init", "start your own, empty books"),
        *(command for _module, commands in COMMANDS for command in commands),
    ]
    assert _help_of(_parser(lazy=True), ["--help"]) == _help_of(_parser(), ["--help"])


def test_every_command_reads_the_same_when_loaded_on_demand() -> None:
    full = _parser()
    for name, child in _commands(full).choices.items():
        assert _help_of(_parser(lazy=True), [name, "--help"]) == child.format_help(), name


def test_a_wrong_command_is_refused_as_before(capsys: pytest.CaptureFixture[str]) -> None:
    for parser in (_parser(), _parser(lazy=True)):
        with pytest.raises(SystemExit) as exited:
            parser.parse_args(["frobnicate"])
        assert exited.value.code == 2
    full, lazy = capsys.readouterr().err.split("usage:")[1:]
    assert full == lazy
