# SPDX-License-Identifier: MIT
"""Tax rates and the product catalog (managed in Settings, used by the invoice editor)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from arapp.db.models import Product, TaxRate
from arapp.db.types import MONEY_SCALE
from arapp.domain import totals
from arapp.domain.errors import ValidationError
from arapp.domain.money import to_decimal
from arapp.i18n import _
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors, NotFound
from arapp.services.events import Change, Entity


@dataclass(frozen=True)
class TaxRateRecord:
    """A tax rate.

    Attributes:
        id: Database id (0 for a new one).
        name: Shown on lines and the tax summary, such as "VAT 23%".
        percent: Such as ``Decimal("23")``.
        inclusive: Entered prices already include this tax.
        active: Offered for new lines.
    """

    id: int
    name: str
    percent: Decimal
    inclusive: bool = False
    active: bool = True

    def as_domain(self) -> totals.TaxRate:
        return totals.TaxRate(self.name, self.percent, self.inclusive)


@dataclass(frozen=True)
class ProductRecord:
    """A catalog item.

    Attributes:
        id: Database id (0 for a new one).
        name: Short name, unique.
        description: Text put on the invoice line.
        unit: Such as "h", "pcs", "kg".
        unit_price: Price per unit (in the entry basis of its tax rate).
        tax_rate_id: Default tax rate, if any.
        active: Offered in the editor.
    """

    id: int
    name: str
    description: str
    unit: str
    unit_price: Decimal
    tax_rate_id: int | None = None
    active: bool = True


def _tax(row: TaxRate) -> TaxRateRecord:
    return TaxRateRecord(row.id, row.name, row.percent.normalize(), row.inclusive, row.active)


def _product(row: Product) -> ProductRecord:
    return ProductRecord(
        row.id, row.name, row.description, row.unit, row.unit_price, row.tax_rate_id, row.active
    )


def list_tax_rates(ctx: AppContext, include_inactive: bool = False) -> list[TaxRateRecord]:
    with ctx.db.read() as session:
        query = select(TaxRate).order_by(TaxRate.percent.desc(), TaxRate.name)
        if not include_inactive:
            query = query.where(TaxRate.active.is_(True))
        return [_tax(r) for r in session.scalars(query)]


def tax_rates_by_id(session: Session) -> dict[int, TaxRateRecord]:
    return {r.id: _tax(r) for r in session.scalars(select(TaxRate))}


def save_tax_rate(ctx: AppContext, rate: TaxRateRecord) -> TaxRateRecord:
    """Add (``id == 0``) or change a rate. Issued invoices keep the rate they were billed with."""
    name = " ".join(rate.name.split())
    try:
        checked = totals.TaxRate(name, to_decimal(rate.percent), rate.inclusive)
    except ValidationError as exc:
        raise InputErrors([exc]) from exc
    with ctx.db.write() as session:
        clash = session.scalar(
            select(func.count())
            .select_from(TaxRate)
            .where(TaxRate.name == name, TaxRate.id != rate.id)
        )
        if clash:
            raise InputErrors(
                [ValidationError("name", _("A tax rate called {name} exists.").format(name=name))]
            )
        row = session.get(TaxRate, rate.id) if rate.id else None
        if rate.id and row is None:
            raise NotFound(_("Tax rate #{id} does not exist.").format(id=rate.id))
        if row is None:
            row = TaxRate(name=name, percent=checked.percent)
            session.add(row)
        row.name, row.percent, row.inclusive, row.active = (
            name,
            checked.percent,
            checked.inclusive,
            rate.active,
        )
        session.flush()
        result = _tax(row)
    ctx.events.emit(Change.CATALOG_CHANGED, Entity.TAX_RATE, result.id)
    return result


def list_products(
    ctx: AppContext, text: str = "", include_inactive: bool = False
) -> list[ProductRecord]:
    with ctx.db.read() as session:
        query = select(Product).order_by(Product.name)
        if not include_inactive:
            query = query.where(Product.active.is_(True))
        if text.strip():
            query = query.where(Product.name.ilike(f"%{text.strip()}%"))
        return [_product(r) for r in session.scalars(query)]


def save_product(ctx: AppContext, product: ProductRecord) -> ProductRecord:
    errors = []
    name = " ".join(product.name.split())
    if not name:
        errors.append(ValidationError("name", _("Name is required.")))
    try:
        price = to_decimal(product.unit_price)
    except ValidationError as exc:
        errors.append(ValidationError("unit_price", exc.message))
        price = Decimal(0)
    if price != price.quantize(Decimal(1).scaleb(-MONEY_SCALE)):
        errors.append(
            ValidationError(
                "unit_price",
                _("Unit price has more than {count} decimals.").format(count=MONEY_SCALE),
            )
        )
    if errors:
        raise InputErrors(errors)
    with ctx.db.write() as session:
        if product.tax_rate_id is not None and session.get(TaxRate, product.tax_rate_id) is None:
            raise InputErrors([ValidationError("tax_rate_id", _("That tax rate does not exist."))])
        clash = session.scalar(
            select(func.count())
            .select_from(Product)
            .where(Product.name == name, Product.id != product.id)
        )
        if clash:
            raise InputErrors(
                [ValidationError("name", _("A product called {name} exists.").format(name=name))]
            )
        row = session.get(Product, product.id) if product.id else None
        if product.id and row is None:
            raise NotFound(_("Product #{id} does not exist.").format(id=product.id))
        if row is None:
            row = Product(name=name, unit_price=price)
            session.add(row)
        row.name, row.description, row.unit = (
            name,
            product.description.strip(),
            product.unit.strip(),
        )
        row.unit_price, row.tax_rate_id, row.active = price, product.tax_rate_id, product.active
        session.flush()
        result = _product(row)
    ctx.events.emit(Change.CATALOG_CHANGED, Entity.PRODUCT, result.id)
    return result
