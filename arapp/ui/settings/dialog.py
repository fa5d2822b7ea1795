# SPDX-License-Identifier: MIT
"""Tools ▸ Settings…: company profile, invoice settings, tax rates, products, e-mail, reminders.

What Save and Cancel mean, as each tab also says:

* **Company**, **Invoices** and **E-mail** are forms (the password alone is stored in the
  keyring at once): nothing is stored until Save. Save checks both first
  and stores nothing while any field is wrong (the messages stand next to the fields, the text
  typed stays); Cancel drops the changes after asking.
* **Reminder policies** is an editor of its own: its "Save policy" stores the policy shown, and
  so does the dialog's Save when it was changed (refused, like a form, while the checks list a
  mistake). Add, Make default and Delete act at once.
* **This computer** is the person's, not the books': the window's language, kept for the next
  start by Save (:mod:`arapp.i18n`).
* **Document words** is a table of words per language: nothing is stored until Save, which
  refuses (and shows the word) while one lost a ``$name`` it needs.
* **Tax rates** and **Products** are lists: each Add… or Edit… form saves when it is confirmed,
  and Deactivate acts at once. Save and Cancel of the dialog do not touch them.
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTabWidget, QVBoxLayout, QWidget

from arapp.domain.errors import ValidationError
from arapp.i18n import _
from arapp.services.company import CompanyProfile, get_company
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors, ServiceError
from arapp.ui.prompts import confirm, inform
from arapp.ui.settings.company_tab import CompanyTab
from arapp.ui.settings.computer_tab import ComputerTab
from arapp.ui.settings.document_words import DocumentWordsPage
from arapp.ui.settings.invoices_tab import InvoicesTab
from arapp.ui.settings.mail_tab import MailTab
from arapp.ui.settings.policies_tab import PoliciesTab
from arapp.ui.settings.products import ProductsTab
from arapp.ui.settings.tax_rates import TaxRatesTab
from arapp.ui.widgets.screen import fit_to_screen

#: The size the Reminder policies tab wants (it fits a 1366 x 768 screen).
POLICIES_SIZE = (1240, 700)


class SettingsDialog(QDialog):
    """The settings, one tab per subject.

    Attributes:
        tabs: The tab widget.
        company_tab: Company profile form.
        invoices_tab: Invoice settings form.
        tax_rates_tab: Tax rate list.
        products_tab: Product catalog.
        mail_tab: The mail account and reminder settings (the password: keyring only).
        policies_tab: The reminder policies: levels, days and words.
        words_tab: The words printed on documents, per language.
        computer_tab: What is the person's on this computer: the window's language.
    """

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Settings"))
        company = get_company(ctx) or CompanyProfile(name="")
        self.company_tab = CompanyTab(ctx, company)
        self.invoices_tab = InvoicesTab(ctx, company.currency, company.locale)
        self.tax_rates_tab = TaxRatesTab(ctx, company.locale)
        self.products_tab = ProductsTab(ctx, company.currency, company.locale)
        self.mail_tab = MailTab(ctx)
        self.policies_tab = PoliciesTab(ctx)
        self.words_tab = DocumentWordsPage(ctx)
        self.computer_tab = ComputerTab()
        self.tabs = QTabWidget()
        # No Alt+letter on the tabs: every tab's letters would be taken from every page's fields
        # and buttons (Alt+P was Products and Password at once). Ctrl+Tab goes to the next tab.
        self.tabs.addTab(self.company_tab, _("Company"))
        self.tabs.addTab(self.invoices_tab, _("Invoices"))
        self.tabs.addTab(self.tax_rates_tab, _("Tax rates"))
        self.tabs.addTab(self.products_tab, _("Products"))
        self.tabs.addTab(self.mail_tab, _("E-mail"))
        self.tabs.addTab(self.mail_tab.documents_page, _("Document e-mails"))
        self.tabs.addTab(self.words_tab, _("Document words"))
        self.tabs.addTab(self.policies_tab, _("Reminder policies"))
        self.tabs.addTab(self.computer_tab, _("This computer"))
        self.tabs.currentChanged.connect(self._tab_shown)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.save)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(10)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 880, 580)

    def _tab_shown(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.products_tab:
            self.products_tab.reload()  # rates may have been renamed on the Tax rates tab
        if self.tabs.currentWidget() is self.policies_tab:
            self._grow(*POLICIES_SIZE)  # the levels, the words and the preview side by side

    def _grow(self, width: int, height: int) -> None:
        """At least ``width`` x ``height``, within the screen's free area."""
        fit_to_screen(self, max(self.width(), width), max(self.height(), height))

    def is_dirty(self) -> bool:
        """Whether a form holds changes not yet saved."""
        return (
            self.company_tab.is_dirty()
            or self.invoices_tab.is_dirty()
            or self.mail_tab.is_dirty()
            or self.policies_tab.is_dirty()
            or self.words_tab.is_dirty()
            or self.computer_tab.is_dirty()
        )

    def save(self) -> bool:
        """Check both forms, then store them; on any error store nothing and show where.

        Returns whether everything was saved (the dialog is then accepted).
        """
        self.company_tab.groups.clear_errors()
        self.invoices_tab.groups.clear_errors()
        self.mail_tab.groups.clear_errors()
        wrong_settings = self.invoices_tab.check()
        if wrong_settings is not None:
            self.invoices_tab.groups.show_errors(wrong_settings)
            self._focus_first_error(self.invoices_tab)
            return False
        wrong_mail = self.mail_tab.check()
        if wrong_mail is not None:
            self.mail_tab.groups.show_errors(wrong_mail)
            self._focus_first_error(self.mail_tab)
            if wrong_mail.errors[0].field.startswith("mail."):  # a document e-mail's text
                self.tabs.setCurrentWidget(self.mail_tab.documents_page)
                self.mail_tab.documents_page.show_key(wrong_mail.errors[0].field)
                inform(self, _("Document e-mails"), wrong_mail.errors[0].message, warning=True)
            return False
        wrong_word = self.words_tab.check()
        if wrong_word is not None:
            self.tabs.setCurrentWidget(self.words_tab)
            inform(self, _("Document words"), wrong_word.message, warning=True)
            return False
        if self.policies_tab.is_dirty() and self.policies_tab.problems():
            self.policies_tab.save()  # says why not
            self.tabs.setCurrentWidget(self.policies_tab)
            return False
        try:
            self.company_tab.save()
        except InputErrors as exc:
            self.company_tab.groups.show_errors(exc)
            self._focus_first_error(self.company_tab)
            return False
        except ServiceError as exc:
            self.company_tab.groups.show_banner(str(exc))
            self.tabs.setCurrentWidget(self.company_tab)
            return False
        try:
            self.invoices_tab.save()
        except (ServiceError, ValidationError) as exc:  # checked above: only if the books moved
            self.invoices_tab.groups.show_banner(str(exc))
            self.tabs.setCurrentWidget(self.invoices_tab)
            return False
        self.mail_tab.save()
        self.words_tab.save()
        self.computer_tab.save()
        if self.policies_tab.is_dirty() and not self.policies_tab.save():
            self.tabs.setCurrentWidget(self.policies_tab)
            return False
        self.accept()
        return True

    def _focus_first_error(self, tab: CompanyTab | InvoicesTab | MailTab) -> None:
        self.tabs.setCurrentWidget(tab)
        name = tab.groups.first_wrong_field()
        widget = tab.findChild(QWidget, name) if name else None
        if widget is not None:
            widget.setFocus()

    def reject(self) -> None:
        """Cancel: drop unsaved form changes, asking first if there are any."""
        if self.is_dirty() and not confirm(
            self,
            _("Discard changes?"),
            _("The changes made in Settings have not been saved."),
            _("Discard changes"),
        ):
            return
        super().reject()
