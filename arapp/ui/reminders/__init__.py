# SPDX-License-Identifier: MIT
"""Reminders in the window: the run dialog, the outbox, the daily timer, the collections Today
page, and disputes and promises for one customer.

Modules:
    run_dialog: Collections ▸ Run reminders… (review, preview, send with progress and Cancel).
    run_tree: the run dialog's messages (one per customer and channel) and their invoices.
    run_summary: what a run did, in words (sent, queued, retry, failed, letters, agency).
    outbox: messages on their way; send again, mark sent, cancel.
    daily: the once-a-day run while the window is open.
    today: the Today page of the Collections tab.
    holds: record a promise or a dispute; one customer's reminder panel.
"""
