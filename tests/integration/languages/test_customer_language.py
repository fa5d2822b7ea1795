# SPDX-License-Identifier: MIT
"""A customer's language (issue 14, issue 17 item 1): kept by the service and the command line,
refused with the codes there are when unknown, carried by the customers CSV both ways (a bad
code is a row's error and nothing is written), and a reminder policy's texts per language in
its TOML file (files from before languages still read)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from arapp.domain.reminders import DEFAULT_POLICY, LevelText, ReminderPolicy
from arapp.services.context import AppContext
from arapp.services.customers import CustomerInput, create_customer, customer_by_code
from arapp.services.errors import InputErrors, NotFound
from arapp.services.reminders.policy import find_policy
from arapp.services.reminders.policy_file import (
    PolicyFileError,
    import_policy,
    policy_to_toml,
)
from arapp.services.transfer.exports import export_customers
from arapp.services.transfer.imports import import_customers
from tests.helpers.cli import run


def test_the_language_is_kept_checked_and_shown(ctx: AppContext) -> None:
    record = create_customer(ctx, CustomerInput(name="Bäckerei Süß", language=" DE "))
    assert record.language == "de"
    assert create_customer(ctx, CustomerInput(name="Acme")).language == ""  # the company's
    with pytest.raises(InputErrors) as caught:
        create_customer(ctx, CustomerInput(name="Nope", language="pt"))
    (error,) = caught.value.errors
    assert error.field == "language"
    assert error.message == (
        'Unknown language "pt"; use one of en (English), de (Deutsch), fr (Français), '
        "es (Español), it (Italiano), nl (Nederlands)."
    )


def test_the_command_line_sets_and_shows_the_language(ctx: AppContext) -> None:
    books = ctx.db.sqlite_path
    added = run("customer", "add", "--name", "Forno Rossi", "--code", "ROSSI",
                "--language", "it", db=books)  # fmt: skip
    assert added.returncode == 0, added.stderr
    shown = run("customer", "show", "ROSSI", db=books)
    assert "language:     Italiano (it)" in shown.stdout
    assert run("customer", "edit", "ROSSI", "--language", "", db=books).returncode == 0
    shown = run("customer", "show", "ROSSI", db=books)
    assert "language:     the company's: English (en)" in shown.stdout
    wrong = run("customer", "edit", "ROSSI", "--language", "klingon", db=books)
    assert wrong.returncode != 0 and 'Unknown language "klingon"' in wrong.stderr
    assert customer_by_code(ctx, "ROSSI").language == ""


def test_the_customers_csv_carries_the_language_both_ways(ctx: AppContext) -> None:
    create_customer(ctx, CustomerInput(name="Bakkerij Jansen", code="JANSEN", language="nl"))
    text = export_customers(ctx).decode("utf-8-sig")
    header, row = text.splitlines()[:2]
    assert header.endswith(",language") and row.endswith(",nl")
    good = "code,name,language\nA1,Alpha,fr\nB1,Beta,\n"
    report = import_customers(ctx, good.encode())
    assert report.ok, report.problems
    assert customer_by_code(ctx, "A1").language == "fr"
    assert customer_by_code(ctx, "B1").language == ""
    bad = "code,name,language\nC1,Gamma,de\nD1,Delta,xx\n"
    report = import_customers(ctx, bad.encode())
    assert not report.ok
    (problem,) = report.problems
    assert "line 3" in str(problem).lower() and 'Unknown language "xx"' in str(problem)
    with pytest.raises(NotFound):  # nothing of the file was written
        customer_by_code(ctx, "C1")


def test_a_policy_file_carries_the_texts_per_language(ctx: AppContext) -> None:
    levels = list(DEFAULT_POLICY.levels)
    levels[1] = replace(levels[1], texts=(
        LevelText("de", "Zahlungserinnerung: $invoices", "Guten Tag $contact,\n\n$invoice_list"),
        LevelText("fr", "Rappel : $invoices", "Bonjour $contact,"),
    ))  # fmt: skip
    text = policy_to_toml(ReminderPolicy("Standard", tuple(levels)))
    assert "[level.de]\nsubject = 'Zahlungserinnerung: $invoices'" in text
    import_policy(ctx, text)
    stored = find_policy(ctx, "Standard").policy
    assert stored.levels[1].texts == levels[1].texts
    assert policy_to_toml(stored) == text  # and back to the same file
    shown = run("reminders", "policy", "show", db=ctx.db.sqlite_path).stdout
    assert "Also in" in shown and "de, fr" in shown
    # a file from before languages reads as before, and a wrong language table is named
    old = policy_to_toml(DEFAULT_POLICY)
    assert "\n[level." not in old
    import_policy(ctx, old)
    assert find_policy(ctx, "Standard").policy.levels[1].texts == ()
    with pytest.raises(PolicyFileError) as caught:
        import_policy(ctx, text.replace("[level.fr]\nsubject = 'Rappel : $invoices'",
                                        "[level.fr]\nsubjet = 'Rappel'"))  # fmt: skip
    assert any("Français ([level.fr]): unknown key 'subjet'" in p for p in caught.value.problems)
    with pytest.raises(PolicyFileError) as caught:
        import_policy(ctx, text.replace("Bonjour $contact,", "Bonjour $contakt,"))
    assert any("Français body: Unknown placeholder $contakt" in p for p in caught.value.problems)


def test_the_command_line_edits_a_text_per_language_and_keeps_the_old_form(
    ctx: AppContext,
) -> None:
    books = ctx.db.sqlite_path
    assert run("config", "set", "mail.invoice_subject", "Inv $number", db=books).returncode == 0
    out = run("config", "set", "mail.invoice_subject", "Facture $number", "--language", "fr",
              db=books)  # fmt: skip
    assert out.returncode == 0 and out.stdout.strip() == "mail.invoice_subject.fr = Facture $number"
    got = run("config", "get", "mail.invoice_subject", "--language", "fr", db=books)
    assert got.stdout.strip() == "Facture $number"
    assert run("config", "get", "mail.invoice_subject", db=books).stdout.strip() == "Inv $number"
    listed = run("config", "list", db=books).stdout
    assert "mail.invoice_subject.fr = Facture $number" in listed
    wrong = run("config", "set", "smtp.host", "x", "--language", "fr", db=books)
    assert wrong.returncode != 0 and "smtp.host has no languages" in wrong.stderr
    wrong = run("config", "set", "mail.invoice_subject", "x", "--language", "pt", db=books)
    assert wrong.returncode != 0 and 'Unknown language "pt"' in wrong.stderr
    bad = run("config", "set", "mail.invoice_body", "Hi $nope", "--language", "fr", db=books)
    assert bad.returncode != 0 and "$nope" in bad.stderr
