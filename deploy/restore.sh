#!/bin/sh
# Restore a dump made by deploy/backup.sh into an EMPTY database (see docs/operate.md, "Restore").
#   deploy/restore.sh /backups/peersupport-20260101T030000Z.dump
# Uses the libpq variables PGHOST PGUSER PGPASSWORD PGDATABASE; refuses a database that has tables.
set -eu
dump=${1:?usage: restore.sh FILE.dump}
tables=$(psql -tAc "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
if [ "$tables" != "0" ]; then
  echo "database ${PGDATABASE:-?} already has $tables tables: restore into a new, empty database" >&2
  exit 1
fi
pg_restore --no-owner --exit-on-error --single-transaction --dbname="${PGDATABASE:-peersupport}" "$dump"
echo "restored $dump into ${PGDATABASE:-peersupport}"
