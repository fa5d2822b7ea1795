# SPDX-License-Identifier: MIT
"""Reminder letters of every level, for one invoice and for several, read back as the customer
reads them: each invoice listed once, the payment block and its QR code on every letter, no
thanks for the business under a final notice (pypdf for the text, zbarimg for the code,
pdftoppm pictures in the ``shots`` folder for a person to look at)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from arapp.pdf.document import Party, PaymentDetails
from arapp.pdf.letter import render_letters
from arapp.pdf.letter_document import LetterInvoice, ReminderLetter
from arapp.services import customers as cust
from arapp.services.context import AppContext
from arapp.services.reminders.letters import build_letters, letter_footer, print_letters
from arapp.services.reminders.run import plan_run, queue
from arapp.services.settings import set_setting
from tests.helpers.books import TODAY, overdue_invoice, with_bank

PDFTOPPM, ZBARIMG = shutil.which("pdftoppm"), shutil.which("zbarimg")
IBAN = "IE29AIBK93115212345678"
#: (customer code, days late of each invoice; negative: due in so many days)
CUSTOMERS = {
    "HEADSUP": (-3,),
    "POLITE": (5,),
    "FIRM": (20,),
    "FINAL": (40,),
    "MIXED": (40, 10, 5, -3),
    "HEADSUP2": (-3, -2),
    "POLITE2": (5, 3),
    "FIRM2": (20, 16),
    "FINAL2": (40, 35),
    "MANY": tuple(range(44, 0, -3)),
}


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def letters(ctx: AppContext) -> dict[str, tuple[int, list[str]]]:
    """Customers without e-mail, one per case; a late fee of €10; one run queued as letters.
    Returns, per customer code, the outbox id of its letter and its invoice numbers."""
    with_bank(ctx)
    set_setting(ctx, "fees.late_fee_flat", "10")
    ids = {}
    invoices = []
    for code, days in CUSTOMERS.items():
        customer = cust.create_customer(
            ctx,
            cust.CustomerInput(name=f"{code.title()} Ltd", code=code, terms="net 30",
                               billing_address="1 Main Street\nCork", contact_person="Pat Byrne"),
        ).id  # fmt: skip
        for n, late in enumerate(days):
            invoices.append((-late, customer, str(100 * (n + 1) + late)))
        ids[customer] = code
    for minus_late, customer, amount in sorted(invoices):  # oldest first: numbers follow dates
        overdue_invoice(ctx, customer, -minus_late, amount)
    due = plan_run(ctx, TODAY)
    assert {d.channel for d in due} == {"letter"}
    queue(ctx, due, TODAY)
    out: dict[str, tuple[int, list[str]]] = {}
    for letter, outbox_id in zip(build_letters(ctx), _pending(ctx), strict=True):
        out[letter.recipient.code] = (outbox_id, [i.number for i in letter.invoices])
    assert sorted(out) == sorted(CUSTOMERS)
    return out


def _pending(ctx: AppContext) -> list[int]:
    from arapp.services.reminders.letters import pending_letters

    return [r.id for r in pending_letters(ctx)]


def _png(pdf: bytes, folder: Path, name: str) -> list[Path]:
    """The pages at about 1366 pixels wide (what a person looks at, and what zbarimg scans)."""
    assert PDFTOPPM is not None
    source = folder / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        [PDFTOPPM, "-png", "-scale-to-x", "1366", "-scale-to-y", "-1", source, folder / name],
        check=True, timeout=60,
    )  # fmt: skip
    source.unlink()
    return sorted(folder.glob(f"{name}*.png"))


@pytest.mark.parametrize("code", list(CUSTOMERS))
def test_each_invoice_is_listed_once_with_how_to_pay(letters, ctx, code) -> None:  # type: ignore[no-untyped-def]
    outbox_id, numbers = letters[code]
    text = _text(print_letters(ctx, [outbox_id]))
    lines = [line.strip() for line in text.splitlines()]  # pypdf gives a line per cell
    reference = numbers[0] if len(numbers) == 1 else code
    payment = lines.index("HOW TO PAY")
    for number in numbers:
        cells = [n for n, line in enumerate(lines[:payment]) if line == number]
        assert cells == [lines.index("Open amount") + 1 + 4 * numbers.index(number)]
        assert f"- {number}," not in text  # the table took the place of the text's listing
    assert "HOW TO PAY" in lines and lines[lines.index("Reference") + 1] == reference
    assert lines[lines.index("IBAN") + 1] == "IE29 AIBK 9311 5212 3456 78"
    assert "Thank" not in text  # the footer's thanks for the business are left out
    words = " ".join(text.split())
    if code.startswith("FINAL") or code in ("MIXED", "MANY"):
        assert "thank" not in words.casefold()
        fees = re.findall(r"As our terms provide, (?:a late fee|late fees) of €([\d.]+)", words)
        assert fees and Decimal(fees[0]) == 10 * sum(  # €10 on each invoice 30+ days overdue
            1 for n, late in zip(numbers, CUSTOMERS[code], strict=True) if late >= 30
        ), fees


def test_the_qr_code_asks_for_what_the_letter_asks(letters, ctx, shots) -> None:  # type: ignore[no-untyped-def]
    if PDFTOPPM is None or ZBARIMG is None:
        pytest.skip("needs pdftoppm and zbarimg (poppler-utils, zbar-tools) to scan the code")
    for code, (outbox_id, numbers) in letters.items():
        (letter,) = build_letters(ctx, [outbox_id])
        pages = _png(print_letters(ctx, [outbox_id]), shots, f"letter-{code.lower()}")
        scanned = subprocess.run(
            [ZBARIMG, "--raw", "-q", "-Sbinary", pages[-1]], capture_output=True, check=True
        ).stdout.decode("utf-8")
        lines = scanned.rstrip("\n").split("\n")
        assert lines[:4] == ["BCD", "002", "1", "SCT"] and lines[6] == IBAN, scanned
        assert lines[7] == f"EUR{letter.open_total}"
        assert lines[-1] == (numbers[0] if len(numbers) == 1 else code)


def test_the_footer_keeps_everything_but_thanks() -> None:
    footer = "Thank you for your business.\nRegistered in Ireland, no. 123456\nThanks!"
    assert letter_footer(footer) == "Registered in Ireland, no. 123456"
    assert letter_footer("Thank you for your business.") == ""


def test_the_table_shows_days_overdue_and_due_in(letters, ctx) -> None:  # type: ignore[no-untyped-def]
    outbox_id, numbers = letters["MIXED"]
    text = _text(print_letters(ctx, [outbox_id]))
    lines = [line.strip() for line in text.splitlines()]
    start = lines.index("Open amount") + 1
    rows = [lines[start + 4 * n : start + 4 * n + 4] for n in range(len(numbers))]
    assert [r[0] for r in rows] == numbers
    assert [r[2] for r in rows] == [
        "40 days overdue", "10 days overdue", "5 days overdue", "due in 3 days"
    ]  # fmt: skip
    assert [Decimal(r[3]) for r in rows] == [Decimal(140), Decimal(210), Decimal(305), Decimal(397)]
    assert lines[start + 16 : start + 18] == ["Total open", "1,052.00"]
    words = " ".join(text.split())
    assert "Together they come to €1,052.00, of which €655.00 is overdue." in words


def _letter(invoices: tuple[LetterInvoice, ...], iban: str = IBAN) -> ReminderLetter:
    return ReminderLetter(
        seller=Party(name="Test Shop", address="1 Shop Street\nDublin"),
        recipient=Party(name="Abroad Ltd", address="1 High Street\nLondon", code="ABROAD"),
        letter_date=TODAY,
        subject="Payment reminder",
        body="Dear Sam,\n\nPlease pay.\n\n" + "\n".join(f"- {i.number}, due" for i in invoices),
        locale="en_IE",
        invoices=invoices,
        payment=PaymentDetails(
            bank_name="Allied Irish Banks", iban=iban, bic="AIBKIE2D",
            payment_link_url="https://pay.example/test", reference="ABROAD",
        ),
    )  # fmt: skip


def _scan(pdf: bytes, folder: Path, name: str) -> str:
    assert ZBARIMG is not None
    (page,) = _png(pdf, folder, name)
    return (
        subprocess.run([ZBARIMG, "--raw", "-q", "-Sbinary", page], capture_output=True, check=True)
        .stdout.decode("utf-8")
        .rstrip("\n")
    )


def test_two_currencies_ask_for_both_and_the_code_for_the_euros(shots) -> None:  # type: ignore[no-untyped-def]
    invoices = (
        LetterInvoice("INV-1", TODAY, 5, Decimal("100.00"), "EUR"),
        LetterInvoice("INV-2", TODAY, 5, Decimal("50.00"), "GBP"),
    )
    pdf = render_letters([_letter(invoices)])
    lines = [line.strip() for line in _text(pdf).splitlines()]
    assert lines[lines.index("Amount due") + 1] == "€100.00 and £50.00"
    assert [n for n, line in enumerate(lines) if line in ("INV-1", "INV-2")] == [
        lines.index("Open amount") + 1, lines.index("Open amount") + 5
    ]  # fmt: skip
    assert "Dear Sam," in lines and "- INV-1, due" not in lines
    if PDFTOPPM is None or ZBARIMG is None:
        pytest.skip("needs pdftoppm and zbarimg (poppler-utils, zbar-tools) to scan the code")
    assert _scan(pdf, shots, "letter-two-currencies").split("\n")[7] == "EUR100.00"


def test_without_euros_or_iban_the_code_is_the_payment_link(shots) -> None:  # type: ignore[no-untyped-def]
    invoices = (LetterInvoice("INV-3", TODAY, -3, Decimal("75.00"), "GBP"),)
    pdf = render_letters([_letter(invoices, iban="")])
    lines = [line.strip() for line in _text(pdf).splitlines()]
    assert lines[lines.index("Amount due") + 1] == "£75.00" and "Scan to pay online" in lines
    assert lines[lines.index("Status") + 4] == "due in 3 days"
    if PDFTOPPM is None or ZBARIMG is None:
        pytest.skip("needs pdftoppm and zbarimg (poppler-utils, zbar-tools) to scan the code")
    assert _scan(pdf, shots, "letter-link") == "https://pay.example/test"
