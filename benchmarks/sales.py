# SPDX-License-Identifier: MIT
"""Two years of sales as rows: invoices and their lines, credit notes, payments, allocations.

:mod:`benchmarks.books` drives it day by day; each document is decided whole when it is made
(its lines, then what happened to it: paid at once or in parts, partly paid, credited, bounced
and paid again, voided, or still owed) and written as the services would leave it. Amounts are
stored units (1/10,000 of a euro): totals from the domain's ``unit_totals`` (cents) times 100.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from arapp.db.types import PERCENT_SCALE, QUANTITY_SCALE, stored_int
from arapp.domain.invoice import OPEN_STATUSES, InvoiceStatus, settle
from arapp.domain.numbering import NumberPattern
from arapp.domain.terms import parse_terms
from arapp.domain.totals import TaxRate
from arapp.domain.unit_totals import UnitTotals, unit_totals

CENT = 100  # stored units per cent
#: What is sold: description, unit, unit price, tax ("std", "red" or None for no tax).
CATALOG = tuple(
    (text, unit, Decimal(price), tax)
    for text, unit, price, tax in (
        ("Beratung (Stunde)", "h", "95.00", "std"),
        ("Réparation sur site", "h", "62.50", "std"),
        ("Café en grains, 1 kg", "kg", "18.40", "red"),
        ("Übersetzung, Normseite", "page", "24.90", "std"),
        ("Schulungstag", "day", "780.00", "std"),
        ("Hosting, Monat", "", "29.00", "std"),
        ("Mąka pszenna 25 kg", "bag", "21.35", "red"),
        ("Fachbuch", "pcs", "39.95", "red"),
        ("Lieferung", "", "7.50", "std"),
        ("Smørrebrød-Platte", "pcs", "14.20", "red"),
        ("Ärztliches Gutachten (steuerfrei)", "", "150.00", None),
        ("Wartungsvertrag, Quartal", "", "420.00", "std"),
        ("Señalización, m²", "m²", "33.10", "std"),
        ("Ölwechsel", "", "89.99", "std"),
        ("Brød, 800 g", "pcs", "3.85", "red"),
        ("Lizenz, Jahr", "", "1199.00", "std"),
    )
)
HOURS = tuple(Decimal(q) for q in ("0.5", "0.75", "1", "1.5", "2", "3.25", "4", "8", "12.5"))
COUNTS = tuple(Decimal(q) for q in ("1", "1", "1", "2", "3", "5", "10", "12", "24", "100"))
LINE_DISCOUNTS = (Decimal(0),) * 18 + (Decimal(5), Decimal(10))
INVOICE_DISCOUNTS = (Decimal(0),) * 18 + (Decimal(2), Decimal(3))
LINE_COUNTS = (1, 1, 2, 2, 3, 3, 4, 5, 6)
METHODS = ("bank_transfer",) * 6 + ("card", "card", "cheque", "cash", "digital_wallet")
OVERPAID = (100 * CENT, 500 * CENT, 1_000 * CENT, 3 * CENT)

INVOICE_COLUMNS = (
    "id", "kind", "number", "customer_id", "status", "issue_date", "due_date", "currency",
    "payment_terms", "discount_percent", "subtotal", "discount_total", "tax_total", "total",
    "amount_paid", "paid_date", "related_invoice_id", "notes", "footer", "void_reason",
    "voided_on", "created_at", "issued_at", "sent_at",
)  # fmt: skip
LINE_COLUMNS = (
    "invoice_id", "position", "description", "quantity", "unit", "unit_price",
    "discount_percent", "tax_rate_id", "tax_name", "tax_percent", "tax_inclusive", "amount",
)  # fmt: skip
PAYMENT_COLUMNS = (
    "id", "customer_id", "date", "amount", "currency", "method", "reference", "status",
    "reversal_reason", "reversed_on", "unapplied", "created_at",
)  # fmt: skip
COLUMNS = {
    "invoice": INVOICE_COLUMNS,
    "invoice_line": LINE_COLUMNS,
    "payment": PAYMENT_COLUMNS,
    "payment_allocation": ("payment_id", "invoice_id", "amount", "date", "payment_date", "active"),
    "credit_allocation": ("credit_note_id", "invoice_id", "amount", "date"),
}

Line = tuple[str, str, Decimal, str | None, Decimal, Decimal]
Insert = Callable[[str, tuple[str, ...], list[tuple[Any, ...]]], None]


def settled(sent: bool, total: int, paid: int, day: date) -> tuple[InvoiceStatus, date | None]:
    """Status and paid date of an issued document with ``paid`` of ``total``, by the domain."""
    base = InvoiceStatus.SENT if sent else InvoiceStatus.ISSUED
    return settle(base, Decimal(total), Decimal(paid), sent=sent, paid_date=None, day=day)


def _stamp(day: date, hour: int = 9) -> str:
    return f"{day.isoformat()} {hour:02}:30:00.000000"


class Sales:
    """Makes the documents and money of the books and writes them in chunks through ``insert``.

    Args:
        rng: The seeded random source.
        terms: Each customer's payment terms, by customer id (index 0 unused).
        rates: Per tax key: (tax rate id, the domain's rate, name, percent).
        patterns: The numbering pattern per document kind.
        footer: The invoice footer setting.
        insert: Writes rows to a table.
        today: No document is dated after it.
    """

    def __init__(
        self,
        rng: random.Random,
        terms: Sequence[str],
        rates: dict[str, tuple[int, TaxRate, str, Decimal]],
        patterns: dict[str, NumberPattern],
        footer: str,
        insert: Insert,
        today: date,
    ) -> None:
        self.rng, self.terms, self.patterns = rng, terms, patterns
        self.footer, self.insert, self.today = footer, insert, today
        self.rates = {key: rate[1] for key, rate in rates.items()}
        self.line_tax: dict[str | None, tuple[Any, ...]] = {
            key: (rid, name, stored_int(percent, PERCENT_SCALE), 0)
            for key, (rid, _, name, percent) in rates.items()
        }
        self.line_tax[None] = (None, "", 0, 0)
        self.rows: dict[str, list[tuple[Any, ...]]] = {table: [] for table in COLUMNS}
        self.seq: Counter[str] = Counter()
        self.due: dict[tuple[str, date], date] = {}
        self.to_credit: dict[int, tuple[Any, ...]] = {}
        self.balances: defaultdict[int, int] = defaultdict(int)
        self.next_doc = self.next_payment = 1
        self.invoices = self.credit_notes = self.voided = self.lines = 0
        self.payments = self.reversed = self.open_units = self.last_invoice = 0

    def invoice(self, day: date) -> date | None:
        """One invoice dated ``day``; returns the day of its credit note, if it gets one."""
        rng, today = self.rng, self.today
        customer = 1 + int((len(self.terms) - 1) * rng.random() ** 1.6)  # a few buy a lot
        terms = self.terms[customer]
        due = self.due.get((terms, day))
        if due is None:
            due = self.due[terms, day] = parse_terms(terms).due_date(day)
        lines: list[Line] = []
        for _ in range(rng.choice(LINE_COUNTS)):
            text, unit, price, tax = rng.choice(CATALOG)
            quantity = rng.choice(HOURS if unit == "h" else COUNTS)
            lines.append((text, unit, price, tax, quantity, rng.choice(LINE_DISCOUNTS)))
        discount = rng.choice(INVOICE_DISCOUNTS)
        totals = self._totals(lines, discount)
        doc_id, number = self._document(day, "invoice", lines, totals)
        total, paid, last, sent = totals.total * CENT, 0, day, rng.random() < 0.95
        credit_on = voided_on = None
        roll, age = rng.random(), (today - due).days
        if roll < 0.004:
            voided_on = min(day + timedelta(days=rng.randint(0, 10)), today)
        elif roll < 0.014 and day < today:
            credit_on = day + timedelta(days=rng.randint(1, min(45, (today - day).days)))
            if rng.random() < 0.3:  # partly paid before it was credited: open credit is left
                paid = self._part(total)
                on = day + timedelta(days=rng.randint(0, (credit_on - day).days))
                self._payment(customer, on, paid, [(doc_id, paid, day)], number)
            self.to_credit[doc_id] = (customer, lines, discount, totals, total - paid, number)
            paid, last = total, credit_on
        else:
            chance = 0.93 if age > 60 else 0.55 if age > 0 else 0.25
            settle_roll = rng.random()
            if settle_roll < chance:
                paid, last = self._pay_off(customer, doc_id, day, total, number)
            elif settle_roll < chance + 0.3 * (1 - chance):
                paid, last = self._part(total), self._after(day, 40)
                self._payment(customer, last, paid, [(doc_id, paid, day)], number)
        if voided_on is not None:
            status, paid_date, reason = InvoiceStatus.VOID, None, "Falscher Kunde – storniert"
            self.voided += 1
        else:
            (status, paid_date), reason = settled(sent, total, paid, last), ""
        if status in OPEN_STATUSES:
            self.balances[customer] += total - paid
            self.open_units += total - paid
        self.rows["invoice"].append(
            (doc_id, "invoice", number, customer, status, day.isoformat(), due.isoformat(),
             "EUR", terms, stored_int(discount, PERCENT_SCALE), totals.subtotal * CENT,
             totals.invoice_discount * CENT, totals.tax_total * CENT, total, paid,
             paid_date and paid_date.isoformat(), None, "", self.footer, reason,
             voided_on and voided_on.isoformat(), _stamp(day), _stamp(day),
             _stamp(day, 10) if sent else None)
        )  # fmt: skip
        self.invoices += 1
        self.last_invoice = doc_id
        if len(self.rows["invoice_line"]) >= 60_000:
            self.flush()
        return credit_on

    def credit_note(self, invoice_id: int, day: date) -> None:
        """The credit note of all of invoice ``invoice_id``, issued ``day`` and applied to what
        the invoice still owed (``credit_invoice``); the rest stays open credit."""
        customer, lines, discount, totals, applied, number = self.to_credit.pop(invoice_id)
        doc_id, own_number = self._document(day, "credit_note", lines, totals)
        total = totals.total * CENT
        status, paid_date = settled(False, total, applied, day)
        if status in OPEN_STATUSES:
            self.balances[customer] -= total - applied
        self.rows["invoice"].append(
            (doc_id, "credit_note", own_number, customer, status, day.isoformat(),
             day.isoformat(), "EUR", "due on receipt", stored_int(discount, PERCENT_SCALE),
             totals.subtotal * CENT, totals.invoice_discount * CENT, totals.tax_total * CENT,
             total, applied, paid_date and paid_date.isoformat(), invoice_id,
             f"Credit note for invoice {number}: Reklamation / réclamation", "", "", None,
             _stamp(day, 11), _stamp(day, 11), None)
        )  # fmt: skip
        self.rows["credit_allocation"].append((doc_id, invoice_id, applied, day.isoformat()))
        self.credit_notes += 1

    def on_account(self, customers: int, count: int) -> None:
        """``count`` payments allocated to nothing: the customers' unapplied credit."""
        rng = self.rng
        for _ in range(count):
            day = self.today - timedelta(days=rng.randint(0, 720))
            amount = rng.randint(50, 2_000) * 100 * CENT
            self._payment(rng.randint(1, customers), day, amount, [], "Vorauszahlung")

    def finish(self) -> None:
        """Write what is left, and the number sequences after the numbers taken."""
        self.flush()
        self.insert(
            "number_sequence",
            ("key", "next_value"),
            [(key, last + 1) for key, last in sorted(self.seq.items())],
        )

    def flush(self) -> None:
        for table, rows in self.rows.items():
            if rows:
                self.insert(table, COLUMNS[table], rows)
                rows.clear()

    def _totals(self, lines: list[Line], discount: Decimal) -> UnitTotals:
        rates = self.rates
        return unit_totals(
            [(q, price, d, rates[tax] if tax else None) for _, _, price, tax, q, d in lines],
            "EUR",
            discount,
        )

    def _document(
        self, day: date, kind: str, lines: list[Line], totals: UnitTotals
    ) -> tuple[int, str]:
        """A new document's id and number, and its lines written."""
        doc_id, self.next_doc = self.next_doc, self.next_doc + 1
        pattern = self.patterns[kind]
        key = pattern.sequence_key(kind, day)
        self.seq[key] += 1
        rows, line_tax = self.rows["invoice_line"], self.line_tax
        for position, ((text, unit, price, tax, q, d), amount) in enumerate(
            zip(lines, totals.lines, strict=True), start=1
        ):
            rows.append(
                (doc_id, position, text, stored_int(q, QUANTITY_SCALE), unit,
                 stored_int(price, 4), stored_int(d, PERCENT_SCALE), *line_tax[tax][:3],
                 0, amount * CENT)
            )  # fmt: skip
        self.lines += len(lines)
        return doc_id, pattern.format(day, self.seq[key])

    def _pay_off(
        self, customer: int, doc_id: int, day: date, total: int, number: str
    ) -> tuple[int, date]:
        """Payments that settle the invoice: at once, in two parts, bounced then paid again, or
        with too much (the rest is unapplied credit). Returns (paid, the day it was paid)."""
        rng = self.rng
        roll, first = rng.random(), self._after(day, 60)
        if roll < 0.005 and first < self.today:
            back = min(first + timedelta(days=7), self.today)
            self._payment(customer, first, total, [(doc_id, total, day)], number, back)
            again = self._after(back, 14)
            self._payment(customer, again, total, [(doc_id, total, day)], number)
            return total, again
        if roll < 0.105:
            part, second = self._part(total), self._after(first, 30)
            self._payment(customer, first, part, [(doc_id, part, day)], number)
            self._payment(customer, second, total - part, [(doc_id, total - part, day)], number)
            return total, second
        extra = rng.choice(OVERPAID) if roll < 0.125 else 0
        self._payment(customer, first, total + extra, [(doc_id, total, day)], number)
        return total, first

    def _payment(
        self,
        customer: int,
        day: date,
        amount: int,
        allocations: list[tuple[int, int, date]],
        number: str,
        reversed_on: date | None = None,
    ) -> None:
        """One payment with its allocations ``(invoice id, amount, invoice date)``."""
        rng = self.rng
        payment_id, self.next_payment = self.next_payment, self.next_payment + 1
        method = rng.choice(METHODS)
        reference = (
            f"Scheck {rng.randint(100_000, 999_999)}"
            if method == "cheque"
            else f"Karte •••• {rng.randint(1000, 9999)}"
            if method == "card"
            else number
        )
        back = reversed_on is not None
        unapplied = 0 if back else amount - sum(a for _, a, _ in allocations)
        self.rows["payment"].append(
            (payment_id, customer, day.isoformat(), amount, "EUR", method, reference,
             "reversed" if back else "recorded", "Lastschrift zurück (bounced)" if back else "",
             reversed_on and reversed_on.isoformat(), unapplied, _stamp(day, 14))
        )  # fmt: skip
        for invoice_id, part, issued in allocations:
            self.rows["payment_allocation"].append(
                (
                    payment_id,
                    invoice_id,
                    part,
                    max(day, issued).isoformat(),
                    day.isoformat(),
                    0 if back else 1,
                )
            )
        self.balances[customer] -= unapplied
        self.payments += 1
        self.reversed += back

    def _part(self, total: int) -> int:
        """Between a fifth and four fifths of ``total``, in whole cents."""
        return max(CENT, total * self.rng.randint(20, 80) // 100 // CENT * CENT)

    def _after(self, day: date, within: int) -> date:
        return min(day + timedelta(days=self.rng.randint(0, within)), self.today)
