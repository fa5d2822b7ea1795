# SPDX-License-Identifier: MIT
"""The SMTP password lives in the operating system's keyring, and nowhere else.

Never in the database, logs or exports, and never in a plain-text file as a silent fallback:
when no secure keyring backend exists, :class:`KeyringUnavailable` says so and how to fix it. A
backend the user chose explicitly (``PYTHON_KEYRING_BACKEND`` or keyring's own config file) is
respected.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from typing import TypeVar

import keyring
import keyring.errors
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail

SERVICE = "arapp-smtp"

_T = TypeVar("_T")

HOW_TO_FIX = (
    "Install and unlock your system's keychain (Windows Credential Manager, macOS Keychain, or "
    "on Linux GNOME Keyring or KWallet with the Secret Service running), or choose a keyring "
    "backend explicitly with the PYTHON_KEYRING_BACKEND environment variable. arapp never keeps "
    "the password in plain text."
)


class KeyringUnavailable(Exception):
    """No secure place for the password; the message says how to get one."""


def _explicit_choice() -> bool:
    if os.environ.get("PYTHON_KEYRING_BACKEND"):
        return True
    try:
        return keyring.core.load_config() is not None
    except Exception:  # a broken config file is not a choice
        return False


def _unusable(backend: KeyringBackend) -> str | None:
    """Why ``backend`` cannot keep a password safely, or ``None`` when it can."""
    if isinstance(backend, fail.Keyring):
        return "no keyring backend is available on this computer"
    module = type(backend).__module__
    if module.startswith("keyring.backends.null"):
        return "the keyring backend is the null backend, which keeps nothing"
    if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
        return "no keyring backend is available on this computer"
    plaintext = module.startswith("keyrings.alt") and "plaintext" in type(backend).__name__.lower()
    if plaintext and not _explicit_choice():
        return "the only keyring backend found keeps passwords in plain text"
    return None


def secure_keyring() -> KeyringBackend:
    """The keyring backend in use, or :class:`KeyringUnavailable` with how to fix it."""
    backend = keyring.get_keyring()
    reason = _unusable(backend)
    if reason is not None:
        raise KeyringUnavailable(f"The SMTP password cannot be stored: {reason}. {HOW_TO_FIX}")
    return backend


def _call(action: str, fn: Callable[..., _T], *args: str) -> _T:
    try:
        return fn(*args)
    except keyring.errors.KeyringLocked:
        raise KeyringUnavailable(
            f"The keyring is locked, so the SMTP password could not be {action}. Unlock your "
            "keychain (log in to it) and try again."
        ) from None
    except keyring.errors.KeyringError as exc:
        raise KeyringUnavailable(
            f"The keyring failed, so the SMTP password could not be {action}: {exc}. {HOW_TO_FIX}"
        ) from None


def get_password(username: str) -> str | None:
    """The stored password of ``username``, or ``None`` when none is stored."""
    backend = secure_keyring()
    return _call("read", backend.get_password, SERVICE, username)


def set_password(username: str, password: str) -> None:
    if not username:
        raise ValueError("a user name is needed to store a password")
    backend = secure_keyring()
    _call("stored", backend.set_password, SERVICE, username, password)


def delete_password(username: str) -> None:
    """Forget the stored password (nothing happens when none is stored)."""
    backend = secure_keyring()

    def delete() -> None:
        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            backend.delete_password(SERVICE, username)

    _call("removed", delete)
