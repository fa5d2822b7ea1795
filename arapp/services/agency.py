# SPDX-License-Identifier: MIT
"""Handing a customer's debt to a collections agency: one zip file with what they need.

The package holds the customer's statement (PDF), the open items (``open_items.csv``), the
contact log (``contact_log.csv``) and a short ``README.txt``.  The hand-over is written to the
audit log together with a contact log entry "Handed to collections agency", in one transaction;
the zip only replaces its target once that transaction has committed.

From then on the customer is *with the agency* (``Customer.agency_since``): the agency chases,
so the shop sends no reminders and charges no late fees that would cross its work, until
:func:`take_back` ends it (with a contact log entry and an audit record).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from arapp.db.models import ContactLogEntry, Customer
from arapp.formatting import format_money
from arapp.i18n import _
from arapp.pdf.statement import render_statement
from arapp.services import audit
from arapp.services.aging import aging_items
from arapp.services.company import get_company
from arapp.services.context import AppContext
from arapp.services.customers import get_customer
from arapp.services.errors import NotFound, ServiceError
from arapp.services.events import Change, Entity
from arapp.services.statements import DEFAULT_DAYS, build_statement, statement_item
from arapp.services.transfer.csvfile import neutralise

HANDED_OVER = "Handed to collections agency"
TAKEN_BACK = "Taken back from the collections agency"
OPEN_ITEMS_HEADER = ("number", "issue_date", "due_date", "total", "open", "days_overdue")
CONTACT_LOG_HEADER = ("at", "kind", "summary", "follow_up")


@dataclass(frozen=True)
class AgencyPackage:
    """What :func:`agency_package` wrote (also returned as the path alone).

    Attributes:
        path: The zip file.
        balance: What the customer owed as of today.
        items: Open items listed.
    """

    path: Path
    balance: Decimal
    items: int


def _csv(header: Sequence[str], rows: Iterable[Sequence[str]], numeric: set[int]) -> bytes:
    """UTF-8 CSV with text cells neutralised against formulas (numbers left as they are)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([c if i in numeric else neutralise(c) for i, c in enumerate(row)])
    return out.getvalue().encode("utf-8")


def _target(folder: Path, code: str, today: date) -> Path:
    """``folder`` itself when it names a zip file, else a zip named after the customer in it."""
    folder = Path(folder)
    if folder.suffix.lower() == ".zip":
        folder.parent.mkdir(parents=True, exist_ok=True)
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in code)
    return folder / f"Collections {safe} {today.isoformat()}.zip"


def agency_package(ctx: AppContext, customer_id: int, folder: Path) -> Path:
    """Write the package for ``customer_id`` into ``folder`` (or to ``folder`` if it ends in
    ``.zip``); record the hand-over in the audit and contact logs; return the zip's path."""
    return write_agency_package(ctx, customer_id, folder).path


def write_agency_package(ctx: AppContext, customer_id: int, folder: Path) -> AgencyPackage:
    """:func:`agency_package`, telling what was written."""
    today = ctx.today()
    detail = get_customer(ctx, customer_id)
    customer = detail.customer
    items = aging_items(ctx, customer_id, as_of=today)
    oldest = min((i.issue_date for i in items), default=today)
    start = min(oldest, today - timedelta(days=DEFAULT_DAYS))
    statement = build_statement(ctx, customer_id, start, today)
    pdf = render_statement(statement)
    open_rows = []
    for item in sorted(items, key=lambda i: (i.issue_date, i.kind, i.reference)):
        printed = statement_item(item)
        number = item.reference if item.kind != "payment" else f"Payment {item.reference}"
        open_rows.append(
            (
                number.strip(),
                item.issue_date.isoformat(),
                printed.due_date.isoformat() if printed.due_date else "",
                format(item.total, "f"),
                format(item.open, "f"),
                "" if printed.days_overdue is None else str(printed.days_overdue),
            )
        )
    log_rows = [
        (
            entry.at.isoformat(timespec="seconds"),
            entry.kind,
            entry.summary,
            entry.follow_up.isoformat() if entry.follow_up else "",
        )
        for entry in sorted(detail.log, key=lambda e: (e.at, e.id))
    ]
    company = get_company(ctx)
    balance = statement.open_total
    readme = _readme(
        company.name if company else "",
        customer.code,
        customer.name,
        today,
        format_money(balance, customer.currency, company.locale if company else "en_US"),
        len(items),
    )
    target = _target(folder, customer.code, today)
    partial = target.with_name(target.name + ".part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", readme)
        archive.writestr("statement.pdf", pdf)
        archive.writestr("open_items.csv", _csv(OPEN_ITEMS_HEADER, open_rows, {3, 4, 5}))
        archive.writestr("contact_log.csv", _csv(CONTACT_LOG_HEADER, log_rows, set()))
    try:
        with ctx.db.write() as session:
            row = session.get(Customer, customer_id, with_for_update=True)
            if row is None:
                raise NotFound(_("Customer #{id} does not exist.").format(id=customer_id))
            if row.agency_since is None:  # a second package keeps the first day
                row.agency_since = today
            session.add(
                ContactLogEntry(
                    customer_id=customer_id, at=ctx.now(), kind="note", summary=HANDED_OVER
                )
            )
            audit.record(
                session,
                ctx,
                "agency_handover",
                "customer",
                customer_id,
                amount=balance,
                currency=customer.currency,
                details={"file": target.name, "open_items": len(items)},
            )
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(target)
    ctx.events.emit(Change.CUSTOMER_UPDATED, Entity.CUSTOMER, customer_id)
    return AgencyPackage(target, balance, len(items))


def agency_since(ctx: AppContext, customer_id: int) -> date | None:
    """The day ``customer_id`` was handed to the agency, or ``None`` when not with it."""
    with ctx.db.read() as session:
        row = session.get(Customer, customer_id)
        if row is None:
            raise NotFound(_("Customer #{id} does not exist.").format(id=customer_id))
        return row.agency_since


def take_back(ctx: AppContext, customer_id: int, reason: str = "") -> date:
    """End the hand-over of ``customer_id``: reminders and late fees run for it again. Writes a
    contact log entry and an audit record; returns the day it had been handed over."""
    with ctx.db.write() as session:
        row = session.get(Customer, customer_id, with_for_update=True)
        if row is None:
            raise NotFound(_("Customer #{id} does not exist.").format(id=customer_id))
        since = row.agency_since
        if since is None:
            raise ServiceError(
                _("{name} is not with the collections agency.").format(name=row.name)
            )
        row.agency_since = None
        summary = f"{TAKEN_BACK} (handed over on {since.isoformat()})"
        if reason.strip():
            summary += f": {reason.strip()}"
        session.add(ContactLogEntry(customer_id=customer_id, at=ctx.now(), kind="note",
                                    summary=summary))  # fmt: skip
        audit.record(
            session, ctx, "agency_take_back", "customer", customer_id, reason=reason.strip(),
            details={"since": since.isoformat()},
        )  # fmt: skip
    ctx.events.emit(Change.CUSTOMER_UPDATED, Entity.CUSTOMER, customer_id)
    return since


def _readme(company: str, code: str, name: str, today: date, balance: str, count: int) -> str:
    lines = [
        f"Collections hand-over from {company}".rstrip(),
        "",
        f"Customer:     {name} ({code})",
        f"Date:         {today.isoformat()}",
        f"Balance due:  {balance}",
        f"Open items:   {count}",
        "",
        "Files:",
        "  statement.pdf      the customer's statement: open items, recent activity, aging",
        "  open_items.csv     number, issue_date, due_date, total, open, days_overdue",
        "                     (UTF-8; amounts with a dot; credits negative)",
        "  contact_log.csv    every call, letter, e-mail, dispute and promise on record (UTC)",
        "",
        "Text cells that start with = + - @ are prefixed with an apostrophe.",
        "",
    ]
    return "\r\n".join(lines)
