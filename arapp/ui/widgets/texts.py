# SPDX-License-Identifier: MIT
"""Module-level texts (marked with :func:`~arapp.i18n.N_`) in the window's language, read
where they are shown: the language is chosen after the modules are imported."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from arapp.i18n import _

Key = TypeVar("Key")


def translated(texts: Mapping[Key, str]) -> dict[Key, str]:
    """``texts`` (column headers, labels…) with each value passed through :func:`_`."""
    return {key: _(text) for key, text in texts.items()}
