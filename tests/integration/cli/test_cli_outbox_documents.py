# SPDX-License-Identifier: MIT
"""An invoice e-mailed while no mail account works waits in the outbox, and ``arapp outbox send``
sends it once the account is set up (real SMTP server on 127.0.0.1), then has nothing to send."""

from __future__ import annotations

import re
from pathlib import Path

from tests.helpers.cli import run
from tests.helpers.mailserver import PASSWORD, USER, Inbox, MemoryKeyring, memory_keyring, server

__all__ = ["memory_keyring", "server"]  # fixtures, used from here


def test_a_queued_invoice_goes_with_outbox_send(
    tmp_path: Path, server: tuple[int, Inbox], memory_keyring: MemoryKeyring
) -> None:
    port, inbox = server
    db = tmp_path / "d.sqlite3"
    run("init", "--name", "Shop", db=db)
    run("customer", "add", "--name", "Acme", "--code", "ACME", "--email", "ap@acme.example",
        db=db)  # fmt: skip
    made = run("invoice", "new", "--customer", "ACME", "--line", "Work;1;80", "--issue", db=db)
    assert made.returncode == 0, made.stderr
    found = re.search(r"INV-\d{4}-\d{5}", made.stdout)
    assert found is not None, made.stdout
    number = found.group(0)

    queued = run("invoice", "send", number, db=db)
    assert "queued" in queued.stdout.lower(), queued.stdout + queued.stderr
    assert inbox.received == []
    nothing = run("outbox", "send", db=db)
    assert nothing.returncode == 1
    assert "Documents: 1 e-mail waiting for a mail account" in nothing.stdout

    for key, value in (
        ("smtp.host", "127.0.0.1"), ("smtp.port", str(port)), ("smtp.security", "starttls"),
        ("smtp.username", USER), ("smtp.from", USER), ("smtp.timeout", "5"),
    ):  # fmt: skip
        assert run("config", "set", key, value, db=db).returncode == 0
    assert run("config", "smtp-password", db=db, stdin=PASSWORD + "\n").returncode == 0

    sent = run("outbox", "send", db=db)
    assert sent.returncode == 0, sent.stdout + sent.stderr
    assert "Documents: sent 1; to retry 0; failed 0; unknown 0" in sent.stdout
    ((rcpts, message),) = inbox.received
    assert rcpts == ["ap@acme.example"] and number in message["Subject"]
    assert run("outbox", "send", db=db).stdout.strip() == "Nothing to send."
    assert "already" in run("invoice", "send", number, db=db).stdout.lower()
