# SPDX-License-Identifier: MIT
"""Editing the reminder ladder: the checks, the default policy, delete, and the TOML file the
command line exports and imports (all or nothing, naming the line and the level)."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from arapp.domain.reminders import DEFAULT_POLICY, ReminderLevel, ReminderPolicy
from arapp.services import customers as cust
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors, ServiceError
from arapp.services.reminders.policy import (
    delete_policy,
    find_policy,
    list_policies,
    policy_problems,
    save_policy,
    set_customer_reminders,
    set_default_policy,
)
from arapp.services.reminders.policy_file import (
    PolicyFileError,
    import_policy,
    policy_to_toml,
    read_policy,
)
from arapp.services.reminders.run import plan_run
from tests.helpers.books import issued_invoice
from tests.helpers.cli import run

#: A ladder of this test's own (the default texts are another part's to change).
LEVELS = (
    ReminderLevel(1, "Friendly heads-up", -3, "Invoice $invoice_number is due soon",
                  "Dear $contact,\n\nplease pay $amount_due."),
    ReminderLevel(2, "Polite reminder", 1, "Reminder: $invoice_number",
                  "Dear $contact,\n\n$amount_due is open."),
    ReminderLevel(3, "Firm reminder", 14, "$invoice_number is $days_overdue days late",
                  "Dear $contact,\n\nplease pay now."),
    ReminderLevel(4, "Final notice", 30, "Final notice: $invoice_number",
                  "Dear $contact,\n\nlast call.", late_fee=True),
    ReminderLevel(5, "Collections agency", 45, "Agency: $invoice_number",
                  "Hand over $customer.", action="flag"),
)  # fmt: skip


def _messages(levels: tuple[ReminderLevel, ...], name: str = "X") -> list[str]:
    return [p.message for p in policy_problems(name, levels)]


def test_every_mistake_is_named_with_its_level() -> None:
    assert _messages(LEVELS) == []
    swapped = (LEVELS[0], replace(LEVELS[1], offset_days=-5), *LEVELS[2:])
    assert _messages(swapped) == [
        "Level 2 (Polite reminder): its day (-5) must come after level 1's (-3)."
    ]
    typo = (replace(LEVELS[0], body="Dear $contcat, pay $amount_due."),)
    (message,) = _messages(typo)
    assert message.startswith("Level 1 (Friendly heads-up): body: Unknown placeholder $contcat")
    assert "$contact" in message and "$invoice_number" in message  # the ones that exist
    lone = (replace(LEVELS[0], subject="Pay 5 $ now", name=" "),)
    assert _messages(lone, name="") == [
        "Give the policy a name.",
        "Level 1: give the level a name.",
        "Level 1: subject: A lone $ must be written $$.",
    ]
    empty = (replace(LEVELS[0], subject="  "),)
    assert _messages(empty) == ["Level 1 (Friendly heads-up): the subject is empty."]
    assert [p.field for p in policy_problems("X", typo)] == ["levels[1].body"]
    assert _messages(()) == ["A reminder policy needs at least one level."]


def test_save_refuses_a_taken_name_and_stores_nothing(ctx: AppContext) -> None:
    with pytest.raises(InputErrors, match='A policy called "Standard" exists'):
        save_policy(ctx, ReminderPolicy("standard ", LEVELS))
    assert [r.policy.name for r in list_policies(ctx)] == ["Standard"]


def test_the_default_policy_can_change_and_be_renamed(ctx: AppContext) -> None:
    (standard,) = list_policies(ctx)
    assert standard.is_default
    short = save_policy(ctx, ReminderPolicy("Short", (replace(LEVELS[1], level=1),)))
    set_default_policy(ctx, short.id)
    assert [(r.policy.name, r.is_default) for r in list_policies(ctx)] == [
        ("Standard", False),
        ("Short", True),
    ]
    customer = cust.create_customer(ctx, cust.CustomerInput(name="Ann", email="a@x.ie")).id
    issued_invoice(ctx, customer, date(2026, 9, 1), "10.00")  # due 1 Oct: 53 days late
    (due,) = plan_run(ctx)
    assert (due.policy_id, due.level_name) == (short.id, "Polite reminder")  # the new default
    save_policy(ctx, ReminderPolicy("Gentle", LEVELS), standard.id)  # a rename
    assert find_policy(ctx, "gentle").id == standard.id and find_policy(ctx).id == short.id


def test_delete_only_what_no_one_uses(ctx: AppContext) -> None:
    (standard,) = list_policies(ctx)
    other = save_policy(ctx, ReminderPolicy("Other", LEVELS))
    customer = cust.create_customer(ctx, cust.CustomerInput(name="Ann")).id
    set_customer_reminders(ctx, customer, policy_id=other.id)
    with pytest.raises(ServiceError, match='1 customer use "Other"'):
        delete_policy(ctx, other.id)
    with pytest.raises(ServiceError, match="is the default policy"):
        delete_policy(ctx, standard.id)
    assert find_policy(ctx, "Other").customers == 1
    set_customer_reminders(ctx, customer, policy_id=None)
    delete_policy(ctx, other.id)
    assert [r.policy.name for r in list_policies(ctx)] == ["Standard"]


def test_the_file_reads_back_to_the_same_policy(ctx: AppContext) -> None:
    odd = replace(
        LEVELS[0], body="It's 100 $$ ''' and \"quotes\"\\ and\ttabs\n\nbye", subject="a'b"
    )
    policy = ReminderPolicy("Odd's", (odd, *LEVELS[1:]))
    text = policy_to_toml(policy)
    data = tomllib.loads(text)
    assert data["level"][0]["body"] == odd.body and data["level"][0]["subject"] == "a'b"
    assert "'''\nDear $contact," in policy_to_toml(
        ReminderPolicy("X", LEVELS)
    )  # literal: reads as sent
    parsed = read_policy(ctx, text)
    assert parsed.policy == policy and parsed.replaces is None


def test_a_broken_file_names_line_and_level_and_changes_nothing(ctx: AppContext) -> None:
    text = policy_to_toml(ReminderPolicy("Standard", LEVELS))
    broken = text.replace("days = 14", "days = 40").replace("$days_overdue days", "$days_late days")
    with pytest.raises(PolicyFileError) as caught:
        import_policy(ctx, broken)
    lines = broken.splitlines()
    headers = [n for n, text in enumerate(lines, 1) if text == "[[level]]"]
    assert len(headers) == 5
    subject = lines.index("subject = '$invoice_number is $days_late days late'") + 1
    days = lines.index("days = 30") + 1
    assert headers[2] < subject < headers[3] < days < headers[4]
    problems = caught.value.problems
    assert problems[0].startswith(
        f"Line {subject}: Level 3 (Firm reminder): subject: Unknown placeholder $days_late;"
    )
    assert problems[1] == (
        f"Line {days}: Level 4 (Final notice): its day (+30) must come after level 3's (+40)."
    )
    assert list_policies(ctx)[0].policy == DEFAULT_POLICY
    with pytest.raises(PolicyFileError, match="line 2"):
        import_policy(ctx, 'name = "X"\nthis is not toml\n')
    typed = text.replace("days = -3", 'days = "-3"').replace("late_fee = false", "late_fe = 1", 1)
    with pytest.raises(PolicyFileError) as caught:
        import_policy(ctx, typed)
    assert caught.value.problems[:2] == (
        f"Line {headers[0]}, level 1: unknown key 'late_fe' (use number, name, days, action, "
        "late_fee, subject, body, or [level.CODE] for another language: de, fr, es, it, nl).",
        f"Line {headers[0]}, level 1: days must be a whole number, days after the due date "
        "(negative: before it) ('-3').",
    )
    assert list_policies(ctx)[0].policy == DEFAULT_POLICY


def test_export_edit_import_on_the_command_line(
    ctx: AppContext, db_url: str, tmp_path: Path
) -> None:
    db = Path(db_url.removeprefix("sqlite:///"))
    (standard,) = list_policies(ctx)
    save_policy(ctx, ReminderPolicy("Standard", LEVELS), standard.id)
    out = tmp_path / "standard.toml"
    done = run("reminders", "policy", "export", str(out), db=db)
    assert done.returncode == 0, done.stderr
    assert read_policy(ctx, out.read_text(encoding="utf-8")).policy.levels == LEVELS
    edited = out.read_text(encoding="utf-8").replace("days = 14", "days = 10")
    edited = edited.replace("Firm reminder", "Second reminder")
    out.write_text(edited, encoding="utf-8")
    done = run("reminders", "policy", "import", str(out), db=db)
    assert done.returncode == 0, done.stderr
    assert 'Replaced the policy "Standard" (5 levels).' in done.stdout
    level = list_policies(ctx)[0].policy.level(3)
    assert level is not None and (level.name, level.offset_days) == ("Second reminder", 10)
    shown = run("reminders", "policy", "show", db=db)
    assert "Standard (the default)" in shown.stdout and "Second reminder" in shown.stdout
    assert "+10" in shown.stdout

    copy = tmp_path / "copy.toml"
    copy.write_text(edited.replace("name = 'Standard'", "name = 'Copy'"), encoding="utf-8")
    assert run("reminders", "policy", "import", str(copy), db=db).returncode == 0
    assert [r.policy.name for r in list_policies(ctx)] == ["Standard", "Copy"]
    done = run("reminders", "policy", "export", "-", "--name", "copy", db=db)
    assert done.stdout.startswith("# Reminder policy") and "name = 'Copy'" in done.stdout

    copy.write_text(edited.replace("days = 10", "days = 50"), encoding="utf-8")
    bad = run("reminders", "policy", "import", str(copy), db=db)
    assert bad.returncode == 1 and "nothing was changed" in bad.stderr
    assert "Level 3 (Second reminder): its day (+50) must come after" not in bad.stderr
    assert "Level 4 (Final notice): its day (+30) must come after level 3's (+50)" in bad.stderr
    assert list_policies(ctx)[0].policy.level(3).offset_days == 10  # type: ignore[union-attr]
    missing = run("reminders", "policy", "show", "Nope", db=db)
    assert missing.returncode == 1 and 'There is no reminder policy "Nope"' in missing.stderr


def test_a_removed_level_leaves_its_number_so_no_invoice_skips_a_step(ctx: AppContext) -> None:
    """Ann's invoice reached level 3 ("Firm"); the owner removes level 3 from the ladder. The
    final notice stays level 4, so her next reminder is the final notice on its day: had the
    levels been renumbered, the final notice would have become level 3, counted as sent, and
    the next step for her would have been the agency."""
    (standard,) = list_policies(ctx)
    save_policy(ctx, ReminderPolicy("Standard", LEVELS), standard.id)
    without_firm = (*LEVELS[:2], *LEVELS[3:])
    assert [lv.level for lv in without_firm] == [1, 2, 4, 5]
    assert policy_problems("Standard", without_firm) == []
    text = policy_to_toml(ReminderPolicy("Standard", without_firm))
    assert "number = 4" in text
    stored = import_policy(ctx, text).policy
    assert [lv.level for lv in stored.levels] == [1, 2, 4, 5]
    due = date(2026, 10, 1)
    assert stored.level_due(due, date(2026, 11, 5), last_sent=3) == stored.level(4)  # 35 days
    added = policy_to_toml(ReminderPolicy("Standard", without_firm)).replace("number = 5\n", "")
    assert [lv.level for lv in read_policy(ctx, added).policy.levels] == [1, 2, 4, 5]
    swapped = text.replace("number = 2", "number = 7")
    with pytest.raises(
        PolicyFileError, match=r"Level 4 \(Final notice\): its number must be above 7"
    ):
        read_policy(ctx, swapped)
