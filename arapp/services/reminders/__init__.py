# SPDX-License-Identifier: MIT
"""Reminders (dunning): policies, holds, the run that finds what is due, and the outbox.

Modules:
    policy: reminder policies and per-customer settings (another policy, pause, exclude).
    holds: disputes and promises to pay that hold reminders and late fees.
    run: ``plan_run`` (what is due as of a day, for review) and ``queue`` (into the outbox).
    outbox: ``send_outbox`` (exactly once through SMTP) and the user's actions on messages
        that failed or whose fate is unknown.
    letters: the queued letters printed into one PDF, then marked printed.
    mailer: the SMTP settings with the password from the keyring, and "send a test e-mail".
"""
