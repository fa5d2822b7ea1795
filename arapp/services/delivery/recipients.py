# SPDX-License-Identifier: MIT
"""Where and how a customer's documents go: the To and Cc addresses and the delivery mode.

The customer's columns for this (``invoice_email``, ``invoice_cc``, ``delivery``) belong to the
customer record of issue 14 (branch i14-parties); until they are merged they are read here, and
only here, with today's fallback: the customer's own e-mail, no copy, e-mail with a PDF.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from arapp.db.models import Customer
from arapp.mail.message import split_addresses

#: How a customer wants documents (the customer's ``delivery`` column).
EMAIL_PDF, EMAIL_EINVOICE, PRINT = "email-pdf", "email-einvoice", "print"


@dataclass(frozen=True)
class Recipients:
    """Who a document goes to.

    Attributes:
        to: The To addresses.
        cc: The Cc addresses.
        mode: ``email-pdf``, ``email-einvoice`` or ``print``.
    """

    to: tuple[str, ...]
    cc: tuple[str, ...] = ()
    mode: str = EMAIL_PDF

    @property
    def key(self) -> str:
        """The recipient set's digest: the same people in any order and case, the same key."""
        people = sorted({a.strip().lower() for a in (*self.to, *self.cc)})
        return hashlib.sha256("\n".join(people).encode()).hexdigest()

    @property
    def shown(self) -> str:
        """``a@x.org`` or ``a@x.org (cc b@y.org)``."""
        cc = f" (cc {', '.join(self.cc)})" if self.cc else ""
        return ", ".join(self.to) + cc


def customer_recipients(customer: Customer, to: str = "") -> Recipients:
    """Where ``customer``'s documents go; ``to`` (given by a person) replaces the stored
    addresses, copies included.

    # glue: i14-parties (invoice_email, invoice_cc, delivery become plain attributes)
    """
    mode = getattr(customer, "delivery", "") or EMAIL_PDF
    if to.strip():
        return Recipients(split_addresses(to), (), EMAIL_PDF if mode == PRINT else mode)
    address = getattr(customer, "invoice_email", "") or customer.email
    cc = split_addresses(getattr(customer, "invoice_cc", "") or "")
    return Recipients(split_addresses(address), cc, mode)
