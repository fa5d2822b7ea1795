# SPDX-License-Identifier: MIT
"""CSV import and export of customers, invoices and payments (the formats are in README.md)."""
