# SPDX-License-Identifier: MIT
"""The Payments tab: payments received, customers' unapplied credit, and the dialogs that record
a payment, apply credit and refund it."""

from arapp.ui.payments.record_dialog import RecordPaymentDialog
from arapp.ui.payments.tab import PaymentsTab

__all__ = ["PaymentsTab", "RecordPaymentDialog"]
