#!/usr/bin/env bash
# Adds a migration for both providers: scripts/migrations.sh add NAME
# There is no "reset": the DocumentSearch migrations hold hand-written SQL (FTS5 table and triggers on SQLite, unaccent
# and the GIN index on PostgreSQL) that regenerating from the model would silently drop.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
ef() { dotnet ef "$@" --project ProvincePortal --startup-project ProvincePortal; }
case "${1:-}" in
  add)
    name="${2:?nome della migrazione}"
    ef migrations add "$name" --context SqlitePortalDbContext --output-dir Data/Migrations/Sqlite
    ef migrations add "$name" --context PostgresPortalDbContext --output-dir Data/Migrations/Postgres
    ;;
  *) echo "uso: $0 add NOME" >&2; exit 2 ;;
esac
