# SPDX-License-Identifier: MIT
"""Settings ▸ Document e-mails: the subject and text of the e-mail that carries an invoice, a
credit note or a statement, one document and one language at a time, with a preview on a real
document of a customer who reads that language.

English is the text every customer falls back on; another language shows whether it has a text
of its own (else its customers get arapp's text in it, while the English text is arapp's own,
else the company's language, else English: the empty boxes show that text greyed) and can start
from a copy of the English one. The inputs are handed to the E-mail tab
(:class:`~arapp.ui.settings.mail_tab.MailTab`), which checks and stores them with the other mail
settings (an emptied language text means "no text of its own").
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from arapp.domain.document_mail import DOCUMENT_PLACEHOLDERS, KINDS
from arapp.domain.errors import ValidationError
from arapp.domain.invoice import DocumentKind
from arapp.domain.languages import ENGLISH, LANGUAGES
from arapp.i18n import N_, _
from arapp.services.context import AppContext
from arapp.services.errors import ServiceError
from arapp.services.languages import DocumentTexts, company_language_of
from arapp.services.settings import get_setting, mail_template, setting
from arapp.ui.settings.groups import note_label

DOCUMENTS_NOTE = N_(
    "The e-mail that carries an invoice, a credit note or a statement (the PDF is attached), in "
    "each customer's language. $words are filled in for each document; changes are kept when "
    "you click Save."
)
PARTS = (("subject", N_("Subject")), ("body", N_("Text")))
#: Each kind of document as the document choice names it.
KIND_NAMES = {
    DocumentKind.INVOICE: N_("Invoice"),
    DocumentKind.CREDIT_NOTE: N_("Credit note"),
    "statement": N_("Statement"),
}
#: Each kind's e-mail, as the sentences about a language's texts name it.
KIND_MAILS = {
    DocumentKind.INVOICE: N_("invoice e-mail"),
    DocumentKind.CREDIT_NOTE: N_("credit note e-mail"),
    "statement": N_("statement e-mail"),
}
#: Each text of a document e-mail, as a message about a mistake in it names it.
FIELD_NAMES = {
    (DocumentKind.INVOICE, "subject"): N_("Invoice subject"),
    (DocumentKind.INVOICE, "body"): N_("Invoice text"),
    (DocumentKind.CREDIT_NOTE, "subject"): N_("Credit note subject"),
    (DocumentKind.CREDIT_NOTE, "body"): N_("Credit note text"),
    ("statement", "subject"): N_("Statement subject"),
    ("statement", "body"): N_("Statement text"),
}


def placeholder_help() -> str:
    # What each placeholder stands for comes from arapp.domain, in English for now.
    listed = ", ".join(f"${name} ({what})" for name, what in DOCUMENT_PLACEHOLDERS.items())
    return _("You can use: {placeholders}").format(placeholders=listed)


def document_field(key: str) -> str:
    """``Invoice text`` for ``mail.invoice_body``, ``Invoice text (Deutsch)`` for
    ``mail.invoice_body.de``; empty for other settings."""
    if not key.startswith("mail."):
        return ""
    name, _sep, language = key.removeprefix("mail.").partition(".")
    kind, _sep2, part = name.rpartition("_")
    known = FIELD_NAMES.get((kind, part))
    if known is not None:
        where = _(known)
    else:  # a document new to arapp.domain.document_mail, not named above yet
        where = f"{kind.replace('_', ' ').capitalize()} {'text' if part == 'body' else part}"
    if language not in LANGUAGES:
        return where
    return _("{field} ({language})").format(field=where, language=LANGUAGES[language])


def _kind_name(kind: str) -> str:
    """The document choice's name of ``kind``."""
    known = KIND_NAMES.get(kind)
    return _(known) if known else kind.replace("_", " ").capitalize()


def _kind_mail(kind: str) -> str:
    """``invoice e-mail``: the e-mail of ``kind`` in a sentence."""
    known = KIND_MAILS.get(kind)
    return _(known) if known else _("{document} e-mail").format(document=kind.replace("_", " "))


class DocumentMailPage(QWidget):
    """The texts of document e-mails, per kind of document and language.

    Attributes:
        inputs: ``key -> (widget, read)`` for each ``mail.*`` setting, every language
            (``mail.invoice_body``, ``mail.invoice_body.de``...).
        document_choice: Which document's texts are shown.
        language_choice: In which language.
        language_state: Whether that language has a text of its own, and what its customers
            get otherwise.
        copy_button: "Copy from English": the English texts of the document as a start.
        preview_number: The number of the document to preview with (empty: the newest of a
            customer who reads the language).
        preview_text: The e-mail as it would go.
    """

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.company_language = company_language_of(ctx)
        self.inputs: dict[str, tuple[QWidget, Callable[[], str]]] = {}
        self.document_choice = QComboBox()
        self.document_choice.setObjectName("mailDocument")
        self.language_choice = QComboBox()
        self.language_choice.setObjectName("mailLanguage")
        self.document_texts = QStackedWidget()
        for kind in KINDS:
            self.document_choice.addItem(_kind_name(kind), kind)
            for language in LANGUAGES:
                page = QWidget()
                form = QFormLayout(page)
                form.setContentsMargins(0, 0, 0, 0)
                for part, caption in PARTS:
                    key = mail_template(kind, part, language).key
                    widget, read = self._template_input(key)
                    self.inputs[key] = (widget, read)
                    form.addRow(_(caption), widget)
                self.document_texts.addWidget(page)
        for language, name in LANGUAGES.items():
            self.language_choice.addItem(name, language)
        self.language_choice.setCurrentIndex(
            max(0, self.language_choice.findData(self.company_language))
        )
        self.copy_button = QPushButton(_("&Copy from English"))
        self.copy_button.setObjectName("mailCopyEnglish")
        self.copy_button.setToolTip(_("Start this language's texts from the English ones"))
        self.copy_button.setAutoDefault(False)
        self.copy_button.clicked.connect(self.copy_from_english)
        self.language_state = note_label("")
        self.language_state.setObjectName("mailLanguageState")
        self.document_choice.currentIndexChanged.connect(lambda _i: self._shown())
        self.language_choice.currentIndexChanged.connect(lambda _i: self._shown())
        for widget, _read in self.inputs.values():
            if isinstance(widget, QLineEdit):
                widget.textChanged.connect(lambda _t: self._state())
            elif isinstance(widget, QPlainTextEdit):
                widget.textChanged.connect(self._state)
        self.setObjectName("documentMailPage")
        choices = QHBoxLayout()
        choices.addWidget(self.language_choice, 1)
        choices.addWidget(self.copy_button)
        language_caption = QLabel(_("Lan&guage"))
        language_caption.setBuddy(self.language_choice)
        form = QFormLayout()
        form.addRow(_("Docume&nt"), self.document_choice)
        form.addRow(language_caption, choices)
        layout = QVBoxLayout(self)
        layout.addWidget(note_label(_(DOCUMENTS_NOTE)))
        layout.addLayout(form)
        layout.addWidget(self.language_state)
        layout.addWidget(self.document_texts)
        layout.addWidget(note_label(placeholder_help()))
        self.preview_number = QLineEdit()
        self.preview_number.setObjectName("mailPreviewNumber")
        self.preview_number.setPlaceholderText(
            _(
                "An invoice or credit note number; empty: the newest of a customer who reads "
                "the language"
            )
        )
        self.preview_button = QPushButton(_("&Preview"))
        self.preview_button.clicked.connect(self.preview_document_mail)
        row = QHBoxLayout()
        row.addWidget(self.preview_number, 1)
        row.addWidget(self.preview_button)
        self.preview_text = QPlainTextEdit()
        self.preview_text.setObjectName("mailPreview")
        self.preview_text.setReadOnly(True)
        self.preview_text.setFixedHeight(self.preview_text.fontMetrics().lineSpacing() * 8 + 12)
        layout.addLayout(row)
        layout.addWidget(self.preview_text)
        layout.addStretch(1)
        self._shown()

    # -- what is shown ------------------------------------------------------------------------

    def kind(self) -> str:
        return str(self.document_choice.currentData())

    def language(self) -> str:
        return str(self.language_choice.currentData())

    def show_key(self, key: str) -> None:
        """Show the document and language of the setting ``key`` (a mistake in it)."""
        name, _sep, language = key.removeprefix("mail.").partition(".")
        kind = name.rpartition("_")[0]
        self.document_choice.setCurrentIndex(max(0, self.document_choice.findData(kind)))
        found = self.language_choice.findData(language or ENGLISH)
        self.language_choice.setCurrentIndex(max(0, found))

    def _shown(self) -> None:
        kinds, languages = list(KINDS), list(LANGUAGES)
        index = kinds.index(self.kind()) * len(languages) + languages.index(self.language())
        self.document_texts.setCurrentIndex(index)
        self.copy_button.setEnabled(self.language() != ENGLISH)
        self._state()

    def _widget(self, kind: str, part: str, language: str) -> QWidget:
        return self.inputs[mail_template(kind, part, language).key][0]

    def _read(self, kind: str, part: str, language: str) -> str:
        return self.inputs[mail_template(kind, part, language).key][1]()

    def texts(self) -> DocumentTexts:
        """The texts as typed, every document and language."""
        english = {(k, p): self._read(k, p, ENGLISH) for k in KINDS for p, _c in PARTS}
        own: dict[tuple[str, str], dict[str, str]] = {}
        for kind in KINDS:
            for part, _caption in PARTS:
                for language in LANGUAGES:
                    text = self._read(kind, part, language) if language != ENGLISH else ""
                    if text:
                        own.setdefault((kind, part), {})[language] = text
        return DocumentTexts(english, own)

    def _state(self) -> None:
        """Say whether the language shown has its own text, and grey in what its customers get
        otherwise."""
        kind, language = self.kind(), self.language()
        name, mail = LANGUAGES[language], _kind_mail(kind)
        texts = self.texts()
        chain = tuple(dict.fromkeys((language, self.company_language, ENGLISH)))
        for part, _caption in PARTS:
            if language != ENGLISH:
                fallback = texts.text(kind, part, chain)[1]  # arapp's own in it, else another's
                widget = self._widget(kind, part, language)
                if isinstance(widget, (QLineEdit, QPlainTextEdit)):
                    widget.setPlaceholderText(fallback)
        self._mark_languages(texts)
        if language == ENGLISH:
            said = _(
                "English: the {mail} of every customer whose language has no text of its own."
            ).format(mail=mail)
        elif all(self._read(kind, part, language) for part, _c in PARTS):
            said = _("{language} has its own {mail}.").format(language=name, mail=mail)
        else:
            used = texts.text(kind, "body", chain)[0]
            some = any(self._read(kind, part, language) for part, _c in PARTS)
            said = self._fallback_sentence(name, mail, some, LANGUAGES[used], used == language)
        self.language_state.setText(said)

    @staticmethod
    def _fallback_sentence(name: str, mail: str, some: bool, used: str, own: bool) -> str:
        """What customers who read language ``name`` get where its boxes are empty: arapp's own
        text in it (``own``), else the text of language ``used``."""
        if own and some:
            text = _(
                "{language} has its own {mail} only in part: customers who read {language} get "
                "arapp's {language} text where a box is empty (shown greyed). Copy from "
                "English to start one."
            )
        elif own:
            text = _(
                "{language} has no {mail} of its own: customers who read {language} get "
                "arapp's {language} text where a box is empty (shown greyed). Copy from "
                "English to start one."
            )
        elif some:
            text = _(
                "{language} has its own {mail} only in part: customers who read {language} get "
                "the {other} text where a box is empty (shown greyed). Copy from English to "
                "start one."
            )
        else:
            text = _(
                "{language} has no {mail} of its own: customers who read {language} get the "
                "{other} text where a box is empty (shown greyed). Copy from English to start "
                "one."
            )
        return text.format(language=name, mail=mail, other=used)

    def _mark_languages(self, texts: DocumentTexts) -> None:
        """Each language's item says whether it has its own text for the document shown."""
        kind = self.kind()
        for index in range(self.language_choice.count()):
            language = str(self.language_choice.itemData(index))
            name = LANGUAGES[language]
            if language != ENGLISH:
                if all(self._read(kind, part, language) for part, _c in PARTS):
                    name = _("{language}: its own text").format(language=name)
                else:
                    chain = tuple(dict.fromkeys((language, self.company_language, ENGLISH)))
                    used = texts.text(kind, "body", chain)[0]
                    some = any(self._read(kind, part, language) for part, _c in PARTS)
                    if used == language:
                        said = (
                            _("{language}: partly uses arapp's text")
                            if some
                            else _("{language}: uses arapp's text")
                        )
                    else:
                        said = (
                            _("{language}: partly uses the {other} text")
                            if some
                            else _("{language}: uses the {other} text")
                        )
                    name = said.format(language=name, other=LANGUAGES[used])
            if self.language_choice.itemText(index) != name:
                self.language_choice.setItemText(index, name)

    # -- actions ------------------------------------------------------------------------------

    def copy_from_english(self) -> None:
        """The English subject and text of the document shown, into the language shown (what
        was typed there is replaced)."""
        kind, language = self.kind(), self.language()
        if language == ENGLISH:
            return
        for part, _caption in PARTS:
            widget = self._widget(kind, part, language)
            text = self._read(kind, part, ENGLISH)
            if isinstance(widget, QLineEdit):
                widget.setText(text)
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(text)
        self._state()

    def preview_document_mail(self) -> None:
        """The e-mail of the document numbered in the box (else the newest document of the
        kind shown of a customer who reads the language shown), with the texts as typed."""
        from arapp.services.delivery.documents import preview_document_mail

        try:
            what, planned = preview_document_mail(
                self.ctx, self.kind(), self.language(), self.texts(), self.preview_number.text()
            )
        except (ServiceError, ValidationError) as exc:
            self.preview_text.setPlainText(_("No preview: {reason}").format(reason=exc))
            return
        to = _("To: {recipients}").format(recipients=planned.recipients.shown)
        subject = _("Subject: {subject}").format(subject=planned.subject)
        self.preview_text.setPlainText(f"{what}\n{to}\n{subject}\n\n{planned.body}")

    def _template_input(self, key: str) -> tuple[QWidget, Callable[[], str]]:
        """A subject on one line, a text on several ($placeholders as in the description)."""
        spec = setting(key)
        value = str(get_setting(self.ctx, spec))
        widget: QLineEdit | QPlainTextEdit
        if "_subject" in key:
            widget = QLineEdit(value)
            read: Callable[[], str] = lambda w=widget: w.text().strip()  # noqa: E731
        else:
            widget = QPlainTextEdit(value)
            widget.setTabChangesFocus(True)
            widget.setFixedHeight(widget.fontMetrics().lineSpacing() * 12 + 12)
            read = lambda w=widget: w.toPlainText().strip()  # noqa: E731
        widget.setObjectName(key)
        widget.setToolTip(spec.description)
        return widget, read
