#!/usr/bin/env bash
# Build the Linux bundle (packaging/build.sh), then run it headless (packaging/smoke_test.py):
# --version, demo on a temporary database, an invoice PDF read back, a reminder dry run, 40
# invoices e-mailed with PDFs from the render workers, a Factur-X e-invoice through the rule
# engine, and the window opening offscreen and closing on its own.
#
#   bash packaging/smoke_test.sh             # build, then test
#   bash packaging/smoke_test.sh --no-build  # test the bundle already in dist/arapp
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" != "--no-build" ]; then
  bash packaging/build.sh
fi
python=build/venv/bin/python
[ -x "$python" ] || python=build/venv/Scripts/python.exe
QT_QPA_PLATFORM=offscreen "$python" packaging/smoke_test.py dist/arapp/arapp
