# SPDX-License-Identifier: MIT
"""Test helpers shared by every test folder: books builders, the CLI runner, the mail server."""
