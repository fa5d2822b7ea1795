# SPDX-License-Identifier: MIT
"""Which reminder policy the customers of each payment-behaviour segment get.

A policy can be given to one or more segments (:mod:`arapp.domain.segments`): a customer without
a policy of their own gets the one of their segment instead of the default
(:func:`arapp.domain.reminders.policy_for`). A segment belongs to one policy at most (the key of
``reminder_policy_segment``), so the choice never depends on an order; giving a segment to a
second policy is refused, naming the first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from arapp.db.models import ReminderPolicy, ReminderPolicySegment
from arapp.domain.errors import ValidationError
from arapp.domain.segments import Segment
from arapp.services.errors import InputErrors


def policies_by_segment(session: Session) -> dict[str, int]:
    """The policy of each segment limited to one (segment value to policy id)."""
    return {
        segment: policy_id
        for segment, policy_id in session.execute(
            select(ReminderPolicySegment.segment, ReminderPolicySegment.policy_id)
        )
    }


def segment_conflicts(
    segments: Sequence[Segment], taken: Mapping[Segment, str]
) -> list[ValidationError]:
    """A segment of ``segments`` whose customers already get another policy (``taken``: the
    other policies' segments, to their names): a segment belongs to one policy at most."""
    return [
        ValidationError(
            "segments",
            f'Customers "{s.value}" already get the policy "{taken[s]}"; '
            "take the segment off that policy first.",
        )
        for s in segments
        if s in taken
    ]


def segment_problems(
    session: Session, policy_id: int | None, segments: Sequence[Segment]
) -> list[ValidationError]:
    """Why ``policy_id`` (``None``: a new policy) cannot be limited to ``segments``
    (:func:`segment_conflicts`, with the other policies' segments as stored)."""
    taken = {
        Segment(segment): name
        for segment, name in session.execute(
            select(ReminderPolicySegment.segment, ReminderPolicy.name)
            .join(ReminderPolicy, ReminderPolicy.id == ReminderPolicySegment.policy_id)
            .where(ReminderPolicySegment.policy_id != (policy_id or 0))
        )
    }
    return segment_conflicts(segments, taken)


def store_segments(session: Session, row: ReminderPolicy, segments: Sequence[Segment]) -> None:
    problems = segment_problems(session, row.id, segments)
    if problems:
        raise InputErrors(problems)
    wanted = {Segment(s).value for s in segments}
    row.segments[:] = [s for s in row.segments if s.segment in wanted]
    have = {s.segment for s in row.segments}
    row.segments.extend(ReminderPolicySegment(segment=s) for s in sorted(wanted - have))
    session.flush()
