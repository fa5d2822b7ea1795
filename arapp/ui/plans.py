# SPDX-License-Identifier: MIT
"""Payment plans on screen: where each stands, and cancelling one with a reason.

:class:`PlansPanel` lists plans (one customer's in the customer detail pane, or everyone's in
Tools ▸ Payment plans…) with their status, next instalment and what is left. The status and each
instalment's state are what :mod:`arapp.services.plans` derives from the payments; nothing here
decides. Cancelling asks why and leaves the checking to :func:`~arapp.services.plans.cancel_plan`.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from arapp.domain.fees import InstalmentState, InstalmentStatus
from arapp.formatting import format_date, format_money
from arapp.i18n import N_, _, ngettext, pgettext
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors, ServiceError
from arapp.services.plans import PlanRecord, cancel_plan, list_plans
from arapp.ui.dialog_parts import push_button, small_table, text_item
from arapp.ui.display import Display
from arapp.ui.forms import plain_label
from arapp.ui.prompts import ask_reason, inform
from arapp.ui.widgets.colours import OVERDUE_COLOR, VOID_COLOR, in_list

# Tools ▸ Payment plans… shows what needs chasing first; newest first within each status.
STATUS_ORDER = {"broken": 0, "active": 1, "completed": 2, "cancelled": 3}
FULL_HEADERS = (
    N_("Customer"),
    N_("Invoices"),
    N_("Agreed"),
    N_("Status"),
    N_("Next instalment"),
    N_("Left"),
)
COMPACT_HEADERS = (N_("Status"), N_("Next"), N_("Left"))


def instalment_headers() -> tuple[str, ...]:
    """The instalments table's headers ("Due" is the day, not the state)."""
    due = pgettext("instalment due date", "Due")
    return ("#", due, _("Amount"), pgettext("amount paid", "Paid"), _("State"))


def status_label(status: str) -> str:
    """A plan's status as people read it (the stored value when it is none of the four)."""
    labels = {
        "active": pgettext("payment plan status", "Active"),
        "broken": pgettext("payment plan status", "Broken"),
        "completed": pgettext("payment plan status", "Completed"),
        "cancelled": pgettext("payment plan status", "Cancelled"),
    }
    return labels.get(status, status)


def status_count(status: str, count: int) -> str:
    """``2 broken``: how many plans have ``status``, for the count line."""
    if status == "broken":
        text = ngettext("{count} broken", "{count} broken", count)
    elif status == "active":
        text = ngettext("{count} active", "{count} active", count)
    elif status == "completed":
        text = ngettext("{count} completed", "{count} completed", count)
    elif status == "cancelled":
        text = ngettext("{count} cancelled", "{count} cancelled", count)
    else:
        text = f"{{count}} {status}"
    return text.format(count=count)


def instalment_label(status: str) -> str:
    """An instalment's state as people read it."""
    labels = {
        InstalmentStatus.PAID: pgettext("instalment state", "Paid"),
        InstalmentStatus.PARTIALLY_PAID: pgettext("instalment state", "Part paid"),
        InstalmentStatus.DUE: pgettext("instalment state", "Due"),
        InstalmentStatus.MISSED: pgettext("instalment state", "Missed"),
    }
    return labels.get(status, status)  # type: ignore[call-overload, no-any-return]


def invoices_text(numbers: tuple[str, ...]) -> str:
    """``INV-1``, ``INV-1 and INV-2``, ``INV-1 and 6 more``."""
    if len(numbers) == 2:
        return _("{first} and {second}").format(first=numbers[0], second=numbers[1])
    if len(numbers) < 2:
        return "".join(numbers)
    more = len(numbers) - 1
    return ngettext("{first} and {count} more", "{first} and {count} more", more).format(
        first=numbers[0], count=more
    )


def next_instalment(plan: PlanRecord) -> InstalmentState | None:
    """The first instalment not fully paid, while the plan runs."""
    if plan.status in ("completed", "cancelled"):
        return None
    return next((i for i in plan.instalments if i.status != InstalmentStatus.PAID), None)


class PlansPanel(QWidget):
    """A table of plans with Cancel plan…; ``compact`` for the narrow customer detail pane.

    Attributes:
        plans: The plans shown, row by row.
        table: The plans table.
        instalments: The selected plan's instalments (not in compact mode).
        about: The selected plan's invoices, note or cancel reason.
        cancel_button: Cancels the selected plan, asking why.
        button_row: The row of buttons, for callers to add theirs.
        changed: ``Signal()``, a plan was cancelled here.
    """

    changed = Signal()

    def __init__(
        self,
        ctx: AppContext,
        locale: str = "en_US",
        compact: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.locale = locale
        self.compact = compact
        self.customer_id: int | None = None
        self.plans: list[PlanRecord] = []
        headers = COMPACT_HEADERS if compact else FULL_HEADERS
        self.table = small_table(headers, "plansTable")
        self.table.horizontalHeader().setSectionResizeMode(
            len(headers) - 2,
            QHeaderView.ResizeMode.Stretch,  # the next instalment
        )
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.instalments = small_table(instalment_headers(), "instalmentsTable")
        self.instalments.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.instalments.horizontalHeader().setStretchLastSection(True)
        self.instalments.setVisible(not compact)
        self.about = plain_label(wrap=True, selectable=True)
        self.about.setObjectName("planAbout")
        self.empty_label = plain_label(_("No payment plans."), wrap=True)
        self.empty_label.setEnabled(False)
        self.cancel_button = push_button(_("&Cancel plan…"), self.cancel_selected)
        self.button_row = QHBoxLayout()
        self.button_row.addStretch(1)
        self.button_row.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.about)
        if not compact:
            layout.addWidget(plain_label(_("Instalments of the selected plan:")))
            layout.addWidget(self.instalments, 1)
        layout.addLayout(self.button_row)
        self._selection_changed()

    # -- showing ------------------------------------------------------------------------------

    def _money(self, plan: PlanRecord, amount: Decimal) -> str:
        return format_money(amount, plan.currency, self.locale)

    def show_customer(self, customer_id: int | None) -> None:
        """Show one customer's plans (``None``: every customer's)."""
        self.customer_id = customer_id
        self.reload()

    def reload(self) -> None:
        """Read the plans again, keeping the selected one selected."""
        selected = self.selected()
        plans = list_plans(self.ctx, self.customer_id)
        if not self.compact:
            plans.sort(key=lambda p: STATUS_ORDER.get(p.status, 9))  # stable: newest first kept
        self.plans = plans
        self.table.setRowCount(len(plans))
        for row, plan in enumerate(plans):
            self._fill_row(row, plan)
        self.table.resizeRowsToContents()
        self.empty_label.setVisible(not plans)
        ids = [p.id for p in plans]
        if selected is not None and selected.id in ids:
            self.table.selectRow(ids.index(selected.id))
        elif plans:
            self.table.selectRow(0)
        self._selection_changed()

    def _fill_row(self, row: int, plan: PlanRecord) -> None:
        coming = next_instalment(plan)
        next_text = "—"
        if coming is not None:
            when = format_date(coming.due_date, self.locale)
            next_text = f"{when}  ·  {self._money(plan, coming.left)}"
            if coming.status == "missed" and not self.compact:  # compact: the status says it
                next_text += "  " + _("(missed)")
        status = text_item(status_label(plan.status))
        if plan.status == "broken":
            status.setForeground(QBrush(in_list(OVERDUE_COLOR)))
            font = status.font()
            font.setBold(True)
            status.setFont(font)
        elif plan.status == "cancelled":
            status.setForeground(QBrush(VOID_COLOR))
        left = "—" if plan.status == "cancelled" else self._money(plan, plan.left)
        items = [status, text_item(next_text), text_item(left, True)]
        if not self.compact:
            items[:0] = [
                text_item(plan.customer_name),
                text_item(invoices_text(plan.invoice_numbers)),
                text_item(format_date(plan.agreed_on, self.locale)),
            ]
        tip = self.describe(plan)
        for col, item in enumerate(items):
            item.setToolTip(tip)
            self.table.setItem(row, col, item)

    def describe(self, plan: PlanRecord) -> str:
        """What the plan covers and what was agreed, in a few plain lines."""
        paid = sum(1 for i in plan.instalments if i.status == InstalmentStatus.PAID)
        total = len(plan.instalments)
        count = ngettext(
            "{count} instalment, {paid} paid", "{count} instalments, {paid} paid", total
        ).format(count=total, paid=paid)
        if plan.missed:
            count = _("{instalments}, {missed} missed").format(
                instalments=count, missed=len(plan.missed)
            )
        lines = [
            _("Plan #{id} of {day} for {amount}: {instalments}").format(
                id=plan.id,
                day=format_date(plan.agreed_on, self.locale),
                amount=self._money(plan, plan.total),
                instalments=count,
            ),
            _("Invoices: {numbers}").format(numbers=", ".join(plan.invoice_numbers)),
        ]
        if self.compact and len(plan.invoice_numbers) > 3:  # the pane is narrow
            lines[1] = _("Invoices: {numbers} (hover for all)").format(
                numbers=invoices_text(plan.invoice_numbers)
            )
        if plan.note:
            lines.append(_("Note: {note}").format(note=plan.note))
        if plan.cancel_reason:
            lines.append(_("Cancelled: {reason}").format(reason=plan.cancel_reason))
        return "\n".join(lines)

    def selected(self) -> PlanRecord | None:
        rows = {i.row() for i in self.table.selectionModel().selectedRows()}
        return self.plans[min(rows)] if rows and min(rows) < len(self.plans) else None

    def select_plan(self, plan_id: int) -> None:
        self.table.selectRow([p.id for p in self.plans].index(plan_id))

    def _selection_changed(self) -> None:
        plan = self.selected()
        self.cancel_button.setEnabled(
            plan is not None and plan.status not in ("cancelled", "completed")
        )
        self.about.setText(self.describe(plan) if plan is not None else "")
        self.about.setVisible(plan is not None)
        self._fill_instalments(plan)

    def _fill_instalments(self, plan: PlanRecord | None) -> None:
        states = plan.instalments if plan is not None else ()
        self.instalments.setRowCount(len(states))
        for row, i in enumerate(states):
            assert plan is not None
            state = text_item(instalment_label(i.status))
            if i.status == "missed":
                state.setForeground(QBrush(in_list(OVERDUE_COLOR)))
            self.instalments.setItem(row, 0, text_item(str(i.position), True))
            self.instalments.setItem(row, 1, text_item(format_date(i.due_date, self.locale)))
            self.instalments.setItem(row, 2, text_item(self._money(plan, i.amount), True))
            self.instalments.setItem(row, 3, text_item(self._money(plan, i.paid), True))
            self.instalments.setItem(row, 4, state)
        self.instalments.resizeRowsToContents()

    # -- actions ------------------------------------------------------------------------------

    def cancel_selected(self) -> None:
        """Cancel the selected plan, asking why (asked again while no reason is given)."""
        plan = self.selected()
        if plan is None:
            return
        question = _(
            "Cancel the payment plan of {customer} ({amount} left)?\n\n"
            "The plan is kept with your reason, and its invoices are chased again, late fees "
            "included. Why is it cancelled?"
        ).format(customer=plan.customer_name, amount=self._money(plan, plan.left))
        problem = ""
        while True:
            reason = ask_reason(
                self,
                _("Cancel payment plan"),
                problem + question,
                _("Cancel plan"),
                _("Keep plan"),
            )
            if reason is None:
                return
            try:
                cancel_plan(self.ctx, plan.id, reason)
            except InputErrors as exc:
                problem = f"{exc}\n\n"
                continue
            except ServiceError as exc:
                inform(self, _("Cancel payment plan"), str(exc), warning=True)
            break
        self.reload()
        self.changed.emit()


class PaymentPlansDialog(QDialog):
    """Tools ▸ Payment plans…: every customer's plans, broken ones first.

    Attributes:
        panel: The plans and the selected one's instalments.
        count_label: How many plans there are, by status.
    """

    def __init__(self, ctx: AppContext, display: Display, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Payment plans"))
        self.panel = PlansPanel(ctx, display.locale)
        self.count_label: QLabel = plain_label()
        self.count_label.setObjectName("plansCount")
        close = push_button(_("Close"), self.accept)
        self.panel.button_row.insertWidget(0, self.count_label)
        self.panel.button_row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.addWidget(self.panel)
        self.panel.table.itemSelectionChanged.connect(self._count)
        self.panel.show_customer(None)
        self._count()
        self.resize(900, 560)
        close.setFocus()

    def _count(self) -> None:
        counts: dict[str, int] = {}
        for plan in self.panel.plans:
            counts[plan.status] = counts.get(plan.status, 0) + 1
        parts = [status_count(s, counts[s]) for s in STATUS_ORDER if counts.get(s)]
        n = len(self.panel.plans)
        self.count_label.setText(
            ngettext("{count} plan: {statuses}", "{count} plans: {statuses}", n).format(
                count=n, statuses=", ".join(parts)
            )
            if n
            else ""
        )
