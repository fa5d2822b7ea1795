#!/usr/bin/env bash
# Starts Debian's PostgreSQL cluster on 127.0.0.1 and prints the URL of an empty test database.
# Used by .ci/run so that the PostgreSQL tests run against a real server.
set -euo pipefail
version=$(ls /etc/postgresql 2>/dev/null | sort -n | tail -1)
[ -n "$version" ] || { echo "no PostgreSQL cluster installed" >&2; exit 1; }
pg_ctlcluster "$version" main start >/dev/null 2>&1 || pg_ctlcluster "$version" main status >/dev/null
for _ in $(seq 1 30); do
  if su postgres -c "psql -qAtc 'select 1'" >/dev/null 2>&1; then break; fi
  sleep 1
done
su postgres -c "psql -qAt" >/dev/null <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'arapp_test') THEN
    CREATE ROLE arapp_test LOGIN PASSWORD 'arapp_test' CREATEDB;
  END IF;
END $$;
SQL
su postgres -c "dropdb --if-exists arapp_test" >/dev/null 2>&1
su postgres -c "createdb -O arapp_test arapp_test" >/dev/null
echo "postgresql+psycopg://arapp_test:arapp_test@127.0.0.1:5432/arapp_test"
