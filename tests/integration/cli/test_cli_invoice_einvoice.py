# SPDX-License-Identifier: MIT
"""``arapp invoice einvoice NUMBER --format F -o FILE``: written only when valid; exit 1 with
each broken rule (or missing field) in words, 3 when a check could not run."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from arapp.db.engine import Database
from arapp.einvoice import artefacts
from arapp.services.company import get_company, save_company
from arapp.services.context import AppContext
from arapp.services.customers import CustomerInput, create_customer
from arapp.services.invoices import LineDraft, invoice_by_number
from arapp.services.lifecycle import void_invoice
from tests.helpers.cli import run
from tests.helpers.einvoices import Shop, german_shop, issue

LEITWEG = "04011000-12345-67"


def _books(db: Database) -> Path:
    assert db.sqlite_path is not None
    return Path(db.sqlite_path)


def _invoice(ctx: AppContext, shop: Shop, rate: str = "vat19", customer: int = 0) -> str:
    lines = [LineDraft("Beratung", "2", "95", "0", shop.rates[rate], "h")]
    return issue(ctx, customer or shop.customer, lines)


@pytest.mark.parametrize("fmt", ["xrechnung-cii", "xrechnung-ubl", "peppol"])
def test_a_valid_invoice_is_written_and_checks_valid(
    ctx: AppContext, db: Database, tmp_path: Path, fmt: str
) -> None:
    number = _invoice(ctx, german_shop(ctx))
    out = tmp_path / f"{number}.xml"
    done = run("invoice", "einvoice", number, "--format", fmt, "-o", str(out),
               "--buyer-reference", LEITWEG, db=_books(db))  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"Wrote {out}" in done.stdout and "valid" in done.stdout
    assert LEITWEG in out.read_text(encoding="utf-8")
    again = run("einvoice", "check", str(out))
    assert again.returncode == 0, again.stdout
    if fmt == "peppol":
        assert "  Peppol BIS Billing 3.0.19 rules (UBL): passed" in again.stdout
        assert "not checked" not in (done.stdout + again.stdout).lower()


def test_xrechnung_without_a_buyer_reference_names_the_field_and_writes_nothing(
    ctx: AppContext, db: Database, tmp_path: Path
) -> None:
    number = _invoice(ctx, german_shop(ctx))
    out = tmp_path / "x.xml"
    done = run("invoice", "einvoice", number, "--format", "xrechnung-cii", "-o", str(out),
               db=_books(db))  # fmt: skip
    assert done.returncode == 1
    assert "Buyer reference / Leitweg-ID (BT-10)" in done.stdout
    assert "--buyer-reference" in done.stdout
    assert "Nothing was written." in done.stdout
    assert not out.exists()


def test_a_broken_document_exits_1_with_each_rule_and_the_field_to_fix(
    ctx: AppContext, db: Database, tmp_path: Path
) -> None:
    shop = german_shop(ctx)
    company = get_company(ctx)
    assert company is not None
    save_company(ctx, replace(company, tax_id="XY123456789"))  # no such country
    number = _invoice(ctx, shop)
    out = tmp_path / "x.xml"
    done = run("invoice", "einvoice", number, "--format", "peppol", "-o", str(out),
               "--buyer-reference", "PO-1", db=_books(db))  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr
    assert "INVALID" in done.stdout
    assert "fatal BR-CO-09" in done.stdout
    assert "field to fix: Seller VAT identifier (BT-31), your VAT id" in done.stdout
    assert "Nothing was written." in done.stdout and not out.exists()


def test_reverse_charge_without_the_buyer_s_vat_id_names_it_before_any_rule(
    ctx: AppContext, db: Database, tmp_path: Path
) -> None:
    shop = german_shop(ctx)
    no_vat_id = create_customer(
        ctx, CustomerInput(name="Ohne USt-Id", billing_address="Weg 1\n20095 Hamburg")
    ).id
    number = _invoice(ctx, shop, "reverse", no_vat_id)
    out = tmp_path / "x.xml"
    done = run("invoice", "einvoice", number, "--format", "facturx", "-o", str(out),
               db=_books(db))  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Buyer VAT identifier (BT-48), needed for reverse charge" in done.stdout
    assert "--vat-id" in done.stdout and not out.exists()


def test_a_check_that_could_not_run_exits_3_and_writes_nothing(
    ctx: AppContext, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    number = _invoice(ctx, german_shop(ctx))
    monkeypatch.setattr(artefacts, "RULES", tmp_path / "no-rules")
    out = tmp_path / "x.xml"
    done = run("invoice", "einvoice", number, "--format", "peppol", "-o", str(out),
               "--buyer-reference", "PO-1", db=_books(db))  # fmt: skip
    assert done.returncode == 3, done.stdout + done.stderr
    assert "could not run" in done.stdout and not out.exists()


def test_facturx_writes_a_pdf_that_passes_the_check(
    ctx: AppContext, db: Database, tmp_path: Path
) -> None:
    number = _invoice(ctx, german_shop(ctx))
    out = tmp_path / "x.pdf"
    done = run("invoice", "einvoice", number, "--format", "facturx", "-o", str(out),
               db=_books(db))  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert out.read_bytes().startswith(b"%PDF")
    assert run("einvoice", "check", str(out)).returncode == 0


def test_a_void_invoice_is_refused(ctx: AppContext, db: Database, tmp_path: Path) -> None:
    number = _invoice(ctx, german_shop(ctx))
    void_invoice(ctx, invoice_by_number(ctx, number).id, "typo")
    done = run("invoice", "einvoice", number, "--format", "peppol", "-o",
               str(tmp_path / "x.xml"), db=_books(db))  # fmt: skip
    assert done.returncode == 1
    assert f"{number} is void" in done.stderr + done.stdout


def test_without_format_the_customer_s_format_is_taken(
    ctx: AppContext, db: Database, tmp_path: Path
) -> None:
    number = _invoice(ctx, german_shop(ctx))  # the customer has none set: Factur-X
    out = tmp_path / "x.pdf"
    done = run("invoice", "einvoice", number, "-o", str(out), db=_books(db))
    assert done.returncode == 0, done.stdout + done.stderr
    assert out.read_bytes().startswith(b"%PDF")
