# SPDX-License-Identifier: MIT
"""The widget kit every tab shares: date fields, the customer picker, numbers typed in the
company's locale, the colours that mean overdue, on hold, void or wrong.

A tab is not a library: what more than one tab uses lives here, and this package imports no tab.
"""
