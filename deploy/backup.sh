#!/bin/sh
# Nightly PostgreSQL backups with retention: the `backup` service of docker-compose.yml runs this loop
# (or run `deploy/backup.sh once` from cron on a host with pg_dump). Custom-format dumps (pg_restore can
# restore one table or the whole database), written to a temporary name first so a half-written file
# never looks like a backup.
#   PGHOST PGUSER PGPASSWORD PGDATABASE  where to dump from (libpq variables)
#   BACKUP_DIR        where dumps go (default /backups)
#   BACKUP_KEEP_DAYS  dumps older than this are deleted (default 14)
#   BACKUP_HOUR       hour of day (container time, UTC unless TZ is set) for the nightly dump (default 3)
set -eu
BACKUP_DIR=${BACKUP_DIR:-/backups}
BACKUP_KEEP_DAYS=${BACKUP_KEEP_DAYS:-14}
BACKUP_HOUR=${BACKUP_HOUR:-3}

dump_once() {
  mkdir -p "$BACKUP_DIR"
  name="$BACKUP_DIR/${PGDATABASE:-peersupport}-$(date -u +%Y%m%dT%H%M%SZ).dump"
  pg_dump --format=custom --no-owner --file="$name.partial"
  mv "$name.partial" "$name"
  find "$BACKUP_DIR" -name '*.dump' -type f -mtime +"$BACKUP_KEEP_DAYS" -delete
  find "$BACKUP_DIR" -name '*.partial' -type f -mmin +600 -delete
  echo "backup written: $name ($(wc -c <"$name") bytes); kept: $(find "$BACKUP_DIR" -name '*.dump' | wc -l)"
}

if [ "${1:-loop}" = "once" ]; then
  dump_once
  exit 0
fi

# Loop: one dump at start (so a new server has a backup at once), then one a day at BACKUP_HOUR.
dump_once
while true; do
  now=$(date +%s)
  next=$(date -d "$(date +%Y-%m-%d) ${BACKUP_HOUR}:00" +%s 2>/dev/null || echo $((now + 86400)))
  [ "$next" -gt "$now" ] || next=$((next + 86400))
  sleep $((next - now))
  dump_once || echo "backup FAILED at $(date -u)" >&2
done
