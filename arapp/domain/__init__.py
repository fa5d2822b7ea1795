# SPDX-License-Identifier: MIT
"""The pure-Python domain core of arapp: money, payment terms, invoice totals, aging, customers.

No Qt, no SQL, no I/O: only the standard library and python-dateutil.  Money is always
:class:`decimal.Decimal` (never ``float``) and is rounded by one rule, documented in
:mod:`arapp.domain.money`.

Modules:
    errors: ``DomainError``, ``ValidationError``, ``FieldRef``.
    money: ``quantize``, ``allocate``, ``minor_units``, ``to_decimal``, ``parse_amount``.
    terms: ``PaymentTerms``, ``parse_terms``.
    totals: ``compute_totals`` and its input/result types.
    aging: aging buckets and rows.
    customer: validation of customer fields, search folding, ``CustomerStatus``.
"""
