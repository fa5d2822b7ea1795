# SPDX-License-Identifier: MIT
"""One validator (and so one rule-engine child process) for the e-invoice tests of a module."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from arapp.einvoice.validation import Validator

DATA = Path(__file__).resolve().parents[2] / "data" / "einvoice"


@pytest.fixture(scope="module")
def validator() -> Iterator[Validator]:
    with Validator() as checker:
        yield checker
