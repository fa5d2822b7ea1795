# SPDX-License-Identifier: MIT
"""Table reports as PDF: a title, a subtitle and one long table, portrait or landscape.

    pdf_bytes = render_report(ReportDocument(title=..., columns=..., rows=..., total=...))

The table runs over as many pages as it needs, repeating its header row; amount columns are
right-aligned and a total row is printed bold at the end.  Every page carries the footer and
"Page x of y", following pages a one-line running header.  :func:`data_table` and
:func:`render_pages` are shared with the customer statement (:mod:`arapp.pdf.statement`).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from arapp.domain.texts import Words
from arapp.formatting import format_amount
from arapp.pdf.cells import Cell, Command, Label, fit, line
from arapp.pdf.document import PAPER_SIZES
from arapp.pdf.page import PageDecor, numbered_canvas
from arapp.pdf.styles import ACCENT, RULE, SHADE, ZEBRA, Styles, styles
from arapp.pdf.text import markup

__all__ = [
    "PAGE_TOP",
    "ReportColumn",
    "ReportDocument",
    "data_table",
    "render_pages",
    "render_report",
]

_PAGE_SIZES = {"a4": A4, "letter": LETTER}
_MARGIN = 15 * mm
PAGE_TOP = 14 * mm
"""Where the content of a page laid out by :func:`render_pages` starts, below the top edge."""
_TOP = PAGE_TOP
_RUNNING_HEADER = 10 * mm
_PAD = 4

Value = str | Decimal | None
"""A report cell: text, an amount (formatted for the locale) or nothing."""


@functools.cache
def _own_styles() -> tuple[ParagraphStyle, ParagraphStyle]:
    """The report title (left-aligned) and a bold table cell."""
    st = styles()
    title = ParagraphStyle("report_title", parent=st.title, fontSize=18, leading=22)
    title.alignment = TA_LEFT
    return title, ParagraphStyle("bold_cell", parent=st.cell, fontName=st.bold)


@dataclass(frozen=True)
class ReportColumn:
    """One column of a report table.

    Attributes:
        header: The heading (trusted text, kept on one line).
        weight: Its share of the table's width, relative to the other columns.
        numeric: Right-aligned (amounts, counts); Decimal cells are always amounts.
    """

    header: str
    weight: float = 1.0
    numeric: bool = False


@dataclass(frozen=True)
class ReportDocument:
    """A table report, ready to print.

    Attributes:
        title: Big heading on the first page, and the PDF's title.
        subtitle: A line under the title ("As of 23 Nov 2026 · by due date · EUR").
        columns: The columns.
        rows: The rows; each has one value per column.
        total: The total row, printed bold at the end, or ``None``.
        currency: ISO code used to format Decimal cells.
        locale: Locale for the amounts.
        author: The company, printed in the running header and the PDF's metadata.
        footer: Free text at the foot of every page.
        paper_size: ``"a4"`` or ``"letter"``.
        landscape: Turn the paper sideways (wide tables).
    """

    title: str
    subtitle: str
    columns: tuple[ReportColumn, ...]
    rows: tuple[tuple[Value, ...], ...]
    total: tuple[Value, ...] | None = None
    currency: str = "EUR"
    locale: str = "en_US"
    author: str = ""
    footer: str = ""
    paper_size: str = "a4"
    words: Words = field(default_factory=Words)
    landscape: bool = False

    def __post_init__(self) -> None:
        if self.paper_size not in PAPER_SIZES:
            raise ValueError(f"paper_size must be one of {PAPER_SIZES}, not {self.paper_size!r}")
        width = len(self.columns)
        if any(len(row) != width for row in (*self.rows, *([self.total] if self.total else []))):
            raise ValueError(f"every row needs {width} values")


def data_table(
    columns: Sequence[ReportColumn],
    rows: Sequence[Sequence[Value]],
    width: float,
    st: Styles,
    *,
    currency: str,
    locale: str,
    total: Sequence[Value] | None = None,
) -> Table:
    """A zebra-striped table whose header row repeats on every page; the total row is bold.

    Text cells are user text: printed as plain strings when they fit, escaped paragraphs
    when they wrap.  Decimal cells are amounts, formatted for ``locale``.
    """
    weights = sum(c.weight for c in columns)
    widths = [width * c.weight / weights for c in columns]
    bold = _own_styles()[1]

    def cells(values: Sequence[Value], strong: bool) -> list[Cell]:
        out: list[Cell] = []
        for value, col_width in zip(values, widths, strict=True):
            if isinstance(value, Decimal):
                out.append(format_amount(value, currency, locale))
            elif not value:
                out.append("")
            else:
                out.append(fit(value, bold if strong else st.cell, col_width - 2 * _PAD))
        return out

    def heading(column: ReportColumn, col_width: float) -> Cell:
        """The heading as it is when it fits, else wrapped (a long word in another language)."""
        if stringWidth(column.header, st.bold, 8) <= col_width - 2 * _PAD:
            return column.header
        wrapped = ParagraphStyle("heading", parent=bold, fontSize=8, leading=10, textColor=ACCENT)
        wrapped.alignment = TA_RIGHT if column.numeric else TA_LEFT
        return Paragraph(markup(column.header), wrapped)

    body = [cells(row, False) for row in rows]
    headings = [heading(c, w) for c, w in zip(columns, widths, strict=True)]
    data: list[list[Cell]] = [headings, *body]
    style: list[Command] = [
        ("FONT", (0, 0), (-1, -1), st.regular, st.cell.fontSize, st.cell.leading),
        ("TEXTCOLOR", (0, 0), (-1, -1), st.cell.textColor),
        ("FONT", (0, 0), (-1, 0), st.bold, 8, 10),
        ("TEXTCOLOR", (0, 0), (-1, 0), ACCENT),
        ("LINEBELOW", (0, 0), (-1, 0), 1, ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), _PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), _PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 5),
    ]
    if body:
        style.append(("ROWBACKGROUNDS", (0, 1), (-1, len(body)), [colors.white, ZEBRA]))
    if total is not None:
        data.append(cells(total, True))
        style += [
            ("FONT", (0, -1), (-1, -1), st.bold, st.cell.fontSize, st.cell.leading),
            ("BACKGROUND", (0, -1), (-1, -1), SHADE),
            ("LINEABOVE", (0, -1), (-1, -1), 1, ACCENT),
            ("TOPPADDING", (0, -1), (-1, -1), 4.5),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 5),
        ]
    else:
        style.append(("LINEBELOW", (0, -1), (-1, -1), 0.5, RULE))
    style += [("ALIGN", (i, 0), (i, -1), "RIGHT") for i, c in enumerate(columns) if c.numeric]
    return Table(data, colWidths=widths, repeatRows=1, style=TableStyle(style))


def render_pages(
    story: list[Flowable],
    *,
    page_size: tuple[float, float],
    title: str,
    author: str,
    subject: str,
    footer: str,
    running_header: str,
    margin: float = _MARGIN,
    page_label: str = "",
) -> bytes:
    """Lay ``story`` out on pages with footer, "Page x of y" and a running header.

    ``running_header`` is escaped markup shown on every page but the first; ``footer`` is
    plain user text.
    """
    st = styles()
    page_width, page_height = page_size
    width = page_width - 2 * margin
    decor = PageDecor(
        width=page_width,
        height=page_height,
        margin=margin,
        top=_TOP,
        footer_markup=markup(footer),
        running_header=running_header,
        watermark="",
    )
    bottom = decor.footer_height + 3 * mm
    first = Frame(margin, bottom, width, page_height - _TOP - bottom, 0, 0, 0, 0, id="first")
    later_height = page_height - _TOP - _RUNNING_HEADER - bottom
    later = Frame(margin, bottom, width, later_height, 0, 0, 0, 0, id="later")
    buffer = BytesIO()
    template = BaseDocTemplate(
        buffer,
        pagesize=page_size,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=_TOP,
        bottomMargin=bottom,
        title=title,
        author=" ".join(author.split()),
        subject=" ".join(subject.split()),
        creator="arapp",
        initialFontName=st.regular,  # not Helvetica, should anything draw without a font
    )
    template.addPageTemplates(
        [
            PageTemplate("first", [first], onPage=decor.first_page),
            PageTemplate("later", [later], onPage=decor.later_page),
        ]
    )
    template.build(
        [NextPageTemplate("later"), *story],
        canvasmaker=numbered_canvas(page_width - margin, page_label),
    )
    return buffer.getvalue()


def render_report(doc: ReportDocument) -> bytes:
    """The report ``doc`` as the bytes of a PDF file."""
    st = styles()
    size = _PAGE_SIZES[doc.paper_size]
    size = landscape(size) if doc.landscape else size
    width = size[0] - 2 * _MARGIN
    story: list[Flowable] = []
    if doc.author.strip():
        story += [line(doc.author, st.label, width), Spacer(1, 1 * mm)]
    story.append(Label(doc.title, _own_styles()[0]))
    if doc.subtitle.strip():
        story += [Spacer(1, 1 * mm), line(doc.subtitle, st.muted, width)]
    story.append(Spacer(1, 6 * mm))
    story.append(
        data_table(
            doc.columns,
            doc.rows,
            width,
            st,
            currency=doc.currency,
            locale=doc.locale,
            total=doc.total,
        )
    )
    parts = [doc.author, doc.title, doc.subtitle]
    return render_pages(
        story,
        page_size=size,
        title=doc.title,
        author=doc.author,
        subject=doc.subtitle or doc.title,
        footer=doc.footer,
        running_header=" · ".join(markup(p) for p in parts if p.strip()),
        page_label=doc.words("page"),
    )
