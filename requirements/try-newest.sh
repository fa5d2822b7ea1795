#!/usr/bin/env bash
# Try the newest releases pyproject.toml allows, without the lock, in a throwaway venv, and run
# the whole suite on them. Not part of CI: upgrades are a deliberate step. When it passes, move
# the lock with ./refresh.sh --upgrade and commit it with what this printed; when it fails, the
# failures name what a new release would break (a CLDR change once dropped the Swiss grouping).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv=$(mktemp -d)/venv
trap 'rm -rf "$(dirname "$venv")"' EXIT
python3 -m venv "$venv"
"$venv/bin/pip" install -q --upgrade --upgrade-strategy eager -e "$root[test,postgres]"
echo "Versions that differ from requirements/test.lock:"
"$venv/bin/pip" list --format=freeze | while IFS='=' read -r name _ version; do
  locked=$(grep -i -m1 "^${name//[_.]/[-_.]}==" "$root/requirements/test.lock" | sed 's/ .*//' || true)
  [ -n "$locked" ] && [ "${locked#*==}" != "$version" ] && echo "  $name: ${locked#*==} -> $version"
done || true
cd "$root"
"$venv/bin/python" -m pytest -q -p no:cacheprovider "$@"
