# SPDX-License-Identifier: MIT
"""Tools ▸ Settings…: company profile, invoice settings, tax rates and the product catalog.

One module per tab; :class:`SettingsDialog` assembles them and says what Save and Cancel mean.
"""

from __future__ import annotations

from arapp.ui.settings.dialog import SettingsDialog

__all__ = ["SettingsDialog"]
