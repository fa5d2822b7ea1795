# SPDX-License-Identifier: MIT
"""Settings with real widgets on real SQLite books: tax rates, products, invoice settings and the
company profile, each stored through the services, and typed text never lost on an error."""

from __future__ import annotations

from dataclasses import fields
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox

from arapp.domain.errors import ValidationError
from arapp.domain.languages import LANGUAGES
from arapp.domain.parties import EAS_CODES, validate_electronic_address
from arapp.services.catalog import (
    ProductRecord,
    TaxRateRecord,
    list_products,
    list_tax_rates,
    save_product,
    save_tax_rate,
)
from arapp.services.company import CompanyProfile, get_company
from arapp.services.settings import MAIL_TEMPLATES, SPECS, get_setting, mail_template
from arapp.ui.settings import SettingsDialog
from arapp.ui.settings.products import ProductDialog
from arapp.ui.settings.tax_rates import TaxRateDialog
from tests.helpers.qt import activate


@pytest.fixture
def settings(qtbot, ctx) -> SettingsDialog:
    dialog = SettingsDialog(ctx)
    # Closing a dialog with unsaved changes asks first; at the end of a test, just hide it.
    qtbot.addWidget(dialog, before_close_func=lambda d: d.hide())
    activate(dialog)
    return dialog


def table_texts(tab, column: int = 0) -> list[str]:
    model = tab.model
    return [model.index(row, column).data() for row in range(model.rowCount())]


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_every_setting_and_company_field_has_an_input(settings):
    languages = {
        mail_template(kind, part, code).key
        for kind, part in MAIL_TEMPLATES
        for code in LANGUAGES
        if code != "en"
    }  # the document e-mails in other languages than English
    inputs = set(settings.invoices_tab.inputs) | set(settings.mail_tab.inputs)
    assert inputs == set(SPECS) | languages
    assert not set(settings.invoices_tab.inputs) & set(settings.mail_tab.inputs)
    company_fields = {f.name for f in fields(CompanyProfile)}
    # the address is typed in parts; ``address`` is them as printed
    assert {*settings.company_tab.inputs, "logo", "address"} == company_fields


def test_add_a_tax_rate_through_the_form(qtbot, ctx, settings, answer_modal):
    tab = settings.tax_rates_tab
    settings.tabs.setCurrentWidget(tab)

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, TaxRateDialog)
        qtbot.keyClicks(dialog.name, "Reduced 7.5%")
        qtbot.keyClicks(dialog.percent, "seven")
        dialog.save()
        assert dialog.isVisible()  # refused, still open, with what was typed
        assert dialog.form.error_for("percent").text() == "“seven” is not a percent."
        assert dialog.percent.text() == "seven"
        assert dialog.name.text() == "Reduced 7.5%"
        dialog.percent.setText("7.5 %")
        click(qtbot, dialog.inclusive)
        dialog.save()

    answer_modal(fill)
    click(qtbot, tab.add_button)
    [rate] = list_tax_rates(ctx)
    assert (rate.name, rate.percent, rate.inclusive, rate.active) == (
        "Reduced 7.5%",
        Decimal("7.5"),
        True,
        True,
    )
    assert table_texts(tab) == ["Reduced 7.5%"]
    assert tab.current() == rate
    assert tab.model.index(0, 1).data() == "7.5 %"


def test_edit_a_tax_rate_and_see_it_on_the_products(qtbot, ctx, settings, answer_modal):
    rate = save_tax_rate(ctx, TaxRateRecord(0, "VAT 20%", Decimal(20)))
    save_product(ctx, ProductRecord(0, "Paint", "", "can", Decimal("30.00"), rate.id))
    tab = settings.tax_rates_tab
    settings.tabs.setCurrentWidget(tab)
    tab.reload(rate.id)

    def change(dialog: QDialog) -> None:
        assert isinstance(dialog, TaxRateDialog)
        assert (dialog.name.text(), dialog.percent.text()) == ("VAT 20%", "20")
        dialog.name.setText("VAT 21%")
        dialog.percent.setText("21")
        dialog.save()

    answer_modal(change)
    click(qtbot, tab.edit_button)
    assert [(r.id, r.name, r.percent) for r in list_tax_rates(ctx)] == [
        (rate.id, "VAT 21%", Decimal(21))
    ]
    assert table_texts(tab) == ["VAT 21%"]
    settings.tabs.setCurrentWidget(settings.products_tab)
    assert settings.products_tab.model.index(0, 3).data() == "VAT 21%"


def test_a_tax_rate_is_deactivated_not_deleted(qtbot, ctx, settings):
    rate = save_tax_rate(ctx, TaxRateRecord(0, "VAT 20%", Decimal(20)))
    tab = settings.tax_rates_tab
    tab.reload(rate.id)
    assert tab.toggle_button.text() == "&Deactivate"
    click(qtbot, tab.toggle_button)
    assert list_tax_rates(ctx) == []
    assert [r.active for r in list_tax_rates(ctx, include_inactive=True)] == [False]
    assert table_texts(tab) == ["VAT 20%"]  # still listed, grey, and can come back
    assert tab.model.index(0, 3).data() == "No"
    assert tab.toggle_button.text() == "&Reactivate"
    click(qtbot, tab.toggle_button)
    assert [r.active for r in list_tax_rates(ctx)] == [True]


def test_add_a_product_with_its_default_tax(qtbot, ctx, settings, answer_modal):
    vat = save_tax_rate(ctx, TaxRateRecord(0, "VAT 20%", Decimal(20)))
    tab = settings.products_tab
    settings.tabs.setCurrentWidget(tab)

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, ProductDialog)
        assert dialog.tax_rate.currentData() == vat.id  # new products take the main rate
        qtbot.keyClicks(dialog.name, "Paint 5 l white")
        qtbot.keyClicks(dialog.unit_price, "12.3456789")
        dialog.save()
        assert dialog.isVisible()
        assert dialog.form.error_for("unit_price").text() == "Unit price has more than 4 decimals."
        assert dialog.unit_price.text() == "12.3456789"
        dialog.unit_price.setText("1,234.50")
        dialog.unit.setCurrentText("can")
        dialog.save()

    answer_modal(fill)
    click(qtbot, tab.add_button)
    [product] = list_products(ctx)
    assert (product.name, product.unit, product.unit_price, product.tax_rate_id) == (
        "Paint 5 l white",
        "can",
        Decimal("1234.50"),
        vat.id,
    )
    assert [tab.model.index(0, c).data() for c in range(5)] == [
        "Paint 5 l white",
        "can",
        "1,234.50",
        "VAT 20%",
        "Yes",
    ]


def test_product_search_filters_the_catalog(qtbot, ctx, settings):
    for name in ("Copper pipe", "Garden hose", "Hose clamp"):
        save_product(ctx, ProductRecord(0, name, "", "pcs", Decimal("3.20")))
    tab = settings.products_tab
    tab.reload()
    assert table_texts(tab) == ["Copper pipe", "Garden hose", "Hose clamp"]
    qtbot.keyClicks(tab.search, "hose")
    qtbot.waitUntil(lambda: table_texts(tab) == ["Garden hose", "Hose clamp"], timeout=2_000)


def test_bad_number_pattern_is_shown_next_to_it_and_nothing_is_stored(qtbot, ctx, settings):
    tab = settings.invoices_tab
    settings.tabs.setCurrentWidget(tab)
    paper = tab.inputs["invoice.paper_size"].focus
    paper.setCurrentIndex(paper.findData("letter"))
    pattern = tab.inputs["invoice.number_pattern"].focus
    pattern.clear()
    qtbot.keyClicks(pattern, "INV-{yr}-{seq}")

    click(qtbot, settings.buttons.button(QDialogButtonBox.StandardButton.Save))
    assert settings.isVisible()
    error = tab.groups.error_for("invoice.number_pattern")
    assert error.isVisible()
    assert error.text() == "Unknown part “{yr}”: use {year}, {month} and {seq}."
    assert pattern.text() == "INV-{yr}-{seq}"
    assert pattern.hasFocus()
    assert paper.currentData() == "letter"
    assert get_setting(ctx, "invoice.paper_size") == "a4"  # nothing stored while one is wrong
    assert get_setting(ctx, "invoice.number_pattern") == "INV-{year}-{seq:05}"

    pattern.setText("INV{year}/{seq:04}")
    assert settings.save()
    assert settings.result() == QDialog.DialogCode.Accepted
    assert get_setting(ctx, "invoice.paper_size") == "letter"
    assert get_setting(ctx, "invoice.number_pattern") == "INV{year}/{seq:04}"


def test_every_invoice_setting_is_stored_through_the_service(ctx, settings):
    inputs = settings.invoices_tab.inputs
    inputs["invoice.credit_note_pattern"].focus.setText("CR-{year}-{seq}")
    inputs["invoice.default_terms"].focus.setCurrentText("net 14")
    inputs["invoice.footer"].focus.setPlainText("Thanks!\nSee you soon.")
    inputs["fees.late_fee_flat"].focus.setText("1,500.00")
    inputs["fees.interest_percent_per_month"].focus.setText("1.25")
    assert settings.save()
    assert get_setting(ctx, "invoice.credit_note_pattern") == "CR-{year}-{seq}"
    assert get_setting(ctx, "invoice.default_terms") == "net 14"
    assert get_setting(ctx, "invoice.footer") == "Thanks!\nSee you soon."
    assert get_setting(ctx, "fees.late_fee_flat") == Decimal("1500.00")
    assert get_setting(ctx, "fees.interest_percent_per_month") == Decimal("1.25")


def test_the_three_late_fee_settings_are_edited_in_the_payments_group(ctx, settings):
    inputs = settings.invoices_tab.inputs
    groups = settings.invoices_tab.groups
    assert "Other" not in groups.boxes  # every setting has its place, grace days included
    grace = inputs["fees.grace_days"].focus
    assert grace.text() == "0"
    grace.setText("ten")
    assert not settings.save()
    assert groups.error_for("fees.grace_days").text() == "Give a whole number of days."
    grace.setText("10")
    assert settings.save()
    assert get_setting(ctx, "fees.grace_days") == 10


def test_bad_numbers_and_terms_are_each_reported(settings):
    inputs = settings.invoices_tab.inputs
    inputs["fees.late_fee_flat"].focus.setText("a lot")
    inputs["invoice.default_terms"].focus.setCurrentText("whenever")
    assert not settings.save()
    groups = settings.invoices_tab.groups
    assert groups.error_for("fees.late_fee_flat").text() == "“a lot” is not a number"
    assert groups.error_for("invoice.default_terms").isVisible()
    assert inputs["fees.late_fee_flat"].focus.text() == "a lot"


def test_company_profile_with_payment_details(ctx, settings):
    inputs = settings.company_tab.inputs
    inputs["iban"].setText("DE89 3704 0044 0532 0130 00")
    inputs["bic"].setText("COBADEFFXXX")
    inputs["payment_link_url"].setText("https://pay.example.com/test-shop")
    inputs["street"].setPlainText("1 Main Street")
    inputs["postcode"].setText("62704")
    inputs["city"].setText("Springfield")
    inputs["region"].setText("IL")
    inputs["country"].setText("us")
    _pick_scheme(inputs["electronic_address_scheme"], "EM")
    inputs["electronic_address"].setText("invoices@shop.example")
    assert settings.save()
    company = get_company(ctx)
    assert company is not None
    assert company.iban == "DE89370400440532013000"
    assert company.bic == "COBADEFFXXX"
    assert company.payment_link_url == "https://pay.example.com/test-shop"
    assert company.address == "1 Main Street\nSpringfield, IL 62704"
    assert (company.country, company.electronic_address) == ("US", "invoices@shop.example")
    assert (company.region, company.electronic_address_scheme) == ("IL", "EM")


def _pick_scheme(combo, code: str) -> None:  # type: ignore[no-untyped-def]
    index = combo.findData(code)
    assert index >= 0, code
    combo.setCurrentIndex(index)


def test_the_scheme_is_picked_by_its_plain_name(ctx, settings):
    combo = settings.company_tab.inputs["electronic_address_scheme"]
    labels = [combo.itemText(i) for i in range(combo.count())]
    assert labels[:4] == [
        "None: e-invoices name your e-mail address", "EM – e-mail address",
        "0088 – GLN (Global Location Number)", "0204 – Leitweg-ID (Germany)",
    ]  # fmt: skip
    assert "9930 – VAT number (Germany)" in labels
    assert combo.count() == 1 + len(EAS_CODES)  # every code the rules accept, once
    _pick_scheme(combo, "0088")
    settings.company_tab.inputs["electronic_address"].setText("4012345000009")
    assert settings.save()
    company = get_company(ctx)
    assert company is not None and company.electronic_address_scheme == "0088"


def test_a_wrong_country_and_scheme_are_shown_under_their_fields(ctx, settings):
    inputs = settings.company_tab.inputs
    inputs["country"].setText("Irlande")
    _pick_scheme(inputs["electronic_address_scheme"], "0088")
    inputs["electronic_address"].setText("4012345000017")
    inputs["tax_id"].setText("DE12")
    inputs["region"].setText("x" * 101)
    assert not settings.save()
    groups = settings.company_tab.groups
    assert "not a country code" in groups.error_for("country").text()
    with pytest.raises(ValidationError) as same:  # the words of arapp company set
        validate_electronic_address("4012345000017", "0088")
    assert groups.error_for("electronic_address").text() == same.value.message
    assert "DE and 9 digits" in groups.error_for("tax_id").text()
    assert groups.error_for("region").text() == "The state or region is longer than 100 characters."


def png_file(folder: Path) -> Path:
    picture = QImage(240, 96, QImage.Format.Format_ARGB32)
    picture.fill(QColor("#1f6feb"))
    path = folder / "logo.png"
    assert picture.save(str(path))
    return path


def test_logo_is_chosen_shown_small_saved_and_removed(qtbot, ctx, settings, tmp_path):
    chooser = settings.company_tab.logo
    assert chooser.preview.text() == "No logo"
    assert not chooser.remove_button.isEnabled()
    path = png_file(tmp_path)
    chooser.set_file(path)
    shown = chooser.preview.pixmap()
    assert not shown.isNull()
    assert shown.width() <= chooser.preview.width() and shown.height() <= chooser.preview.height()
    assert settings.company_tab.is_dirty()
    assert settings.save()
    assert get_company(ctx).logo == path.read_bytes()

    again = SettingsDialog(ctx)
    qtbot.addWidget(again)
    assert not again.company_tab.logo.preview.pixmap().isNull()
    again.company_tab.logo.remove_button.click()
    assert again.company_tab.logo.data is None
    assert again.save()
    assert get_company(ctx).logo is None


def test_a_file_that_is_no_picture_is_refused_next_to_the_logo(ctx, settings, tmp_path):
    fake = tmp_path / "logo.png"
    fake.write_text("not a picture")
    chooser = settings.company_tab.logo
    chooser.set_file(fake)
    assert chooser.preview.text() == "Cannot be shown"
    assert not settings.save()
    error = settings.company_tab.groups.error_for("logo")
    assert error.text() == "The logo must be a PNG or JPEG picture."
    assert chooser.data == b"not a picture"  # kept until replaced or removed
    assert get_company(ctx).logo is None


def test_company_errors_keep_the_typed_text(ctx, settings):
    inputs = settings.company_tab.inputs
    inputs["name"].setText("   ")
    inputs["currency"].setCurrentText("EURO")
    settings.invoices_tab.inputs["invoice.footer"].focus.setPlainText("Not saved either")
    assert not settings.save()
    assert settings.tabs.currentWidget() is settings.company_tab
    groups = settings.company_tab.groups
    assert groups.error_for("name").text() == "The company needs a name."
    assert groups.error_for("currency").isVisible()
    assert inputs["currency"].currentText() == "EURO"
    assert get_company(ctx).name == "Test Shop"
    assert get_setting(ctx, "invoice.footer") == "Thank you for your business."


def test_cancel_asks_before_dropping_changes(qtbot, ctx, settings, answer_modal):
    settings.company_tab.inputs["phone"].setText("+1 555 0100")

    def discard(box: QDialog) -> None:
        assert isinstance(box, QMessageBox)
        assert "not been saved" in box.text()
        next(b for b in box.buttons() if b.text() == "Discard changes").click()

    answer_modal(discard)
    click(qtbot, settings.buttons.button(QDialogButtonBox.StandardButton.Cancel))
    assert settings.result() == QDialog.DialogCode.Rejected
    assert not settings.isVisible()
    assert get_company(ctx).phone == ""


def test_cancel_without_changes_closes_at_once(qtbot, settings):
    click(qtbot, settings.buttons.button(QDialogButtonBox.StandardButton.Cancel))
    assert not settings.isVisible()


def test_the_payment_link_previews_a_sample_invoice_and_refuses_unknown_placeholders(
    ctx, settings, shots
):
    tab = settings.company_tab
    link = tab.inputs["payment_link_url"]
    link.setText("https://pay.example/{number}?amount={amount}&currency={currency}")
    assert tab.link_preview.text() == (
        "Invoice INV-2026-00001 would link to "
        "https://pay.example/INV-2026-00001?amount=1234.50&currency=EUR"
    )
    tab.inputs["currency"].setCurrentText("JPY")
    assert tab.link_preview.text().endswith("?amount=1235&currency=JPY")
    tab.inputs["currency"].setCurrentText("EUR")
    link.setText("https://pay.example/{invoice}")
    assert tab.link_preview.text() == (
        "The payment link has the unknown placeholder {invoice}; "
        "use {number}, {amount}, {currency}, {customer} or {reference}."
    )
    assert not settings.save()
    assert (
        tab.groups.error_for("payment_link_url")
        .text()
        .startswith("The payment link has the unknown placeholder {invoice}")
    )
    assert link.text() == "https://pay.example/{invoice}"  # what was typed is kept
    settings.resize(1366, 728)
    settings.grab().save(str(shots / "settings-payment-link.png"))
    link.setText("")
    assert tab.link_preview.text() == "No payment link: invoices print none."
    link.setText("https://pay.example/{number}")
    assert settings.save()
    assert get_company(ctx).payment_link_url == "https://pay.example/{number}"


def test_the_alerts_digest_is_switched_on_with_the_owners_address(ctx, settings, shots):
    inputs = settings.invoices_tab.inputs
    settings.tabs.setCurrentWidget(settings.invoices_tab)
    settings.grab().save(str(shots / "settings-alerts-digest.png"))
    digest, to = inputs["alerts.digest"].focus, inputs["alerts.digest_to"].focus
    assert not digest.isChecked() and to.text() == ""  # off by default
    digest.setChecked(True)
    to.setText("not an address")
    assert not settings.save()
    assert (
        settings.invoices_tab.groups.error_for("alerts.digest_to")
        .text()
        .startswith("Give an e-mail address")
    )
    to.setText("owner@example.org")
    assert settings.save()
    assert get_setting(ctx, "alerts.digest") is True
    assert get_setting(ctx, "alerts.digest_to") == "owner@example.org"
