# A private PostgreSQL cluster for development and tests, from Debian's postgresql package.
# It listens only on a Unix socket in a private directory, so it never clashes with another
# server on the machine. As root, the cluster runs as the unprivileged 'postgres' user.
# shellcheck shell=bash

PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
PG_PORT=5432

pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_user() {
  if [ "$(id -u)" -eq 0 ]; then echo postgres; else id -un; fi
}

# pg_start DATA_DIR: initialises the cluster when new, starts it, creates database 'recond'.
# Sets PG_DATA, PG_SOCKET_DIR and RECOND_PG_URL.
pg_start() {
  [ -n "$PG_BIN" ] || die "PostgreSQL binaries not found; install the 'postgresql' package"
  PG_DATA=$1
  mkdir -p "$PG_DATA"
  PG_DATA=$(cd "$PG_DATA" && pwd)
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$PG_DATA"
    chmod 700 "$PG_DATA"
    if ! runuser -u postgres -- test -w "$PG_DATA"; then
      die "the postgres user cannot reach $PG_DATA (a parent directory is closed to others);
set RECOND_DATA_DIR to a directory it can reach, e.g. RECOND_DATA_DIR=/var/tmp/recond"
    fi
  fi
  PG_SOCKET_DIR=$(mktemp -d /tmp/recond-pg.XXXXXX)
  chmod 755 "$PG_SOCKET_DIR"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PG_SOCKET_DIR"
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    say "initdb $PG_DATA"
    pg_as_owner "$PG_BIN/initdb" -D "$PG_DATA" -U "$(pg_user)" --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  fi
  pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w -t 60 \
    -o "-k $PG_SOCKET_DIR -p $PG_PORT -c listen_addresses='' -c fsync=${RECOND_PG_FSYNC:-on}" start >/dev/null \
    || { cat "$PG_DATA/server.log" >&2; die "PostgreSQL did not start"; }
  if ! pg_as_owner "$PG_BIN/psql" -h "$PG_SOCKET_DIR" -p "$PG_PORT" -U "$(pg_user)" -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = 'recond'" | grep -q 1; then
    pg_as_owner "$PG_BIN/createdb" -h "$PG_SOCKET_DIR" -p "$PG_PORT" -U "$(pg_user)" recond
  fi
  RECOND_PG_URL="host=$PG_SOCKET_DIR port=$PG_PORT dbname=recond user=$(pg_user)"
}

# pg_stop: stops the cluster pg_start started, whatever state it is in.
pg_stop() {
  [ -n "${PG_DATA:-}" ] || return 0
  pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >/dev/null 2>&1 || true
  [ -n "${PG_SOCKET_DIR:-}" ] && rm -rf "$PG_SOCKET_DIR"
  PG_DATA=
}
