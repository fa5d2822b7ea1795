# SPDX-License-Identifier: MIT
"""Payment terms: when an invoice is due and whether an early-payment discount applies.

Three kinds of terms exist (:class:`TermsKind`):

* **due on receipt** – due on the issue date;
* **net n** – due ``n`` days after the issue date (``"net 30"``);
* **end of month + n** – due ``n`` days after the last day of the issue month
  (``"eom + 10"``: an invoice issued on 14 March is due on 10 April).

Any of them except "due on receipt" may carry an early-payment discount written in the
usual trade notation ``"2/10 net 30"``: 2 % off if paid within 10 days of the issue date.
The last discount day still qualifies; the discount window never extends past the due
date.

:func:`parse_terms` accepts the common spellings (case-insensitive, flexible spaces) and
``str(terms)`` gives the canonical text, which parses back to an equal value, so terms can
be stored as text.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from dateutil.relativedelta import relativedelta

from arapp.domain.errors import ValidationError
from arapp.domain.money import check_decimal, quantize
from arapp.i18n import N_, _, ngettext

__all__ = ["DEFAULT_TERMS", "MAX_DAYS", "PaymentTerms", "TermsKind", "parse_terms"]

MAX_DAYS = 999
"""Upper limit for any number of days in payment terms."""

_FIELD = "terms"
_PERCENT_RANGE = N_("The discount percent must be more than 0 and less than 100")


class TermsKind(StrEnum):
    """How the due date is derived from the issue date."""

    DUE_ON_RECEIPT = "due_on_receipt"
    NET = "net"
    END_OF_MONTH = "end_of_month"


def _check_days(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int, not {type(value).__name__}")
    if value < 0:
        message = (
            _("The number of days cannot be negative")
            if what == "days"
            else _("The number of discount days cannot be negative")
        )
        raise ValidationError(_FIELD, message)
    if value > MAX_DAYS:
        message = (
            _("The number of days cannot exceed {most}")
            if what == "days"
            else _("The number of discount days cannot exceed {most}")
        )
        raise ValidationError(_FIELD, message.format(most=MAX_DAYS))
    return value


def _check_date(value: object, name: str) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"{name} must be a date, not {type(value).__name__}")
    return value


def _percent_text(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _days_text(days: int) -> str:
    """``days`` in the person's language (messages)."""
    return ngettext("{count} day", "{count} days", days).format(count=days)


def _english_days(days: int) -> str:
    """``days`` in English (:meth:`PaymentTerms.describe`, read by customers)."""
    return "1 day" if days == 1 else f"{days} days"


@dataclass(frozen=True)
class PaymentTerms:
    """Payment terms of an invoice or a customer's default terms.

    Attributes:
        kind: How the due date is computed (:class:`TermsKind`).
        days: Days added to the issue date (NET) or to the end of the issue month
            (END_OF_MONTH); always 0 for DUE_ON_RECEIPT.
        discount_percent: Early-payment discount in percent (0 = none, otherwise
            strictly between 0 and 100).
        discount_days: The discount applies if paid at most this many days after the
            issue date; 0 when there is no discount.
    """

    kind: TermsKind
    days: int = 0
    discount_percent: Decimal = Decimal(0)
    discount_days: int = 0

    def __post_init__(self) -> None:
        try:
            kind = TermsKind(self.kind)
        except ValueError:
            raise ValidationError(
                _FIELD, _("Unknown kind of payment terms: {kind!r}").format(kind=self.kind)
            ) from None
        object.__setattr__(self, "kind", kind)
        _check_days(self.days, "days")
        _check_days(self.discount_days, "discount days")
        percent = check_decimal(self.discount_percent, _FIELD)
        object.__setattr__(self, "discount_percent", percent)

        if kind is TermsKind.DUE_ON_RECEIPT and self.days:
            raise ValidationError(_FIELD, _("“Due on receipt” cannot have a number of days"))
        if percent == 0:
            if self.discount_days:
                raise ValidationError(_FIELD, _("Discount days given without a discount percent"))
            return
        if kind is TermsKind.DUE_ON_RECEIPT:
            raise ValidationError(
                _FIELD, _("“Due on receipt” cannot have an early-payment discount")
            )
        if percent <= 0 or percent >= 100:
            raise ValidationError(_FIELD, _(_PERCENT_RANGE))
        if kind is TermsKind.NET and self.discount_days > self.days:
            raise ValidationError(
                _FIELD,
                _(
                    "The discount period ({discount}) cannot be longer than the payment "
                    "period ({days})"
                ).format(discount=_days_text(self.discount_days), days=_days_text(self.days)),
            )

    @property
    def has_discount(self) -> bool:
        """True if these terms carry an early-payment discount."""
        return self.discount_percent != 0

    @property
    def text(self) -> str:
        """Canonical text, e.g. ``"net 30"``, ``"eom + 10"``, ``"2/10 net 30"``."""
        if self.kind is TermsKind.DUE_ON_RECEIPT:
            base = "due on receipt"
        elif self.kind is TermsKind.NET:
            base = f"net {self.days}"
        else:
            base = f"eom + {self.days}" if self.days else "eom"
        if not self.has_discount:
            return base
        return f"{_percent_text(self.discount_percent)}/{self.discount_days} {base}"

    def __str__(self) -> str:
        return self.text

    def due_date(self, issue_date: date) -> date:
        """The due date of an invoice issued on ``issue_date``."""
        issue_date = _check_date(issue_date, "issue_date")
        start = issue_date
        if self.kind is TermsKind.END_OF_MONTH:
            start = issue_date + relativedelta(day=31)
        try:
            return start + timedelta(days=self.days)
        except OverflowError:
            raise ValidationError(_FIELD, _("The due date is out of range")) from None

    def discount_date(self, issue_date: date) -> date | None:
        """Last day on which the early-payment discount applies, or ``None`` if none.

        This is ``issue_date + discount_days``, but never later than the due date.
        """
        due = self.due_date(issue_date)
        if not self.has_discount:
            return None
        try:
            return min(issue_date + timedelta(days=self.discount_days), due)
        except OverflowError:  # pragma: no cover - due date would overflow first
            return due

    def discount_applies(self, issue_date: date, payment_date: date) -> bool:
        """True if a payment on ``payment_date`` earns the discount (last day included)."""
        payment_date = _check_date(payment_date, "payment_date")
        last_day = self.discount_date(issue_date)
        return last_day is not None and payment_date <= last_day

    def discount_amount(self, total: Decimal, currency: str) -> Decimal:
        """The early-payment discount on ``total``, rounded to the currency (0 if none)."""
        amount = Fraction(check_decimal(total)) * Fraction(self.discount_percent) / 100
        return quantize(amount, currency)

    def describe(self) -> str:
        """Plain-English sentence(s) for a printed invoice."""
        if self.kind is TermsKind.DUE_ON_RECEIPT or (self.kind is TermsKind.NET and self.days == 0):
            sentence = "Payment due on receipt."
        elif self.kind is TermsKind.NET:
            sentence = f"Payment due within {_english_days(self.days)}."
        elif self.days == 0:
            sentence = "Payment due by the end of the month of the invoice date."
        else:
            sentence = (
                f"Payment due {_english_days(self.days)} after the end of the month "
                "of the invoice date."
            )
        if self.has_discount:
            when = (
                "on the invoice date"
                if self.discount_days == 0
                else f"within {_english_days(self.discount_days)}"
            )
            sentence += f" {_percent_text(self.discount_percent)}% discount if paid {when}."
        return sentence


_DAYS_WORD = r"(?: ?days?)?"
_TERMS_RE = re.compile(
    # optional discount: "2/10 ", "2.5 % / 10 days, "
    r"(?:(?P<pct>-?[0-9]{1,9}(?:[.,][0-9]{1,9})?) ?%? ?/ ?(?P<ddays>-?[0-9]{1,9})"
    + _DAYS_WORD
    + r"(?: ?, ?| ))?"
    + r"(?:"
    + r"(?P<receipt>(?:due )?(?:up)?on receipt|receipt|immediate(?:ly)?)"
    + r"|(?:net|n)(?:-|/| ?/ ?| )?(?P<net>-?[0-9]{1,9})"
    + _DAYS_WORD
    + r"|(?P<days>-?[0-9]{1,9}) ?days?"
    + r"|(?P<eom>eom|end of (?:the )?month)(?: ?\+ ?| )?(?P<eomdays>-?[0-9]{1,9})?"
    + _DAYS_WORD
    + r")"
)
# Translators: the forms payment terms are typed in; they stay English (arapp reads these).
_EXAMPLES = N_("“net 30”, “eom + 10”, “2/10 net 30” or “due on receipt”")


@functools.lru_cache(maxsize=512)
def parse_terms(text: str) -> PaymentTerms:
    """Parse payment terms typed by a user.

    Accepted (case-insensitive, spaces optional): ``due on receipt``, ``receipt``,
    ``net 30``, ``net30``, ``n30``, ``n/30``, ``30 days``, ``eom``, ``eom 10``,
    ``eom+10``, ``end of month + 10``, and any of the NET/EOM forms preceded by a
    discount: ``2/10 net 30``, ``2.5/10 net 30``, ``1/15 eom 30``, ``2%/10, n/30``.

    Raises:
        ValidationError: ``field="terms"`` for unrecognised text or invalid values.
    """
    if not isinstance(text, str):
        raise TypeError(f"terms must be text, not {type(text).__name__}")
    shown = " ".join(text.split())
    if not shown:
        raise ValidationError(
            _FIELD, _("Enter payment terms, e.g. {examples}").format(examples=_(_EXAMPLES))
        )
    match = _TERMS_RE.fullmatch(shown.casefold())
    if match is None:
        raise ValidationError(
            _FIELD,
            _("“{text}” is not recognized as payment terms; try {examples}").format(
                text=shown, examples=_(_EXAMPLES)
            ),
        )
    groups = match.groupdict()
    if groups["receipt"] is not None:
        kind, days = TermsKind.DUE_ON_RECEIPT, 0
    elif groups["eom"] is not None:
        kind, days = TermsKind.END_OF_MONTH, int(groups["eomdays"] or 0)
    else:
        kind, days = TermsKind.NET, int(groups["net"] or groups["days"])
    if groups["pct"] is None:
        return PaymentTerms(kind, days)
    percent = Decimal(groups["pct"].replace(",", "."))
    if percent == 0:
        raise ValidationError(_FIELD, _(_PERCENT_RANGE))
    return PaymentTerms(kind, days, percent, int(groups["ddays"]))


DEFAULT_TERMS = parse_terms("net 30")
"""Terms used when neither the invoice nor the customer specifies any."""
