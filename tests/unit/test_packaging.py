# SPDX-License-Identifier: MIT
"""What pyproject.toml ships matches the source tree."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

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


def _locked(name: str) -> dict[str, str]:
    """``{package: version}`` pinned by ``requirements/NAME.lock``."""
    pins = {}
    for line in (ROOT / "requirements" / f"{name}.lock").read_text(encoding="utf-8").splitlines():
        if line[:1].isalnum() and "==" in line:
            package, _, rest = line.partition("==")
            pins[canonicalize_name(package)] = rest.split()[0].rstrip(";").strip()
    return pins


@pytest.mark.parametrize(
    ("lock", "extras"), [("run", ["postgres"]), ("test", ["test", "postgres"])]
)
def test_the_locks_pin_every_dependency_within_its_range(lock: str, extras: list[str]) -> None:
    # Both README commands install from these locks: a dependency added to pyproject.toml
    # without requirements/refresh.sh would be missing on a fresh machine.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"])
    for extra in extras:
        wanted += project["optional-dependencies"][extra]
    pins = _locked(lock)
    for text in wanted:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert name in pins, (
            f"{name} is not in requirements/{lock}.lock: run requirements/refresh.sh"
        )
        assert requirement.specifier.contains(pins[name]), f"{name}=={pins[name]} vs {text}"


def test_the_app_lock_pins_what_the_test_lock_pins() -> None:
    run, test = _locked("run"), _locked("test")
    assert {name: test.get(name) for name in run} == run
