# SPDX-License-Identifier: MIT
"""Files shipped with arapp (fonts, icons, templates) from the top-level ``resources/`` folder.

In a wheel, ``resources/`` is installed as the package ``arapp.resources`` (see ``pyproject.toml``);
in a source checkout or an editable install it is read from the checkout itself.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path


def asset(relative: str) -> Traversable:
    """The shipped file ``resources/<relative>``, such as ``fonts/DejaVuSans.ttf``."""
    try:
        root: Traversable = resources.files("arapp.resources")
    except ModuleNotFoundError:
        root = Path(__file__).resolve().parent.parent / "resources"
    return root.joinpath(relative)
