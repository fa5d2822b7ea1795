# SPDX-License-Identifier: MIT
"""Never "sent" for what did not go: without a usable mail account nothing is sent and every
outcome says what waits; collections flags are "flagged", never counted as sent (also the rows
written before that state existed, channel ``flag`` and state ``sent``)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from arapp.services.context import AppContext
from arapp.services.reminders.mailer import MailProblem, account_problem, store_password
from arapp.services.reminders.outbox import list_outbox, outbox_waiting
from arapp.services.reminders.run import DueReminder, plan_run
from arapp.services.reminders.sending import daily_run, queue_and_send, queue_only
from arapp.services.settings import set_setting
from tests.helpers.books import TODAY, customer, overdue_invoice
from tests.helpers.cli import run
from tests.helpers.mailserver import (
    PASSWORD,
    USER,
    Inbox,
    MemoryKeyring,
    memory_keyring,
    point_at,
    server,
)

__all__ = ["memory_keyring", "server"]  # fixtures, used from here


def _due(ctx: AppContext) -> list[DueReminder]:
    """Two e-mail customers, one without an address (a letter), and one marked for the agency
    (made from a planned reminder, so that it does not hang on when the ladder flags)."""
    for name, email in (("Anna", "anna@x.example"), ("Bert", "bert@x.example"), ("Cleo", "")):
        overdue_invoice(ctx, customer(ctx, name, email), days_late=10)
    dora = customer(ctx, "Dora", "dora@x.example")
    overdue_invoice(ctx, dora, days_late=10)
    due = plan_run(ctx, TODAY)
    flag = next(d for d in due if d.customer_id == dora)
    due[due.index(flag)] = replace(flag, channel="flag", recipient="", level_name="Collections")
    assert sorted(d.channel for d in due) == ["email", "email", "flag", "letter"]
    return due


def test_the_account_check_names_what_is_missing(ctx: AppContext, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    problem = account_problem(ctx)
    assert problem is not None and (problem.setting, str(problem)) == (
        "smtp.host", "No mail server is set."
    )  # fmt: skip
    set_setting(ctx, "smtp.host", "mail.example.org")
    problem = account_problem(ctx)
    assert problem is not None and problem.setting == "smtp.from"
    set_setting(ctx, "smtp.from", USER)
    assert account_problem(ctx) is None  # no login: no password needed
    set_setting(ctx, "smtp.username", USER)
    problem = account_problem(ctx)
    assert problem is not None and (problem.kind, problem.setting) == ("auth", "smtp.password")
    assert USER in str(problem)
    store_password(ctx, PASSWORD)
    assert account_problem(ctx) is None


def test_without_an_account_nothing_is_queued_as_if_sent(ctx: AppContext) -> None:
    due = _due(ctx)
    with pytest.raises(MailProblem, match="No mail server is set"):
        queue_and_send(ctx, due, TODAY)
    assert list_outbox(ctx) == []  # refused before anything was queued

    outcome = queue_only(ctx, due, TODAY, "No mail server is set.")
    assert (outcome.emails_queued, outcome.waiting, outcome.letters, outcome.flags) == (2, 2, 1, 1)
    assert outcome.report.sent == () and outcome.no_account == "No mail server is set."
    waiting = outbox_waiting(ctx)
    assert (waiting.queued, waiting.letters, waiting.total) == (2, 1, 3)
    states = sorted((r.channel, r.state) for r in list_outbox(ctx))
    assert states == [("email", "queued"), ("email", "queued"), ("flag", "flagged"),
                      ("letter", "queued")]  # fmt: skip
    assert [r.channel for r in list_outbox(ctx, ("flagged",))] == ["flag"]
    assert list_outbox(ctx, ("sent",)) == []  # the flag's stored "sent" is not "sent"


def test_the_daily_run_without_an_account_queues_nothing_and_says_why(ctx: AppContext) -> None:
    set_setting(ctx, "reminders.auto", "yes")
    overdue_invoice(ctx, customer(ctx, "Anna", "anna@x.example"), days_late=10)
    result = daily_run(ctx, TODAY)
    assert (result.due, result.automatic, result.outcome) == (1, True, None)
    assert result.no_account == "No mail server is set."
    assert list_outbox(ctx) == []


def test_a_real_run_counts_what_arrived(ctx: AppContext, server, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    port, inbox = server
    point_at(ctx, port, attach_pdf=False)
    store_password(ctx, PASSWORD)
    inbox.data_answers = ["250 OK", "451 mailbox busy"]  # the second e-mail is put off
    outcome = queue_and_send(ctx, _due(ctx), TODAY)
    assert len(outcome.report.sent) == len(inbox.received) == 1
    assert (len(outcome.report.retry), outcome.waiting, outcome.flags, outcome.letters) == (
        1, 0, 1, 1
    )  # fmt: skip
    assert outbox_waiting(ctx).retrying == 1


def test_the_command_line_without_an_account_says_queued_not_sent(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "n.sqlite3"
    run("init", "--name", "Shop", db=db)
    run("customer", "add", "--name", "Late Payer", "--code", "LATE", "--email",
        "late@example.org", db=db)  # fmt: skip
    made = run("invoice", "new", "--customer", "LATE", "--date", "2026-01-01",
               "--line", "Work;1;80", "--issue", db=db)  # fmt: skip
    assert made.returncode == 0, made.stderr
    result = run("remind", "--as-of", "2026-02-20", db=db)
    assert result.returncode == 1
    assert "Queued 1 reminders in 1 messages: 1 e-mail, 0 letters to print" in result.stdout
    assert "Sent 0; queued, not sent: 1 e-mail waiting for a mail account" in result.stdout
    assert "nothing was sent: No mail server is set. (arapp config set smtp.host HOST)" in (
        result.stderr
    )
    again = run("outbox", "send", db=db)
    assert again.returncode == 1 and "Sent 0; queued, not sent: 1 e-mail" in again.stdout


def test_the_command_line_counts_a_real_send(
    tmp_path, server: tuple[int, Inbox], memory_keyring: MemoryKeyring
) -> None:  # type: ignore[no-untyped-def]
    port, inbox = server
    db = tmp_path / "s.sqlite3"
    run("init", "--name", "Shop", db=db)
    for key, value in (
        ("smtp.host", "127.0.0.1"), ("smtp.port", str(port)), ("smtp.username", USER),
        ("smtp.from", USER), ("smtp.timeout", "5"),
    ):  # fmt: skip
        run("config", "set", key, value, db=db)
    run("config", "smtp-password", db=db, stdin=PASSWORD + "\n")
    for code, email in (("A", "a@example.org"), ("B", "")):
        run("customer", "add", "--name", f"Payer {code}", "--code", code, "--email", email,
            db=db)  # fmt: skip
        made = run("invoice", "new", "--customer", code, "--date", "2026-01-01",
                   "--line", "Work;1;80", "--issue", db=db)  # fmt: skip
        assert made.returncode == 0, made.stderr
    result = run("remind", "--as-of", "2026-02-20", db=db)
    assert result.returncode == 0, result.stderr
    assert "1 e-mail, 1 letter to print, 0 customers marked for the agency" in result.stdout
    assert "Letters to print: arapp letters print" in result.stdout
    assert "Sent 1; queued, not sent 0; to retry 0" in result.stdout
    assert len(inbox.received) == 1
