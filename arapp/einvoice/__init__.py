# SPDX-License-Identifier: MIT
"""E-invoices (EN 16931: Factur-X / ZUGFeRD, XRechnung, Peppol BIS, UBL) and their validation.

:mod:`arapp.einvoice.validation` checks a CII or UBL document, or the XML inside a Factur-X PDF,
against the official rules shipped in ``arapp/einvoice/rules`` (see its README): the XML schema,
the CEN EN 16931 rules, the Factur-X profile, the XRechnung rules and the Peppol BIS Billing 3.0
rules (compiled from OpenPeppol's Schematron by ``tools/build_peppol_rules.py``). The XSLT
engine (Saxon-HE) runs in a child process (:mod:`arapp.einvoice.engine`), so that a crash of it
cannot take the application down. The results are the plain values of
:mod:`arapp.domain.einvoice_check`.
"""
