# SPDX-License-Identifier: MIT
"""What invoice lines are made from: tax rates and the product catalog."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from arapp.db.models.base import Base
from arapp.db.types import Money, Percent


class TaxRate(Base):
    __tablename__ = "tax_rate"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    percent: Mapped[Decimal] = mapped_column(Percent)
    inclusive: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Product(Base):
    """A product or service in the catalog, to fill invoice lines quickly."""

    __tablename__ = "product"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    unit: Mapped[str] = mapped_column(String(20), default="")
    unit_price: Mapped[Decimal] = mapped_column(Money)
    tax_rate_id: Mapped[int | None] = mapped_column(ForeignKey("tax_rate.id"), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
