#!/usr/bin/env bash
# Install the system packages the full test suite needs (PostgreSQL, Chromium, PDF libraries).
# Runs apt-get only when something is missing and we are root (or have sudo).
set -euo pipefail
packages=(postgresql chromium chromium-driver libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils)
missing=()
have_pg() { ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; }
have_pg || missing+=(postgresql)
command -v chromium >/dev/null 2>&1 || missing+=(chromium chromium-driver)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
command -v node >/dev/null 2>&1 || missing+=(nodejs)  # runs the browser-side BLE parser's tests
[ ${#missing[@]} -eq 0 ] && exit 0
command -v node >/dev/null 2>&1 || packages+=(nodejs)
if [ "$(id -u)" = 0 ]; then sudo=(); elif command -v sudo >/dev/null 2>&1; then sudo=(sudo); else
  echo "Missing system packages: ${missing[*]}. Install them (apt-get install ${packages[*]}) for the PostgreSQL and browser tests." >&2
  [ "${CI:-}" = "true" ] && exit 1
  exit 0
fi
echo "Installing system packages: ${packages[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
