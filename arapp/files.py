# SPDX-License-Identifier: MIT
"""Writing a file in one step: the bytes go to ``NAME.part`` first, which then replaces ``NAME``,
so a failure (a full disk, a crash) never leaves half a file under the name, nor replaces a good
one; the ``.part`` file is removed when the write fails.

The books, their backups and the log are arapp's own files and may hold every customer's name and
balance, on a machine that may have other accounts: :func:`private_folder` and
:func:`create_private_file` make them 0700 and 0600 whatever the umask (on Windows the user's
profile already protects them, and POSIX modes mean little there). Files the person saves where
they choose (exports, PDFs) keep their umask."""

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


PRIVATE_FOLDER_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def private_folder(folder: str | os.PathLike[str]) -> Path:
    """Make ``folder`` (and missing parents) and leave it readable by its owner only."""
    path = Path(folder)
    path.mkdir(mode=PRIVATE_FOLDER_MODE, parents=True, exist_ok=True)
    if os.name == "posix" and path.stat().st_mode & 0o077:
        # Made 0755 by an earlier arapp: the books inside are the person's alone.
        path.chmod(PRIVATE_FOLDER_MODE)
    return path


def create_private_file(target: str | os.PathLike[str]) -> bool:
    """Create ``target`` empty with mode 0600 unless it exists (then it is left as it is), so a
    program that opens it next (SQLite) writes into a file only its owner can read. True when
    it was created."""
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    except FileExistsError:
        return False
    os.close(fd)
    return True
