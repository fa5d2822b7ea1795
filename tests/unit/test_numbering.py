# SPDX-License-Identifier: MIT
from datetime import date

import pytest

from arapp.domain.errors import ValidationError
from arapp.domain.numbering import NumberPattern


def test_default_pattern() -> None:
    pattern = NumberPattern("INV-{year}-{seq:05}")
    assert pattern.format(date(2026, 3, 1), 42) == "INV-2026-00042"
    assert pattern.sequence_key("invoice", date(2026, 3, 1)) == "invoice:2026"


def test_monthly_and_plain_patterns() -> None:
    assert NumberPattern("{year}{month}-{seq}").format(date(2026, 3, 1), 7) == "202603-7"
    assert NumberPattern("{year}{month}-{seq}").sequence_key("cn", date(2026, 3, 1)) == "cn:2026:03"
    assert NumberPattern("A{seq:06}").sequence_key("invoice", date(2026, 3, 1)) == "invoice"


@pytest.mark.parametrize(
    "text",
    [
        "INV-{year}",
        "{seq.__class__}",
        "{seq[0]}",
        "{seq!r}",
        "{other}-{seq}",
        "{seq:>10}",
        "{seq",
        "X" * 60 + "{seq}",
    ],
)
def test_bad_patterns_are_refused(text: str) -> None:
    with pytest.raises(ValidationError):
        NumberPattern(text)


def test_parse_recognises_its_own_numbers() -> None:
    pattern = NumberPattern("INV-{year}-{seq:05}")
    assert pattern.parse("INV-2025-00042") == ("2025", 42)
    assert pattern.parse("INV-2025-123456") == ("2025", 123456)
    assert pattern.parse("A-17") is None
    assert NumberPattern("{year}{month}/{seq}").parse("202603/7") == ("2026:03", 7)
    assert NumberPattern("No. {seq}").parse("No. 12") == ("", 12)
