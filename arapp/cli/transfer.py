# SPDX-License-Identifier: MIT
"""``arapp import`` and ``arapp export``: the canonical CSV formats (see README)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from arapp.domain.csvtext import ENCODINGS
from arapp.files import write_atomically
from arapp.i18n import N_, _
from arapp.services.context import AppContext
from arapp.services.transfer.exports import EXPORTERS
from arapp.services.transfer.imports import IMPORTERS
from arapp.services.transfer.numbers import DECIMALS

KINDS = ("customers", "invoices", "payments")
#: The whole books, a folder of files (see README).
ALL = "all"


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    load = sub.add_parser("import", parents=[common], help=_("import a CSV file (all or nothing)"))
    load.add_argument("kind", choices=(*KINDS, ALL))
    load.add_argument("file", type=Path, help=_("the CSV file, or the folder of the books for all"))
    load.add_argument("--dry-run", action="store_true", help=_("check and report, write nothing"))
    load.add_argument(
        "--decimal",
        choices=DECIMALS,
        help=_(
            "the decimal mark of the numbers: . (1,234.50) or , (1.234,50); detected when not given"
        ),
    )
    load.add_argument(
        "--encoding",
        default="utf-8",
        choices=sorted(ENCODINGS),
        help=_(
            "the file's text encoding, such as cp1252 for a CSV saved by Excel on Windows "
            "(default utf-8)"
        ),
    )
    load.set_defaults(func=_import)
    dump = sub.add_parser("export", parents=[common], help=_("export to a CSV file"))
    dump.add_argument("kind", choices=(*KINDS, ALL))
    dump.add_argument(
        "file",
        type=Path,
        help=_("the file to write, or - for standard output; for all, the folder of the books"),
    )
    dump.set_defaults(func=_export)


def _ctx(args: argparse.Namespace) -> AppContext:
    from arapp.app import open_books

    return open_books(getattr(args, "db", None)).ctx


def _import(args: argparse.Namespace) -> int:
    if args.kind == ALL:
        return _import_all(args)
    try:  # the importers read the file from its path, a piece at a time
        with args.file.open("rb"):
            pass
    except OSError as exc:
        print(
            _("arapp: cannot read {file}: {error}").format(file=args.file, error=exc.strerror),
            file=sys.stderr,
        )
        return 1
    report = IMPORTERS[args.kind](
        _ctx(args), args.file, dry_run=args.dry_run, decimal=args.decimal, encoding=args.encoding
    )
    if not report.ok:
        for problem in report.problems:
            print(f"{args.file}: {problem}", file=sys.stderr)
        print(_nothing_imported(len(report.problems), report.rows), file=sys.stderr)
        return 1
    what = {"customers": _("customers"), "invoices": _("invoices"), "payments": _("payments")}
    print(_checked(report.rows, report.dry_run, report.created, what[args.kind]))
    return 0


def _import_all(args: argparse.Namespace) -> int:
    from arapp.services.transfer.books_import import import_books

    if args.decimal == "," or args.encoding != "utf-8":
        print(_("arapp: exported books are UTF-8 with . as the decimal point; --decimal and "
                "--encoding are for the per-kind files."), file=sys.stderr)  # fmt: skip
        return 1
    if not args.file.is_dir():
        print(_("arapp: {folder} is not a folder (export the books with arapp export all "
                "FOLDER).").format(folder=args.file), file=sys.stderr)  # fmt: skip
        return 1
    report = import_books(_ctx(args), args.file, dry_run=args.dry_run)
    if not report.ok:
        for problem in report.problems:
            print(f"{args.file / problem.file}: {problem.problem}", file=sys.stderr)
        print(_nothing_imported(len(report.problems), sum(report.rows.values())), file=sys.stderr)
        return 1
    for name, rows in report.rows.items():
        what = _(_NOUNS.get(name, N_("record(s)")))
        done = _checked(rows, report.dry_run, report.created.get(name, 0), what)
        print(f"{name}: {done}")
    return 0


#: What each file of the books holds, for the summary of an import.
_NOUNS = {
    "customers.csv": N_("customer(s)"),
    "invoices.csv": N_("invoice(s) and credit note(s)"),
    "payments.csv": N_("payment(s)"),
    "adjustments.csv": N_("discount(s) and write-off(s)"),
    "refunds.csv": N_("refund(s)"),
    "late_fees.csv": N_("late-fee period(s)"),
}


def _nothing_imported(problems: int, rows: int) -> str:
    return _("arapp: nothing was imported: {problems} problem(s) in {rows} row(s).").format(
        problems=problems, rows=rows
    )


def _checked(rows: int, dry_run: bool, created: int, what: str) -> str:
    """``120 row(s) checked: imported 118 customers.`` (``what``: what the file holds)."""
    if dry_run:
        text = _("{rows} row(s) checked: would import {created} {what}.")
    else:
        text = _("{rows} row(s) checked: imported {created} {what}.")
    return text.format(rows=rows, created=created, what=what)


def _export_all(args: argparse.Namespace) -> int:
    from arapp.services.transfer.books import export_books

    if str(args.file) == "-":
        print(_("arapp: the books are a folder of files: name the folder."), file=sys.stderr)
        return 1
    try:
        args.file.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(
            _("arapp: cannot make the folder {folder}: {error}").format(
                folder=args.file, error=exc.strerror
            ),
            file=sys.stderr,
        )
        return 1
    files = export_books(_ctx(args))
    for name, data in files.items():
        write_atomically(args.file / name, data)
    print(_("Wrote {files} to {folder}").format(files=", ".join(files), folder=args.file))
    return 0


def _export(args: argparse.Namespace) -> int:
    if args.kind == ALL:
        return _export_all(args)
    from arapp.services.transfer.books import left_out

    ctx = _ctx(args)
    data = EXPORTERS[args.kind](ctx)
    note = left_out(ctx, args.kind)
    if str(args.file) == "-":
        sys.stdout.buffer.write(data)
    else:
        write_atomically(args.file, data)
        print(_("Wrote {file}").format(file=args.file))
    if note:
        print(f"arapp: {note}", file=sys.stderr)
    return 0
