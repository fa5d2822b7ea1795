# SPDX-License-Identifier: MIT
"""Each customer's payment-behaviour segment as it was last worked out (migration 0029).

The segment is a rule over the books as of a day (:func:`arapp.domain.segments.segment_of`);
it is kept here so the lists can filter 100,000 customers by it in SQL. Only
:mod:`arapp.services.segments` writes it, all customers in one pass, stamping the day it was
worked out for (``as_of``): the screens say "as of" that day, and the reminder run does not
read it (it works the segments out as of its own day).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from arapp.db.models.base import Base

#: The values of :class:`arapp.domain.segments.Segment`, as the check constraint lists them.
SEGMENT_VALUES = "'prompt', 'late but pays', 'slow', 'at risk', 'new'"


class CustomerSegment(Base):
    """One customer's segment, why, and the day it was worked out for."""

    __tablename__ = "customer_segment"
    __table_args__ = (
        CheckConstraint(f"segment IN ({SEGMENT_VALUES})", name="segment"),
        # The lists' segment filter: the customers of one segment, by id.
        Index(None, "segment", "customer_id"),
    )

    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customer.id", ondelete="CASCADE"), primary_key=True
    )
    segment: Mapped[str] = mapped_column(String(20))
    #: Why, in words ("4 of the last 6 invoices paid more than a week late").
    reason: Mapped[str] = mapped_column(Text, default="")
    as_of: Mapped[date] = mapped_column(Date)
