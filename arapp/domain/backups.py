# SPDX-License-Identifier: MIT
"""Backup names and which backups to keep: pure rules, no files.

A backup's name says whose it is and when it was taken, so the folder alone tells the backups of
one set of books from another's, even two books both called ``arapp.sqlite3``:
``arapp-3f2a9c1b0d4e-20261207T193100Z-opening.sqlite3`` is the books ``arapp`` (a readable stem),
their backup identity ``3f2a9c1b0d4e`` (kept in the books themselves), the moment in UTC and why
it was taken. Rotation only ever touches names of one identity (:func:`parse_backup_name`).

:func:`backups_to_keep` is the rotation: the newest backup of each of the last 7 days that have
one, of each of the last 4 weeks (ISO weeks) and of each of the last 12 months, like the
"grandfather-father-son" schedules of tape days.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

SUFFIX = ".sqlite3"
#: What a backup being written is called until it is checked (never a backup's name).
PARTIAL_SUFFIX = ".partial"
IDENTITY_LENGTH = 12
_STAMP = "%Y%m%dT%H%M%SZ"
_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<identity>[0-9a-f]{12})-(?P<stamp>\d{8}T\d{6}Z)(?:-(?P<serial>\d+))?"
    r"-(?P<reason>[a-z]+(?:-[a-z]+)*)\.sqlite3$"
)
_IDENTITY = re.compile(r"^[0-9a-f]{12}$")


class Reason:
    """Why a backup was taken (the last part of its name)."""

    OPENING = "opening"
    CLOSING = "closing"
    MANUAL = "manual"
    BEFORE_UPGRADE = "before-upgrade"
    BEFORE_RESTORE = "before-restore"


#: Copies taken before something that replaces the books, and those the person asked for; the
#: newest few of each are kept whatever the rotation says, as they may be the only copy of the
#: books as they were then.
PINNED_REASONS = (Reason.BEFORE_UPGRADE, Reason.BEFORE_RESTORE, Reason.MANUAL)
KEEP_PINNED = 3


@dataclass(frozen=True)
class Retention:
    """How many backups the rotation keeps.

    Attributes:
        daily: The newest of each of this many days (that have a backup).
        weekly: The newest of each of this many ISO weeks.
        monthly: The newest of each of this many months.
    """

    daily: int = 7
    weekly: int = 4
    monthly: int = 12


@dataclass(frozen=True)
class BackupName:
    """What a backup's file name says.

    Attributes:
        stem: The books' file name without its suffix (only to be readable).
        identity: The books' backup identity (12 hex digits).
        taken: When it was taken (UTC, to the second).
        reason: Why (:class:`Reason`).
        serial: Tells apart two backups of the same second (0 for the first).
    """

    stem: str
    identity: str
    taken: datetime
    reason: str
    serial: int = 0

    @property
    def file_name(self) -> str:
        serial = f"-{self.serial}" if self.serial else ""
        stamp = self.taken.astimezone(UTC).strftime(_STAMP)
        return f"{self.stem}-{self.identity}-{stamp}{serial}-{self.reason}{SUFFIX}"


def is_identity(text: str) -> bool:
    return bool(_IDENTITY.match(text))


def safe_stem(stem: str) -> str:
    """The books' stem as it can stand in a backup's name (no separators, not empty)."""
    cleaned = re.sub(r"[^\w.-]+", "_", stem).strip("._") or "books"
    return cleaned[:60]


def parse_backup_name(name: str) -> BackupName | None:
    """The parts of a backup's file name, or ``None`` for any other file (a partial one too)."""
    found = _NAME.match(name)
    if found is None:
        return None
    taken = datetime.strptime(found["stamp"], _STAMP).replace(tzinfo=UTC)
    serial = int(found["serial"]) if found["serial"] else 0
    return BackupName(found["stem"], found["identity"], taken, found["reason"], serial)


def backups_to_keep(taken: Iterable[datetime], rule: Retention = Retention()) -> set[datetime]:
    """The moments (of ``taken``) whose backups the rotation keeps; the others may go.

    Days, weeks and months are those of the moments as given (pass local times for the
    person's days). The newest backup is always kept.
    """
    moments = sorted(set(taken), reverse=True)
    keep: set[datetime] = set(moments[:1])
    periods = (
        (rule.daily, lambda m: m.date()),
        (rule.weekly, lambda m: m.isocalendar()[:2]),
        (rule.monthly, lambda m: (m.year, m.month)),
    )
    for count, period in periods:
        seen: list[object] = []
        for moment in moments:  # newest first: the first of a period is its newest
            key = period(moment)
            if key in seen:
                continue
            if len(seen) == count:
                break
            seen.append(key)
            keep.add(moment)
    return keep
