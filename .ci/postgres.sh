#!/usr/bin/env bash
# Installs PostgreSQL from Debian's apt (only if it is missing), starts its cluster on 127.0.0.1 and creates the
# test role and database. Safe to run again: every step checks first. Prints the connection string the tests read
# from BOT_TEST_POSTGRES; `eval "$(.ci/postgres.sh --export)"` sets it in the calling shell.
set -euo pipefail

role=${BOT_TEST_POSTGRES_ROLE:-bot_test}
password=${BOT_TEST_POSTGRES_PASSWORD:-bot_test}

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "postgres.sh: installing PostgreSQL from apt" >&2
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
fi

version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { found = 1 } END { exit !found }'; then
  as_root pg_createcluster "$version" main >&2
fi

port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $3 }')
status=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $4 }')
if [ "$status" != "online" ]; then
  echo "postgres.sh: starting PostgreSQL $version on 127.0.0.1:$port" >&2
  # listen_addresses is localhost by default on Debian; said again here so the tests never depend on a changed config.
  as_root pg_ctlcluster "$version" main start -o "-c listen_addresses=127.0.0.1" >&2
fi

for attempt in $(seq 1 120); do
  if as_postgres pg_isready -q -h 127.0.0.1 -p "$port"; then
    break
  fi
  if [ "$attempt" -eq 120 ]; then
    echo "postgres.sh: PostgreSQL $version on 127.0.0.1:$port did not accept connections within 60 s" >&2
    exit 1
  fi
  sleep 0.5
done

# The role creates a database per test class, so it needs CREATEDB; nothing more.
as_postgres psql -q -p "$port" -v ON_ERROR_STOP=1 -v role="$role" -v password="$password" <<'SQL' >&2
SELECT format('CREATE ROLE %I LOGIN CREATEDB PASSWORD %L', :'role', :'password')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'role', :'role')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'role') \gexec
SQL

connection="Host=127.0.0.1;Port=$port;Username=$role;Password=$password;Database=$role"
if [ "${1:-}" = "--export" ]; then
  printf 'export BOT_TEST_POSTGRES=%q\n' "$connection"
else
  echo "$connection"
fi
