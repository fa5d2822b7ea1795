# SPDX-License-Identifier: MIT
"""The Insight tab: KPI tiles and charts (see :mod:`arapp.ui.insight.tab`)."""

from arapp.ui.insight.tab import InsightTab

__all__ = ["InsightTab"]
