# SPDX-License-Identifier: MIT
"""The Customers tab: table model, tab, detail pane and dialogs."""

from arapp.ui.customers.tab import CustomersTab

__all__ = ["CustomersTab"]
