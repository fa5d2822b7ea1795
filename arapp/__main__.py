# SPDX-License-Identifier: MIT
"""``arapp`` (the window) and ``arapp COMMAND`` (scripting): see ``arapp --help``."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from arapp.cli import main as cli_main

    return cli_main(sys.argv[1:] if argv is None else argv)


def gui_main() -> int:
    return main(["gui", *sys.argv[1:]])


if __name__ == "__main__":
    sys.exit(main())
