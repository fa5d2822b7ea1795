# SPDX-License-Identifier: MIT
"""Remembered column mappings: how another program's CSV columns map onto ours.

A mapping is saved per kind of import (``customers``, ``invoices``, ``payments``, ``bank_csv``)
and a name the user chose (the bank, the spreadsheet it came from). Its value is a small JSON
object: our field name to the column name in the user's file, plus any format options the
importer of that kind understands (for example ``"date_format": "%d.%m.%Y"``).
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from arapp.db.models import ImportMapping
from arapp.domain.errors import ValidationError
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors, NotFound

KINDS = ("customers", "invoices", "payments", "bank_csv")


def _check(kind: str, name: str) -> str:
    if kind not in KINDS:
        raise InputErrors([ValidationError("kind", f"Choose one of: {', '.join(KINDS)}.")])
    name = name.strip()
    if not name or len(name) > 100:
        raise InputErrors(
            [ValidationError("name", "Give the mapping a name of 1 to 100 characters.")]
        )
    return name


def save_mapping(ctx: AppContext, kind: str, name: str, mapping: dict[str, Any]) -> None:
    """Create or replace the mapping ``name`` of ``kind``."""
    name = _check(kind, name)
    text = json.dumps(mapping, ensure_ascii=False, sort_keys=True)
    with ctx.db.write() as session:
        row = session.scalar(
            select(ImportMapping).where(ImportMapping.kind == kind, ImportMapping.name == name)
        )
        if row is None:
            session.add(ImportMapping(kind=kind, name=name, mapping=text, updated_at=ctx.now()))
        else:
            row.mapping = text
            row.updated_at = ctx.now()


def load_mapping(ctx: AppContext, kind: str, name: str) -> dict[str, Any]:
    name = _check(kind, name)
    with ctx.db.read() as session:
        text = session.scalar(
            select(ImportMapping.mapping).where(
                ImportMapping.kind == kind, ImportMapping.name == name
            )
        )
    if text is None:
        raise NotFound(f"There is no saved {kind} mapping called “{name}”.")
    value = json.loads(text)
    return value if isinstance(value, dict) else {}


def mapping_names(ctx: AppContext, kind: str) -> list[str]:
    """Saved mapping names of ``kind``, most recently used first."""
    with ctx.db.read() as session:
        return list(
            session.scalars(
                select(ImportMapping.name)
                .where(ImportMapping.kind == kind)
                .order_by(ImportMapping.updated_at.desc(), ImportMapping.name)
            )
        )


def delete_mapping(ctx: AppContext, kind: str, name: str) -> None:
    """Forget the mapping ``name`` of ``kind``; :class:`NotFound` when there is none (any more).

    What was imported with it stays as it is.
    """
    name = _check(kind, name)
    with ctx.db.write() as session:
        row = session.scalar(
            select(ImportMapping).where(ImportMapping.kind == kind, ImportMapping.name == name)
        )
        if row is None:
            raise NotFound(f"There is no saved {kind} mapping called “{name}”.")
        session.delete(row)
