# SPDX-License-Identifier: MIT
"""The layers stay layered: ui, cli -> services -> db, pdf, mail -> domain.

Every module is read (imports at the top, in functions and under ``TYPE_CHECKING`` alike); no
layer has a whitelist.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

import arapp

ROOT = Path(arapp.__file__).parent
# numpy: pure arithmetic for the risk model (arapp/domain/risk_*.py) and the cash-in
# forecast (arapp/domain/forecast_model.py), imported only when they run
ALLOWED_DOMAIN_THIRD_PARTY = {"dateutil", "numpy"}

FORBIDDEN = {
    # layer: packages it must not import
    "arapp.domain": {
        "arapp.db",
        "arapp.services",
        "arapp.ui",
        "arapp.cli",
        "arapp.pdf",
        "arapp.mail",
        "arapp.app",
        "arapp.formatting",
        "PySide6",
        "sqlalchemy",
        "alembic",
        "babel",
        "reportlab",
        "keyring",
    },
    "arapp.db": {
        "arapp.services",
        "arapp.ui",
        "arapp.cli",
        "arapp.pdf",
        "arapp.mail",
        "PySide6",
        "shiboken6",
    },
    "arapp.pdf": {"arapp.db", "arapp.mail", "arapp.services", "arapp.ui", "arapp.cli", "PySide6"},
    "arapp.mail": {"arapp.db", "arapp.pdf", "arapp.services", "arapp.ui", "arapp.cli", "PySide6"},
    # E-invoices read and check documents; they know nothing of the books, mail or windows.
    "arapp.einvoice": {
        "arapp.db",
        "arapp.mail",
        "arapp.services",
        "arapp.ui",
        "arapp.cli",
        "PySide6",
        "sqlalchemy",
    },
    "arapp.services": {"arapp.ui", "arapp.cli", "PySide6", "shiboken6"},
    "arapp.cli": {"arapp.ui.", "arapp.db", "PySide6", "shiboken6", "sqlalchemy", "alembic"},
    # The window talks to services only: no models, sessions or migrations (backups go
    # through arapp.services.backup).
    "arapp.ui": {"arapp.db", "arapp.cli", "sqlalchemy", "alembic"},
}


def _modules() -> list[tuple[str, Path]]:
    found = []
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        if "migrations" in parts:
            continue
        name = ".".join(p for p in parts if p != "__init__")
        found.append((name, path))
    return sorted(found)


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports, at the top, in functions or under ``TYPE_CHECKING``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            # ``from arapp import db`` imports the package arapp.db.
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _hidden_imports(path: Path) -> set[str]:
    """Imports the rows above cannot see: relative ones, ``importlib.import_module`` and
    ``__import__`` (``importlib.resources`` for resources is fine)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            found.add(ast.unparse(node))
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in ("import_module", "__import__"):
                found.add(ast.unparse(node))
    return found


def _hits(imported: set[str], banned: set[str]) -> set[str]:
    return {
        name
        for name in imported
        for ban in banned
        if name == ban.rstrip(".") or name.startswith(ban if ban.endswith(".") else ban + ".")
    }


@pytest.mark.parametrize(("module", "path"), _modules(), ids=lambda v: str(v))
def test_module_respects_the_layers(module: str, path: Path) -> None:
    imported = _imports(path)
    for layer, banned in FORBIDDEN.items():
        if module == layer or module.startswith(layer + "."):
            assert not _hits(imported, banned), f"{module} imports {_hits(imported, banned)}"
    if not (module.startswith("arapp.ui") or module == "arapp.ui"):
        assert not _hits(imported, {"PySide6", "shiboken6"}), f"{module} imports Qt"
    assert not _hidden_imports(path), f"{module} imports {_hidden_imports(path)}"
    if module.startswith("arapp.domain"):
        third_party = {
            n.split(".")[0]
            for n in imported
            if n.split(".")[0] not in sys.stdlib_module_names and not n.startswith("arapp")
        }
        assert third_party <= ALLOWED_DOMAIN_THIRD_PARTY, f"{module} imports {third_party}"


def _import_graph() -> dict[str, set[str]]:
    """Module -> the arapp modules it imports (anywhere in it, ``TYPE_CHECKING`` included).

    ``from arapp.ui import batch_export`` is an edge to ``arapp.ui.batch_export``, not to the
    package: a package's ``__init__`` runs first whatever is imported from it, which is no
    circle of ours.
    """
    modules = dict(_modules())
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        edges = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                edges.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                subs = {f"{node.module}.{alias.name}" for alias in node.names} & modules.keys()
                edges.update(subs)
                if len(subs) < len(node.names):
                    edges.add(node.module)
        graph[name] = (edges & modules.keys()) - {name}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One circle through each group of modules that import each other (depth first)."""
    found: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        path.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                found.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target)
        path.pop()
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)
    return found


def test_the_cycle_finder_finds_a_circle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c", "a"]]


def test_no_module_of_arapp_imports_itself_round_a_circle() -> None:
    """Not even for types: a circle is cut with a small protocol or a callback."""
    circles = [" -> ".join(c) for c in _cycles(_import_graph())]
    assert circles == []


MAX_CONSTRUCTOR_LINES = 100


def test_widget_constructors_are_broken_into_builders() -> None:
    """A window's ``__init__`` over 100 lines becomes small ``_build_*`` methods."""
    long = []
    for name, path in _modules():
        if not name.startswith("arapp.ui"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                for function in node.body:
                    if isinstance(function, ast.FunctionDef) and function.name == "__init__":
                        size = (function.end_lineno or function.lineno) - function.lineno + 1
                        if size > MAX_CONSTRUCTOR_LINES:
                            long.append(f"{name}.{node.name}.__init__: {size} lines")
    assert long == []
