# SPDX-License-Identifier: MIT
"""What pyproject.toml ships matches the source tree."""

from __future__ import annotations

import tomllib
from pathlib import Path

import arapp
from arapp.assets import asset

ROOT = Path(arapp.__file__).resolve().parent.parent


def test_every_package_folder_is_shipped() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "arapp").rglob("__init__.py")
    }
    assert found | {"arapp.resources"} == listed


def test_shipped_files_are_found() -> None:
    assert asset("__init__.py").is_file()
