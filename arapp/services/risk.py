# SPDX-License-Identifier: MIT
"""Late-payment risk per customer as of a day D, explained, with the model's own back-test.

The score is the chance (0-100) that the customer's next invoice is paid more than 7 days
after its due date (an invoice still unpaid 8 or more days after it counts as late). It is
learned from the company's own history as of D only: the facts are read as they stood on D
(:mod:`arapp.services.risk_facts`: nothing dated after D), the model trains on the invoices
whose outcome was known by D, each featured at its issue day (:mod:`arapp.domain.risk_history`,
:mod:`arapp.domain.risk_model`). The next invoice is taken as issued on D at the customer's
usual size and last terms. Each score comes with its top three reasons
(:mod:`arapp.domain.risk_reasons`) and the customer's segment (:mod:`arapp.domain.segments`).

numpy is imported here and by those domain modules: this module is imported only when the
analysis runs (the command line imports it inside its command).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np

from arapp.domain.risk_history import FEATURES, History, Indexed, features, oldest_overdue
from arapp.domain.risk_model import Backtest, Model, backtest, train
from arapp.domain.risk_reasons import ReasonFacts, top_reasons
from arapp.domain.segments import Segment, segment_of
from arapp.services.context import AppContext
from arapp.services.risk_facts import EPOCH, customers_issued, day_number, read_history
from arapp.services.segments import facts_from_counts

#: Features looked at for each customer's reasons (the strongest first).
RANKED = 6
#: Terms assumed for a customer whose invoices were all voided.
DEFAULT_TERMS_DAYS = 30


@dataclass(frozen=True)
class CustomerRisk:
    """One customer's score.

    Attributes:
        customer_id, code, name: Who.
        score: The chance in percent (0-100) that the next invoice is paid late.
        segment: The payment-behaviour segment; ``segment_reason``: why, in words.
        reasons: The score's top reasons (at most three), in words.
    """

    customer_id: int
    code: str
    name: str
    score: float
    segment: Segment
    segment_reason: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class RiskReport:
    """The scores as of D, best payer first within nothing: ordered by code.

    Attributes:
        as_of: D.
        base_percent: The shop-wide late rate of the invoices known by D (percent).
        examples: Invoices the model learned from.
        customers: One row per customer with an issued invoice, ordered by code.
        backtest: How the same procedure did on the last months (None when not asked for).
    """

    as_of: date
    base_percent: float
    examples: int
    customers: tuple[CustomerRisk, ...]
    backtest: Backtest | None

    def backtest_day(self) -> date | None:
        return None if self.backtest is None else EPOCH + timedelta(days=self.backtest.day)


def risk_report(
    ctx: AppContext, as_of: date | None = None, with_backtest: bool = True
) -> RiskReport:
    """Every customer's late-payment risk as of ``as_of`` (default today)."""
    day = as_of or ctx.today()
    with ctx.db.read() as session:
        history, ids = read_history(session, day)
        who = customers_issued(session, day)
    index, model = train_model(history, day)
    scored = score_customers(index, model, ids, who, day)
    return RiskReport(
        as_of=day,
        base_percent=model.base * 100,
        examples=model.examples,
        customers=scored,
        backtest=backtest(index, day_number(day)) if with_backtest else None,
    )


def train_model(history: History, as_of: date) -> tuple[Indexed, Model]:
    """The history indexed, and the model trained on what was known by ``as_of``."""
    index = Indexed(history)
    return index, train(index, day_number(as_of))


def _last_terms(history: History, customers: int) -> Any:
    """Per customer, the terms (days) of their last invoice (by number: numbers follow
    dates)."""
    terms = np.full(customers, DEFAULT_TERMS_DAYS, dtype=np.int64)
    if len(history.customer):
        who, first_from_end = np.unique(history.customer[::-1], return_index=True)
        last = len(history.customer) - 1 - first_from_end
        terms[who] = history.due[last] - history.issued[last]
    return terms


def score_customers(
    index: Indexed,
    model: Model,
    ids: list[int],
    who: dict[int, tuple[str, str, str]],
    as_of: date,
) -> tuple[CustomerRisk, ...]:
    """Each customer of ``who`` scored as of ``as_of`` (``ids``: the history's customers)."""
    h, day = index.history, day_number(as_of)
    known = set(ids)
    extra = [cid for cid in who if cid not in known]  # only voided invoices by D
    every = [*ids, *extra]
    terms = np.r_[_last_terms(h, len(ids)), np.full(len(extra), DEFAULT_TERMS_DAYS)]
    oldest = np.r_[oldest_overdue(h, len(ids), day), np.zeros(len(extra), dtype=np.int64)]
    average = float(model.probability(model.mean[None, :])[0]) * 100
    rows: list[CustomerRisk] = []
    # a slice of the customers at a time: their features, contributions and words are made
    # and let go before the next (the peak memory of a hundred thousand customers)
    for first in range(0, len(every), _SLICE):
        chosen = np.arange(first, min(first + _SLICE, len(every)), dtype=np.int64)
        rows += _scored(
            index, model, _Slice(every[first : first + _SLICE], chosen, terms[chosen],
                                 oldest[chosen]), who, day, average,
        )  # fmt: skip
    rows.sort(key=lambda r: r.code)
    return tuple(rows)


#: Customers scored at a time.
_SLICE = 10_000


@dataclass(frozen=True)
class _Slice:
    """Some customers: their ids, numbers in the history, next terms and oldest overdue."""

    ids: list[int]
    number: Any
    terms: Any
    oldest: Any


def _scored(
    index: Indexed,
    model: Model,
    part: _Slice,
    who: dict[int, tuple[str, str, str]],
    day: int,
    average: float,
) -> list[CustomerRisk]:
    customer = part.number
    today = np.full(len(customer), day, dtype=np.int64)
    counts = index.counts(customer, today, today + part.terms.astype(np.int64), None)
    x = features(counts, model.base)
    score = model.probability(x) * 100
    contributions = model.contributions(x)
    broken_year = index.broken.count(customer, today - 364, today)
    base_percent = model.base * 100
    signed = np.where((score >= average)[:, None], contributions, -contributions)
    ranked = np.argsort(-signed, axis=1, kind="stable")[:, :RANKED]
    pulls = np.take_along_axis(signed, ranked, axis=1).tolist()
    names = np.array(FEATURES)[ranked].tolist()
    counted = {name: getattr(counts, name) for name in ReasonFacts.__dataclass_fields__}
    counted["overdue"] = np.maximum(counts.overdue, 0)
    payers = facts_from_counts(counts, part.oldest, broken_year)
    columns = zip(
        part.ids, score.tolist(), payers, names, pulls,
        *(column.tolist() for column in counted.values()), strict=True,
    )  # fmt: skip
    rows = []
    for cid, percent, payer, features_n, pulls_n, *numbers in columns:
        code, name, _terms = who.get(cid, ("", "", ""))
        if not code:
            continue
        facts = ReasonFacts(*numbers)
        segment, why = segment_of(payer)
        reasons = top_reasons(list(zip(features_n, pulls_n, strict=True)), facts, base_percent)
        rows.append(CustomerRisk(cid, code, name, round(percent, 1), segment, why, reasons))
    return rows


__all__ = [
    "CustomerRisk",
    "RiskReport",
    "risk_report",
    "score_customers",
    "train_model",
]
