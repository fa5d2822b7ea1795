# SPDX-License-Identifier: MIT
"""The audit log: written inside the transaction of the change it records.

An entry is only ever added, never read back or changed in the same transaction, so it is
inserted at once as a plain row rather than kept in the session as an object: the session's
flushes (several per use case) then have one row fewer to sort out each.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from arapp.db.models import AuditEntry
from arapp.services.context import AppContext

_INSERT = insert(AuditEntry)


def record(
    session: Session,
    ctx: AppContext,
    action: str,
    entity: str,
    entity_id: int | None,
    *,
    amount: Decimal | None = None,
    currency: str = "",
    reason: str = "",
    details: dict[str, Any] | None = None,
) -> None:
    session.connection().execute(
        _INSERT,
        {
            "at": ctx.now(),
            "actor": ctx.actor,
            "action": action,
            "entity": entity,
            "entity_id": entity_id,
            "amount": amount,
            "currency": currency,
            "reason": reason,
            "details": json.dumps(details, default=str, ensure_ascii=False, sort_keys=True)
            if details
            else "",
        },
    )
