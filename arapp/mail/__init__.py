# SPDX-License-Identifier: MIT
"""E-mail to customers through the shop's own SMTP account (reminders, invoices).

Like :mod:`arapp.pdf` it takes plain values from the services and never touches the database.

Modules:
    message: ``OutgoingMail`` and how it becomes an RFC 5322 message.
    smtp: ``SmtpTransport``, which sends and classifies what went wrong (temporary, permanent,
        unknown outcome; wrong password, TLS, refused, timeout).
    credentials: the SMTP password in the OS keyring, and nowhere else.
"""
