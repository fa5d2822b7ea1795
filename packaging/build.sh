#!/usr/bin/env bash
# Build the one-folder bundle of arapp for this system with PyInstaller (packaging/arapp.spec),
# then, on Linux, a tarball with an install script (and an AppImage when appimagetool is on
# PATH). Needs Python 3.11 or newer and the package registry; makes its own virtual environment
# in build/venv from the committed locks (requirements/run.lock and packaging/build.lock).
#
#   bash packaging/build.sh          # -> dist/arapp/arapp, dist/arapp-VERSION-linux-ARCH.tar.gz
#
# PYTHON=python3.12 picks the interpreter; ARAPP_BUNDLE_FULL=1 builds without the Qt
# exclusions (to measure what they save, see README).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_PROGRESS_BAR=off
started=$(date +%s)

venv=build/venv
python=$venv/bin/python
[ -x "$venv/Scripts/python.exe" ] && python=$venv/Scripts/python.exe
if [ ! -x "$python" ]; then
  "${PYTHON:-python3}" -m venv "$venv"
  [ -x "$venv/Scripts/python.exe" ] && python=$venv/Scripts/python.exe
fi
# The app's dependencies exactly as tested, the build tools, then arapp itself (a real install,
# not an editable one: the bundle takes the files the wheel would ship, package data included).
"$python" -m pip install -q -r requirements/run.lock
"$python" -m pip install -q -r packaging/build.lock
"$python" -m pip install -q --no-deps --no-build-isolation --force-reinstall .
rm -rf build/lib build/bdist.* ./*.egg-info  # left by the wheel build in the checkout

# From build/, so the checkout's arapp/ (without arapp.resources) is not the one analysed.
(cd build && "$root/$python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --workpath pyinstaller --distpath "$root/dist" "$root/packaging/arapp.spec")

version=$("$python" -c 'import arapp; print(arapp.__version__)')
case "$(uname -s)" in
  Linux)
    bash packaging/linux/make_tarball.sh "$version"
    if command -v appimagetool >/dev/null 2>&1; then
      bash packaging/linux/make_appimage.sh "$version"
    else
      echo "appimagetool is not on PATH: no AppImage (the tarball installs the same bundle)"
    fi
    ;;
  Darwin) bash packaging/macos/make_dmg.sh "$version" ;;
esac
echo "Built dist/arapp in $(( $(date +%s) - started )) s: $(du -sh dist/arapp | cut -f1)"
