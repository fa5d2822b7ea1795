# SPDX-License-Identifier: MIT
"""The UI talks to services only: no SQLAlchemy, no models, no sessions in ``arapp/ui``."""

from __future__ import annotations

import ast
from pathlib import Path

import arapp.ui

UI = Path(arapp.ui.__file__).parent
ALLOWED_DB = {"arapp.db.migrate"}  # File ▸ Back up database… calls backup_database()


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_ui_imports_services_not_the_database():
    offenders = {}
    for path in sorted(UI.rglob("*.py")):
        bad = {
            name
            for name in imported_modules(path)
            if name.split(".")[0] == "sqlalchemy"
            or (name.startswith("arapp.db") and name not in ALLOWED_DB)
        }
        if bad:
            offenders[str(path.relative_to(UI))] = sorted(bad)
    assert offenders == {}


def test_services_and_domain_never_import_qt():
    root = UI.parent
    for layer in ("services", "domain", "db"):
        for path in (root / layer).rglob("*.py"):
            qt = {n for n in imported_modules(path) if n.split(".")[0] in ("PySide6", "shiboken6")}
            assert not qt, f"{path} imports {qt}"
