# SPDX-License-Identifier: MIT
"""Writing a file in one step: the bytes go to ``NAME.part`` first, which then replaces ``NAME``,
so a failure (a full disk, a crash) never leaves half a file under the name, nor replaces a good
one; the ``.part`` file is removed when the write fails."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def write_atomically(target: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``target`` in one step; returns the path written."""
    path = Path(target)
    partial = path.with_name(path.name + ".part")
    try:
        partial.write_bytes(data)
        partial.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    return path
