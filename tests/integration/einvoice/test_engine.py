# SPDX-License-Identifier: MIT
"""The rule engine's child process: a crash or a time-out is "could not run" for that document
only, the next document is checked by a new child, and closing leaves no process behind."""

from __future__ import annotations

import os
import re
import signal
import threading
import time
from pathlib import Path

import pytest

from arapp.domain.einvoice_check import LayerStatus, Verdict
from arapp.einvoice import artefacts
from arapp.einvoice.engine import EngineFailure, RuleEngine
from arapp.einvoice.validation import Validator
from tests.integration.einvoice.conftest import DATA

EXAMPLE = DATA / "en16931/cii/CII_example2.xml"


def _many_lines(count: int) -> bytes:
    """The example with its first line repeated ``count`` times: seconds of rule checking."""
    text = EXAMPLE.read_text(encoding="utf-8")
    line = re.search(
        r"<ram:IncludedSupplyChainTradeLineItem>.*?</ram:IncludedSupplyChainTradeLineItem>",
        text,
        re.S,
    )
    assert line is not None
    return (text[: line.start()] + line.group(0) * count + text[line.start() :]).encode()


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_child_killed_mid_check_is_could_not_run_and_the_next_check_works() -> None:
    with Validator() as validator:
        assert validator.check_file(EXAMPLE).verdict is Verdict.VALID  # the child is warm
        pid = validator.engine.pid
        assert pid is not None
        killer = threading.Timer(1.0, os.kill, (pid, signal.SIGKILL))
        killer.start()
        try:
            result = validator.check_bytes(_many_lines(1500), "big.xml")
        finally:
            killer.cancel()
        rules = result.layers[1]
        assert rules.status is LayerStatus.NOT_RUN
        assert "stopped while checking" in rules.note
        assert result.verdict is Verdict.INCOMPLETE  # never valid
        again = validator.check_file(EXAMPLE)
        assert again.verdict is Verdict.VALID
        assert validator.engine.pid not in (None, pid)


def test_a_check_that_takes_too_long_could_not_run_and_the_next_works() -> None:
    with RuleEngine() as engine:
        rules = artefacts.en16931_rules("cii")
        assert rules is not None
        text = EXAMPLE.read_text(encoding="utf-8")
        engine.run(rules, text)
        with pytest.raises(EngineFailure, match=r"took longer than 0\.2 seconds"):
            engine.run(rules, _many_lines(1500).decode(), timeout=0.2)
        assert "svrl" in engine.run(rules, text)


def test_a_child_that_died_idle_is_replaced_without_failing_anyone() -> None:
    with RuleEngine() as engine:
        rules = artefacts.en16931_rules("cii")
        assert rules is not None
        text = EXAMPLE.read_text(encoding="utf-8")
        engine.run(rules, text)
        pid = engine.pid
        assert pid is not None
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        while engine.pid is not None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert engine.pid is None
        assert "svrl" in engine.run(rules, text)
        assert engine.pid not in (None, pid)


def test_rules_that_cannot_compile_fail_with_a_reason(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xsl"
    broken.write_text("<xsl:stylesheet this is not XSLT", encoding="utf-8")
    with RuleEngine() as engine, pytest.raises(EngineFailure) as failed:
        engine.run(broken, EXAMPLE.read_text(encoding="utf-8"))
    assert str(failed.value)


def test_closing_leaves_no_process_behind() -> None:
    engine = RuleEngine()
    rules = artefacts.en16931_rules("cii")
    assert rules is not None
    engine.run(rules, EXAMPLE.read_text(encoding="utf-8"))
    pid = engine.pid
    assert pid is not None
    engine.close()
    assert engine.pid is None
    assert _gone(pid)
