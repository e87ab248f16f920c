# Shared by scripts/build, scripts/run and scripts/test. Source it; do not run it.
# shellcheck shell=bash

RECOND_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# Debian 12 packages recond needs to build and run (README.md says why each).
RECOND_BUILD_PACKAGES=(
  g++ cmake make pkg-config
  libboost1.81-dev libboost-url1.81-dev
  libpq-dev nlohmann-json3-dev libspdlog-dev prometheus-cpp-dev
  libssl-dev libpugixml-dev zlib1g-dev
  libzip-dev
  postgresql
)
# Added by scripts/test.
RECOND_TEST_PACKAGES=(libgtest-dev python3)

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Installs the missing packages with apt-get when root; otherwise names them and stops.
ensure_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    die "missing Debian packages: ${missing[*]}
run as root:  apt-get update && apt-get install -y ${missing[*]}"
  fi
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The OpenAPI checks' tools (tests/openapi/package.json, pinned by its package-lock.json): the
# Redocly linter and Stoplight Prism's validating proxy, from the npm registry, with the machine's
# Node.js (Debian's nodejs and npm when it has none).
ensure_node_tools() {
  command -v npm >/dev/null 2>&1 || ensure_packages nodejs npm
  local dir="$RECOND_ROOT/tests/openapi"
  if [ ! -x "$dir/node_modules/.bin/redocly" ] || [ ! -x "$dir/node_modules/.bin/prism" ] ||
     [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "installing the OpenAPI linter and validating proxy (npm ci in tests/openapi)"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
}

jobs_count() { nproc 2>/dev/null || echo 2; }
