# SPDX-License-Identifier: MIT
"""Settings ▸ E-mail: the mail account reminders go through, and how reminders are sent.

The ``smtp.*`` and ``reminders.*`` settings are stored with the dialog's Save like the Invoices
tab's. The password is different: it goes only to the operating system's keyring
(:func:`store_password`), is never shown again and never pre-filled; when no safe keyring exists
the tab says so in one plain sentence across its width, with the technical details (which
keychain to install, the ``PYTHON_KEYRING_BACKEND`` variable) behind "How do I fix this?".
"Send a test e-mail" first stores the account settings typed here, then sends off the GUI
thread and shows the cause of a failure in plain words.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from arapp.domain.errors import ValidationError
from arapp.i18n import N_, _
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors
from arapp.services.reminders.mailer import (
    MailProblem,
    password_store,
    send_test_email,
    store_password,
)
from arapp.services.settings import SPECS, get_setting, set_setting, setting
from arapp.ui.forms import ERROR_STYLE, plain_label
from arapp.ui.reminders.common import WARNING_STYLE, explain, hint_label
from arapp.ui.settings.document_mail import DocumentMailPage, document_field
from arapp.ui.settings.groups import FormGroups, note_label
from arapp.ui.worker import run_in_background

#: Settings shown here; the Invoices tab leaves them out.
PREFIXES = ("smtp.", "reminders.", "mail.")
SECURITY = (
    (N_("STARTTLS (port 587)"), "starttls"),
    (N_("SSL/TLS (port 465)"), "ssl"),
    (N_("None"), "none"),
)
NONE_WARNING = N_(
    "Without encryption your password and every reminder cross the network readable by anyone on "
    "the way. Use STARTTLS or SSL if your server offers it."
)
NOTE = N_(
    "Reminders, invoices and statements are sent through your own mail account. Changes are "
    "kept when you click Save; the password is stored in your system's keyring at once and "
    "never shown again."
)
NO_KEYRING = N_(
    "arapp cannot store your e-mail password because this computer has no password keychain "
    "it can use, so reminders cannot be sent yet."
)
NO_KEYRING_SHORT = N_("Cannot be stored yet: see the message at the top.")
# Group title, setting, caption (translated where shown).
ROWS = (
    (N_("Mail server"), "smtp.host", N_("&Server")),
    (N_("Mail server"), "smtp.port", N_("P&ort")),
    (N_("Mail server"), "smtp.security", N_("Securit&y")),
    (N_("Mail server"), "smtp.username", N_("&User name")),
    (N_("Mail server"), "smtp.timeout", N_("&Wait up to (seconds)")),
    (N_("Sender"), "smtp.from", N_("&From")),
    (N_("Sender"), "smtp.reply_to", N_("&Reply-to")),
    (N_("Sender"), "smtp.bcc_self", ""),
    (N_("Reminders"), "reminders.group_per_customer", ""),
    (N_("Reminders"), "reminders.min_gap_days", N_("&Days between reminders")),
    (N_("Reminders"), "reminders.attach_pdf", ""),
    (N_("Reminders"), "reminders.auto", ""),
    (N_("Reminders"), "reminders.send_time", N_("Daily run fro&m")),
)
CHECK_TEXT = {
    "smtp.bcc_self": N_("Send me a blind copy of each reminder"),
    "reminders.group_per_customer": N_("One reminder per customer, listing all their invoices"),
    "reminders.attach_pdf": N_("Attach the invoice PDF"),
    "reminders.auto": N_("Send the day's reminders by themselves while arapp is open"),
}


class MailTab(QWidget):
    """The mail account, the password (keyring only), a test e-mail, and reminder settings.

    Attributes:
        inputs: ``key -> (widget, read)`` for each setting shown.
        initial: The text of each setting when the tab opened (or was last saved).
        password: The password input (always empty when shown).
        password_state: Where the password is kept, or why it cannot be.
        security_warning: Shown while security is "None".
        test_result: The outcome of the last test e-mail.
    """

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.groups = FormGroups("mail")
        self.inputs: dict[str, tuple[QWidget, Callable[[], str]]] = {}
        for title, key, caption in ROWS:
            if key not in SPECS:
                continue
            widget, read = self._input(key)
            widget.setObjectName(key)
            widget.setToolTip(SPECS[key].description)
            self.inputs[key] = (widget, read)
            self.groups.add_row(
                _(title), _(caption) if caption else "", key, self._decorate(key, widget)
            )
        self.initial = {key: read() for key, (_w, read) in self.inputs.items()}
        self.documents_page = DocumentMailPage(ctx)
        for key, (widget, read) in self.documents_page.inputs.items():
            self.inputs[key] = (widget, read)
            self.initial[key] = read()
        for key in set(SPECS) - set(self.inputs):
            if key.startswith(PREFIXES):  # a new setting without a place here yet
                edit = QLineEdit(str(get_setting(ctx, key)))
                edit.setObjectName(key)
                self.inputs[key] = (edit, lambda e=edit: e.text().strip())
                self.initial[key] = edit.text().strip()
                self.groups.add_row(_("Reminders"), key, key, edit)

        self.password = QLineEdit()
        self.password.setObjectName("smtpPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(_("Type a new password to store it"))
        self.store_button = QPushButton(_("Store in &keyring"))
        self.store_button.setAutoDefault(False)
        self.store_button.clicked.connect(self.store_password)
        self.password_state = hint_label()
        self.password_state.setObjectName("passwordState")
        self.password.setMinimumWidth(200)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.store_button)
        row.addStretch(1)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.password)
        column.addLayout(row)
        column.addWidget(self.password_state)
        self.groups.add_row(_("Mail server"), _("&Password"), "password", box)

        self.test_to = QLineEdit()
        self.test_to.setObjectName("testTo")
        self.test_to.setPlaceholderText(_("To (empty: the From address)"))
        self.test_button = QPushButton(_("Send a &test e-mail"))
        self.test_button.setAutoDefault(False)
        self.test_button.clicked.connect(self.send_test)
        self.test_result = plain_label(wrap=True, selectable=True)
        self.test_result.setObjectName("testResult")
        test_row = QHBoxLayout()
        test_row.setContentsMargins(0, 0, 0, 0)
        test_row.addWidget(self.test_to, 1)
        test_row.addWidget(self.test_button)
        test_box = QWidget()
        test_column = QVBoxLayout(test_box)
        test_column.setContentsMargins(0, 0, 0, 0)
        test_column.addLayout(test_row)
        test_column.addWidget(self.test_result)
        self.groups.add_row(_("Sender"), _("Test"), "test", test_box)

        server, sender, reminders = _("Mail server"), _("Sender"), _("Reminders")
        self.groups.align_labels(server)
        self.groups.align_labels(sender, reminders)
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(self.groups.boxes[server])
        left.addStretch(1)
        right.addWidget(self.groups.boxes[sender])
        right.addWidget(self.groups.boxes[reminders])
        right.addStretch(1)
        grid = QGridLayout(self)
        grid.setContentsMargins(14, 14, 14, 12)
        grid.setHorizontalSpacing(14)
        grid.addWidget(note_label(_(NOTE)), 0, 0, 1, 2)
        grid.addWidget(self.groups.banner, 1, 0, 1, 2)
        grid.addWidget(self._keyring_box(), 2, 0, 1, 2)
        grid.addLayout(left, 3, 0)
        grid.addLayout(right, 3, 1)
        grid.setColumnStretch(0, 5)
        grid.setColumnStretch(1, 6)
        self._security_changed()
        self._show_password_store()

    # -- inputs -------------------------------------------------------------------------------

    def _input(self, key: str) -> tuple[QWidget, Callable[[], str]]:
        value = get_setting(self.ctx, key)
        if key == "smtp.security":
            combo = QComboBox()
            for label, code in SECURITY:
                combo.addItem(_(label), code)
            combo.setCurrentIndex(max(combo.findData(value), 0))
            combo.currentIndexChanged.connect(lambda _i: self._security_changed())
            self.security = combo
            return combo, lambda: str(combo.currentData())
        if isinstance(value, bool):
            text = CHECK_TEXT.get(key)  # else the setting's description, from the services
            check = QCheckBox(_(text) if text else SPECS[key].description.rstrip("."))
            check.setChecked(value)
            return check, lambda: "yes" if check.isChecked() else "no"
        edit = QLineEdit(str(value))
        if key in ("smtp.port", "smtp.timeout", "reminders.send_time"):
            edit.setMaximumWidth(90)
        return edit, lambda: edit.text().strip()

    def _decorate(self, key: str, widget: QWidget) -> QWidget:
        if key != "smtp.security":
            return widget
        self.security_warning = plain_label(_(NONE_WARNING), wrap=True)
        self.security_warning.setObjectName("securityWarning")
        self.security_warning.setStyleSheet(WARNING_STYLE)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(widget)
        column.addWidget(self.security_warning)
        return box

    def _security_changed(self) -> None:
        self.security_warning.setVisible(self.security.currentData() == "none")

    # -- the password -------------------------------------------------------------------------

    def _keyring_box(self) -> QWidget:
        """The full-width "no keychain" message (hidden while one exists): a plain sentence,
        and the details a technical helper needs behind a button."""
        self.keyring_problem = QWidget()
        self.keyring_problem.setObjectName("keyringProblem")
        self.keyring_sentence = plain_label(_(NO_KEYRING), wrap=True)
        self.keyring_sentence.setStyleSheet(ERROR_STYLE)
        self.keyring_fix_button = QPushButton(_("How do I fix this?"))
        self.keyring_fix_button.setCheckable(True)
        self.keyring_fix_button.setAutoDefault(False)
        self.keyring_details = plain_label(wrap=True, selectable=True)
        self.keyring_details.setObjectName("keyringDetails")
        self.keyring_details.setVisible(False)
        self.keyring_fix_button.toggled.connect(self.keyring_details.setVisible)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.keyring_sentence, 1)
        row.addWidget(self.keyring_fix_button, 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout(self.keyring_problem)
        column.setContentsMargins(0, 0, 0, 4)
        column.addLayout(row)
        column.addWidget(self.keyring_details)
        self.keyring_problem.setVisible(False)
        return self.keyring_problem

    def _show_password_store(self) -> None:
        try:
            name = password_store()
        except MailProblem as exc:
            self.keyring_details.setText(str(exc))
            self.keyring_problem.setVisible(True)
            self._password_message(_(NO_KEYRING_SHORT), error=True)
            self.store_button.setEnabled(False)
            return
        self.keyring_problem.setVisible(False)
        self._password_message(_("The password is kept only in {keyring}.").format(keyring=name))

    def _password_message(self, text: str, error: bool = False) -> None:
        self.password_state.setText(text)
        self.password_state.setStyleSheet(ERROR_STYLE if error else "")

    def store_password(self) -> bool:
        """Store the user name (if changed) and put the typed password into the keyring."""
        if not self._save_account():
            return False
        try:
            store_password(self.ctx, self.password.text())
            name = password_store()
        except MailProblem as exc:
            self._password_message(explain(exc.kind, str(exc)), error=True)
            return False
        finally:
            self.password.clear()  # never kept in the window longer than needed
        self._password_message(_("Password stored in {keyring}.").format(keyring=name))
        return True

    # -- test e-mail --------------------------------------------------------------------------

    def send_test(self) -> None:
        """Store the account settings typed here, then send a test message off the GUI thread."""
        if not self._save_account():
            return
        if self.password.text() and not self.store_password():
            return
        self.test_button.setEnabled(False)
        self.test_result.setStyleSheet("")
        self.test_result.setText(_("Sending a test e-mail…"))
        ctx, to = self.ctx, self.test_to.text()
        run_in_background(self, lambda: send_test_email(ctx, to), self._tested, self._test_failed)

    def _tested(self, to: str) -> None:
        self.test_button.setEnabled(True)
        self.test_result.setText(
            _("A test e-mail was sent to {address}. The account works.").format(address=to)
        )

    def _test_failed(self, exc: Exception) -> None:
        self.test_button.setEnabled(True)
        self.test_result.setStyleSheet(ERROR_STYLE)
        kind = exc.kind if isinstance(exc, MailProblem) else ""
        self.test_result.setText(
            _("The test e-mail was not sent: {reason}").format(reason=explain(kind, str(exc)))
        )

    # -- reading, checking, saving ------------------------------------------------------------

    def changed(self) -> dict[str, str]:
        values = {key: read() for key, (_w, read) in self.inputs.items()}
        return {k: v for k, v in values.items() if v != self.initial[k]}

    def is_dirty(self) -> bool:
        return bool(self.changed()) or bool(self.password.text())

    def check(self) -> InputErrors | None:
        errors = []
        for key, text in self.changed().items():
            try:
                setting(key).parse(text)
            except ValidationError as exc:
                where = document_field(key)
                errors.append(
                    ValidationError(
                        key,
                        _("{field}: {problem}").format(field=where, problem=exc.message)
                        if where
                        else exc.message,
                    )
                )
        return InputErrors(errors) if errors else None

    def save(self) -> None:
        """Store the settings that changed (call :meth:`check` first), then a typed password."""
        for key, text in self.changed().items():
            set_setting(self.ctx, key, text)
            self.initial[key] = text
        if self.password.text():
            self.store_password()

    def _save_account(self) -> bool:
        """Check and store what is typed, so the keyring and the test use it; ``False`` when a
        value is wrong (shown next to it)."""
        self.groups.clear_errors()
        wrong = self.check()
        if wrong is not None:
            self.groups.show_errors(wrong)
            return False
        for key, text in self.changed().items():
            set_setting(self.ctx, key, text)
            self.initial[key] = text
        return True
