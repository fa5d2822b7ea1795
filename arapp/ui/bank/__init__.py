# SPDX-License-Identifier: MIT
"""The bank statement screen: import statements, match their lines to customers' payments."""

from arapp.ui.bank.page import BankPage

__all__ = ["BankPage"]
