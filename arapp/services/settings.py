# SPDX-License-Identifier: MIT
"""Company settings, each declared once with key, type, default and description.

Each is a typed handle (``SMTP_PORT: SettingKey[int]``): ``read_setting(session, SMTP_PORT)``
gives an ``int``, checked by the type checker, with no cast at the caller. The text keys
(``smtp.port``) remain for the command line and the settings dialog, through :data:`SPECS`.

They live in the database because they belong to the company's books (a second computer on the
same PostgreSQL database sees the same ones). Window positions and other per-computer state belong
in QSettings, and secrets (the SMTP password) only in the OS keyring.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Generic, TypeVar, overload

from sqlalchemy import select
from sqlalchemy.orm import Session

from arapp.db.models import Setting
from arapp.domain.document_mail import (
    DEFAULT_BODIES,
    DEFAULT_SUBJECTS,
    KINDS,
    check_document_template,
)
from arapp.domain.errors import ValidationError
from arapp.domain.invoice import DocumentKind
from arapp.domain.languages import ENGLISH, LANGUAGES, validate_language
from arapp.domain.money import to_decimal
from arapp.domain.numbering import NumberPattern
from arapp.domain.reminders import check_template, placeholders_in
from arapp.domain.terms import parse_terms
from arapp.domain.texts import WORDS
from arapp.i18n import N_, _
from arapp.services.context import AppContext
from arapp.services.events import Change, Entity

_T = TypeVar("_T")


def _choice(*options: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        value = text.strip().lower()
        if value not in options:
            raise ValidationError(
                "value", _("Choose one of: {options}.").format(options=", ".join(options))
            )
        return value

    return parse


def _terms(text: str) -> str:
    return str(parse_terms(text))


def _pattern(text: str) -> str:
    return NumberPattern(text.strip()).text


def _not_negative(text: str) -> Decimal:
    value = to_decimal(text)
    if value < 0:
        raise ValidationError("value", _("This cannot be negative."))
    return value


def _whole_days(text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise ValidationError("value", _("Give a whole number of days.")) from None
    if not 0 <= value <= 3650:
        raise ValidationError("value", _("Give a number of days from 0 to 3650."))
    return value


def _port(text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise ValidationError("value", _("Give a port number, such as 587.")) from None
    if not 1 <= value <= 65535:
        raise ValidationError("value", _("Give a port number from 1 to 65535."))
    return value


def _seconds(text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise ValidationError("value", _("Give a whole number of seconds.")) from None
    if not 1 <= value <= 600:
        raise ValidationError("value", _("Give a number of seconds from 1 to 600."))
    return value


def _yes_no(text: str) -> bool:
    value = text.strip().lower()
    if value in ("true", "yes", "on", "1"):
        return True
    if value in ("false", "no", "off", "0"):
        return False
    raise ValidationError("value", _("Give yes or no."))


def _address(text: str) -> str:
    value = text.strip()
    if value and ("@" not in value or any(c in value for c in "\r\n")):
        raise ValidationError("value", _("Give an e-mail address, such as billing@example.com."))
    return value


def _one_line(text: str) -> str:
    value = text.strip()
    if any(c in value for c in "\r\n"):
        raise ValidationError("value", _("Give this on one line."))
    return value


def _folder(text: str) -> str:
    value = _one_line(text)
    if value and not Path(value).expanduser().is_absolute():
        raise ValidationError(
            "value", _("Give the whole path of a folder, such as /media/usb/arapp.")
        )
    return str(Path(value).expanduser()) if value else ""


def _clock(text: str) -> str:
    hours, _colon, minutes = text.strip().partition(":")
    if not (hours.isdigit() and minutes.isdigit() and len(minutes) == 2):
        raise ValidationError("value", _("Give a time of day as HH:MM, such as 09:00."))
    if not (0 <= int(hours) <= 23 and 0 <= int(minutes) <= 59):
        raise ValidationError("value", _("Give a time of day from 00:00 to 23:59."))
    return f"{int(hours):02}:{minutes}"


@dataclass(frozen=True)
class SettingKey(Generic[_T]):
    """One setting, and the typed handle to read it with.

    Attributes:
        key: Dotted name, such as ``invoice.paper_size``.
        default: Its value when never set, as text.
        parse: Turns text into the typed value, or raises ``ValidationError``.
        about: One sentence for people, in English (marked with ``N_``; ``{name}`` filled from
            ``about_args``, whose ``text`` is translated too).
        about_args: What fills ``about``'s placeholders, as ``(name, value)`` pairs.
    """

    key: str
    default: str
    parse: Callable[[str], _T]
    about: str
    about_args: tuple[tuple[str, str], ...] = ()

    @property
    def description(self) -> str:
        """``about`` in the language the person reads."""
        if not self.about_args:
            return _(self.about)
        args = {name: _(v) if name == "text" else v for name, v in self.about_args}
        return _(self.about).format(**args)


INVOICE_DEFAULT_TERMS = SettingKey(
    "invoice.default_terms", "net 30", _terms, N_("Payment terms for new customers.")
)
INVOICE_NUMBER_PATTERN = SettingKey(
    "invoice.number_pattern",
    "INV-{year}-{seq:05}",
    _pattern,
    N_("How invoice numbers look; {year} and {seq} are filled in."),
)
CREDIT_NOTE_PATTERN = SettingKey(
    "invoice.credit_note_pattern",
    "CN-{year}-{seq:05}",
    _pattern,
    N_("How credit note numbers look."),
)
PAPER_SIZE = SettingKey(
    "invoice.paper_size",
    "a4",
    _choice("a4", "letter"),
    N_("Paper size of PDF invoices and statements."),
)
INVOICE_FOOTER = SettingKey(
    "invoice.footer",
    "Thank you for your business.",
    str,
    N_("Text printed at the foot of every invoice."),
)
LATE_FEE_FLAT = SettingKey(
    "fees.late_fee_flat",
    "0",
    _not_negative,
    N_("Flat late fee charged once when an invoice becomes overdue."),
)
INTEREST_PERCENT_PER_MONTH = SettingKey(
    "fees.interest_percent_per_month",
    "0",
    _not_negative,
    N_("Interest per month on overdue balances."),
)
GRACE_DAYS = SettingKey(
    "fees.grace_days",
    "0",
    _whole_days,
    N_("Days after the due date before late fees start."),
)
SMALL_BALANCE_LIMIT = SettingKey(
    "payments.small_balance_limit",
    "1.00",
    _not_negative,
    N_("Open remainders up to this amount may be written off as small balances."),
)
SMTP_HOST = SettingKey(
    "smtp.host", "", _one_line, N_("Outgoing mail server (SMTP) of your account.")
)
SMTP_PORT = SettingKey("smtp.port", "587", _port, N_("Its port: 587 for STARTTLS, 465 for SSL."))
SMTP_SECURITY = SettingKey(
    "smtp.security",
    "starttls",
    _choice("starttls", "ssl", "none"),
    N_("starttls, ssl, or none (unencrypted: password and mail readable on the way)."),
)
SMTP_USERNAME = SettingKey(
    "smtp.username",
    "",
    _one_line,
    N_(
        "User name to log in with; empty for no login. The password is kept in the OS "
        "keyring (arapp config smtp-password)."
    ),
)
SMTP_FROM = SettingKey(
    "smtp.from", "", _address, N_("Sender address of reminders, invoices and statements.")
)
SMTP_REPLY_TO = SettingKey(
    "smtp.reply_to", "", _address, N_("Where replies go, if not the sender.")
)
SMTP_BCC_SELF = SettingKey(
    "smtp.bcc_self",
    "no",
    _yes_no,
    N_("Send a blind copy of each reminder and document e-mail to the sender."),
)
SMTP_TIMEOUT = SettingKey(
    "smtp.timeout", "30", _seconds, N_("Seconds to wait for the mail server.")
)
REMINDERS_GROUP_PER_CUSTOMER = SettingKey(
    "reminders.group_per_customer",
    "yes",
    _yes_no,
    N_("One reminder listing all of a customer's invoices due a reminder, not one each."),
)
REMINDERS_MIN_GAP_DAYS = SettingKey(
    "reminders.min_gap_days",
    "7",
    _whole_days,
    N_(
        "Days at least between two reminder messages to the same customer; a message that goes "
        "out carries every invoice of that customer due a reminder by then."
    ),
)
REMINDERS_ATTACH_PDF = SettingKey(
    "reminders.attach_pdf", "yes", _yes_no, N_("Attach the invoice PDF to reminders.")
)
REMINDERS_AUTO = SettingKey(
    "reminders.auto",
    "no",
    _yes_no,
    N_(
        "While the window is open, queue and send the reminders due once a day by themselves "
        "(otherwise the window only says how many are due)."
    ),
)
REMINDERS_SEND_TIME = SettingKey(
    "reminders.send_time",
    "09:00",
    _clock,
    N_("Time of day (HH:MM) from which the daily reminder run happens."),
)
ALERTS_DIGEST = SettingKey(
    "alerts.digest",
    "no",
    _yes_no,
    N_("E-mail the owner the day's alerts, once a day (arapp alerts digest)."),
)
ALERTS_DIGEST_TO = SettingKey(
    "alerts.digest_to", "", _address, N_("The owner's address the daily alerts digest goes to.")
)

BACKUP_FOLDER = SettingKey(
    "backup.folder",
    "",
    _folder,
    N_(
        "Folder of these books' backups (a USB stick, a synced folder); empty for the backups "
        "folder beside arapp's data."
    ),
)


def _mail_template(text: str) -> str:
    return check_document_template(text.replace("\\n", "\n"), "value")


def _mail_subject(text: str) -> str:
    return _mail_template(_one_line(text))


#: What each e-mail text is, for the descriptions of :data:`MAIL_TEMPLATES`.
_MAIL_TEXT: dict[tuple[str, str], str] = {
    (DocumentKind.INVOICE, "subject"): N_("The subject of the e-mail that carries an invoice"),
    (DocumentKind.INVOICE, "body"): N_("The body of the e-mail that carries an invoice"),
    (DocumentKind.CREDIT_NOTE, "subject"): N_(
        "The subject of the e-mail that carries a credit note"
    ),
    (DocumentKind.CREDIT_NOTE, "body"): N_("The body of the e-mail that carries a credit note"),
    ("statement", "subject"): N_("The subject of the e-mail that carries a statement"),
    ("statement", "body"): N_("The body of the e-mail that carries a statement"),
}

MAIL_TEMPLATES: dict[tuple[str, str], SettingKey[str]] = {
    (kind, part): SettingKey(
        f"mail.{kind}_{part}",
        (DEFAULT_SUBJECTS if part == "subject" else DEFAULT_BODIES)[kind],
        _mail_subject if part == "subject" else _mail_template,
        N_("{text} ($placeholders; \\n for a new line)."),
        (("text", _MAIL_TEXT[(kind, part)]),),
    )
    for kind in KINDS
    for part in ("subject", "body")
}  # fmt: skip


def mail_template(kind: str, part: str, language: str = "") -> SettingKey[str]:
    """The setting holding ``part`` (``subject`` or ``body``) of a ``kind`` e-mail in
    ``language``: English (or empty) is :data:`MAIL_TEMPLATES`'s key (``mail.invoice_body``),
    another language that key with the code after it (``mail.invoice_body.de``), empty by
    default (empty: the text falls back, see :func:`arapp.domain.document_mail.choose_text`)."""
    base = MAIL_TEMPLATES[(kind, part)]
    if not language or language == ENGLISH:
        return base
    if language not in LANGUAGES:
        validate_language(language)  # raises, naming the codes there are
    return SettingKey(
        f"{base.key}.{language}",
        "",
        base.parse,
        N_("{text} in {language}; empty: another language's text (the company's, else English)."),
        (("text", _MAIL_TEXT[(kind, part)]), ("language", LANGUAGES[language])),
    )


def word_setting(name: str, language: str = "") -> SettingKey[str]:
    """The setting holding the document word ``name`` (:data:`arapp.domain.texts.WORDS`) in
    ``language``: ``words.invoice`` in English (or empty), ``words.invoice.de`` in another;
    its default is arapp's own word in that language."""
    if name not in WORDS[ENGLISH]:
        raise ValidationError(
            "key", _("There is no document word called {name}.").format(name=name)
        )
    language = validate_language(language) or ENGLISH
    english = WORDS[ENGLISH][name]
    known = {n: n for n in placeholders_in(english)}

    def parse(text: str) -> str:
        value = _one_line(text)
        check_template(value, "value", known)
        return value

    key = f"words.{name}" if language == ENGLISH else f"words.{name}.{language}"
    return SettingKey(
        key,
        WORDS[language].get(name, english),
        parse,
        N_('The word printed on documents as "{english}" in {language}.'),
        (("english", english), ("language", LANGUAGES[language])),
    )


def _word_key(key: str) -> SettingKey[Any] | None:
    """``words.invoice`` or ``words.invoice.de`` as :func:`word_setting` makes it; else
    ``None``."""
    parts = key.split(".")
    if parts[0] != "words" or len(parts) not in (2, 3):
        return None
    return word_setting(parts[1], parts[2] if len(parts) == 3 else "")


def _language_key(key: str) -> SettingKey[Any] | None:
    """``mail.invoice_body.de`` as :func:`mail_template` makes it; else ``None``."""
    base, _dot, language = key.rpartition(".")
    found = next(((k, p) for (k, p), spec in MAIL_TEMPLATES.items() if spec.key == base), None)
    if found is None or not language:
        return None
    return mail_template(*found, validate_language(language, "key") or ENGLISH)


def language_setting(key: str, language: str = "") -> SettingKey[Any]:
    """The setting ``key`` (as typed) in ``language`` (empty: as it is): only the e-mail texts
    (``mail.…``) and the document words (``words.…``) have languages; else a
    ``ValidationError`` on ``language``."""
    spec = setting(key)
    if not language.strip():
        return spec
    if spec.key.startswith("words."):
        return word_setting(spec.key.split(".")[1], language)
    found = next(((k, p) for (k, p), s in MAIL_TEMPLATES.items() if s.key == spec.key), None)
    if found is None:
        raise ValidationError(
            "language",
            _(
                "{key} has no languages; only the e-mail texts (mail.…) and the document "
                "words (words.…) have."
            ).format(key=spec.key),
        )
    return mail_template(*found, validate_language(language))


#: Every setting by its text key, in the order declared (for the command line and the dialog).
_DECLARED: tuple[SettingKey[Any], ...] = (
    INVOICE_DEFAULT_TERMS,
    INVOICE_NUMBER_PATTERN,
    CREDIT_NOTE_PATTERN,
    PAPER_SIZE,
    INVOICE_FOOTER,
    LATE_FEE_FLAT,
    INTEREST_PERCENT_PER_MONTH,
    GRACE_DAYS,
    SMALL_BALANCE_LIMIT,
    SMTP_HOST,
    SMTP_PORT,
    SMTP_SECURITY,
    SMTP_USERNAME,
    SMTP_FROM,
    SMTP_REPLY_TO,
    SMTP_BCC_SELF,
    SMTP_TIMEOUT,
    REMINDERS_GROUP_PER_CUSTOMER,
    REMINDERS_MIN_GAP_DAYS,
    REMINDERS_ATTACH_PDF,
    REMINDERS_AUTO,
    REMINDERS_SEND_TIME,
    ALERTS_DIGEST,
    ALERTS_DIGEST_TO,
    BACKUP_FOLDER,
    *MAIL_TEMPLATES.values(),
)
SPECS: dict[str, SettingKey[Any]] = {spec.key: spec for spec in _DECLARED}


def setting(key: str | SettingKey[_T]) -> SettingKey[Any]:
    """The setting called ``key`` (as typed on the command line), or ``ValidationError``."""
    if isinstance(key, SettingKey):
        return key
    try:
        return SPECS[key]
    except KeyError:
        found = _word_key(key) or _language_key(key)
        if found is not None:
            return found
        raise ValidationError(
            "key", _("There is no setting called {key}.").format(key=key)
        ) from None


@overload
def read_setting(session: Session, key: SettingKey[_T]) -> _T: ...
@overload
def read_setting(session: Session, key: str) -> object: ...
def read_setting(session: Session, key: SettingKey[_T] | str) -> object:
    """The value of a setting (its default when never set), as its type."""
    spec = setting(key)
    # Through the table: the backup of the day reads its folder at start, before the first ORM
    # query would configure every mapper (see arapp.services.company).
    table = Setting.__table__
    text = session.scalar(select(table.c.value).where(table.c.key == spec.key))
    return spec.parse(spec.default if text is None else text)


@overload
def get_setting(ctx: AppContext, key: SettingKey[_T]) -> _T: ...
@overload
def get_setting(ctx: AppContext, key: str) -> object: ...
def get_setting(ctx: AppContext, key: SettingKey[_T] | str) -> object:
    """:func:`read_setting` in a transaction of its own."""
    with ctx.db.read() as session:
        return read_setting(session, setting(key))


@overload
def set_setting(ctx: AppContext, key: SettingKey[_T], text: str) -> _T: ...
@overload
def set_setting(ctx: AppContext, key: str, text: str) -> object: ...
def set_setting(ctx: AppContext, key: SettingKey[_T] | str, text: str) -> object:
    """Check and store a setting given as text (as people type it); returns the typed value."""
    spec = setting(key)
    value = spec.parse(text)
    stored = str(value)
    if isinstance(value, bool):
        stored = "yes" if value else "no"
    elif isinstance(value, Decimal):
        stored = format(value, "f")
    with ctx.db.write() as session:
        row = session.get(Setting, spec.key)
        if row is None:
            session.add(Setting(key=spec.key, value=stored))
        else:
            row.value = stored
    ctx.events.emit(Change.SETTINGS_CHANGED, Entity.SETTING)
    return value
