#!/usr/bin/env bash
# Run the whole test suite on SQLite, then again on PostgreSQL.
# A throwaway PostgreSQL is started on 127.0.0.1 unless VAGAL_TEST_POSTGRES_URL is given.
set -euo pipefail
cd "$(dirname "$0")/.."
pytest=(.venv/bin/pytest -p no:cacheprovider "$@")

if [ -z "${VAGAL_TEST_POSTGRES_URL:-}" ] && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  pgdir=$(mktemp -d /tmp/vagal-pg.XXXXXX)
  port=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  trap 'scripts/postgres.sh stop "$pgdir"' EXIT
  VAGAL_TEST_POSTGRES_URL=$(scripts/postgres.sh start "$pgdir" "$port")
  export VAGAL_TEST_POSTGRES_URL
fi

echo "== tests on SQLite =="
VAGAL_TEST_DATABASE_URL= "${pytest[@]}"
if [ -n "${VAGAL_TEST_POSTGRES_URL:-}" ]; then
  echo "== tests on PostgreSQL =="
  VAGAL_TEST_DATABASE_URL="$VAGAL_TEST_POSTGRES_URL" "${pytest[@]}"
elif [ "${CI:-}" = "true" ]; then
  echo "CI=true but no PostgreSQL is available: the PostgreSQL pass cannot be skipped." >&2
  exit 1
else
  echo "PostgreSQL is not installed: the PostgreSQL pass was skipped (run 'make system-deps')." >&2
fi
