# SPDX-License-Identifier: MIT
"""E-mail to customers through the shop's own SMTP account (reminders, invoices).

Not built yet: it arrives with the collections work (issue 5). Like :mod:`arapp.pdf` it will take
plain values from the services and never touch the database.
"""
