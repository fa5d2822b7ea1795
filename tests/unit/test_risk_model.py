# SPDX-License-Identifier: MIT
"""Pure parts of the risk model: AUC, and reasons never speaking against a feature's plain way."""

from __future__ import annotations

import numpy as np

from arapp.domain.risk_history import FEATURES
from arapp.domain.risk_model import Model, auc


def test_auc_counts_ties_half() -> None:
    y = np.array([0.0, 0.0, 1.0, 1.0])
    assert auc(np.array([0.1, 0.2, 0.3, 0.4]), y) == 1.0
    assert auc(np.array([0.4, 0.3, 0.2, 0.1]), y) == 0.0
    assert auc(np.array([0.5, 0.5, 0.5, 0.5]), y) == 0.5
    assert auc(np.array([0.1, 0.2]), np.array([1.0, 1.0])) is None


def test_a_weight_against_the_plain_way_gives_no_reason() -> None:
    width = len(FEATURES)
    weights = np.r_[np.full(width, 0.5), 0.0]
    weights[FEATURES.index("broken_promises")] = -0.5  # learned the wrong way round
    weights[FEATURES.index("terms")] = -0.5  # terms point either way
    model = Model(0.3, np.zeros(width), np.ones(width), weights, (1.0, 0.0), 100)
    pulls = model.contributions(np.ones((1, width)))[0]
    assert pulls[FEATURES.index("broken_promises")] == 0.0
    assert pulls[FEATURES.index("terms")] == -0.5
    assert pulls[FEATURES.index("late_rate")] == 0.5
