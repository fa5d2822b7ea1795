# SPDX-License-Identifier: MIT
"""The Invoices tab: the invoice table, the editor, the read-only view and credit notes."""

from arapp.ui.invoices.editor import InvoiceEditor
from arapp.ui.invoices.invoice_view import InvoiceViewDialog
from arapp.ui.invoices.tab import InvoicesTab

__all__ = ["InvoiceEditor", "InvoiceViewDialog", "InvoicesTab"]
