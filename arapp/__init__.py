# SPDX-License-Identifier: MIT
"""arapp: invoicing and collections for small shops."""

__version__ = "0.1.0"
APP_NAME = "arapp"
APP_DISPLAY_NAME = "arapp"
APP_AUTHOR = "arapp"
