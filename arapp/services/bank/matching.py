# SPDX-License-Identifier: MIT
"""Who paid what: proposals for the new incoming bank lines.

Each clue gives a customer a confidence from 0 to 100 and a reason in plain words:

===============================================  ==========
Clue                                             Confidence
===============================================  ==========
An open invoice's number is in the reference     90
The amount is exactly what one invoice owes      60
The amount is exactly a customer's open balance  55
The payer's account paid this customer before    70
A number of an invoice no longer open            50
The payer's name is like the customer's          up to 40
===============================================  ==========

The amount and account clues are shared out when they fit several customers (two customers
owing exactly 120.00 get 30 each). A customer's clues add up like independent evidence:
``100 - (100 - a) × (100 - b) / 100``, so two clues beat either, and an invoice number alone
beats an amount alone, which beats a name alone.

A proposal pays the invoices named in the reference, else the invoice whose open amount it is,
else the customer's open invoices oldest-due first (as :mod:`arapp.services.payments` would);
what is left becomes the customer's credit. Early-payment discounts are granted as a payment
would grant them.

Lines are proposed for 500 at a time; lookups use indexes: invoice numbers by the unique number,
open amounts and balances through the partial index of open invoices (``open_invoice()``), so no
invoice history is read into Python. Customers' names are read once per call into a small
index of name keys.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from sqlalchemy import case, func, select, type_coerce
from sqlalchemy.orm import Session

from arapp.db.chunks import chunked
from arapp.db.models import BankTransaction, Customer, Invoice, Payment, money_sum, open_invoice
from arapp.db.types import Money
from arapp.domain.allocation import oldest_first
from arapp.domain.invoice import OPEN_STATUSES, DocumentKind, InvoiceStatus
from arapp.domain.money import quantize
from arapp.domain.numbering import NumberPattern
from arapp.services.bank.clues import NameIndex, invoice_numbers, number_finder
from arapp.services.bank.transactions import (
    BankLine,
    line_query,
    possible_duplicates,
    to_line,
)
from arapp.services.context import AppContext
from arapp.services.payments import open_balance
from arapp.services.settings import INVOICE_NUMBER_PATTERN, read_setting

NUMBER, NUMBER_CLOSED, AMOUNT, BALANCE, ACCOUNT, NAME = 90, 50, 60, 55, 70, 40
#: Lines proposed for at a time: what is read for them stays small.
_BATCH = 500


def payers_query(accounts: Sequence[str]) -> Any:
    """``SELECT`` of (payer account, customer) for the accounts whose matched lines are
    recorded payments standing; it reads the index on ``counterparty_account``."""
    return (
        select(BankTransaction.counterparty_account, Payment.customer_id)
        .join(Payment, Payment.id == BankTransaction.payment_id)
        .where(
            BankTransaction.status == "matched",
            Payment.status == "recorded",
            BankTransaction.counterparty_account.in_(accounts),
        )
        .distinct()
    )


@dataclass(frozen=True)
class ProposedAllocation:
    """Part of a proposed payment put on one invoice.

    Attributes:
        invoice_id: The invoice.
        number: Its number.
        amount: Paid on it (an early-payment discount comes on top when earned).
    """

    invoice_id: int
    number: str
    amount: Decimal


@dataclass(frozen=True)
class Candidate:
    """One customer who may have paid a bank line.

    Attributes:
        customer_id: The customer.
        customer_code: Their code.
        customer_name: Their name.
        confidence: 0 to 100.
        reasons: Why, strongest clue first, in plain words.
        allocations: Where the money would go.
        credit: What would be left as the customer's credit.
    """

    customer_id: int
    customer_code: str
    customer_name: str
    confidence: int
    reasons: tuple[str, ...]
    allocations: tuple[ProposedAllocation, ...]
    credit: Decimal

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)

    @property
    def allocation_pairs(self) -> tuple[tuple[int, Decimal], ...]:
        """The allocations as :func:`~.confirm.confirm_match` takes them."""
        return tuple((a.invoice_id, a.amount) for a in self.allocations)


@dataclass(frozen=True)
class MatchProposal:
    """The candidates for one bank line, most likely first (none when nothing fits).

    Attributes:
        line: The bank line.
        candidates: Customers who may have paid it.
        duplicate_of: An earlier line of another statement with the same account, day, amount
            and payer account: the same money imported twice (say as CSV and as camt.053)?
            ``None`` when there is none.
    """

    line: BankLine
    candidates: tuple[Candidate, ...]
    duplicate_of: int | None = None

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None


@dataclass
class _Clues:
    scores: list[tuple[int, str]] = field(default_factory=list)
    named: list[Invoice] = field(default_factory=list)
    exact: list[Invoice] = field(default_factory=list)

    def add(self, confidence: int, reason: str) -> None:
        self.scores.append((confidence, reason))

    @property
    def confidence(self) -> int:
        miss = 100
        for confidence, _ in self.scores:
            miss = miss * (100 - confidence)
        missing = miss // 100 ** len(self.scores)
        return 100 - missing

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(r for _, r in sorted(self.scores, key=lambda s: -s[0]))


def _money(value: Decimal, currency: str) -> str:
    return f"{value:.2f} {currency}" if currency else f"{value}"


class _Matcher:
    """Finds the clues for a batch of lines, sharing the look-ups of one call."""

    def __init__(self, session: Session, pattern: NumberPattern) -> None:
        self.session = session
        self.pattern, self.finder = pattern, number_finder(pattern)
        self.customers: dict[int, tuple[str, str, str]] = {}
        text = func.coalesce(func.nullif(Customer.search_text, ""), func.lower(Customer.name))
        self.names = NameIndex(session.execute(select(Customer.id, text)), self._names)
        self.open_by_customer: dict[int, list[Invoice]] = {}
        self.balances: dict[Decimal, list[int]] | None = None

    def propose(self, lines: Sequence[BankLine], limit: int) -> list[MatchProposal]:
        clues: dict[int, dict[int, _Clues]] = {line.id: defaultdict(_Clues) for line in lines}
        self._numbers(lines, clues)
        self._amounts(lines, clues)
        self._balances(lines, clues)
        self._accounts(lines, clues)
        for line in lines:
            for customer_id, likeness in self.names.alike(line.counterparty).items():
                name = self.customers[customer_id][1]
                how = "is" if likeness == 100 else "is like"
                clues[line.id][customer_id].add(
                    NAME * likeness // 100, f"the payer “{line.counterparty}” {how} “{name}”"
                )
        self._known({c for found in clues.values() for c in found})
        twins = possible_duplicates(self.session, lines)
        return [
            replace(self._proposal(line, clues[line.id], limit), duplicate_of=twins.get(line.id))
            for line in lines
        ]

    def _known(self, ids: Iterable[int]) -> None:
        """Read the code, name and currency of these customers, if not read yet."""
        missing = sorted(set(ids) - set(self.customers))
        for chunk in chunked(missing):
            for cid, code, name, currency in self.session.execute(
                select(Customer.id, Customer.code, Customer.name, Customer.currency).where(
                    Customer.id.in_(chunk)
                )
            ):
                self.customers[cid] = (code, name, currency)

    def _names(self, ids: Iterable[int]) -> dict[int, str]:
        ids = list(ids)
        self._known(ids)
        return {c: self.customers[c][1] for c in ids}

    def _numbers(self, lines: Sequence[BankLine], clues: dict[int, dict[int, _Clues]]) -> None:
        wanted = {
            line.id: invoice_numbers(
                f"{line.reference} {line.counterparty}", self.pattern, self.finder
            )
            for line in lines
        }
        every = sorted({n for numbers in wanted.values() for n in numbers})
        invoices: dict[str, Invoice] = {}
        for chunk in chunked(every):
            for invoice in self.session.scalars(
                select(Invoice).where(
                    Invoice.kind == DocumentKind.INVOICE, Invoice.number.in_(chunk)
                )
            ):
                invoices[invoice.number or ""] = invoice
        for line in lines:
            seen: set[int] = set()
            for number in wanted[line.id]:
                row = invoices.get(number)
                if row is None or row.id in seen or row.currency != line.currency:
                    continue
                seen.add(row.id)
                found = clues[line.id][row.customer_id]
                if row.status in OPEN_STATUSES:
                    owed = row.total - row.amount_paid
                    found.named.append(row)
                    found.add(
                        NUMBER,
                        f"the reference names {row.number}, which has "
                        f"{_money(owed, row.currency)} open",
                    )
                elif row.status != InvoiceStatus.DRAFT:
                    state = row.status.replace("_", " ")
                    found.add(NUMBER_CLOSED, f"the reference names {row.number}, which is {state}")

    def _amounts(self, lines: Sequence[BankLine], clues: dict[int, dict[int, _Clues]]) -> None:
        # No condition on kind: with one, SQLite reads every invoice through the number index
        # instead of the open ones through ix_invoice_open; credit notes are dropped below.
        owed = type_coerce(Invoice.total - Invoice.amount_paid, Money)
        amounts = sorted({line.amount for line in lines})
        ids: list[int] = []
        for chunk in chunked(amounts):
            ids.extend(
                self.session.scalars(select(Invoice.id).where(open_invoice(), owed.in_(chunk)))
            )
        by_amount: dict[tuple[Decimal, str], list[Invoice]] = defaultdict(list)
        for id_chunk in chunked(ids):
            for row in self.session.scalars(
                select(Invoice)
                .where(Invoice.id.in_(id_chunk), Invoice.kind == DocumentKind.INVOICE)
                .order_by(Invoice.due_date, Invoice.id)
            ):
                by_amount[(row.total - row.amount_paid, row.currency)].append(row)
        for line in lines:
            rows = by_amount.get((line.amount, line.currency), [])
            customers = {r.customer_id for r in rows}
            for row in rows:
                found = clues[line.id][row.customer_id]
                if found.exact:
                    continue
                found.exact.append(row)
                others = f" (as do invoices of {len(customers) - 1} more customers)"
                found.add(
                    AMOUNT // len(customers),
                    f"{_money(line.amount, line.currency)} is exactly what {row.number} owes"
                    + (others if len(customers) > 1 else ""),
                )

    def _balance_index(self) -> dict[Decimal, list[int]]:
        """Customers by open balance: open invoices less open credit notes and unapplied
        credit; only where that differs from a single invoice's open amount."""
        if self.balances is None:
            owed = type_coerce(Invoice.total - Invoice.amount_paid, Money)
            signed = case((Invoice.kind == DocumentKind.CREDIT_NOTE, -owed), else_=owed)
            items = {
                customer_id: (balance or Decimal(0), count)
                for customer_id, balance, count in self.session.execute(
                    select(Invoice.customer_id, money_sum(signed), func.count())
                    .where(open_invoice())
                    .group_by(Invoice.customer_id)
                )
            }
            credit: dict[int, Decimal] = {
                customer_id: amount
                for customer_id, amount in self.session.execute(
                    select(Payment.customer_id, money_sum(Payment.unapplied))
                    .where(Payment.unapplied > 0)
                    .group_by(Payment.customer_id)
                )
            }
            self.balances = defaultdict(list)
            for customer_id, (balance, count) in items.items():
                left = balance - (credit.get(customer_id) or Decimal(0))
                if (count > 1 or customer_id in credit) and left > 0:
                    self.balances[left].append(customer_id)
        return self.balances

    def _balances(self, lines: Sequence[BankLine], clues: dict[int, dict[int, _Clues]]) -> None:
        balances = self._balance_index()
        self._known(c for line in lines for c in balances.get(line.amount, []))
        for line in lines:
            fits = [
                c for c in balances.get(line.amount, []) if self.customers[c][2] == line.currency
            ]
            for customer_id in fits:
                clues[line.id][customer_id].add(
                    BALANCE // len(fits),
                    f"{_money(line.amount, line.currency)} is exactly the open balance of "
                    f"{self.customers[customer_id][1]}",
                )

    def _accounts(self, lines: Sequence[BankLine], clues: dict[int, dict[int, _Clues]]) -> None:
        accounts = sorted({line.counterparty_account for line in lines} - {""})
        paid: dict[str, set[int]] = defaultdict(set)
        for chunk in chunked(accounts):
            for account, customer_id in self.session.execute(payers_query(chunk)):
                paid[account].add(customer_id)
        self._known(c for ids in paid.values() for c in ids)
        for line in lines:
            customers = paid.get(line.counterparty_account, set())
            for customer_id in customers:
                clues[line.id][customer_id].add(
                    ACCOUNT // len(customers),
                    f"account {line.counterparty_account} paid "
                    f"{self.customers[customer_id][1]} before",
                )

    def _open(self, customer_id: int) -> list[Invoice]:
        if customer_id not in self.open_by_customer:
            self.open_by_customer[customer_id] = list(
                row
                for row in self.session.scalars(
                    select(Invoice)
                    .where(Invoice.customer_id == customer_id, open_invoice())
                    .order_by(Invoice.due_date, Invoice.issue_date, Invoice.id)
                    .limit(500)
                )
                if row.kind == DocumentKind.INVOICE
            )
        return self.open_by_customer[customer_id]

    def _proposal(self, line: BankLine, clues: dict[int, _Clues], limit: int) -> MatchProposal:
        ranked = sorted(
            (
                (found.confidence, customer_id, found)
                for customer_id, found in clues.items()
                if self.customers[customer_id][2] == line.currency
            ),
            key=lambda item: (-item[0], self.customers[item[1]][1], item[1]),
        )[:limit]
        candidates = []
        for confidence, customer_id, found in ranked:
            targets: Sequence[Invoice] = found.named or found.exact or self._open(customer_id)
            numbers = {row.id: row.number or "" for row in targets}
            balances = (open_balance(row, line.booking_date) for row in targets)
            plan = oldest_first(line.amount, balances)
            allocations = [
                ProposedAllocation(
                    part.invoice_id, numbers[part.invoice_id], quantize(part.amount, line.currency)
                )
                for part in plan
            ]
            rest = line.amount - sum((part.amount for part in plan), Decimal(0))
            code, name, _ = self.customers[customer_id]
            candidates.append(
                Candidate(
                    customer_id,
                    code,
                    name,
                    confidence,
                    found.reasons,
                    tuple(allocations),
                    quantize(rest, line.currency),
                )
            )
        return MatchProposal(line, tuple(candidates))


def _lines(session: Session, transaction_ids: Sequence[int] | None) -> list[BankLine]:
    query = line_query("new", "").where(BankTransaction.amount > 0)
    if transaction_ids is not None:
        query = query.where(BankTransaction.id.in_(list(transaction_ids)))
    query = query.order_by(BankTransaction.booking_date, BankTransaction.id)
    return [to_line(*row) for row in session.execute(query)]


def propose_matches(
    ctx: AppContext, transaction_ids: Sequence[int] | None = None, limit: int = 3
) -> list[MatchProposal]:
    """Proposals for new incoming lines (all, or those of ``transaction_ids``), oldest first.

    Each has up to ``limit`` candidates, most likely first. Money out, matched and ignored
    lines get none and are left out.
    """
    with ctx.db.read() as session:
        lines = _lines(session, transaction_ids)
        if not lines:
            return []
        pattern = NumberPattern(read_setting(session, INVOICE_NUMBER_PATTERN))
        matcher = _Matcher(session, pattern)
        proposals: list[MatchProposal] = []
        for batch in chunked(lines, _BATCH):
            proposals.extend(matcher.propose(batch, limit))
    return proposals
