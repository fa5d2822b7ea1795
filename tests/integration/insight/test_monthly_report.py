# SPDX-License-Identifier: MIT
"""The monthly receivables report: the Insight figures of the KPI books read back from the PDF
(pypdf), its charts drawn (rasterised, not blank), a hostile company name printed as typed,
and ``arapp report monthly``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from arapp.services.company import get_company, save_company
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors
from arapp.services.monthly_report import monthly_report_pdf, report_day, save_monthly_report
from tests.helpers.cli import run
from tests.helpers.kpi_books import kpi_books
from tests.helpers.pdf import PDFTOPPM, SPACES

HOSTILE = "<b>&\"' Shop </para>"


def _text(data: bytes | Path) -> str:
    reader = PdfReader(data if isinstance(data, Path) else __import__("io").BytesIO(data))
    return SPACES.sub(" ", "\n".join(page.extract_text() for page in reader.pages))


def _hostile(ctx: AppContext) -> None:
    company = get_company(ctx)
    assert company is not None
    from dataclasses import replace

    save_company(ctx, replace(company, name=HOSTILE))


def test_the_report_holds_the_tiles_aging_and_months(ctx: AppContext, tmp_path: Path) -> None:
    books = kpi_books(ctx)
    _hostile(books)
    target = save_monthly_report(books, tmp_path / "nov.pdf")  # this month: as of today
    text = _text(target)
    assert "Monthly receivables report: Nov 2026" in text
    assert HOSTILE in text  # printed as typed, not read as markup
    assert "As of Nov 23, 2026 · KPIs over the 90 days before · EUR" in text
    # owed today 530.00, 25 Aug 150.00: +380.00
    assert "Owed to you €530.00 €150.00 +€380.00" in text
    assert "Owed on Nov 23, 2026" in text
    assert "Nov 2026 125.00 45.00 530.00" in text  # invoiced, collected, owed at its end
    assert "Sep 2026 210.00 150.00" in text
    assert "Invoiced and collected per month" in text and "Aging at each month end" in text
    if PDFTOPPM:
        import subprocess

        subprocess.run(
            [PDFTOPPM, "-r", "40", "-png", str(target), str(tmp_path / "page")], check=True
        )
        from PySide6.QtGui import QImage

        image = QImage(str(sorted(tmp_path.glob("page*.png"))[0]))
        colours = {
            image.pixel(x, y)
            for y in range(image.height() // 2, image.height(), 3)
            for x in range(0, image.width(), 3)
        }
        assert len(colours) > 20  # the charts' bars in their colours


def test_a_past_month_is_as_of_its_last_day_and_a_later_one_is_refused(ctx: AppContext) -> None:
    books = kpi_books(ctx)
    assert report_day(books, "2026-10") == date(2026, 10, 31)
    assert report_day(books, "2026-11") == date(2026, 11, 23)  # this month: today
    assert report_day(books, None) == date(2026, 11, 23)
    for bad, message in (("2026-12", "has not begun"), ("2026-13", "not a month"), ("Nov", "not")):
        with pytest.raises(InputErrors, match=message):
            report_day(books, bad)
    text = _text(monthly_report_pdf(books, "2026-10"))
    assert "Monthly receivables report: Oct 2026" in text and "As of Oct 31, 2026" in text


def test_empty_books_say_there_is_nothing_yet(ctx: AppContext) -> None:
    text = _text(monthly_report_pdf(ctx))
    assert "No invoice or payment yet in these months." in text
    assert "Nothing is open on this day: no receipts to expect." in text
    assert "Nobody owes anything on this day." in text


def test_the_report_ends_with_the_forecast_and_the_top_risks(
    ctx: AppContext, tmp_path: Path
) -> None:
    target = save_monthly_report(kpi_books(ctx), tmp_path / "nov.pdf")
    reader = PdfReader(target)
    last = SPACES.sub(" ", reader.pages[-1].extract_text())
    assert "Cash expected in the next 8 weeks" in last
    assert "Expected after these 8 weeks: €200.00." in last  # 555 open, 355 in the weeks
    assert "Nov 23" in last and "Jan 11" in last  # the weeks under the bars
    assert "Most likely to pay late" in last
    # the customers who owe, highest score first, with segment and reasons
    anna, bert = last.index("Anna (A) 500.00"), last.index("Bert (B) 55.00")
    assert anna < bert
    assert "slow 3 of 4 invoices with a known outcome were paid more" in last
    assert "at risk 1 of 2 invoices with a known outcome was paid more" in last
    assert "Cleo" not in last and "Zeno" not in last  # nothing owed
    # two customers' six months are too few to back-test in words
    assert "the score ranked late invoices" not in last
    if PDFTOPPM:
        import subprocess

        subprocess.run(
            [PDFTOPPM, "-r", "40", "-png", "-f", str(len(reader.pages)), str(target),
             str(tmp_path / "last")], check=True,
        )  # fmt: skip
        from PySide6.QtGui import QImage

        image = QImage(str(next(tmp_path.glob("last*.png"))))
        colours = {
            image.pixel(x, y)
            for y in range(0, image.height() // 3, 2)
            for x in range(0, image.width(), 2)
        }
        assert len(colours) > 8  # the forecast's bars, ranges and line


def test_cli_writes_the_report(ctx: AppContext, tmp_path: Path) -> None:
    kpi_books(ctx)
    db_path = tmp_path / "books.sqlite3"
    target = tmp_path / "out" / "oct.pdf"
    target.parent.mkdir()
    result = run("report", "monthly", "-o", str(target), "--month", "2026-10", db=db_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"Monthly receivables report as of 2026-10-31 written to {target}\n"
    assert "As of Oct 31, 2026" in _text(target)
    bad = run("report", "monthly", "-o", str(tmp_path / "x.pdf"), "--month", "13-2026", db=db_path)
    assert bad.returncode != 0 and "not a month" in bad.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_the_report_stays_in_one_language_whatever_the_windows(
    ctx: AppContext, tmp_path: Path
) -> None:
    """The PDF is written in English; a German window must not slip its words into it."""
    from arapp.i18n import use_language

    books = kpi_books(ctx)
    use_language("de")
    try:
        text = _text(save_monthly_report(books, tmp_path / "nov.pdf"))
    finally:
        use_language("en")
    assert "Current" in text and "Nicht fällig" not in text
