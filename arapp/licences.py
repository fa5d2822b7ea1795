# SPDX-License-Identifier: MIT
"""The licences of what arapp brings with it, for Help ▸ About: read from the installed
packages' metadata (``importlib.metadata``) and the e-invoice rules' own NOTICE and LICENSE
files, on this computer; nothing is fetched from the network.

The packages are arapp's requirements and theirs, as installed (the PostgreSQL driver, an
optional extra that the installers bring, included); a package whose metadata is not there is
left out rather than guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import metadata, resources

from arapp import APP_NAME

#: The optional extras the installed app carries (README: psycopg is part of the install).
BUNDLED_EXTRAS = ("postgres",)
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*")


@dataclass(frozen=True)
class PackageLicence:
    """One bundled package.

    Attributes:
        name: Its distribution name.
        version: Its version.
        licence: Its licence as its metadata states it (SPDX expression, or the classifier).
    """

    name: str
    version: str
    licence: str


def bundled_packages(root: str = APP_NAME) -> list[PackageLicence]:
    """``root``'s requirements and theirs, installed here, sorted by name (``root`` first)."""
    found: dict[str, PackageLicence] = {}
    waiting = [root]
    while waiting:
        name = waiting.pop()
        key = _key(name)
        if key in found:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        found[key] = PackageLicence(dist.metadata["Name"] or name, dist.version, licence_of(dist))
        for requirement in dist.requires or ():
            spec, _, marker = requirement.partition(";")
            if "extra" in marker and not any(f'"{e}"' in marker for e in BUNDLED_EXTRAS):
                continue
            if key != _key(root) and "extra" in marker:
                continue  # another package's extras are not installed for arapp
            match = _NAME.match(spec.strip())
            if match:
                waiting.append(match.group(0))
    first = found.pop(_key(root), None)
    rest = sorted(found.values(), key=lambda p: p.name.lower())
    return [first, *rest] if first else rest


def _key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def licence_of(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    expression = meta.get("License-Expression")
    if expression:
        return str(expression)
    classifiers = [
        c.split("::")[-1].strip()
        for c in meta.get_all("Classifier") or []
        if c.startswith("License ::") and c.count("::") >= 2
    ]
    if classifiers:
        return ", ".join(classifiers)
    text = (meta.get("License") or "").strip()
    first = text.splitlines()[0].strip() if text else ""
    return (
        first[:80] if first and len(first) <= 80 else (first[:77] + "…" if first else "not stated")
    )


def rules_notices() -> list[tuple[str, str]]:
    """The e-invoice rules' NOTICE and LICENSE files: (``folder/name``, their text)."""
    found = []
    rules = resources.files("arapp.einvoice") / "rules"
    for folder in sorted(rules.iterdir(), key=lambda f: f.name):
        if not folder.is_dir():
            continue
        for item in sorted(folder.iterdir(), key=lambda f: f.name):
            upper = item.name.upper()
            if item.is_file() and (upper.startswith("NOTICE") or upper.startswith("LICENSE")):
                found.append((f"{folder.name}/{item.name}", item.read_text(encoding="utf-8")))
    return found
