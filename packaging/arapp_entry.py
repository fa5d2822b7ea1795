# SPDX-License-Identifier: MIT
"""The program PyInstaller freezes (packaging/arapp.spec): ``arapp``, and on Windows the
windowed ``arapp-gui`` (which opens the window, as ``arapp gui`` does). Child processes (render
workers, the e-invoice rule engine) are told apart in :func:`arapp.__main__.main` first."""

import sys
from pathlib import Path

from arapp.__main__ import gui_main, main

if __name__ == "__main__":
    sys.exit(gui_main() if Path(sys.executable).stem == "arapp-gui" else main())
