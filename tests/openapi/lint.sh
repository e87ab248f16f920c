#!/usr/bin/env bash
# The OpenAPI document passes Redocly's linter with its recommended rules, warnings included.
# Usage: lint.sh RECOND_BINARY. The linter comes from tests/openapi/node_modules (scripts/test
# installs it with `npm ci`).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
redocly="$here/node_modules/.bin/redocly"
if [ ! -x "$redocly" ]; then
  echo "the Redocly CLI is not installed: run scripts/test, or npm ci --prefix $here" >&2
  exit 1
fi
doc=$(mktemp --suffix=.json)
trap 'rm -f "$doc"' EXIT
"$1" openapi > "$doc"
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_COLOR=1
out=$("$redocly" lint --extends=recommended --format=stylish "$doc" 2>&1) || { echo "$out"; exit 1; }
echo "$out"
# The linter exits 0 on warnings; a warning is a finding too.
if echo "$out" | grep -qiE '[1-9][0-9]* warnings?'; then
  echo "the OpenAPI document has lint warnings" >&2
  exit 1
fi
