# SPDX-License-Identifier: MIT
"""In a frozen build (packaging/, PyInstaller) there is no Python to run the rule engine's child
script with: the engine starts the program itself with a hidden first argument, and
``arapp.__main__`` serves the rules on it. Here the frozen program is stood in for by a script
that sets ``sys.frozen`` as PyInstaller does and calls ``arapp.__main__.main``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

import arapp
from arapp.einvoice import artefacts, saxon_child
from arapp.einvoice.engine import RuleEngine
from tests.integration.einvoice.conftest import DATA

FROZEN = "import sys; sys.frozen = True; from arapp.__main__ import main; sys.exit(main())"
ROOT = Path(arapp.__file__).resolve().parent.parent


def _frozen_program(folder: Path) -> Path:
    """An executable that behaves as the frozen ``arapp`` does (its arguments included)."""
    program = folder / "arapp"
    program.write_text(
        f'#!/bin/sh\nPYTHONPATH="{ROOT}" exec "{sys.executable}" -c "{FROZEN}" "$@"\n',
        encoding="utf-8",
    )
    program.chmod(0o755)
    return program


@pytest.mark.skipif(os.name != "posix", reason="the stand-in program is a shell script")
def test_a_frozen_build_checks_e_invoices_with_its_own_program_as_the_child(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    program = _frozen_program(tmp_path)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(program))
    rules = artefacts.en16931_rules("cii")
    assert rules is not None
    with RuleEngine() as engine:
        report = engine.run(rules, (DATA / "en16931/cii/CII_example2.xml").read_text("utf-8"))
        pid = engine.pid
        assert pid is not None
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    assert "schematron-output" in report
    assert saxon_child.FROZEN_ARGUMENT.encode() in cmdline  # the program itself, not a script
