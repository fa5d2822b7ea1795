# SPDX-License-Identifier: MIT
"""Tests for arapp.domain.customer: codes, e-mail, credit limit, search folding, status."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arapp.domain.customer import (
    CustomerStatus,
    fold_for_search,
    normalize_code,
    validate_credit_limit,
    validate_email,
)
from arapp.domain.errors import ValidationError

FAST = settings(max_examples=100, deadline=None)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("acme", "ACME"),
        ("  acme-01 ", "ACME-01"),
        ("a.b_c", "A.B_C"),
        ("X", "X"),
        ("A" * 20, "A" * 20),
    ],
)
def test_normalize_code(raw: str, code: str) -> None:
    assert normalize_code(raw) == code


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "required"),
        ("   ", "required"),
        (None, "required"),
        ("A" * 21, "at most 20"),
        ("ACME 01", "may only contain"),
        ("ZOË", "may only contain"),
        ("A/B", "may only contain"),
    ],
)
def test_normalize_code_errors(raw: str | None, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as info:
        normalize_code(raw)
    assert info.value.field == "code"


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("a@x.org", "a@x.org"),
        ("  Zoe.Smith+invoices@Example.COM ", "Zoe.Smith+invoices@example.com"),
        ("a@x.org, b@y.org", "a@x.org, b@y.org"),
        ("a@x.org;b@y.org", "a@x.org, b@y.org"),
        ("a@x.org ; ; b@y.org,", "a@x.org, b@y.org"),
        ("a@x.org, A@X.ORG", "a@x.org"),
        ("billing@sub.domain.co.uk", "billing@sub.domain.co.uk"),
        ("zoë@müller.de", "zoë@müller.de"),
        ("info@xn--mller-kva.de", "info@xn--mller-kva.de"),
        ("o'brien@x-y.ie", "o'brien@x-y.ie"),
        ("", ""),
        ("  ", ""),
        (None, ""),
    ],
)
def test_validate_email(raw: str | None, normalized: str) -> None:
    assert validate_email(raw) == normalized


@pytest.mark.parametrize(
    ("raw", "bad"),
    [
        ("foo", "foo"),
        ("a@x.org, foo", "foo"),
        ("a@b", "a@b"),
        ("a@@x.org", "a@@x.org"),
        ("a b@x.org", "a b@x.org"),
        (".a@x.org", ".a@x.org"),
        ("a..b@x.org", "a..b@x.org"),
        ("a@x..org", "a@x..org"),
        ("a@-x.org", "a@-x.org"),
        ("a@x.o", "a@x.o"),
        ("a@x.123", "a@x.123"),
        ("@x.org", "@x.org"),
        ("Zoe <z@x.org>", "Zoe <z@x.org>"),
        ("a@x.org b@y.org", "a@x.org b@y.org"),
    ],
)
def test_validate_email_errors(raw: str, bad: str) -> None:
    with pytest.raises(ValidationError) as info:
        validate_email(raw)
    assert info.value.field == "email"
    assert info.value.message == f"“{bad}” is not a valid e-mail address"


def test_validate_email_length_limit() -> None:
    with pytest.raises(ValidationError):
        validate_email("a" * 65 + "@x.org")
    assert validate_email("a" * 64 + "@x.org")


@pytest.mark.parametrize(
    ("raw", "limit"),
    [
        (None, None),
        ("", None),
        ("   ", None),
        ("0", Decimal(0)),
        (" 5000.50 ", Decimal("5000.50")),
        (2500, Decimal(2500)),
        (Decimal("1e3"), Decimal(1000)),
    ],
)
def test_validate_credit_limit(raw: object, limit: Decimal | None) -> None:
    assert validate_credit_limit(raw) == limit  # type: ignore[arg-type]


def test_validate_credit_limit_errors() -> None:
    with pytest.raises(ValidationError) as info:
        validate_credit_limit("-1")
    assert (info.value.field, info.value.message) == (
        "credit_limit",
        "Credit limit cannot be negative",
    )
    with pytest.raises(ValidationError) as info:
        validate_credit_limit("lots")
    assert info.value.field == "credit_limit"
    with pytest.raises(ValidationError) as info:
        validate_credit_limit("NaN")
    assert info.value.field == "credit_limit"
    with pytest.raises(TypeError):
        validate_credit_limit(100.0)  # type: ignore[arg-type]


def test_validate_credit_limit_rounds_to_currency() -> None:
    assert str(validate_credit_limit("1000.005", "EUR")) == "1000.01"
    assert str(validate_credit_limit("1000", "JPY")) == "1000"
    with pytest.raises(ValidationError) as info:
        validate_credit_limit("1", "euro")
    assert info.value.field == "currency"


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Zoë", "zoe"),
        ("ZOE", "zoe"),
        ("zoe", "zoe"),
        ("Łukasiewicz", "lukasiewicz"),
        ("Müller & Søn", "muller & son"),
        ("Straße", "strasse"),
        ("STRASSE", "strasse"),
        ("Ærøskøbing", "aeroskobing"),
        ("Đorđević", "dordevic"),
        ("ﬁne  \t Café ", "fine cafe"),
        ("Ｆｕｌｌ", "full"),
        ("İstanbul", "istanbul"),
        ("", ""),
    ],
)
def test_fold_for_search(text: str, folded: str) -> None:
    assert fold_for_search(text) == folded


def test_fold_for_search_matches_variants() -> None:
    assert len({fold_for_search(v) for v in ("Zoë", "ZOE", "zoe", "ZOË", "Zoe\u0308")}) == 1


@FAST
@given(text=st.text(max_size=30))
def test_fold_for_search_is_idempotent(text: str) -> None:
    once = fold_for_search(text)
    assert fold_for_search(once) == once
    assert fold_for_search(text.upper()) == fold_for_search(text.lower()) or not text.isascii()


def test_customer_status() -> None:
    assert [s.value for s in CustomerStatus] == ["active", "credit_hold", "archived"]
    assert [s.label for s in CustomerStatus] == ["Active", "Credit hold", "Archived"]
    assert CustomerStatus("credit_hold") is CustomerStatus.CREDIT_HOLD
    assert CustomerStatus.ARCHIVED == "archived"
