# SPDX-License-Identifier: MIT
"""``arapp einvoice check``: the verdict per file in words, and the exit code the worst decides."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from arapp.cli.einvoice import exit_code
from arapp.domain.einvoice_check import Verdict
from arapp.einvoice import artefacts
from tests.helpers.cli import run, run_process

DATA = Path(__file__).resolve().parents[2] / "data" / "einvoice"
VALID_CII = DATA / "en16931/cii/CII_example2.xml"
VALID_UBL = DATA / "en16931/ubl/ubl-tc434-example1.xml"


def _without_seller_name(tmp_path: Path) -> Path:
    text = (DATA / "xrechnung/min_uncefact.xml").read_text(encoding="utf-8")
    broken = tmp_path / "broken.xml"
    broken.write_text(re.sub(r"<ram:Name>\[Seller name\]</ram:Name>", "", text), encoding="utf-8")
    return broken


def test_valid_files_exit_0_and_say_so() -> None:
    done = run("einvoice", "check", str(VALID_CII), str(VALID_UBL))
    assert done.returncode == 0, done.stderr
    assert f"{VALID_CII}: valid (CII, urn:cen.eu:en16931:2017)" in done.stdout
    assert "  EN 16931 rules 1.3.16 (UBL): passed" in done.stdout


def test_an_invalid_file_exits_1_with_each_broken_rule_in_words(tmp_path: Path) -> None:
    broken = _without_seller_name(tmp_path)
    done = run("einvoice", "check", str(VALID_CII), str(broken))
    assert done.returncode == 1
    assert f"{broken}: INVALID (CII, " in done.stdout
    assert "  EN 16931 rules 1.3.16 (CII): failed (1 rule broken)" in done.stdout
    assert "    fatal BR-06: An Invoice shall contain the Seller name (BT-27)." in done.stdout
    assert "      field to fix: Seller name (BT-27), in the company profile" in done.stdout


def test_an_unreadable_file_exits_2(tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.xml"
    hostile.write_bytes(b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "e">]><x>&e;</x>')
    done = run("einvoice", "check", str(hostile), str(VALID_CII))
    assert done.returncode == 2
    assert f"{hostile}: unreadable. The XML declares a DOCTYPE" in done.stdout


def test_no_file_is_wrong_usage() -> None:
    assert run("einvoice", "check").returncode == 2


@pytest.mark.parametrize(
    ("verdicts", "code"),
    [
        ([Verdict.VALID, Verdict.VALID], 0),
        ([Verdict.VALID, Verdict.INVALID], 1),
        ([Verdict.INCOMPLETE, Verdict.VALID], 3),
        ([Verdict.INCOMPLETE, Verdict.INVALID], 1),
        ([Verdict.INVALID, Verdict.UNREADABLE, Verdict.INCOMPLETE], 2),
    ],
)
def test_the_worst_file_decides_the_exit_code(verdicts: list[Verdict], code: int) -> None:
    assert exit_code(verdicts) == code


@pytest.mark.slow
def test_the_real_command_checks_and_leaves_no_child_behind(tmp_path: Path) -> None:
    done = run_process("einvoice", "check", str(_without_seller_name(tmp_path)))
    assert done.returncode == 1, done.stderr
    assert "BR-06" in done.stdout
    assert done.stderr == ""


def test_a_check_that_could_not_run_exits_3_and_is_never_valid(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(artefacts, "RULES", tmp_path / "no-rules")  # an installation without them
    done = run("einvoice", "check", str(VALID_CII))
    assert done.returncode == 3
    assert done.stdout.splitlines() == [
        f"{VALID_CII}: NOT FULLY CHECKED (CII, urn:cen.eu:en16931:2017)",
        "  XML schema (CII D16B): could not run: its rule file is missing from this "
        "installation (reinstall arapp)",
        "  EN 16931 rules 1.3.16 (CII): could not run: its rule file is missing from this "
        "installation (reinstall arapp)",
        "  A check could not run, so this file is not known to be valid.",
    ]


def test_a_peppol_file_without_the_seller_s_endpoint_exits_1_naming_r020(tmp_path: Path) -> None:
    text = (DATA / "peppol/base-example.xml").read_text(encoding="utf-8")
    broken = tmp_path / "peppol.xml"
    broken.write_text(
        re.sub(r'<cbc:EndpointID schemeID="0088">[0-9]+</cbc:EndpointID>', "", text, count=1),
        encoding="utf-8",
    )
    done = run("einvoice", "check", str(broken))
    assert done.returncode == 1, done.stdout
    lines = done.stdout.splitlines()
    assert "  EN 16931 rules 1.3.16 (UBL): passed" in lines
    assert "  Peppol BIS Billing 3.0.19 rules (UBL): failed (1 rule broken)" in lines
    assert "    fatal PEPPOL-EN16931-R020: Seller electronic address MUST be provided" in lines
    assert "      field to fix: Seller electronic address (BT-34), in the company profile" in lines
