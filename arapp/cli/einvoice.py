# SPDX-License-Identifier: MIT
"""``arapp einvoice check FILE...``: check e-invoices offline against the official rules.

Any CII or UBL invoice or credit note, or a Factur-X / ZUGFeRD PDF (its embedded XML), is checked
with the same layers as the invoices arapp sends (see :mod:`arapp.einvoice.validation`). For each
file it prints the verdict, each layer, and every fatal rule broken in words with the field to
fix; warnings with ``--warnings``. No books are opened.

Exit code: 0 every file valid; 1 a file is invalid; 3 a check could not run (nothing fatal was
found, but the file is not known to be valid); 2 a file could not be read, or wrong usage. With
several files the worst decides, in the order 2, 1, 3, 0.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from arapp.domain.einvoice_check import CheckResult, LayerStatus, RuleFailure, Severity, Verdict
from arapp.einvoice.validation import Validator
from arapp.i18n import _, ngettext

EXIT_CODES = {Verdict.VALID: 0, Verdict.INVALID: 1, Verdict.UNREADABLE: 2, Verdict.INCOMPLETE: 3}
_WORST_FIRST = (Verdict.UNREADABLE, Verdict.INVALID, Verdict.INCOMPLETE, Verdict.VALID)


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    einvoice = sub.add_parser(
        "einvoice", parents=[common], help=_("check e-invoices (CII, UBL, Factur-X) offline")
    )
    actions = einvoice.add_subparsers(dest="einvoice_command", metavar="ACTION", required=True)
    check = actions.add_parser(
        "check",
        parents=[common],
        help=_("check files against the official EN 16931, Factur-X, XRechnung and Peppol rules"),
        description=_(
            "Check CII or UBL XML files, or Factur-X / ZUGFeRD PDFs, offline. "
            "Exit code: 0 valid, 1 invalid, 2 unreadable, 3 a check could not run."
        ),
    )
    check.add_argument("files", nargs="+", type=Path, metavar="FILE", help=_("XML or PDF files"))
    check.add_argument(
        "--warnings", action="store_true", help=_("list the warnings too (they do not invalidate)")
    )
    check.set_defaults(func=_check)


def _check(args: argparse.Namespace) -> int:
    verdicts = []
    with Validator() as validator:
        for path in args.files:
            result = validator.check_file(path)
            print(describe(result, warnings=args.warnings))
            verdicts.append(result.verdict)
    return exit_code(verdicts)


def exit_code(verdicts: list[Verdict]) -> int:
    """The exit code of a run whose files ended in ``verdicts`` (the worst decides)."""
    worst = next((v for v in _WORST_FIRST if v in verdicts), Verdict.VALID)
    return EXIT_CODES[worst]


def describe(result: CheckResult, *, warnings: bool = False) -> str:
    """The check of one file in words, as printed."""
    verdict = result.verdict
    if verdict is Verdict.UNREADABLE:
        return _("{file}: unreadable. {problem}").format(file=result.source, problem=result.problem)
    claim = f", {result.specification}" if result.specification else ""
    lines = [f"{result.source}: {_verdict_words(verdict)} ({result.syntax}{claim})"]
    for layer in result.layers:
        fatal = [f for f in layer.failures if f.severity is Severity.FATAL]
        warned = [f for f in layer.failures if f.severity is Severity.WARNING]
        if layer.status is LayerStatus.NOT_RUN:
            lines.append(
                "  " + _("{layer}: could not run: {note}").format(layer=layer.name, note=layer.note)
            )
            continue
        counts = [_rules_broken(len(fatal))] if fatal else []
        if warned:
            counts.append(_warnings(len(warned)))
        lines.append(
            f"  {layer.name}: {layer.status.value}" + (f" ({', '.join(counts)})" if counts else "")
        )
        lines += [_failure(f) for f in fatal]
        if warnings:
            lines += [_failure(f) for f in warned]
    lines += ["  " + _("Note: {note}").format(note=note) for note in result.notes]
    if verdict is Verdict.INCOMPLETE:
        lines.append("  " + _("A check could not run, so this file is not known to be valid."))
    if result.warnings and not warnings:
        lines.append("  " + _("(add --warnings to list the warnings)"))
    return "\n".join(lines)


def _verdict_words(verdict: Verdict) -> str:
    if verdict is Verdict.VALID:
        return _("valid")
    if verdict is Verdict.INVALID:
        return _("INVALID")
    return _("NOT FULLY CHECKED")


def _rules_broken(n: int) -> str:
    return ngettext("{count} rule broken", "{count} rules broken", n).format(count=n)


def _warnings(n: int) -> str:
    return ngettext("{count} warning", "{count} warnings", n).format(count=n)


def _failure(failure: RuleFailure) -> str:
    lines = [f"    {failure.severity.value} {failure.rule}: {failure.text}"]
    if failure.field:
        lines.append("      " + _("field to fix: {field}").format(field=failure.field))
    if failure.location:
        lines.append("      " + _("at {location}").format(location=failure.location))
    return "\n".join(lines)
