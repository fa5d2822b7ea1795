# SPDX-License-Identifier: MIT
"""A check that did not run is never a pass; rules name their field in words."""

from __future__ import annotations

import pytest

from arapp.domain.einvoice_check import (
    CheckResult,
    LayerResult,
    LayerStatus,
    RuleFailure,
    Severity,
    Verdict,
)
from arapp.domain.einvoice_fields import field_at, field_named_in, field_of_rule

FATAL = RuleFailure("BR-06", Severity.FATAL, "An Invoice shall contain the Seller name (BT-27).")
WARNING = RuleFailure("BR-CL-23", Severity.WARNING, "Unit code should be from UN/ECE Rec 20.")


def test_a_layer_is_failed_by_a_fatal_rule_only() -> None:
    assert LayerResult.ran("rules", (WARNING,)).status is LayerStatus.PASSED
    assert LayerResult.ran("rules", (WARNING, FATAL)).status is LayerStatus.FAILED


def test_a_layer_cannot_claim_what_it_did_not_find() -> None:
    with pytest.raises(ValueError, match="has not passed"):
        LayerResult("rules", LayerStatus.PASSED, (FATAL,))
    with pytest.raises(ValueError, match="names the fatal rule"):
        LayerResult("rules", LayerStatus.FAILED, ())
    with pytest.raises(ValueError, match="says why"):
        LayerResult("rules", LayerStatus.NOT_RUN)


def test_the_verdict_never_passes_what_did_not_run() -> None:
    passed = LayerResult.ran("schema", ())
    not_run = LayerResult.not_run("rules", "the XSLT engine stopped")
    failed = LayerResult.ran("rules", (FATAL,))
    assert CheckResult("a", layers=(passed,)).verdict is Verdict.VALID
    assert CheckResult("a", layers=(passed, not_run)).verdict is Verdict.INCOMPLETE
    assert CheckResult("a", layers=(not_run, failed)).verdict is Verdict.INVALID
    assert CheckResult("a").verdict is Verdict.INCOMPLETE  # nothing ran: not valid
    assert CheckResult.unreadable("a", "not XML").verdict is Verdict.UNREADABLE


def test_fatal_and_warnings_are_gathered_from_every_layer() -> None:
    result = CheckResult(
        "a", layers=(LayerResult.ran("x", (FATAL, WARNING)), LayerResult.ran("y", (FATAL,)))
    )
    assert result.fatal == (FATAL, FATAL)
    assert result.warnings == (WARNING,)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (FATAL.text, "Seller name (BT-27), in the company profile"),
        (
            "[BR-CO-9]-The Seller VAT identifier (BT-31) shall have a prefix",
            "Seller VAT identifier (BT-31), your VAT id in the company profile",
        ),
        (
            "Sum of Invoice line net amount (BT-106) = ...",
            "Sum of invoice line net amounts (BT-106), the invoice totals",
        ),
        ("Something about (BT-999)", "BT-999"),
        (
            "[BR-AE-02]-An Invoice that contains an Invoice line (BG-25) where the Invoiced item "
            'VAT category code (BT-151) is "Reverse charge" shall contain the Sellers VAT '
            "identifier (BT-31), the Seller tax representative VAT identifier (BT-63) or ...",
            "Seller VAT identifier (BT-31), your VAT id in the company profile",
        ),
        (
            "A line group (BG-25) holds a price (BT-146)",
            "Item net price (BT-146), on an invoice line",
        ),
        ("No term here", None),
    ],
)
def test_a_rule_names_its_field_in_words(text: str, field: str | None) -> None:
    assert field_named_in(text) == field


def test_a_rule_that_names_no_term_is_placed_by_its_location() -> None:
    assert field_at("/Invoice/InvoiceLine[2]/Item") == "Invoice line (BG-25), on an invoice line"
    assert (
        field_at(
            "/CrossIndustryInvoice/SupplyChainTradeTransaction/ApplicableHeaderTrade"
            "Agreement/SellerTradeParty"
        )
        == "Seller (BG-4), in the company profile"
    )
    assert field_at("/Invoice") is None


def test_a_peppol_rule_that_names_no_term_is_known_by_its_id_or_its_element() -> None:
    assert field_of_rule("PEPPOL-EN16931-R020") == (
        "Seller electronic address (BT-34), in the company profile"
    )
    assert field_of_rule("PEPPOL-EN16931-R003") == (
        "Buyer reference (Leitweg-ID) (BT-10), in the customer's record"
    )
    assert field_of_rule("BR-06") is None
    assert field_at("/Invoice/AccountingCustomerParty/Party/EndpointID") == (
        "Buyer electronic address (BT-49), in the customer's record"
    )
    assert field_at("/CreditNote/AccountingSupplierParty/Party/EndpointID") == (
        "Seller electronic address (BT-34), in the company profile"
    )
    # not an electronic address: the party as before
    assert field_at("/Invoice/AccountingSupplierParty/Party/PartyLegalEntity/CompanyID") == (
        "Seller (BG-4), in the company profile"
    )
