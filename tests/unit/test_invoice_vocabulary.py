# SPDX-License-Identifier: MIT
"""The invoice's vocabulary has one home: :mod:`arapp.domain.invoice`.

The status rule is checked on every combination, and a walk over the source keeps invoice
statuses and document kinds from coming back as bare strings where they are compared, set or
labelled. Event names and entities (``"invoice"``), outbox states (``"sent"``) and other
vocabularies (instalments) are other words that happen to be spelt alike: only the places
that test or set a ``status`` or ``kind``, and label tables keyed by these values, are read.
"""

from __future__ import annotations

import ast
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import arapp
from arapp.domain.invoice import (
    DRAFT_OR_VOID,
    OPEN_STATUSES,
    DocumentKind,
    InvoiceStatus,
    in_order,
    settle,
)

ROOT = Path(arapp.__file__).parent
HOME = ROOT / "domain" / "invoice.py"
WORDS = {str(value) for value in (*InvoiceStatus, *DocumentKind)}
FIELDS = {"status", "kind"}
DAY, EARLIER = date(2026, 5, 4), date(2026, 4, 1)


def test_the_values_are_what_the_database_stores() -> None:
    assert [str(s) for s in InvoiceStatus] == [
        "draft",
        "issued",
        "sent",
        "partially_paid",
        "paid",
        "void",
    ]
    assert [str(k) for k in DocumentKind] == ["invoice", "credit_note"]
    assert in_order(OPEN_STATUSES) == ("issued", "sent", "partially_paid")
    assert in_order(DRAFT_OR_VOID) == ("draft", "void")


@pytest.mark.parametrize("status", list(InvoiceStatus))
@pytest.mark.parametrize("paid", ["0", "40", "100", "120"])
@pytest.mark.parametrize("sent", [False, True])
@pytest.mark.parametrize("paid_date", [None, EARLIER])
def test_settle(status: InvoiceStatus, paid: str, sent: bool, paid_date: date | None) -> None:
    got = settle(status, Decimal(100), Decimal(paid), sent=sent, paid_date=paid_date, day=DAY)
    if status in DRAFT_OR_VOID:
        assert got == (status, paid_date)
    elif Decimal(paid) >= 100:
        assert got == (InvoiceStatus.PAID, paid_date or DAY)
    elif Decimal(paid) > 0:
        assert got == (InvoiceStatus.PARTIALLY_PAID, None)
    else:
        assert got == (InvoiceStatus.SENT if sent else InvoiceStatus.ISSUED, None)


def test_settle_refuses_a_status_it_does_not_know() -> None:
    with pytest.raises(ValueError):
        settle("overdue", Decimal(1), Decimal(0), sent=False, paid_date=None, day=DAY)


def _is_field(node: ast.AST) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr in FIELDS) or (
        isinstance(node, ast.Name) and node.id in FIELDS
    )


def _words(node: ast.AST | None) -> list[str]:
    """The vocabulary strings ``node`` is, or holds as a tuple, list or set."""
    if isinstance(node, ast.Constant) and node.value in WORDS:
        return [node.value]
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return [w for item in node.elts for w in _words(item)]
    return []


def bare_words(tree: ast.AST) -> list[tuple[int, str]]:
    """``(line, word)`` where a status or kind is written as a bare string."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        words: list[str] = []
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            if any(_is_field(o) for o in operands):
                words = [w for o in operands for w in _words(o)]
        elif isinstance(node, ast.Call):
            words = [w for k in node.keywords if k.arg in FIELDS for w in _words(k.value)]
            function = node.func
            if (
                isinstance(function, ast.Attribute)
                and function.attr in ("in_", "notin_")
                and _is_field(function.value)
            ):
                words += [w for a in node.args for w in _words(a)]
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                pairs = (
                    zip(target.elts, node.value.elts, strict=False)
                    if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple)
                    else [(target, node.value)]
                )
                words += [w for t, v in pairs if _is_field(t) for w in _words(v)]
        elif isinstance(node, ast.Dict):
            keys = [w for k in node.keys for w in _words(k)]
            words = keys if len(keys) >= 2 else []  # a label table keyed by the values
        found += [(node.lineno, word) for word in words]
    return found


def test_the_guard_sees_bare_words() -> None:
    source = """
row.status = "paid"
row.status, row.paid_date = "void", None
if row.kind == "credit_note" or status in ("draft", "void"): pass
Invoice(kind="invoice", status="issued")
Invoice.status.in_(("issued", "sent"))
LABELS = {"draft": "Draft", "sent": "Sent"}
emit("invoice_issued", "invoice", 1)
outbox.state = "sent"
"""
    expected = ["paid", "void", "credit_note", "draft", "void", "invoice", "issued", "issued"]
    expected += ["sent", "draft", "sent"]
    assert sorted(w for _, w in bare_words(ast.parse(source))) == sorted(expected)


def test_no_bare_status_or_kind_outside_the_domain() -> None:
    offenders = []
    for path in sorted(ROOT.rglob("*.py")):
        if path == HOME or "migrations" in path.parts:
            continue
        for line, word in bare_words(ast.parse(path.read_text(encoding="utf-8"))):
            offenders.append(f"{path.relative_to(ROOT.parent)}:{line}: {word!r}")
    assert offenders == [], "use arapp.domain.invoice:\n" + "\n".join(offenders)
