# SPDX-License-Identifier: MIT
"""The late-payment risk model: a logistic regression on history features, calibrated, and
its back-test.

**Training as of a day X** (:func:`train`): the examples are the invoices due at least 8 days
before X (so whose outcome was known by X, however they were paid) and issued in the
:data:`TRAIN_DAYS` before it, each with its features at its own issue day
(:mod:`arapp.domain.risk_history`). The features are standardised and the regression fitted
by Newton's method with a small ridge penalty, on the earlier three quarters of the examples
by issue day; the later quarter calibrates it twice: Platt scaling (a and b in
sigmoid(a * score + b)), then a rising curve through the held-out share late per group of
scores (isotonic regression, binned). Calibrating on the latest examples also carries the
score to the current level when late payment became more or less common.

**Thin history falls back to the shop-wide rate**: before calibrating, a customer's chance is
the regression's weighed by known / (known + :data:`THIN_HISTORY`) against the shop-wide rate
(known: their invoices with a known outcome), so a customer with none gets the shop-wide
rate, and the features themselves are late rates shrunk towards it.

**The back-test** (:func:`backtest`) trains as of D minus :data:`BACKTEST_DAYS` and scores
the invoices issued after that day and due at least 8 days before D: how well the score ranked
(AUC: the chance that a late invoice scores above one paid on time; the plain smoothed late
rate's beside it) and how well it was calibrated (per tenth of the invoices by score, the
average score against the share that was late).

numpy is imported by this module: import it only when the analysis runs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from arapp.domain.risk_history import (
    FEATURES,
    LATE_AFTER,
    POINTS,
    Floats,
    History,
    Indexed,
    Ints,
    features,
    smoothed_rate,
)

#: How far back the back-test's day lies (its test invoices are those issued since).
BACKTEST_DAYS = 182
#: Only the invoices issued in this many days before the training day are learned from.
TRAIN_DAYS = 365
#: Known outcomes at which a customer's score is half the regression's, half the shop-wide
#: rate (no history: the shop-wide rate; a long history: the regression's).
THIN_HISTORY = 4.0
#: Groups of the second calibration, and the fewest examples in one.
CURVE_BINS, CURVE_SMALLEST_BIN = 20, 50
#: At most this many examples are learned from (a big shop's year is more than enough).
MOST_EXAMPLES = 200_000
#: Ridge penalty on the standardised weights.
RIDGE = 1.0
#: Share of the examples (the latest by issue day) held out to calibrate.
CALIBRATION_SHARE = 0.25
#: Fewer examples than this: no model, every score is the shop-wide rate.
FEWEST_EXAMPLES = 30


@dataclass(frozen=True)
class Model:
    """A trained model.

    Attributes:
        base: The shop-wide late rate of the examples (0..1).
        mean, scale: Per feature, for standardising.
        weights: Per feature (standardised), then the intercept.
        platt: (a, b) of the first calibration.
        examples: How many examples it learned from.
        curve: The second calibration, points (score after Platt, share late) of a rising
            curve through the held-out examples (empty: none).
    """

    base: float
    mean: Floats
    scale: Floats
    weights: Floats
    platt: tuple[float, float]
    examples: int
    curve: tuple[tuple[float, ...], tuple[float, ...]] = ((), ())

    def contributions(self, x: Floats) -> Floats:
        """Per query and feature, what it adds to the score's log-odds against the average
        example (before calibration); 0 for a feature whose learned weight goes against the
        way it plainly points (:data:`POINTS`: "no broken promise" never raises a score)."""
        weights = self.weights[:-1]
        points = np.array(POINTS)
        plain = (points == 0) | (np.sign(weights) == points)
        return ((x - self.mean) / self.scale) * np.where(plain, weights, 0.0) * self.platt[0]

    def probability(self, x: Floats) -> Floats:
        """The calibrated chance of each query: the regression's, leaning on the shop-wide
        rate in proportion to how little history the customer has, then calibrated."""
        z = ((x - self.mean) / self.scale) @ self.weights[:-1] + self.weights[-1]
        known = np.expm1(x[:, 0])  # the "history" feature is log(1 + known outcomes)
        trust = known / (known + THIN_HISTORY)
        blended = np.clip(trust * _sigmoid(z) + (1 - trust) * self.base, 1e-6, 1 - 1e-6)
        a, b = self.platt
        platted = _sigmoid(a * np.log(blended / (1 - blended)) + b)
        if not self.curve[0]:
            return platted
        return np.interp(platted, self.curve[0], self.curve[1])


def _sigmoid(z: Floats) -> Floats:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def _newton(x: Floats, y: Floats, ridge: float) -> Floats:
    """Weights (intercept last) of a ridge logistic regression of ``y`` on ``x``."""
    design = np.column_stack([x, np.ones(len(y))])
    w = np.zeros(design.shape[1])
    penalty = np.full(design.shape[1], ridge)
    penalty[-1] = 0.0
    for _ in range(25):
        p = _sigmoid(design @ w)
        gradient = design.T @ (y - p) - penalty * w
        hessian = (design * (p * (1 - p))[:, None]).T @ design + np.diag(penalty) + 1e-9
        step = np.linalg.solve(hessian, gradient)
        w = w + step
        if np.max(np.abs(step)) < 1e-6:
            break
    return w


@dataclass(frozen=True)
class Examples:
    """Training or test invoices: features, labels, issue days, the plain smoothed rate."""

    x: Floats
    y: Floats
    issued: Ints
    plain: Floats


def examples(index: Indexed, chosen: Ints, base: float) -> Examples:
    """The invoices at ``chosen`` positions of the history, featured at their issue days."""
    h = index.history
    x, plain = np.zeros((len(chosen), len(FEATURES))), np.zeros(len(chosen))
    # a slice at a time: the counts behind the features are let go before the next slice
    for first in range(0, len(chosen), _SLICE):
        part = chosen[first : first + _SLICE]
        counts = index.counts(h.customer[part], h.issued[part], h.due[part], h.amount[part])
        x[first : first + len(part)] = features(counts, base)
        plain[first : first + len(part)] = smoothed_rate(counts, base)
        del counts
    return Examples(x, h.late[chosen].astype(np.float64), h.issued[chosen], plain)


#: Examples featured at a time.
_SLICE = 50_000


def known_by(history: History, day: int) -> Ints:
    """Positions of the invoices due at least a week and a day before ``day`` (so whose
    outcome was known by then, however they were paid), oldest issue first. Those merely
    known (paid on time, not yet due a week) are left out: taking them would favour the
    prompt among the latest invoices."""
    chosen = np.flatnonzero(history.due + LATE_AFTER + 1 <= day)
    return chosen[np.argsort(history.issued[chosen], kind="stable")]


def base_rate(history: History, day: int) -> float:
    chosen = history.due + LATE_AFTER + 1 <= day
    return float(history.late[chosen].mean()) if chosen.any() else 0.0


def train(index: Indexed, day: int) -> Model:
    """The model as of ``day``: learned only from outcomes known by then."""
    h = index.history
    chosen = known_by(h, day)
    base = base_rate(h, day)
    width = len(FEATURES)
    if len(chosen) < FEWEST_EXAMPLES or base in (0.0, 1.0):
        logit = float(np.log(max(base, 1e-4) / max(1 - base, 1e-4)))
        return Model(base, np.zeros(width), np.ones(width),
                     np.r_[np.zeros(width), logit], (1.0, 0.0), len(chosen))  # fmt: skip
    recent = chosen[h.issued[chosen] > day - TRAIN_DAYS]
    if len(recent) >= 4 * FEWEST_EXAMPLES:
        chosen = recent
    if len(chosen) > MOST_EXAMPLES:  # evenly spread over the year, still in time order
        chosen = chosen[np.linspace(0, len(chosen) - 1, MOST_EXAMPLES).astype(np.int64)]
    ex = examples(index, chosen, base)
    split = int(len(chosen) * (1 - CALIBRATION_SHARE))
    fit, hold = slice(0, split), slice(split, None)
    mean = ex.x[fit].mean(axis=0)
    scale = ex.x[fit].std(axis=0)
    scale[scale < 1e-9] = 1.0
    weights = _newton((ex.x[fit] - mean) / scale, ex.y[fit], RIDGE)
    raw = Model(base, mean, scale, weights, (1.0, 0.0), len(chosen))
    z = np.log(np.clip(raw.probability(ex.x[hold]), 1e-6, 1 - 1e-6))
    z -= np.log(np.clip(1 - raw.probability(ex.x[hold]), 1e-6, 1))
    a, b = _newton(z[:, None], ex.y[hold], 0.0) if len(z) >= FEWEST_EXAMPLES else (1.0, 0.0)
    platted = Model(base, mean, scale, weights, (float(a), float(b)), len(chosen))
    curve = _rising_curve(platted.probability(ex.x[hold]), ex.y[hold])
    return Model(base, mean, scale, weights, (float(a), float(b)), len(chosen), curve)


def _rising_curve(score: Floats, y: Floats) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Isotonic calibration, binned: the held-out examples in up to :data:`CURVE_BINS` groups
    by score, each group's share late made rising by pooling adjacent groups that fall
    (pool adjacent violators); the points are the groups' average scores."""
    bins = min(CURVE_BINS, len(score) // CURVE_SMALLEST_BIN)
    if bins < 3:
        return (), ()
    order = np.argsort(score, kind="stable")
    groups = [[float(score[g].mean()), float(y[g].mean()), len(g)]
              for g in np.array_split(order, bins)]  # fmt: skip
    pooled: list[list[float]] = []
    for x, share, n in groups:
        pooled.append([x * n, share * n, n])
        while len(pooled) > 1 and pooled[-2][1] / pooled[-2][2] > pooled[-1][1] / pooled[-1][2]:
            last = pooled.pop()
            pooled[-1] = [pooled[-1][0] + last[0], pooled[-1][1] + last[1], pooled[-1][2] + last[2]]
    xs = tuple(p[0] / p[2] for p in pooled)
    ys = tuple(p[1] / p[2] for p in pooled)
    return xs, ys


def auc(score: Floats, y: Floats) -> float | None:
    """The chance that a late invoice scores above one paid on time (ties count half)."""
    late = int(y.sum())
    if late == 0 or late == len(y):
        return None
    order = np.argsort(score, kind="stable")
    ranks = np.empty(len(score))
    sorted_score = score[order]
    # average ranks over ties
    _, first, counts = np.unique(sorted_score, return_index=True, return_counts=True)
    average = first + (counts + 1) / 2.0
    ranks[order] = np.repeat(average, counts)
    on_time = len(y) - late
    return float((ranks[y == 1].sum() - late * (late + 1) / 2) / (late * on_time))


@dataclass(frozen=True)
class Decile:
    """One tenth of the test invoices by score: how many, average score, share late (%)."""

    invoices: int
    predicted: float
    observed: float


@dataclass(frozen=True)
class Backtest:
    """How the model as of ``day`` did on the invoices issued after it.

    Attributes:
        day: The back-test's day (D minus :data:`BACKTEST_DAYS`).
        trained_on: Invoices the model learned from (outcomes known by ``day``).
        tested: Invoices issued after ``day`` whose outcome was known by D.
        late: Of them, how many were late.
        auc: The score's AUC (None: all late or none late).
        plain_auc: The plain smoothed late rate's AUC.
        deciles: Calibration per tenth of the tested invoices by score.
        brier: The mean squared error of the score (0..1).
    """

    day: int
    trained_on: int
    tested: int
    late: int
    auc: float | None
    plain_auc: float | None
    deciles: tuple[Decile, ...]
    brier: float | None

    @property
    def worst_gap(self) -> float | None:
        """The largest gap between average score and share late over the deciles (points)."""
        gaps = [abs(d.predicted - d.observed) for d in self.deciles]
        return max(gaps) if gaps else None


def backtest(index: Indexed, as_of: int, days: int = BACKTEST_DAYS) -> Backtest:
    """Train as of ``as_of - days`` and test on the invoices issued after it, known by
    ``as_of``."""
    h = index.history
    day = as_of - days
    model = train(index, day)
    chosen = known_by(h, as_of)
    chosen = chosen[h.issued[chosen] > day]
    if not len(chosen):
        return Backtest(day, model.examples, 0, 0, None, None, (), None)
    ex = examples(index, chosen, model.base)
    score = model.probability(ex.x)
    order = np.argsort(score, kind="stable")
    deciles = tuple(
        Decile(len(part), float(score[part].mean() * 100), float(ex.y[part].mean() * 100))
        for part in np.array_split(order, 10)
        if len(part)
    )
    return Backtest(
        day=day,
        trained_on=model.examples,
        tested=len(chosen),
        late=int(ex.y.sum()),
        auc=auc(score, ex.y),
        plain_auc=auc(ex.plain, ex.y),
        deciles=deciles,
        brier=float(((score - ex.y) ** 2).mean()),
    )


__all__ = [
    "BACKTEST_DAYS",
    "Backtest",
    "Decile",
    "Examples",
    "Model",
    "auc",
    "backtest",
    "base_rate",
    "examples",
    "known_by",
    "train",
]
