# SPDX-License-Identifier: MIT
"""``arapp`` (the window) and ``arapp COMMAND`` (scripting): see ``arapp --help``.

A frozen build (``packaging/``, PyInstaller) has one program, ``arapp``, for everything that
would otherwise start a Python interpreter: the PDF render workers (:mod:`multiprocessing`,
handled by ``freeze_support``) and the e-invoice rule engine's child (started with the hidden
first argument :data:`arapp.einvoice.saxon_child.FROZEN_ARGUMENT`). Both are told apart here,
before anything else runs.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    if getattr(sys, "frozen", False):
        code = _frozen_child(sys.argv[1:])  # what the process was started with, always
        if code is not None:
            return code
    from arapp.cli import main as cli_main

    return cli_main(sys.argv[1:] if argv is None else argv)


def _frozen_child(args: list[str]) -> int | None:
    """In a frozen build: run a child process's work and return its exit code, or ``None``
    when this process is arapp itself."""
    import multiprocessing

    # A render worker (spawned) runs its work here and exits; otherwise this returns at once.
    multiprocessing.freeze_support()
    from arapp.einvoice.saxon_child import FROZEN_ARGUMENT

    if args[:1] == [FROZEN_ARGUMENT]:
        from arapp.einvoice.saxon_child import main as serve_rules

        serve_rules()
        return 0
    return None


def gui_main() -> int:
    return main(["gui", *sys.argv[1:]])


if __name__ == "__main__":
    sys.exit(main())
