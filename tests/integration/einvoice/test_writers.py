# SPDX-License-Identifier: MIT
"""Issued invoices as e-invoices in every format: 0 fatal failures against the official rules,
and the XML's totals are the invoice's to the cent."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import pytest
from lxml import etree

from arapp.domain.einvoice_check import LayerStatus
from arapp.einvoice import artefacts
from arapp.einvoice.formats import EFormat
from arapp.einvoice.validation import Validator
from arapp.services.context import AppContext
from arapp.services.einvoices import EInvoiceResult, make_einvoice
from arapp.services.fees import charge_late_fees
from arapp.services.invoices import InvoiceDraft, LineDraft, invoice_by_number, save_draft
from arapp.services.lifecycle import issue_invoice
from arapp.services.payments import PaymentInput, record_payment
from arapp.services.settings import set_setting
from tests.helpers.books import MARKUP_NAME, TODAY
from tests.helpers.einvoices import NON_LATIN_NAME, Shop, credit, german_shop, issue

FORMATS = list(EFormat)
LEITWEG = "04011000-12345-67"


def _make(ctx: AppContext, validator: Validator, number: str, fmt: EFormat) -> EInvoiceResult:
    # Factur-X: the XML the PDF carries (the PDF itself is tested with arapp.pdf.facturx)
    return make_einvoice(ctx, number, fmt, validator, buyer_reference=LEITWEG, pdf=False)


def _fatal(result: EInvoiceResult) -> list[str]:
    assert not result.missing, result.missing
    assert result.check is not None
    notrun = [f"{layer.name}: {layer.note}" for layer in result.check.layers if layer.note]
    fatal = [f"{f.rule} {f.text} at {f.location}" for f in result.check.fatal]
    return fatal + [n for n in notrun if "could not" in n]


def _peppol_rules_passed(result: EInvoiceResult, fmt: EFormat) -> None:
    """A Peppol document ran the Peppol BIS rules and passed them; other formats do not."""
    assert result.check is not None
    statuses = {layer.name: layer.status for layer in result.check.layers}
    peppol = statuses.get(f"Peppol BIS Billing {artefacts.PEPPOL_VERSION} rules (UBL)")
    assert peppol is (LayerStatus.PASSED if fmt is EFormat.PEPPOL else None), fmt


def _totals(xml: bytes) -> dict[str, Decimal]:
    """BT-109, BT-110, BT-112, BT-113 and BT-115 read back from CII or UBL."""
    root = etree.fromstring(xml)
    names = {
        "net": ("TaxBasisTotalAmount", "TaxExclusiveAmount"),
        "tax": ("TaxTotalAmount", None),
        "total": ("GrandTotalAmount", "TaxInclusiveAmount"),
        "paid": ("TotalPrepaidAmount", "PrepaidAmount"),
        "due": ("DuePayableAmount", "PayableAmount"),
    }
    found = {}
    for key, (cii, ubl) in names.items():
        if "CrossIndustryInvoice" in root.tag:
            texts = root.xpath(f"//*[local-name()='{cii}']/text()")
        elif ubl is None:
            texts = root.xpath("/*/*[local-name()='TaxTotal']/*[local-name()='TaxAmount']/text()")
        else:
            texts = root.xpath(
                f"//*[local-name()='LegalMonetaryTotal']/*[local-name()='{ubl}']/text()"
            )
        found[key] = Decimal(texts[0]) if texts else Decimal("0.00")
    return found


Scenario = Callable[[AppContext, Shop], str]


def _lines(shop: Shop, *specs: tuple[str, str, str, str, str, str]) -> list[LineDraft]:
    return [
        LineDraft(text, quantity, price, discount, shop.rates[rate] if rate else None, unit)
        for text, quantity, price, discount, rate, unit in specs
    ]


def several_rates(ctx: AppContext, shop: Shop) -> str:
    lines = _lines(
        shop,
        ("Beratung", "7.5", "95.00", "0", "vat19", "h"),
        ("Bücher", "3", "19.99", "0", "vat7", "pcs"),
        ("Export-Handbuch", "1", "12.00", "0", "zero", ""),
        ("Ärztliche Leistung", "1", "80.00", "0", "exempt", ""),
        ("Porto", "1", "4.90", "0", None, ""),
    )
    return issue(ctx, shop.customer, lines, notes="Vielen Dank für Ihren Auftrag!")


def discounts(ctx: AppContext, shop: Shop) -> str:
    lines = _lines(
        shop,
        ("Schrauben", "1000", "0.0333", "12.5", "vat19", "pcs"),
        ("Kabel", "12.5", "3.17", "0", "vat19", "m"),
        ("Fachbuch", "1", "49.90", "5", "vat7", ""),
        ("Rücknahme", "-1", "10.00", "0", "vat19", ""),
    )
    return issue(ctx, shop.customer, lines, discount="3")


def gross_prices(ctx: AppContext, shop: Shop) -> str:
    lines = _lines(
        shop,
        ("Kaffee", "3", "4.99", "0", "gross19", "kg"),
        ("Tee", "2", "7.77", "10", "gross19", "kg"),
        ("Beratung", "1", "100", "0", "vat19", "h"),
    )
    return issue(ctx, shop.customer, lines, discount="2")


def reverse_charge(ctx: AppContext, shop: Shop) -> str:
    lines = _lines(shop, ("Bauleistung", "10", "250", "0", "reverse", "h"))
    return issue(ctx, shop.customer, lines)


def intra_community(ctx: AppContext, shop: Shop) -> str:
    lines = _lines(shop, ("Maschine", "1", "12500", "0", "intra", ""))
    return issue(ctx, shop.customer, lines)


def partly_paid(ctx: AppContext, shop: Shop) -> str:
    number = issue(ctx, shop.customer, _lines(shop, ("Ware", "2", "50", "0", "vat19", "")))
    record_payment(ctx, PaymentInput(shop.customer, TODAY, "40", reference=number))
    return number


def credit_note(ctx: AppContext, shop: Shop) -> str:
    number = several_rates(ctx, shop)
    return credit(ctx, invoice_by_number(ctx, number).id)


def hostile_names(ctx: AppContext, shop: Shop) -> str:
    lines = _lines(shop, ("<b>&\"' Ware </b>", "1", "10", "0", "vat19", ""))
    return issue(ctx, shop.hostile, lines, notes='Note with <tags> & "quotes"')


def non_latin(ctx: AppContext, shop: Shop) -> str:
    lines = _lines(shop, ("顧問サービス — Συμβουλευτική", "2", "150", "0", "vat19", "h"))
    return issue(ctx, shop.non_latin, lines, notes="ありがとうございました")


SCENARIOS: dict[str, Scenario] = {
    "several rates, zero-rated and exempt": several_rates,
    "line and document discounts": discounts,
    "gross prices": gross_prices,
    "reverse charge": reverse_charge,
    "intra-community": intra_community,
    "partly paid with early-payment discount": partly_paid,
    "credit note": credit_note,
    "hostile names": hostile_names,
    "non-Latin names": non_latin,
}


@pytest.mark.parametrize("scenario", list(SCENARIOS), ids=list(SCENARIOS))
def test_every_format_is_valid_and_shows_the_invoice_totals(
    ctx: AppContext, validator: Validator, scenario: str
) -> None:
    shop = german_shop(ctx)
    number = SCENARIOS[scenario](ctx, shop)
    record = invoice_by_number(ctx, number)
    for fmt in FORMATS:
        result = _make(ctx, validator, number, fmt)
        assert _fatal(result) == [], fmt
        assert result.valid
        _peppol_rules_passed(result, fmt)
        totals = _totals(result.xml)
        paid = Decimal(0) if record.kind == "credit_note" else record.amount_paid
        assert totals == {
            "net": record.total - record.tax_total,
            "tax": record.tax_total,
            "total": record.total,
            "paid": paid,
            "due": record.total - paid,
        }, fmt


@pytest.mark.parametrize("fmt", FORMATS, ids=[f.value for f in FORMATS])
def test_hostile_and_non_latin_text_round_trips(
    ctx: AppContext, validator: Validator, fmt: EFormat
) -> None:
    shop = german_shop(ctx)
    hostile, other = hostile_names(ctx, shop), non_latin(ctx, shop)
    seller = "Müller & Söhne <Werkstatt>"
    for number, buyer, item, note in (
        (hostile, MARKUP_NAME, "<b>&\"' Ware </b>", 'Note with <tags> & "quotes"'),
        (other, NON_LATIN_NAME, "顧問サービス — Συμβουλευτική", "ありがとうございました"),
    ):
        result = _make(ctx, validator, number, fmt)
        assert result.valid
        root = etree.fromstring(result.xml)
        texts = set(root.xpath("//text()"))
        assert {seller, buyer, item.strip(), note} <= texts, fmt


def test_a_credit_note_is_type_381_and_names_its_invoice(
    ctx: AppContext, validator: Validator
) -> None:
    shop = german_shop(ctx)
    invoice = several_rates(ctx, shop)
    note = credit(ctx, invoice_by_number(ctx, invoice).id)
    cii = etree.fromstring(_make(ctx, validator, note, EFormat.XRECHNUNG_CII).xml)
    assert (
        cii.xpath("string(//*[local-name()='ExchangedDocument']/*[local-name()='TypeCode'])")
        == "381"
    )
    assert (
        cii.xpath(
            "string(//*[local-name()='InvoiceReferencedDocument']/*[local-name()='IssuerAssignedID'])"
        )
        == invoice
    )
    ubl = etree.fromstring(_make(ctx, validator, note, EFormat.PEPPOL).xml)
    assert etree.QName(ubl).localname == "CreditNote"
    assert ubl.xpath("string(/*/*[local-name()='CreditNoteTypeCode'])") == "381"
    assert (
        ubl.xpath("string(//*[local-name()='InvoiceDocumentReference']/*[local-name()='ID'])")
        == invoice
    )


def test_the_early_payment_discount_is_in_the_terms_and_xrechnung_s_skonto_line(
    ctx: AppContext, validator: Validator
) -> None:
    shop = german_shop(ctx)
    number = issue(ctx, shop.customer, _lines(shop, ("Ware", "1", "100", "0", "vat19", "")))
    cii = _make(ctx, validator, number, EFormat.FACTURX).xml.decode()
    assert "2% discount if paid within 10 days." in cii
    xr = _make(ctx, validator, number, EFormat.XRECHNUNG_UBL).xml.decode()
    assert "#SKONTO#TAGE=10#PROZENT=2.00#BASISBETRAG=119.00#\n" in xr


def test_a_fee_document_is_valid_in_every_format(ctx: AppContext, validator: Validator) -> None:
    shop = german_shop(ctx)
    set_setting(ctx, "fees.late_fee_flat", "5")
    set_setting(ctx, "fees.interest_percent_per_month", "1")
    set_setting(ctx, "fees.grace_days", "0")
    lines = tuple(_lines(shop, ("Ware", "1", "100", "0", "vat19", "")))
    draft = save_draft(ctx, InvoiceDraft(shop.customer, TODAY - timedelta(days=90), lines))
    issue_invoice(ctx, draft.id, confirmed=True)
    [charge] = charge_late_fees(ctx)
    assert charge.fee_number is not None
    record = invoice_by_number(ctx, charge.fee_number)
    for fmt in FORMATS:
        result = _make(ctx, validator, charge.fee_number, fmt)
        assert _fatal(result) == [], fmt
        _peppol_rules_passed(result, fmt)
        assert _totals(result.xml)["total"] == record.total


@pytest.mark.parametrize("fmt", [EFormat.XRECHNUNG_CII, EFormat.XRECHNUNG_UBL])
def test_xrechnung_without_buyer_reference_is_caught_by_the_rules_and_before_them(
    ctx: AppContext, validator: Validator, fmt: EFormat
) -> None:
    shop = german_shop(ctx)
    number = issue(ctx, shop.customer, _lines(shop, ("Ware", "1", "100", "0", "vat19", "")))
    result = make_einvoice(ctx, number, fmt, validator)
    assert result.check is None and not result.valid  # no rule ran: the field is named first
    assert any("Buyer reference / Leitweg-ID (BT-10)" in m for m in result.missing)
    # the document as written, checked anyway: the XRechnung rules find it too
    check = validator.check_bytes(result.xml, "without BT-10")
    assert "BR-DE-15" in {f.rule for f in check.fatal}


def test_the_model_is_refused_for_a_draft(ctx: AppContext) -> None:
    from arapp.services.einvoices import build_einvoice
    from arapp.services.errors import ServiceError
    from arapp.services.invoices import get_invoice
    from arapp.services.issued_faces import Face

    shop = german_shop(ctx)
    lines = tuple(_lines(shop, ("Ware", "1", "100", "0", "vat19", "")))
    draft = get_invoice(ctx, save_draft(ctx, InvoiceDraft(shop.customer, TODAY, lines)).id)
    face = Face.from_json(
        '{"seller":{"name":"S"},"buyer":{"name":"B"},"payment":{},"locale":"de_DE",'
        '"late_fee_flat":"0","interest":"0"}'
    )
    with pytest.raises(ServiceError, match="Only issued invoices"):
        build_einvoice(draft, face)


def test_xrechnung_names_what_the_company_profile_lacks(
    ctx: AppContext, validator: Validator
) -> None:
    from dataclasses import replace

    from arapp.services.company import get_company, save_company

    shop = german_shop(ctx)
    company = get_company(ctx)
    assert company is not None
    save_company(ctx, replace(company, phone="", address="Hauptstraße 5"))
    number = issue(ctx, shop.customer, _lines(shop, ("Ware", "1", "100", "0", "vat19", "")))
    result = _make(ctx, validator, number, EFormat.XRECHNUNG_CII)
    fix = (
        "an issued invoice does not change. Set it in Settings ▸ Company (or: arapp company set "
        "{keys}), then correct " + number + " with a credit note and issue a new invoice"
    )
    assert result.missing == (  # issued without them: setting them now does not change it
        f"Seller city and post code (BT-37, BT-38): {number} was issued without it, and "
        + fix.format(keys="city VALUE, arapp company set postcode VALUE"),
        f"Seller contact telephone (BT-42): {number} was issued without it, and "
        + fix.format(keys="phone VALUE"),
    )
    assert _make(ctx, validator, number, EFormat.FACTURX).valid  # Factur-X needs neither


def test_the_file_name_is_the_number_and_the_format_s_suffix(
    ctx: AppContext, validator: Validator
) -> None:
    shop = german_shop(ctx)
    number = issue(ctx, shop.customer, _lines(shop, ("Ware", "1", "100", "0", "vat19", "")))
    assert _make(ctx, validator, number, EFormat.PEPPOL).file_name == f"{number}.xml"
    assert _make(ctx, validator, number, EFormat.FACTURX).file_name == f"{number}.pdf"


def test_a_customer_abroad_is_in_the_country_its_address_names(
    ctx: AppContext, validator: Validator
) -> None:
    from arapp.services.customers import CustomerInput, create_customer

    shop = german_shop(ctx)
    client = create_customer(
        ctx,
        CustomerInput(
            name="Client SARL",
            email="compta@client.example",
            billing_address="Rue de Rivoli 1\n75001 Paris\nFrance",
            tax_id="FR12345678901",
            electronic_address="FR12345678901",
            electronic_address_scheme="9957",  # Peppol: the French VAT id scheme
        ),
    ).id
    set_setting(ctx, "fees.late_fee_flat", "5")  # the late-fee terms: a second note
    lines = _lines(shop, ("Maschine", "1", "12500", "0", "intra", ""))
    number = issue(ctx, client, lines, notes="Merci de votre commande.")
    for fmt in FORMATS:
        result = _make(ctx, validator, number, fmt)
        assert _fatal(result) == [], fmt
        _peppol_rules_passed(result, fmt)
        root = etree.fromstring(result.xml)
        countries = root.xpath(
            "//*[local-name()='CountryID' or local-name()='IdentificationCode']/text()"
        )
        assert countries == ["DE", "FR", "FR"], fmt  # seller, buyer, deliver-to
        notes = root.xpath("//*[local-name()='IncludedNote'] | /*/*[local-name()='Note']")
        # Peppol takes one note unless both sides are German (PEPPOL-EN16931-R002)
        assert len(notes) == (1 if fmt is EFormat.PEPPOL else 2), fmt


def test_regions_are_written_to_cii_and_ubl_and_stay_valid(
    ctx: AppContext, validator: Validator
) -> None:
    """BT-39 / BT-54: ram:CountrySubDivisionName in CII, cbc:CountrySubentity in UBL."""
    from dataclasses import replace

    from arapp.services.company import get_company, save_company
    from arapp.services.customers import get_customer, update_customer

    shop = german_shop(ctx)
    company = get_company(ctx)
    assert company is not None
    save_company(ctx, replace(company, region="Berlin (Land)"))
    record = get_customer(ctx, shop.customer).customer
    update_customer(ctx, shop.customer, replace(record.as_input(), region="Bayern"))
    number = issue(ctx, shop.customer, _lines(shop, ("Ware", "1", "100", "0", "vat19", "")))
    for fmt in FORMATS:
        result = _make(ctx, validator, number, fmt)
        assert _fatal(result) == [], fmt
        root = etree.fromstring(result.xml)
        name = "CountrySubDivisionName" if fmt.syntax == "cii" else "CountrySubentity"
        assert root.xpath(f"//*[local-name()='{name}']/text()") == ["Berlin (Land)", "Bayern"]
