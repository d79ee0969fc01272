#!/usr/bin/env bash
# Run a command with a throwaway PostgreSQL cluster on loopback, then stop and delete it.
#
#   scripts/with-postgres.sh .venv/bin/python -m pytest tests/test_store.py
#
# The command sees STAKEHOLDER_MAP_TEST_PG (a SQLAlchemy URL for an empty database
# `appdb` owned by role `app`). Needs PostgreSQL's server binaries (Debian:
# apt-get install postgresql); as root the cluster runs as the `postgres` user.
# PGBIN and PGPORT (default 54329) can be set to override. Exits with the
# command's exit code.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
PORT=${PGPORT:-54329}
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  echo "$0: PostgreSQL server binaries not found (apt-get install postgresql, or set PGBIN)" >&2
  exit 2
fi

PGD=$(mktemp -d -t stakeholder-map-pg.XXXXXX)
if [ "$(id -u)" = 0 ]; then
  chown postgres:postgres "$PGD"
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi

stop() {
  as_pg "$PGBIN/pg_ctl" -D "$PGD" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PGD"
}
trap stop EXIT

as_pg "$PGBIN/initdb" -D "$PGD" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
if ! as_pg "$PGBIN/pg_ctl" -D "$PGD" -l "$PGD/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $PGD -c fsync=off" start >/dev/null; then
  echo "$0: PostgreSQL did not start (is port $PORT taken? set PGPORT). Its log:" >&2
  cat "$PGD/server.log" >&2
  exit 1
fi
as_pg "$PGBIN/psql" -q -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=1 \
  -c "CREATE ROLE app LOGIN PASSWORD 'app'" -c "CREATE DATABASE appdb OWNER app" >/dev/null

export STAKEHOLDER_MAP_TEST_PG="postgresql+psycopg://app:app@127.0.0.1:$PORT/appdb"
status=0
"$@" || status=$?
exit "$status"
