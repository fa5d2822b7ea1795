#!/usr/bin/env bash
# Rewrite the committed locks from pyproject.toml's ranges, for every platform (Windows, macOS,
# Linux) and Python 3.11 and newer, with hashes. Without options it keeps every pin that still
# fits and only adds or changes what pyproject.toml asks for; --upgrade takes the newest allowed
# versions (a deliberate step: run ./try-newest.sh first, then the whole suite on the new lock).
#
#   requirements/refresh.sh            # after editing dependencies in pyproject.toml
#   requirements/refresh.sh --upgrade  # move every pin to the newest allowed release
set -euo pipefail
cd "$(dirname "$0")"

upgrade=()
[ "${1:-}" = "--upgrade" ] && upgrade=(--upgrade)

uv=$(command -v uv || true)
if [ -z "$uv" ]; then
  # uv resolves for all platforms at once (pip-compile resolves for this machine only).
  python3 -m venv .uv-venv >/dev/null
  .uv-venv/bin/pip install -q uv
  uv=.uv-venv/bin/uv
fi

common=(--universal --python-version 3.11 --generate-hashes --quiet --no-header)
"$uv" pip compile ../pyproject.toml build.in --extra test --extra postgres "${common[@]}" \
  "${upgrade[@]}" -o test.lock
# The app's lock is the test lock less the test tools, so both install the same versions.
"$uv" pip compile ../pyproject.toml build.in --extra postgres "${common[@]}" \
  -c test.lock -o run.lock
# The bundle builder (packaging/build.sh) installs run.lock plus this lock of its tools.
"$uv" pip compile ../packaging/build.in "${common[@]}" -c run.lock "${upgrade[@]}" \
  -o ../packaging/build.lock
echo "Locks written: $(grep -c '==' run.lock) packages to run, $(grep -c '==' test.lock) to test," \
  "$(grep -c '==' ../packaging/build.lock) to build the bundles."
