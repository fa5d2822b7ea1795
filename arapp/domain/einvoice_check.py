# SPDX-License-Identifier: MIT
"""What checking an e-invoice found: per layer passed, failed or could not run, and why.

An e-invoice is checked in layers (its XML schema, the EN 16931 rules, a Factur-X profile, the
XRechnung rules). Each layer ends in one of three states, and only a layer that ran and found no
fatal rule broken has *passed*: a layer that could not run (the rule engine crashed, timed out,
or a rule file is missing) is never counted as a pass, and a check in which no layer ran is not
valid either. The verdict of the whole document follows from its layers
(:attr:`CheckResult.verdict`).

These are plain values: the checker (``arapp.einvoice``) makes them, the command line and the
window show them, and the sender refuses to send a document whose verdict is not valid.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from arapp.i18n import pgettext


class Severity(StrEnum):
    """How bad a broken rule is: a fatal one makes the document invalid, a warning does not."""

    FATAL = "fatal"
    WARNING = "warning"

    @property
    def label(self) -> str:
        """The severity in the person's language (:attr:`value` stays what reports write)."""
        if self is Severity.FATAL:
            return pgettext("rule severity", "fatal")
        return pgettext("rule severity", "warning")


class LayerStatus(StrEnum):
    """How one layer of the check ended."""

    PASSED = "passed"
    FAILED = "failed"
    NOT_RUN = "could not run"

    @property
    def label(self) -> str:
        """How the layer ended in the person's language (:attr:`value` stays English)."""
        if self is LayerStatus.PASSED:
            return pgettext("check layer", "passed")
        if self is LayerStatus.FAILED:
            return pgettext("check layer", "failed")
        return pgettext("check layer", "could not run")


class Verdict(StrEnum):
    """What the check says about the whole document."""

    VALID = "valid"
    INVALID = "invalid"
    #: Nothing fatal was found, but at least one layer could not run: not known to be valid.
    INCOMPLETE = "not fully checked"
    #: The file is not a readable e-invoice (not XML, refused, no invoice in the PDF).
    UNREADABLE = "unreadable"


@dataclass(frozen=True)
class RuleFailure:
    """One rule the document breaks.

    Attributes:
        rule: The rule's identifier, such as ``BR-CO-10`` or ``BR-DE-15`` (``XSD`` for a
            schema error).
        severity: Fatal (the document is invalid) or a warning.
        text: The rule in words, as its authors wrote it.
        location: Where in the document, as the rule engine reports it (a simplified XPath
            or a line number); empty when not known.
        field: The field to fix in words a shop owner knows ("Seller VAT identifier
            (BT-31)"), or ``None`` when the rule names none.
    """

    rule: str
    severity: Severity
    text: str
    location: str = ""
    field: str | None = None


@dataclass(frozen=True)
class LayerResult:
    """How one layer of the check ended.

    Attributes:
        name: The layer in words with the rules' version ("EN 16931 rules 1.3.16 (CII)").
        status: Passed, failed or could not run.
        failures: Every rule broken, fatal ones and warnings (empty when it could not run).
        note: Why it could not run, or anything else worth saying; empty otherwise.
    """

    name: str
    status: LayerStatus
    failures: tuple[RuleFailure, ...] = ()
    note: str = ""

    def __post_init__(self) -> None:
        fatal = any(f.severity is Severity.FATAL for f in self.failures)
        if self.status is LayerStatus.PASSED and fatal:
            raise ValueError("a layer with a fatal rule broken has not passed")
        if self.status is LayerStatus.FAILED and not fatal:
            raise ValueError("a failed layer names the fatal rule it found broken")
        if self.status is LayerStatus.NOT_RUN and not self.note:
            raise ValueError("a layer that could not run says why")

    @classmethod
    def ran(cls, name: str, failures: tuple[RuleFailure, ...], note: str = "") -> LayerResult:
        """A layer that ran: failed if any of ``failures`` is fatal, else passed."""
        fatal = any(f.severity is Severity.FATAL for f in failures)
        status = LayerStatus.FAILED if fatal else LayerStatus.PASSED
        return cls(name, status, failures, note)

    @classmethod
    def not_run(cls, name: str, reason: str) -> LayerResult:
        """A layer that could not run, and why (never a pass)."""
        return cls(name, LayerStatus.NOT_RUN, (), reason)


@dataclass(frozen=True)
class CheckResult:
    """Everything the check of one document found.

    Attributes:
        source: The file or document checked, as the person knows it.
        syntax: ``CII``, ``UBL Invoice`` or ``UBL CreditNote``; empty when unreadable.
        specification: The specification the document claims (its CustomizationID or
            guideline parameter), empty when none.
        layers: Each layer that applies, in the order run.
        problem: Why the file could not be read; empty when it was read.
        notes: Plain sentences on what was not checked or where the XML came from.
    """

    source: str
    syntax: str = ""
    specification: str = ""
    layers: tuple[LayerResult, ...] = ()
    problem: str = ""
    notes: tuple[str, ...] = ()

    @classmethod
    def unreadable(cls, source: str, problem: str) -> CheckResult:
        return cls(source, problem=problem)

    @property
    def verdict(self) -> Verdict:
        if self.problem:
            return Verdict.UNREADABLE
        statuses = {layer.status for layer in self.layers}
        if LayerStatus.FAILED in statuses:
            return Verdict.INVALID
        if LayerStatus.NOT_RUN in statuses or not self.layers:
            return Verdict.INCOMPLETE
        return Verdict.VALID

    @property
    def fatal(self) -> tuple[RuleFailure, ...]:
        """Every fatal rule broken, layer by layer."""
        return tuple(
            f for layer in self.layers for f in layer.failures if f.severity is Severity.FATAL
        )

    @property
    def warnings(self) -> tuple[RuleFailure, ...]:
        return tuple(
            f for layer in self.layers for f in layer.failures if f.severity is Severity.WARNING
        )


__all__ = ["CheckResult", "LayerResult", "LayerStatus", "RuleFailure", "Severity", "Verdict"]
