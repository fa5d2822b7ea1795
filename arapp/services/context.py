# SPDX-License-Identifier: MIT
"""What every use case needs: the database, the event bus, the clock and who is acting."""

from __future__ import annotations

import getpass
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from arapp.db.engine import Database
from arapp.services.events import EventBus


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name on some minimal systems
        return ""


@dataclass
class AppContext:
    """The services' view of the running app (made once in :mod:`arapp.app`).

    Attributes:
        db: The open database.
        events: Where services announce committed changes.
        today: Today's date; tests set a fixed one.
        actor: Who is acting, written to the audit log.
        now: The current moment (timezone-aware UTC); tests pass a clock they control.
    """

    db: Database
    events: EventBus = field(default_factory=EventBus)
    today: Callable[[], date] = date.today
    actor: str = field(default_factory=_user)
    now: Callable[[], datetime] = _utc_now
