# SPDX-License-Identifier: MIT
"""The audit log: written inside the transaction of the change it records."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from arapp.db.models import AuditEntry
from arapp.services.context import AppContext


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
    session.add(
        AuditEntry(
            at=ctx.now(),
            actor=ctx.actor,
            action=action,
            entity=entity,
            entity_id=entity_id,
            amount=amount,
            currency=currency,
            reason=reason,
            details=json.dumps(details, default=str, ensure_ascii=False, sort_keys=True)
            if details
            else "",
        )
    )
