# SPDX-License-Identifier: MIT
"""``arapp bank mapping delete`` as a real process: forgets one saved bank mapping, by name."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.cli import run


def test_a_saved_bank_mapping_is_deleted_by_name(tmp_path: Path) -> None:
    books = tmp_path / "shop.sqlite3"
    assert run("init", "--name", "Corner Shop", "--currency", "eur", db=books).returncode == 0
    for name in ("Sparkasse", "Volksbank"):
        saved = run(
            "bank", "mapping", "save", name, "--date", "Buchungstag", "--amount", "Betrag",
            "--delimiter", ";", db=books,
        )  # fmt: skip
        assert saved.returncode == 0, saved.stderr

    deleted = run("bank", "mapping", "delete", " Sparkasse ", db=books)
    assert deleted.returncode == 0, deleted.stderr
    assert deleted.stdout.strip() == "Deleted the bank CSV mapping “Sparkasse”."
    assert run("bank", "mapping", "list", db=books).stdout.split("\n")[:-1] == ["Volksbank"]

    again = run("bank", "mapping", "delete", "Sparkasse", db=books)
    assert again.returncode == 1
    assert "There is no saved bank_csv mapping called “Sparkasse”." in again.stderr
    assert run("bank", "mapping", "list", db=books).stdout.split("\n")[:-1] == ["Volksbank"]
