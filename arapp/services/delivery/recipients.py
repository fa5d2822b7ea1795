# SPDX-License-Identifier: MIT
"""Where and how a customer's documents go: the To and Cc addresses and the delivery mode.

The customer's ``invoice_email`` (else their e-mail) and ``invoice_cc`` say where
(:func:`arapp.services.parties.invoice_recipients`), ``delivery`` how.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from arapp.db.models import Customer
from arapp.domain.parties import Delivery
from arapp.mail.message import split_addresses
from arapp.services.parties import invoice_recipients

#: How a customer wants documents (the customer's ``delivery`` column).
EMAIL_PDF, EMAIL_EINVOICE, PRINT = (
    Delivery.EMAIL_PDF.value,
    Delivery.EMAIL_EINVOICE.value,
    Delivery.PRINT.value,
)


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
    addresses, copies included."""
    mode = customer.delivery or EMAIL_PDF
    if to.strip():
        return Recipients(split_addresses(to), (), EMAIL_PDF if mode == PRINT else mode)
    stored_to, cc = invoice_recipients(customer)
    return Recipients(stored_to, cc, mode)
