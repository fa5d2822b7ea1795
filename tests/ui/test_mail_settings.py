# SPDX-License-Identifier: MIT
"""Settings ▸ E-mail: the password goes to the keyring only; test e-mails say what happened."""

from __future__ import annotations

import keyring
from keyring.backends import fail
from PySide6.QtCore import Qt
from sqlalchemy import text

from arapp.services.settings import get_setting
from arapp.ui.settings import SettingsDialog
from tests.helpers.mailserver import PASSWORD, USER
from tests.helpers.ui_reminders import memory_keyring, point_at, server, shop

__all__ = ["memory_keyring", "server", "shop"]


def _tab(qtbot, ctx):  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.tabs.setCurrentWidget(dialog.mail_tab)
    return dialog, dialog.mail_tab


def test_password_goes_to_the_keyring_not_the_settings(qtbot, ctx, server, memory_keyring, shots):  # type: ignore[no-untyped-def]
    point_at(ctx, server[0], attach_pdf=False)
    dialog, tab = _tab(qtbot, ctx)
    assert tab.password.text() == ""
    assert (
        "MemoryKeyring" in tab.password_state.text() or "kept only in" in tab.password_state.text()
    )
    assert tab.keyring_problem.isHidden()
    qtbot.keyClicks(tab.password, PASSWORD)
    qtbot.mouseClick(tab.store_button, Qt.MouseButton.LeftButton)
    assert memory_keyring.store == {("arapp-smtp", USER): PASSWORD}
    assert tab.password.text() == ""
    assert tab.password_state.text().startswith("Password stored in")
    with ctx.db.read() as session:
        dump = "\n".join(str(r) for r in session.execute(text("SELECT key, value FROM setting")))
    assert PASSWORD not in dump
    dialog.grab().save(str(shots / "settings-email.png"))
    _again, tab2 = _tab(qtbot, ctx)
    assert tab2.password.text() == ""  # never pre-filled


def test_no_keyring_says_how_to_fix(qtbot, ctx, shots) -> None:  # type: ignore[no-untyped-def]
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        dialog, tab = _tab(qtbot, ctx)
        dialog.resize(1366, 700)
        dialog.show()
        # one plain sentence across the tab's width, the technical words behind a button
        assert tab.keyring_problem.isVisible()
        assert "PYTHON_KEYRING_BACKEND" not in tab.keyring_sentence.text()
        assert "PYTHON_KEYRING_BACKEND" not in tab.password_state.text()
        assert tab.keyring_sentence.text().count(". ") == 0
        assert tab.keyring_sentence.wordWrap()
        assert tab.keyring_sentence.width() > tab.width() // 2
        # not clipped: the label is given at least the height its wrapped text needs
        needed = tab.keyring_sentence.heightForWidth(tab.keyring_sentence.width())
        assert tab.keyring_sentence.height() >= needed
        assert not tab.keyring_details.isVisible()
        tab.keyring_fix_button.click()
        assert tab.keyring_details.isVisible()
        assert "PYTHON_KEYRING_BACKEND" in tab.keyring_details.text()
        dialog.grab().save(str(shots / "settings-email-no-keyring.png"))
        assert not tab.store_button.isEnabled()
    finally:
        keyring.set_keyring(before)


def test_security_none_warns(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    dialog, tab = _tab(qtbot, ctx)
    dialog.show()
    assert not tab.security_warning.isVisible()
    tab.security.setCurrentIndex(tab.security.findData("none"))
    assert tab.security_warning.isVisible()
    assert "readable" in tab.security_warning.text()
    assert dialog.save()
    assert get_setting(ctx, "smtp.security") == "none"


def test_test_email_success_and_wrong_password(qtbot, shop) -> None:  # type: ignore[no-untyped-def]
    ctx, inbox = shop
    _dialog, tab = _tab(qtbot, ctx)
    qtbot.mouseClick(tab.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.test_button.isEnabled(), timeout=10_000)
    assert tab.test_result.text() == f"A test e-mail was sent to {USER}. The account works."
    assert inbox.received[0][1]["Subject"] == "arapp test message"

    qtbot.keyClicks(tab.password, "wrong")
    qtbot.mouseClick(tab.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.test_button.isEnabled(), timeout=10_000)
    result = tab.test_result.text()
    assert result.startswith("The test e-mail was not sent:")
    assert "refused the user name or password" in result
    assert "store the password again in Tools ▸ Settings ▸ E-mail" in result


def test_refused_connection_is_named(qtbot, ctx, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    from tests.helpers.mailserver import free_port

    point_at(ctx, free_port(), attach_pdf=False)  # nobody listens there
    _dialog, tab = _tab(qtbot, ctx)
    qtbot.keyClicks(tab.password, PASSWORD)
    qtbot.mouseClick(tab.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.test_button.isEnabled(), timeout=10_000)
    assert "refused the connection" in tab.test_result.text()
