#!/usr/bin/env bash
# Runs CMD with a throwaway PostgreSQL server for the `postgres` token cache tests:
#   scripts/with-postgres.sh swift test --filter SesamePostgresCacheTests
#
# 1. Installs Debian's `postgresql` when initdb/pg_ctl are missing (apt-get, as root or via sudo).
# 2. Creates a cluster with initdb in a new temporary folder (as the `postgres` user when run as root:
#    initdb and postgres refuse root), listening on 127.0.0.1 only, on a free port.
#    TLS is on, with a self-signed certificate for 127.0.0.1 made with openssl (installed when
#    missing), so that sslmode=require connects, sslmode=verify-full refuses it, and verify-full with
#    that certificate as sslrootcert accepts it.
# 3. Creates two roles on database sesame_test: `sesame` (trust authentication) and `sesame_pw`
#    (scram-sha-256, a random password), so both the password-less and the password paths are tested.
# 4. Exports, for CMD:
#      SESAME_TEST_POSTGRES_URL           postgres://sesame@127.0.0.1:PORT/sesame_test (trust)
#      SESAME_TEST_POSTGRES_PASSWORD_URL  postgres://sesame_pw@127.0.0.1:PORT/sesame_test
#      SESAME_TEST_POSTGRES_PASSWORD      sesame_pw's password
#      SESAME_TEST_POSTGRES_BIN           the server's bin folder (pg_ctl, psql, pg_dump)
#      SESAME_TEST_POSTGRES_DATA          the cluster's data folder (for pg_ctl stop/start)
#      SESAME_TEST_POSTGRES_USER          the system user to run pg_ctl as ("" when not root)
#      SESAME_TEST_POSTGRES_CA            the server's self-signed certificate (sslrootcert for verify-full)
# 5. Stops the server and removes the folder when CMD ends, whatever its status (also on failure or
#    interruption), and exits with CMD's status.
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: $0 CMD [ARGS...]" >&2
  exit 2
fi

find_bindir() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/psql" ] && [ -x "$dir/pg_dump" ]; then
      echo "$dir"
      return 0
    fi
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dir="$(dirname "$(readlink -f "$(command -v initdb)")")"
    if [ -x "$dir/psql" ] && [ -x "$dir/pg_dump" ]; then
      echo "$dir"
      return 0
    fi
  fi
  return 1
}

apt_install() {
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: $* missing and apt-get is not available; install PostgreSQL (server and client) and openssl with your package manager" >&2
    exit 1
  fi
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "error: $* missing; run as root: apt-get update && apt-get install -y $*" >&2
      exit 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq "$@" >/dev/null
}

command -v openssl >/dev/null 2>&1 || { echo "with-postgres: installing openssl" >&2; apt_install openssl; }
bindir="$(find_bindir || true)"
if [ -z "$bindir" ]; then
  echo "with-postgres: installing postgresql (initdb/pg_ctl not found)" >&2
  apt_install postgresql
  bindir="$(find_bindir || true)"
  if [ -z "$bindir" ]; then
    echo "error: postgresql was installed but no folder with initdb, pg_ctl, psql and pg_dump was found under /usr/lib/postgresql" >&2
    exit 1
  fi
fi

# initdb and postgres refuse to run as root: the cluster belongs to the `postgres` user then.
run_as=""
if [ "$(id -u)" -eq 0 ]; then
  run_as="postgres"
  if ! id "$run_as" >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/bash "$run_as"
  fi
fi
as_owner() {
  if [ -n "$run_as" ]; then runuser -u "$run_as" -- "$@"; else "$@"; fi
}

# As root the cluster's owner must reach the folder: /tmp, whatever $TMPDIR says.
base="${TMPDIR:-/tmp}"
[ -n "$run_as" ] && base=/tmp
work="$(mktemp -d "$base/sesame-postgres.XXXXXX")"
chmod 0700 "$work"
[ -n "$run_as" ] && chown "$run_as" "$work"
data="$work/data"
log="$work/server.log"

cleanup() {
  local status=$?
  if [ -f "$data/postmaster.pid" ]; then
    as_owner "$bindir/pg_ctl" -D "$data" stop -m immediate >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A free loopback port: bound by the kernel, then released for the server.
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null || echo $((20000 + RANDOM % 20000)))"

as_owner "$bindir/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C >"$work/initdb.log" 2>&1 || {
  echo "error: initdb failed:" >&2; cat "$work/initdb.log" >&2; exit 1;
}
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" \
  -keyout "$data/server.key" -out "$data/server.crt" >/dev/null 2>&1 || {
  echo "error: openssl could not make the test server's certificate" >&2; exit 1;
}
chmod 0600 "$data/server.key"
[ -n "$run_as" ] && chown "$run_as" "$data/server.key" "$data/server.crt"
cat >>"$data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$work'
fsync = off
ssl = on
ssl_cert_file = 'server.crt'
ssl_key_file = 'server.key'
max_connections = 100
EOF
# The password role must authenticate with its password; every other role is trusted (loopback only).
cat >"$data/pg_hba.conf" <<EOF
host  all  sesame_pw  127.0.0.1/32  scram-sha-256
host  all  all        127.0.0.1/32  trust
local all  all                      trust
EOF

as_owner "$bindir/pg_ctl" -D "$data" -l "$log" -w -t 60 start >/dev/null || {
  echo "error: the PostgreSQL server did not start:" >&2; cat "$log" >&2; exit 1;
}

password="$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))' 2>/dev/null || head -c 18 /dev/urandom | base64 | tr '+/' '-_')"
"$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres >/dev/null <<EOF
CREATE ROLE sesame LOGIN;
CREATE ROLE sesame_pw LOGIN PASSWORD '$password';
CREATE DATABASE sesame_test OWNER sesame;
\connect sesame_test
GRANT USAGE, CREATE ON SCHEMA public TO sesame_pw;
EOF

export SESAME_TEST_POSTGRES_URL="postgres://sesame@127.0.0.1:$port/sesame_test"
export SESAME_TEST_POSTGRES_PASSWORD_URL="postgres://sesame_pw@127.0.0.1:$port/sesame_test"
export SESAME_TEST_POSTGRES_PASSWORD="$password"
export SESAME_TEST_POSTGRES_BIN="$bindir"
export SESAME_TEST_POSTGRES_DATA="$data"
export SESAME_TEST_POSTGRES_USER="$run_as"
export SESAME_TEST_POSTGRES_CA="$work/ca.crt"
cp "$data/server.crt" "$SESAME_TEST_POSTGRES_CA"
echo "with-postgres: $("$bindir/postgres" --version) on 127.0.0.1:$port (data in $data)" >&2

status=0
"$@" || status=$?
exit "$status"
