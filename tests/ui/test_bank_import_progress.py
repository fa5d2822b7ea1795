# SPDX-License-Identifier: MIT
"""The bank import dialog shows how far an import got, and Cancel while it runs rolls it back
and says nothing was imported."""

from __future__ import annotations

from arapp.services.bank.transactions import count_transactions
from arapp.services.context import AppContext
from arapp.ui.bank.import_dialog import CANCELLED, ImportStatementDialog

LINES = 20_000


def big_csv() -> bytes:
    rows = ["date,amount,reference"]
    rows += [f"2026-{n % 12 + 1:02}-{n % 28 + 1:02},{n % 900 + 1}.25,R{n}" for n in range(LINES)]
    return "\n".join(rows).encode()


def checked_dialog(qtbot, ctx: AppContext) -> ImportStatementDialog:  # type: ignore[no-untyped-def]
    dialog = ImportStatementDialog(ctx, big_csv(), "big.csv")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.check is not None, timeout=30_000)
    assert dialog.check is not None and dialog.check.lines_new == LINES
    assert dialog.import_button.isEnabled()
    return dialog


def test_cancel_while_importing_rolls_back_and_says_so(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    dialog = checked_dialog(qtbot, ctx)
    dialog.import_button.click()
    assert dialog.importing and dialog.progress.isVisible()
    dialog.cancel_button.click()  # asks the import to stop; the dialog stays open
    assert dialog.isVisible()
    assert dialog.summary.text() == "Stopping the import…"
    assert not dialog.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.importing, timeout=30_000)
    assert dialog.summary.text() == CANCELLED
    assert dialog.result is None and dialog.isVisible()
    assert not dialog.progress.isVisible()
    assert dialog.import_button.isEnabled() and dialog.cancel_button.isEnabled()
    assert count_transactions(ctx, "new") == 0
    # importing again after a cancel imports the whole file
    with qtbot.waitSignal(dialog.imported, timeout=60_000) as done:
        dialog.import_button.click()
    assert done.args[0].lines_new == LINES
    assert count_transactions(ctx, "new") == LINES


def test_the_import_shows_how_far_it_got(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    dialog = checked_dialog(qtbot, ctx)
    told: list[tuple[str, int]] = []
    tell = dialog._tell
    dialog._tell = lambda phase, lines: (told.append((phase, lines)), tell(phase, lines))  # type: ignore[method-assign]
    with qtbot.waitSignal(dialog.imported, timeout=60_000):
        dialog.import_button.click()
    read = [lines for phase, lines in told if phase == "read"]
    assert read == sorted(read) and read[-1] >= LINES - 1_000  # told every thousand lines
    assert told[-1] == ("written", LINES)
    # what the timer shows, from what the worker told
    for phase, lines, text in (
        ("read", 12_000, "Importing… 12,000 lines read."),
        ("written", 5_000, "Importing… 5,000 new written."),
    ):
        dialog._told = (phase, lines)
        dialog._stop.clear()
        dialog._show_progress()
        assert dialog.summary.text() == text
