# SPDX-License-Identifier: MIT
"""What the import wizard's check page says about a check and an import: whole sentences,
with their counts, in the person's language (see :mod:`arapp.i18n`)."""

from __future__ import annotations

from arapp.i18n import _, ngettext
from arapp.services.transfer.files import ImportCheck
from arapp.ui.transfer.common import count_text, records, rows_text


def problems_text(count: int) -> str:
    """1 problem, 1,234 problems."""
    return ngettext("{count} problem", "{count} problems", count).format(count=count_text(count))


def checked_text(check: ImportCheck) -> str:
    """What a check found: the rows ready to import, or why nothing can be."""
    report = check.report
    count = count_text(report.rows)
    if report.ok and report.created > 0:
        if report.created != report.rows:
            return ngettext(
                "{count} row is ready to import as {records}. Click Import to write it.",
                "{count} rows are ready to import as {records}. Click Import to write them.",
                report.rows,
            ).format(count=count, records=records(check.kind, report.created))
        return ngettext(
            "{count} row is ready to import. Click Import to write it.",
            "{count} rows are ready to import. Click Import to write them.",
            report.rows,
        ).format(count=count)
    if report.ok:
        return _("The file has no rows: there is nothing to import.")
    return _("{problems} in {rows}: nothing can be imported until the file has none.").format(
        problems=problems_text(len(report.problems)), rows=rows_text(report.rows)
    )


def progress_text(name: str, rows: int, total: int) -> str:
    """How far the import of the file ``name`` is: ``rows`` of ``total`` written (0: unknown)."""
    name = name or _("the file")
    if total and rows >= total:
        return ngettext(
            "Importing {file}… the row is written; finishing.",
            "Importing {file}… all {total} rows written; finishing.",
            total,
        ).format(file=name, total=count_text(total))
    if total:
        return ngettext(
            "Importing {file}… {rows} of {total} row written.",
            "Importing {file}… {rows} of {total} rows written.",
            total,
        ).format(file=name, rows=count_text(rows), total=count_text(total))
    return _("Importing {file}… This can take a moment.").format(file=name)


def preview_text(shown: int, total: int) -> str:
    """The caption of the first rows shown as they will be imported."""
    if shown < total:
        return _("The first {shown} of {total} rows as they will be imported:").format(
            shown=count_text(shown), total=count_text(total)
        )
    return ngettext(
        "The row as it will be imported:",
        "All {total} rows as they will be imported:",
        total,
    ).format(total=count_text(total))
