# SPDX-License-Identifier: MIT
"""The right-hand pane of the Customers tab: one customer, its contacts, contact log, payment
plans, collections (disputes, promises to pay, reminder options) and account (the ledger with
its running balance, and the statement)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from arapp.domain.customer import CustomerStatus, status_label
from arapp.domain.parties import delivery_summary
from arapp.formatting import format_date, format_money
from arapp.services import customer_list
from arapp.services.context import AppContext
from arapp.services.customers import (
    ContactRecord,
    CustomerDetail,
    LogEntryRecord,
    add_log_entry,
    get_customer,
    remove_contact,
)
from arapp.services.errors import InputErrors, NotFound, ServiceError
from arapp.services.followups import complete_follow_up
from arapp.ui.customers.language import language_text
from arapp.ui.customers.model import ARCHIVED_COLOR
from arapp.ui.display import DisplaySource
from arapp.ui.forms import error_label, plain_label
from arapp.ui.prompts import confirm, inform
from arapp.ui.segments import segment_words
from arapp.ui.widgets.colours import HOLD_COLOR, OVERDUE_COLOR, on_window

if TYPE_CHECKING:  # dialogs are imported when they open (the panels: see _make_page)
    from arapp.ui.customers.plan_dialog import PlanDialog

ContactRole = Qt.ItemDataRole.UserRole + 1
"""Role of a contact list item returning its :class:`ContactRecord`."""
LogEntryRole = Qt.ItemDataRole.UserRole + 2
"""Role of a contact-log item returning its :class:`LogEntryRecord`."""

_FACTS = (
    ("contact_person", "Contact"),
    ("email", "E-mail"),
    ("phone", "Phone"),
    ("billing_address", "Address"),
    ("tax_id", "Tax / VAT id"),
    ("invoicing", "Invoices"),
    ("language", "Language"),
    ("terms", "Terms"),
    ("credit_limit", "Credit limit"),
    ("balance", "Balance"),
    ("overdue", "Overdue"),
    ("segment", "Segment"),
)


def _heading(text: str) -> QLabel:
    label = plain_label(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    label.setContentsMargins(0, 10, 0, 2)
    return label


class CustomerDetailPane(QStackedWidget):
    """Shows the customer given to :meth:`show_customer` (``None``: a hint to pick one).

    Only the hint is made with the pane: the customer's page (its summary and five tabs, with
    their modules) is made when the first customer is shown, so a start that shows none does
    not pay for it.

    Attributes:
        customer_id: The customer shown, or ``None``.
        detail: What was last read for it.
        plans: The customer's payment plans, with Cancel plan… and Payment plan….
        collections: The customer's disputes, promises to pay and reminder options.
        account: The customer's ledger and Statement….
        plan_dialog: The last Payment plan dialog opened (for tests), if any.
        display: The window's display source (the dialogs opened here take its display).
        locale: The locale of amounts and dates shown; the tab sets it on a company event and
            :meth:`reload` passes it on to the panels.
    """

    def __init__(self, ctx: AppContext, display: DisplaySource, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.display = display
        self.locale = display.current.locale
        self.customer_id: int | None = None
        self.detail: CustomerDetail | None = None
        self.plan_dialog: PlanDialog | None = None

        hint = plain_label("Select a customer to see their details, contacts and notes.", wrap=True)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setEnabled(False)
        self.addWidget(hint)
        self.setMinimumWidth(320)
        self._made = False

    def _make_page(self) -> None:
        """The customer's page, the first time one is shown."""
        if self._made:
            return
        self._made = True
        from arapp.ui.customers.account_panel import AccountPanel
        from arapp.ui.customers.collections_panel import CollectionsPanel
        from arapp.ui.insight.days_late import DaysLatePanel

        ctx, display, locale = self.ctx, self.display, self.locale
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setUsesScrollButtons(True)  # a narrow pane scrolls the tabs, never squeezes
        self.tabs.addTab(self._build_log(), "Log")
        self.tabs.addTab(self._build_contacts(), "Contacts")
        self.tabs.addTab(self._build_plans(), "Plans")
        self.collections = CollectionsPanel(ctx, display)
        self.collections.changed.connect(self.reload)  # the tab's count follows
        self.tabs.addTab(self.collections, "Collections")
        self.account = AccountPanel(ctx, locale)
        self.tabs.addTab(self.account, "Account")
        self.days_late = DaysLatePanel(ctx)  # read (and charted) only when its tab shows
        self.tabs.addTab(self.days_late, "Days late")
        page = QSplitter(Qt.Orientation.Vertical)
        page.setChildrenCollapsible(False)
        page.addWidget(self._build_summary())
        page.addWidget(self.tabs)
        page.setStretchFactor(0, 1)
        page.setStretchFactor(1, 1)
        page.setSizes([330, 310])
        self.addWidget(page)

    def _build_summary(self) -> QScrollArea:
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(16, 14, 16, 10)
        column.setSpacing(4)
        self.name = plain_label(wrap=True, selectable=True)
        self.name.setObjectName("detailName")
        font = self.name.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.name.setFont(font)
        self.subtitle = plain_label(selectable=True)
        column.addWidget(self.name)
        column.addWidget(self.subtitle)

        facts = QFormLayout()
        facts.setContentsMargins(0, 10, 0, 0)
        facts.setHorizontalSpacing(14)
        facts.setVerticalSpacing(5)
        facts.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.facts: dict[str, QLabel] = {}
        for key, caption in _FACTS:
            value = plain_label(wrap=True, selectable=True)
            value.setObjectName(f"fact_{key}")
            caption_label = plain_label(caption)
            caption_label.setEnabled(False)  # a quieter colour than the value
            facts.addRow(caption_label, value)
            self.facts[key] = value
        column.addLayout(facts)

        column.addWidget(_heading("Notes"))
        self.notes = plain_label(wrap=True, selectable=True)
        self.notes.setObjectName("detailNotes")
        column.addWidget(self.notes)
        column.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        return scroll

    def _build_log(self) -> QWidget:
        from arapp.ui.customers.note_dialog import NOTE_KINDS, FollowUpField

        tab = QWidget()
        column = QVBoxLayout(tab)
        column.setContentsMargins(8, 8, 8, 8)
        column.setSpacing(6)
        self.log = _list("contactLog")
        self.log.setAlternatingRowColors(True)
        self.log.currentRowChanged.connect(lambda _row: self._update_buttons())
        column.addWidget(self.log, 1)
        done_row = QHBoxLayout()
        done_row.addStretch(1)
        self.follow_up_done_button = QPushButton("Follow-up done")
        self.follow_up_done_button.setToolTip("Mark the selected entry's follow-up as done")
        self.follow_up_done_button.clicked.connect(self.follow_up_done)
        done_row.addWidget(self.follow_up_done_button)
        column.addLayout(done_row)
        self.note_input = QPlainTextEdit()
        self.note_input.setObjectName("noteInput")
        self.note_input.setPlaceholderText("What was said or agreed (a call, an e-mail, a visit…)")
        self.note_input.setTabChangesFocus(True)
        self.note_input.setFixedHeight(54)
        column.addWidget(self.note_input)
        self.note_error = error_label("summary")
        column.addWidget(self.note_error)
        row = QHBoxLayout()
        self.note_kind = QComboBox()
        self.note_kind.addItems(list(NOTE_KINDS))  # promises and disputes: Collections tab
        self.follow_up = FollowUpField(self.ctx.today())
        self.add_note_button = QPushButton("Add note")
        self.add_note_button.clicked.connect(self.add_note)
        row.addWidget(self.note_kind)
        row.addWidget(self.follow_up, 1)
        row.addWidget(self.add_note_button)
        column.addLayout(row)
        return tab

    def _build_contacts(self) -> QWidget:
        tab = QWidget()
        column = QVBoxLayout(tab)
        column.setContentsMargins(8, 8, 8, 8)
        column.setSpacing(6)
        self.contacts = _list("contacts")
        self.contacts.itemDoubleClicked.connect(lambda _item: self.edit_contact())
        self.contacts.currentRowChanged.connect(lambda _row: self._update_buttons())
        column.addWidget(self.contacts, 1)
        row = QHBoxLayout()
        self.add_contact_button = QPushButton("Add…")
        self.edit_contact_button = QPushButton("Edit…")
        self.remove_contact_button = QPushButton("Remove")
        self.add_contact_button.clicked.connect(self.add_contact)
        self.edit_contact_button.clicked.connect(self.edit_contact)
        self.remove_contact_button.clicked.connect(self.remove_contact)
        for button in (
            self.add_contact_button,
            self.edit_contact_button,
            self.remove_contact_button,
        ):
            row.addWidget(button)
        row.addStretch(1)
        column.addLayout(row)
        return tab

    def _build_plans(self) -> QWidget:
        tab = QWidget()
        column = QVBoxLayout(tab)
        column.setContentsMargins(8, 8, 8, 8)
        from arapp.ui.plans import PlansPanel

        self.plans = PlansPanel(self.ctx, self.locale, compact=True)
        self.new_plan_button = QPushButton("Payment plan…")
        self.new_plan_button.clicked.connect(self.new_plan)
        self.plans.button_row.insertWidget(0, self.new_plan_button)
        self.plans.changed.connect(self.reload)  # a plan cancelled: the tab's count follows
        column.addWidget(self.plans)
        return tab

    # -- showing ------------------------------------------------------------------------------

    def show_customer(self, customer_id: int | None) -> None:
        if customer_id != self.customer_id and self._made:
            self.note_input.clear()
            self.note_error.setVisible(False)
            self.follow_up.reset()
        self.customer_id = customer_id
        self.reload()

    def reload(self) -> None:
        """Read the shown customer again (after an event about it)."""
        self.detail = None
        if self.customer_id is not None:
            try:
                self.detail = get_customer(self.ctx, self.customer_id)
            except NotFound:
                self.customer_id = None
        if self.detail is None:
            self.setCurrentIndex(0)
            return
        self._make_page()
        self._fill(self.detail)
        self.days_late.show_customer(self.customer_id)
        self.setCurrentIndex(1)

    def _fill(self, detail: CustomerDetail) -> None:
        c = detail.customer
        self.name.setText(c.name)
        status = status_label(c.status, c.agency_since is not None)
        self.subtitle.setText(f"{c.code}  ·  {status}  ·  {c.currency}")
        color = {CustomerStatus.CREDIT_HOLD: HOLD_COLOR, CustomerStatus.ARCHIVED: ARCHIVED_COLOR}
        tint = color.get(c.status)
        self.subtitle.setStyleSheet(f"color: {on_window(tint).name()};" if tint else "")
        rows = customer_list.customer_rows(self.ctx, [c.id])
        line = rows.get(c.id)
        balance = line.balance if line else Decimal(0)
        overdue = line.overdue if line else Decimal(0)
        values = {
            "contact_person": c.contact_person,
            "email": c.email,
            "phone": c.phone,
            "billing_address": c.billing_address,
            "tax_id": c.tax_id,
            "invoicing": delivery_summary(
                c.delivery,
                c.einvoice_format,
                c.invoice_email or c.email,
                c.invoice_cc,
                c.buyer_reference,
            ),
            "language": language_text(c.language, self.locale),
            "terms": c.terms,
            "credit_limit": "No limit"
            if c.credit_limit is None
            else format_money(c.credit_limit, c.currency, self.locale),
            "balance": format_money(balance, c.currency, self.locale),
            "overdue": format_money(overdue, c.currency, self.locale),
            "segment": segment_words(
                line.segment if line else None,
                line.segment_reason if line else "",
                line.segment_as_of if line else None,
                self.ctx.today(),
                self.locale,
            ),
        }
        for key, label in self.facts.items():
            label.setText(values[key] or "—")
        self.facts["overdue"].setStyleSheet(
            f"color: {on_window(OVERDUE_COLOR).name()}; font-weight: bold;" if overdue > 0 else ""
        )
        self.notes.setText(c.notes or "—")

        self.contacts.clear()
        for contact in detail.contacts:
            item = QListWidgetItem(_contact_text(contact))
            item.setData(ContactRole, contact)
            self.contacts.addItem(item)
        if not detail.contacts:
            self.contacts.addItem(QListWidgetItem("No contacts yet."))
            self.contacts.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
        self.tabs.setTabText(0, f"Log ({len(detail.log)})")
        self.tabs.setTabText(1, f"Contacts ({len(detail.contacts)})")
        self.plans.locale = self.locale
        self.plans.show_customer(c.id)
        self.tabs.setTabText(2, f"Plans ({len(self.plans.plans)})")
        self.collections.locale = self.locale
        self.collections.show_customer(c.id)
        self.tabs.setTabText(3, f"Collections ({self.collections.open_count()})")
        self.account.locale = self.locale
        self.account.show_customer(c.id, c.code, c.currency)
        self.log.clear()
        for entry in detail.log:
            item = QListWidgetItem(self._log_text(entry))
            item.setData(LogEntryRole, entry)
            self.log.addItem(item)
        if not detail.log:
            self.log.addItem(QListWidgetItem("Nothing logged yet."))
            self.log.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
        self._update_buttons()

    def _log_text(self, entry: LogEntryRecord) -> str:
        at = entry.at.astimezone()
        when = f"{format_date(at.date(), self.locale)} {at:%H:%M}"
        head = f"{when}  ·  {entry.kind}"
        if entry.follow_up:
            head += f"  ·  follow up {format_date(entry.follow_up, self.locale)}"
            if entry.follow_up_done_on:
                head += f" (done {format_date(entry.follow_up_done_on, self.locale)})"
        return f"{head}\n{entry.summary}"

    def log_texts(self) -> list[str]:
        return [self.log.item(i).text() for i in range(self.log.count())]

    def _update_buttons(self) -> None:
        has = self.selected_contact() is not None
        self.edit_contact_button.setEnabled(has)
        self.remove_contact_button.setEnabled(has)
        entry = self.selected_log_entry()
        open_follow_up = bool(entry and entry.follow_up and not entry.follow_up_done_on)
        self.follow_up_done_button.setEnabled(open_follow_up)

    def selected_log_entry(self) -> LogEntryRecord | None:
        item = self.log.currentItem()
        value = item.data(LogEntryRole) if item is not None else None
        return value if isinstance(value, LogEntryRecord) else None

    # -- actions ------------------------------------------------------------------------------

    def selected_contact(self) -> ContactRecord | None:
        item = self.contacts.currentItem()
        value = item.data(ContactRole) if item is not None else None
        return value if isinstance(value, ContactRecord) else None

    def add_contact(self) -> None:
        if self.customer_id is not None:
            from arapp.ui.customers.contact_dialog import ContactDialog  # when first opened

            ContactDialog(self.ctx, self.customer_id, parent=self).exec()

    def edit_contact(self) -> None:
        contact = self.selected_contact()
        if self.customer_id is not None and contact is not None:
            from arapp.ui.customers.contact_dialog import ContactDialog

            ContactDialog(self.ctx, self.customer_id, contact, parent=self).exec()

    def remove_contact(self) -> None:
        contact = self.selected_contact()
        if self.customer_id is None or contact is None:
            return
        if confirm(self, "Remove contact", f"Remove {contact.name} from the contacts?", "Remove"):
            try:
                remove_contact(self.ctx, self.customer_id, contact.id)
            except ServiceError as exc:
                inform(self, "Remove contact", str(exc), warning=True)

    def new_plan(self) -> None:
        """Agree a payment plan with the customer shown."""
        if self.customer_id is not None:
            from arapp.ui.customers.plan_dialog import PlanDialog  # not needed at start

            self.plan_dialog = PlanDialog(
                self.ctx, self.display.current, self.customer_id, parent=self
            )
            if self.plan_dialog.exec():
                self.reload()

    def add_note(self) -> None:
        if self.customer_id is None:
            return
        try:
            add_log_entry(
                self.ctx,
                self.customer_id,
                self.note_input.toPlainText(),
                self.note_kind.currentText(),
                follow_up=self.follow_up.day(),
            )
        except InputErrors as exc:
            self.note_error.setText(str(exc))
            self.note_error.setVisible(True)
            return
        self.note_error.setVisible(False)
        self.note_input.clear()
        self.follow_up.reset()

    def follow_up_done(self) -> None:
        entry = self.selected_log_entry()
        if entry is None:
            return
        try:
            complete_follow_up(self.ctx, entry.id)
        except ServiceError as exc:
            self.note_error.setText(str(exc))
            self.note_error.setVisible(True)


def _list(name: str) -> QListWidget:
    """A list of wrapped, multi-line entries that never scrolls sideways."""
    widget = QListWidget()
    widget.setObjectName(name)
    widget.setWordWrap(True)
    widget.setSpacing(2)
    widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    widget.setResizeMode(QListWidget.ResizeMode.Adjust)
    return widget


def _contact_text(contact: ContactRecord) -> str:
    head = contact.name + (f" ({contact.role})" if contact.role else "")
    if contact.is_primary:
        head += "  ·  primary"
    reach = "  ·  ".join(x for x in (contact.email, contact.phone) if x)
    return f"{head}\n{reach}" if reach else head
