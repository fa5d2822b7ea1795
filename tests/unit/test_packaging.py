# SPDX-License-Identifier: MIT
"""What pyproject.toml ships matches the source tree."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch
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


def test_the_bundle_build_lock_pins_what_the_app_lock_pins() -> None:
    # packaging/build.sh installs run.lock, then build.lock into one venv: a package both pin
    # must have one version (requirements/refresh.sh takes run.lock as constraints).
    run = _locked("run")
    build_lock = (ROOT / "packaging" / "build.lock").read_text(encoding="utf-8")
    build = {}
    for line in build_lock.splitlines():
        if line[:1].isalnum() and "==" in line:
            package, _, rest = line.partition("==")
            build[canonicalize_name(package)] = rest.split()[0].rstrip(";").strip()
    assert "pyinstaller" in build
    assert {name: run[name] for name in build if name in run} == {
        name: build[name] for name in build if name in run
    }


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", path
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def test_the_menu_entry_the_metainfo_and_the_icon_set_agree() -> None:
    linux = ROOT / "packaging" / "linux"
    entry = dict(
        line.split("=", 1)
        for line in (linux / "org.arapp.Arapp.desktop").read_text(encoding="utf-8").splitlines()
        if "=" in line
    )
    assert entry["Type"] == "Application" and entry["Exec"].startswith("arapp")
    metainfo = (linux / "org.arapp.Arapp.metainfo.xml").read_text(encoding="utf-8")
    assert "<id>org.arapp.Arapp</id>" in metainfo
    assert '<launchable type="desktop-id">org.arapp.Arapp.desktop</launchable>' in metainfo
    hicolor = ROOT / "packaging" / "icons" / "hicolor"
    for size in (16, 22, 24, 32, 48, 64, 128, 256, 512):
        assert _png_size(hicolor / f"{size}x{size}" / "apps" / f"{entry['Icon']}.png") == (
            size,
            size,
        )
    assert (hicolor / "scalable" / "apps" / f"{entry['Icon']}.svg").is_file()
    assert (ROOT / "packaging" / "icons" / "arapp.ico").read_bytes()[:4] == b"\0\0\1\0"
    assert (ROOT / "packaging" / "icons" / "arapp.icns").read_bytes()[:4] == b"icns"


def test_the_window_icon_ships_with_the_package() -> None:
    # asset() reads resources/ wherever arapp is installed from; the wheel takes what
    # package-data names
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["arapp.resources"]
    for name in ("icons/arapp-256.png", "icons/arapp.svg"):
        assert any(fnmatch(name, pattern) for pattern in patterns), name
    assert _png_size(ROOT / "resources" / "icons" / "arapp-256.png") == (256, 256)
