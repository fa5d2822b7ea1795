# SPDX-License-Identifier: MIT
"""SQLAlchemy models: the schema of one company's books, one module per aggregate.

Amounts are :class:`~arapp.db.types.FixedDecimal` (exact, never float). Money-changing rows are
never deleted: invoices are voided or credited, payments reversed, and each such step is written to
``audit_log`` in the same transaction. Every schema change is an Alembic migration in
``arapp/db/migrations/versions``; ``tests/integration/test_migrations.py`` checks that these
models and the migrations agree.

Import models from here (``from arapp.db.models import Invoice``): importing this package
registers every table on :data:`Base.metadata`, which the migrations and relationships need.
"""

from __future__ import annotations

from arapp.db.models.alerts import AlertDigest, AlertState
from arapp.db.models.bank import BankStatement, BankTransaction
from arapp.db.models.base import NAMING, Base, get_for_update, money_sum, sql_in
from arapp.db.models.catalog import Product, TaxRate
from arapp.db.models.company import AuditEntry, Company, ImportMapping, NumberSequence, Setting
from arapp.db.models.customers import (
    SEARCH_INDEX_OBJECTS,
    Contact,
    ContactLogEntry,
    Customer,
    in_models,
)
from arapp.db.models.delivery import DocumentDelivery
from arapp.db.models.invoices import (
    OPEN_INVOICE_STATUSES,
    CreditAllocation,
    Invoice,
    InvoiceFace,
    InvoiceHold,
    InvoiceLine,
    IssuedFace,
    PromiseInvoice,
    RecurringLine,
    RecurringTemplate,
    open_invoice,
)
from arapp.db.models.payments import Adjustment, Payment, PaymentAllocation, Refund
from arapp.db.models.plans import PaymentPlan, PaymentPlanInstalment, PaymentPlanInvoice
from arapp.db.models.reminders import (
    CustomerReminderSetting,
    LateFeeCharge,
    OutboxItem,
    OutboxMessage,
    ReminderLevelRow,
    ReminderLevelText,
    ReminderPolicy,
    ReminderPolicySegment,
)
from arapp.db.models.segments import CustomerSegment

__all__ = [
    "NAMING",
    "OPEN_INVOICE_STATUSES",
    "SEARCH_INDEX_OBJECTS",
    "Adjustment",
    "AlertDigest",
    "AlertState",
    "AuditEntry",
    "BankStatement",
    "BankTransaction",
    "Base",
    "Company",
    "Contact",
    "ContactLogEntry",
    "CreditAllocation",
    "Customer",
    "CustomerReminderSetting",
    "CustomerSegment",
    "DocumentDelivery",
    "ImportMapping",
    "Invoice",
    "InvoiceFace",
    "InvoiceHold",
    "InvoiceLine",
    "IssuedFace",
    "LateFeeCharge",
    "NumberSequence",
    "OutboxItem",
    "OutboxMessage",
    "Payment",
    "PaymentAllocation",
    "PaymentPlan",
    "PaymentPlanInstalment",
    "PaymentPlanInvoice",
    "Product",
    "PromiseInvoice",
    "RecurringLine",
    "RecurringTemplate",
    "Refund",
    "ReminderLevelRow",
    "ReminderLevelText",
    "ReminderPolicy",
    "ReminderPolicySegment",
    "Setting",
    "TaxRate",
    "get_for_update",
    "in_models",
    "money_sum",
    "open_invoice",
    "sql_in",
]
