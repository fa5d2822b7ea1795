# SPDX-License-Identifier: MIT
"""Settings ▸ Reminders: the reminder policies, their levels and words, with a live preview.

The owner picks a policy (the default one and any others), edits its name and levels (name,
day from the due date, e-mail or agency flag, late-fee announcement) and the selected level's
subject and body, and sees the level rendered for a real customer of the books as they type.
Every mistake is listed under the editor as it is made (unknown placeholders with the ones that
exist, days out of order, a lone $, an empty subject): the checks of
:func:`~arapp.services.reminders.policy.policy_problems`. "Save policy" (and the dialog's Save)
stores the whole policy in one transaction and says "Saved" only once it is stored. Add, Make
default and Delete act at once (Delete only for a policy no customer has).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from arapp.domain.languages import ENGLISH, LANGUAGES
from arapp.domain.reminders import ReminderLevel
from arapp.domain.reminders import ReminderPolicy as Policy
from arapp.domain.texts import REMINDERS
from arapp.i18n import N_, _, ngettext
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors, ServiceError
from arapp.services.reminders.policy import (
    PolicyRecord,
    delete_policy,
    list_policies,
    policy_problems,
    save_policy,
    set_default_policy,
)
from arapp.services.reminders.policy_segments import segment_conflicts
from arapp.ui.forms import ERROR_STYLE, plain_label
from arapp.ui.prompts import ask_reason, confirm
from arapp.ui.reminders.common import hint_label
from arapp.ui.settings.groups import note_label
from arapp.ui.settings.policy_levels import LevelTable, placeholder_box
from arapp.ui.settings.policy_preview_pane import PreviewPane
from arapp.ui.settings.policy_segments import SegmentChecks

NOTE = N_(
    "Each customer is reminded by the default policy unless their Collections tab gives them "
    "another, or a policy is for their segment (how they pay). Changes to a policy are kept "
    "when you click Save policy (or Save)."
)
CHECK_DELAY_MS = 150  # checks and the preview follow a pause in typing, not every key stroke
SAVED_STYLE = "color: #1b5e20;"


class PoliciesTab(QWidget):
    """The reminder policies: pick, add, make default, delete; edit levels and words.

    Attributes:
        records: The stored policies, as last read.
        policy: The policy chooser.
        name: The policy's name (a rename is saved with the policy).
        table: Its levels.
        subject: The selected level's subject.
        body: The selected level's text.
        placeholders: Inserts a placeholder where the subject or text was last edited.
        checks: Every mistake of the edited policy, or empty.
        status: "Saved", or why saving did not happen.
        preview: The selected level for a chosen customer.
    """

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.records: list[PolicyRecord] = []
        self._dirty = False
        self._row = -1
        self._shown_id: int | None = None
        self._last_text: QLineEdit | QPlainTextEdit | None = None
        self._language = ENGLISH  # the language of the texts in the subject and text boxes

        self.policy = QComboBox()
        self.policy.setObjectName("policyChooser")
        self.policy.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.policy.setMinimumContentsLength(24)
        self.policy.activated.connect(self._chosen)
        self.add_button = self._button(
            _("&Add…"), _("Add a policy: a copy of this one"), self.add_policy
        )
        self.default_button = self._button(
            _("Make &default"), _("Remind every customer without their own policy by this one"),
            self.make_default,
        )  # fmt: skip
        self.delete_button = self._button(
            _("De&lete"),
            _("Delete this policy (only when no customer has it)"),
            self.delete_policy,
        )
        self.usage = hint_label()
        self.usage.setObjectName("policyUsage")
        caption = QLabel(_("Polic&y:"))
        caption.setBuddy(self.policy)
        top = QHBoxLayout()
        top.addWidget(caption)
        top.addWidget(self.policy)
        for button in (self.add_button, self.default_button, self.delete_button):
            top.addWidget(button)
        top.addSpacing(8)
        top.addWidget(self.usage, 1)

        self.name = QLineEdit()
        self.name.setObjectName("policyName")
        self.name.textEdited.connect(lambda _t: self._edited())
        self.segments = SegmentChecks()
        self.segments.changed.connect(self._edited)
        self.table = LevelTable()
        self.table.changed.connect(self._edited)
        self.table.itemSelectionChanged.connect(self._row_chosen)
        self.add_level_button = self._button(
            _("Add le&vel"), _("A level after the last"), self.add_level
        )
        self.remove_level_button = self._button(
            _("&Remove level"), _("Remove the selected level"), self.remove_level
        )
        self.language = QComboBox()
        self.language.setObjectName("levelLanguage")
        for code, named in LANGUAGES.items():
            self.language.addItem(named, code)
        self.language.currentIndexChanged.connect(lambda _i: self._language_chosen())
        self.copy_button = self._button(
            _("Copy from &English"),
            _("Start this language's subject and text from the English ones"),
            self.copy_from_english,
        )  # fmt: skip
        self.language_state = hint_label()
        self.language_state.setObjectName("levelLanguageState")
        self.subject = QLineEdit()
        self.subject.setObjectName("levelSubject")
        self.subject.textEdited.connect(lambda _t: self._text_edited(self.subject))
        self.body = QPlainTextEdit()
        self.body.setObjectName("levelBody")
        self.body.setTabChangesFocus(True)
        self.body.textChanged.connect(lambda: self._text_edited(self.body))
        self.placeholders = placeholder_box()
        self.placeholders.activated.connect(self._insert)
        self.checks = plain_label(wrap=True, selectable=True)
        self.checks.setObjectName("policyChecks")
        self.checks.setStyleSheet(ERROR_STYLE)
        self.save_button = self._button(_("&Save policy"), _("Store this policy"), self.save)
        self.status = plain_label(wrap=True)
        self.status.setObjectName("policyStatus")

        self.preview = PreviewPane(ctx)
        self.preview.customer_changed.connect(self._schedule)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHECK_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self._layout(top)
        self.reload()
        self.refresh()

    def _button(self, text: str, tip: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setAutoDefault(False)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    def _layout(self, top: QHBoxLayout) -> None:
        editor = QWidget()
        left = QVBoxLayout(editor)
        left.setContentsMargins(0, 0, 6, 0)
        name_row = QFormLayout()
        name_row.setContentsMargins(0, 0, 0, 0)
        name_row.addRow(_("&Name"), self.name)
        name_row.addRow(_("For customers"), self.segments)
        left.addLayout(name_row)
        left.addWidget(self.table)
        level_buttons = QHBoxLayout()
        level_buttons.addWidget(self.add_level_button)
        level_buttons.addWidget(self.remove_level_button)
        level_buttons.addStretch(1)
        level_buttons.addWidget(self.placeholders)
        left.addLayout(level_buttons)
        texts = QFormLayout()
        texts.setContentsMargins(0, 0, 0, 0)
        language = QHBoxLayout()
        language.addWidget(self.language)
        language.addWidget(self.copy_button)
        language.addWidget(self.language_state, 1)
        caption = QLabel(_("Lan&guage"))
        caption.setBuddy(self.language)
        texts.addRow(caption, language)
        texts.addRow(_("S&ubject"), self.subject)
        texts.addRow(_("&Text"), self.body)
        left.addLayout(texts, 1)
        left.addWidget(self.checks)

        split = self.split = QSplitter()
        split.setChildrenCollapsible(False)
        split.addWidget(editor)
        split.addWidget(self.preview)
        split.setStretchFactor(0, 5)
        split.setStretchFactor(1, 4)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        grid = QGridLayout(self)
        grid.setContentsMargins(14, 14, 14, 12)
        grid.addWidget(note_label(_(NOTE)), 0, 0)
        grid.addLayout(top, 1, 0)
        grid.addWidget(split, 2, 0)
        grid.addLayout(bottom, 3, 0)
        grid.setRowStretch(2, 1)
        self._sized = False

    def showEvent(self, event: QShowEvent) -> None:
        """The first time: the editor gets a little more than half the width, the preview the
        rest (a splitter starts from its children's size hints, leaving the preview narrow)."""
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            total = max(self.split.width(), 600)
            self.split.setSizes([total * 11 // 20, total - total * 11 // 20])

    # -- choosing a policy --------------------------------------------------------------------

    def reload(self, select: int | None = None) -> None:
        """Read the policies again and show ``select`` (default: the one shown, or the default)."""
        shown = select if select is not None else self.current_id()
        self.records = list_policies(self.ctx)
        self.policy.clear()
        for record in self.records:
            name = record.policy.name
            if record.is_default:
                name = _("{name} (the default)").format(name=name)
            self.policy.addItem(name, record.id)
        index = self.policy.findData(shown)
        if index < 0:
            index = next((i for i, r in enumerate(self.records) if r.is_default), 0)
        self.policy.setCurrentIndex(index)
        self._show(self.records[index] if self.records else None)

    def current_id(self) -> int | None:
        value = self.policy.currentData()
        return int(value) if value is not None else None

    def current_record(self) -> PolicyRecord | None:
        return next((r for r in self.records if r.id == self.current_id()), None)

    def _chosen(self, index: int) -> None:
        shown = self._shown_id
        if self._dirty and not confirm(
            self, _("Discard changes?"), _("The changes to this policy have not been saved."),
            _("Discard changes"),
        ):  # fmt: skip
            self.policy.setCurrentIndex(self.policy.findData(shown))
            return
        self._show(self.records[index])

    def _show(self, record: PolicyRecord | None) -> None:
        self._shown_id = record.id if record else None
        self.name.setText(record.policy.name if record else "")
        self._row = -1
        self.table.set_levels(record.policy.levels if record else ())
        self.segments.set_chosen(record.segments if record else ())
        self._row_chosen()
        self._dirty = False
        if record is not None:
            users = record.customers
            self.usage.setText(_usage(record.is_default, users))
            self.default_button.setEnabled(not record.is_default)
            self.delete_button.setEnabled(not record.is_default and not users)
        self.status.clear()
        self._schedule()

    # -- editing ------------------------------------------------------------------------------

    def _row_chosen(self) -> None:
        self._keep_texts()
        self._row = self.table.current()
        self._load_texts()

    def _language_chosen(self) -> None:
        """Keep the texts typed in the language shown, then show the chosen one's."""
        self._keep_texts()
        self._language = str(self.language.currentData())
        self._load_texts()

    def _load_texts(self) -> None:
        """The selected level's subject and text in the language chosen into the boxes; for
        another language than English, the English ones greyed in while it has none."""
        language = self._language
        shown = self._row >= 0
        subject, body = self.table.texts(self._row, language) if shown else ("", "")
        english = self.table.texts(self._row) if shown else ("", "")
        for widget in (self.subject, self.body):
            widget.blockSignals(True)
        self.subject.setText(subject)
        self.body.setPlainText(body)
        for widget in (self.subject, self.body):
            widget.blockSignals(False)
        other = language != ENGLISH
        meanwhile = self._meanwhile(english, language) if shown and other else english
        self.subject.setPlaceholderText(meanwhile[0] if other else "")
        self.body.setPlaceholderText(meanwhile[1] if other else "")
        self.subject.setEnabled(shown)
        self.body.setEnabled(shown)
        self.copy_button.setEnabled(shown and other)
        self.remove_level_button.setEnabled(shown and self.table.rowCount() > 1)
        self._say_language()
        self._schedule()

    def _meanwhile(self, english: tuple[str, str], language: str) -> tuple[str, str]:
        """What customers reading ``language`` get while the level has no words in it: arapp's
        own in it while the English ones are arapp's, else the English ones."""
        builtin = REMINDERS.get(language, {}).get(self.table.number(self._row))
        stock = REMINDERS[ENGLISH].get(self.table.number(self._row)) == english
        return builtin if builtin is not None and stock else english

    def _say_language(self) -> None:
        language = self._language
        if language == ENGLISH or self._row < 0:
            said = _("The level's own words: for customers whose language has none of its own.")
        elif self.subject.text().strip() or self.body.toPlainText().strip():
            said = _("The level's words for customers who read {language}.").format(
                language=LANGUAGES[language]
            )
        else:
            english = self.table.texts(self._row)
            if self._meanwhile(english, language) != english:
                said = _("None of its own yet: customers who read it get arapp's words (greyed).")
            else:
                said = _(
                    "None of its own yet: customers who read it get the English words (greyed)."
                )
        self.language_state.setText(said)

    def copy_from_english(self) -> None:
        """The English subject and text of the selected level, into the language shown."""
        if self._row < 0 or self._language == ENGLISH:
            return
        subject, body = self.table.texts(self._row)
        self.subject.setText(subject)
        self.body.setPlainText(body)  # emits textChanged: kept and checked
        self._text_edited(self.body)

    def _keep_texts(self) -> None:
        if 0 <= self._row < self.table.rowCount():
            self.table.set_texts(
                self._row, self.subject.text(), self.body.toPlainText(), self._language
            )

    def _text_edited(self, widget: QLineEdit | QPlainTextEdit) -> None:
        self._last_text = widget
        self._keep_texts()
        self._say_language()
        self._edited()

    def _edited(self) -> None:
        self._dirty = True
        self.status.clear()
        self._schedule()

    def _insert(self, index: int) -> None:
        key = self.placeholders.itemData(index)
        self.placeholders.setCurrentIndex(0)
        if not key or self._row < 0:
            return
        target = self._last_text or self.body
        if isinstance(target, QPlainTextEdit):
            target.insertPlainText(f"${{{key}}}")
        else:
            target.insert(f"${{{key}}}")
        self._text_edited(target)
        target.setFocus()

    def add_level(self) -> None:
        levels = self.levels()
        day = levels[-1].offset_days + 7 if levels else 0
        number = max((lv.level for lv in levels), default=0) + 1
        self.table.add_level(ReminderLevel(number, _("New level"), day, "", ""))

    def remove_level(self) -> None:
        if self._row >= 0 and self.table.rowCount() > 1:
            row, self._row = self._row, -1
            self.table.remove_row(row)
            self.table.selectRow(min(row, self.table.rowCount() - 1))

    def levels(self) -> list[ReminderLevel]:
        self._keep_texts()
        return self.table.levels()

    def problems(self) -> list[str]:
        others = [r for r in self.records if r.id != self._shown_id]
        taken = [r.policy.name for r in others]
        held = {s: r.policy.name for r in others for s in r.segments}
        problems = policy_problems(self.name.text(), self.levels(), taken)
        problems += segment_conflicts(self.segments.chosen(), held)
        return [p.message for p in problems]

    def is_dirty(self) -> bool:
        return self._dirty

    # -- checks and preview -------------------------------------------------------------------

    def _schedule(self) -> None:
        self._timer.start()

    def refresh(self) -> None:
        """Show the checks and the preview for what is typed now."""
        self._timer.stop()
        self.checks.setText("\n".join(self.problems()))
        self.checks.setVisible(bool(self.checks.text()))
        level = self.table.level(self._row) if self._row >= 0 else None
        self.preview.show_level(level, self._language)

    # -- storing ------------------------------------------------------------------------------

    def save(self) -> bool:
        """Store the policy shown in one transaction; ``False`` (with the reasons) otherwise."""
        self.refresh()
        problems = self.problems()
        if problems:
            said = ngettext(
                "Not saved: first correct the mistake listed above.",
                "Not saved: first correct the mistakes listed above.",
                len(problems),
            )
            self._say(said, error=True)
            return False
        policy = Policy(self.name.text().strip(), tuple(self.levels()))
        try:
            record = save_policy(self.ctx, policy, self._shown_id, self.segments.chosen())
        except (InputErrors, ServiceError) as exc:
            self._say(_("Not saved: {reason}").format(reason=exc), error=True)
            return False
        self.reload(record.id)
        self._say(_("Saved."))
        return True

    def _say(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(ERROR_STYLE if error else SAVED_STYLE)

    def add_policy(self, name: str | None = None) -> bool:
        """A new policy, a copy of the stored one shown, called ``name`` (asked if ``None``)."""
        record = self.current_record()
        if record is None:
            return False
        if name is None:
            name = ask_reason(
                self, _("Add a reminder policy"),
                _("Name of the new policy (it starts as a copy of “{name}”):").format(
                    name=record.policy.name
                ),
                _("Add"),
            )  # fmt: skip
            if not name:
                return False
        try:
            added = save_policy(self.ctx, Policy(name, record.policy.levels))
        except (InputErrors, ServiceError) as exc:
            self._say(_("Not added: {reason}").format(reason=exc), error=True)
            return False
        self._dirty = False
        self.reload(added.id)
        self._say(_("Added “{name}”.").format(name=added.policy.name))
        return True

    def make_default(self) -> None:
        if self._shown_id is None:
            return
        set_default_policy(self.ctx, self._shown_id)
        dirty = self._dirty
        self.records = list_policies(self.ctx)
        keep = self.levels(), self.name.text(), self.segments.chosen()
        self.reload(self._shown_id)
        if dirty:  # what was typed stays
            self.name.setText(keep[1])
            self.table.set_levels(keep[0])
            self.segments.set_chosen(keep[2])
            self._dirty = True
        self._say(_("This is now the default policy."))

    def delete_policy(self) -> None:
        record = self.current_record()
        if record is None or not confirm(
            self, _("Delete policy?"),
            _("Delete the reminder policy “{name}”?").format(name=record.policy.name),
            _("Delete"),
        ):  # fmt: skip
            return
        try:
            delete_policy(self.ctx, record.id)
        except ServiceError as exc:
            self._say(_("Not deleted: {reason}").format(reason=exc), error=True)
            return
        self._dirty = False
        self.reload(-1)
        self._say(_("Deleted “{name}”.").format(name=record.policy.name))


def _usage(is_default: bool, users: int) -> str:
    """Whether the policy is the default, and how many customers have it as their own."""
    if is_default and not users:
        return _("This is the default policy; no customer has it as their own.")
    if not users:
        return _("This is not the default; no customer has it as their own.")
    if is_default:
        said = ngettext(
            "This is the default policy; {count} customer has it as their own.",
            "This is the default policy; {count} customers have it as their own.",
            users,
        )
    else:
        said = ngettext(
            "This is not the default; {count} customer has it as their own.",
            "This is not the default; {count} customers have it as their own.",
            users,
        )
    return said.format(count=users)
