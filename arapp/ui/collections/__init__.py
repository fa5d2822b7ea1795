# SPDX-License-Identifier: MIT
"""The Collections tab: today's work (kept for the reminders) and the aging report."""

from arapp.ui.collections.tab import CollectionsTab

__all__ = ["CollectionsTab"]
