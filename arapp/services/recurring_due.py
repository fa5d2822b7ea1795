# SPDX-License-Identifier: MIT
"""Whether any recurring invoice template is active: the question every start asks first.

Every window start bills the recurring invoices that are due (:func:`arapp.services.recurring.
run_recurring`). Most books have no active template, and that module brings the invoice,
numbering and catalogue services with it (80 ms of imports at load 8, none of which the first
screen needs), so the start asks here first, through the table rather than the ORM class (the
first ORM query configures every mapper, 0.2-0.3 s).
"""

from __future__ import annotations

from sqlalchemy import select

from arapp.db.models import RecurringTemplate
from arapp.services.context import AppContext

_TEMPLATES = RecurringTemplate.__table__


def has_active_templates(ctx: AppContext) -> bool:
    """Is any recurring template active (paused ones are not)?"""
    with ctx.db.read() as session:
        query = select(_TEMPLATES.c.id).where(_TEMPLATES.c.active.is_(True)).limit(1)
        return session.execute(query).first() is not None
