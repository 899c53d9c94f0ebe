#!/usr/bin/env bash
# Adds a migration for both providers: scripts/migrations.sh add NAME
# Rebuilds the initial migration of both providers (only before the first release): scripts/migrations.sh reset
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
  reset)
    rm -rf ProvincePortal/Data/Migrations
    ef migrations add Initial --context SqlitePortalDbContext --output-dir Data/Migrations/Sqlite
    ef migrations add Initial --context PostgresPortalDbContext --output-dir Data/Migrations/Postgres
    ;;
  *) echo "uso: $0 add NOME | reset" >&2; exit 2 ;;
esac
