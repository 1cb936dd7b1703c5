#!/usr/bin/env bash
# Install what `make bench` needs when it is missing: PostgreSQL, Redis and wrk
# from Debian packages. The runner starts the servers if they are not running.
set -euo pipefail
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v redis-server >/dev/null || missing+=(redis-server)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql)
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing for the benchmarks: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q >/dev/null
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi

# With no DATABASE_URL the runner uses the local server's "peersupport" role: make sure it exists.
if [ -z "${DATABASE_URL:-}" ]; then
  pg_lsclusters -h | grep -q online || for c in $(pg_lsclusters -h | awk '{print $1"/"$2}'); do
    $SUDO pg_ctlcluster "${c%/*}" "${c#*/}" start || true
  done
  as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -c "$1"; else sudo -u postgres sh -c "$1"; fi; }
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
  as_postgres "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='peersupport'\"" | grep -q 1 \
    || as_postgres "psql -qc \"CREATE ROLE peersupport LOGIN SUPERUSER PASSWORD 'peersupport'\""
fi
