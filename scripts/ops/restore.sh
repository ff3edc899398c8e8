#!/usr/bin/env bash
# Restores a backup into a NEW database: scripts/ops/restore.sh FILE TARGET_DATABASE_URL
#
# TARGET_DATABASE_URL names a database that must not exist yet: it is created (through the
# server's "postgres" database, with the same credentials), the dump is restored into it in one
# transaction (any error: nothing is left half-restored, and the new database is dropped), and the
# decision log's hash chain is verified on the copy. Restoring over a live database is refused on
# purpose: point the application at the restored copy once it has been checked.
# If FILE.sha256 exists, the dump is checked against it first.
set -euo pipefail

usage() { echo "usage: $0 FILE TARGET_DATABASE_URL   (the target database must not exist)" >&2; exit 2; }
[ $# -eq 2 ] || usage
file="$1"
target="$2"
[ -f "$file" ] || { echo "restore: $file not found" >&2; exit 2; }

if [ -f "$file.sha256" ]; then
  ( cd "$(dirname "$file")" && sha256sum --check --quiet "$(basename "$file").sha256" ) \
    || { echo "restore: $file does not match $file.sha256" >&2; exit 1; }
fi

# postgres[ql]://user@host:port/NAME?params -> NAME, and the same URL on the "postgres" database.
if ! [[ "$target" =~ ^(postgres(ql)?://[^/]+)/([A-Za-z0-9_]+)(\?.*)?$ ]]; then
  echo "restore: TARGET_DATABASE_URL must be postgres://.../NAME with NAME made of letters, digits and _" >&2
  exit 2
fi
name="${BASH_REMATCH[3]}"
maintenance="${BASH_REMATCH[1]}/postgres${BASH_REMATCH[4]}"

exists=$(psql --no-psqlrc --tuples-only --no-align --dbname="$maintenance" \
  --command="SELECT 1 FROM pg_database WHERE datname = '$name'")
if [ "$exists" = "1" ]; then
  echo "restore: database $name already exists; restore into a new database" >&2
  exit 2
fi

psql --no-psqlrc --quiet --dbname="$maintenance" --command="CREATE DATABASE \"$name\""
if ! pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$target" "$file"; then
  echo "restore: pg_restore failed; dropping the new database $name" >&2
  psql --no-psqlrc --quiet --dbname="$maintenance" --command="DROP DATABASE IF EXISTS \"$name\""
  exit 1
fi
echo "restore: $file restored into $name"

# The decision log must still link on the copy (npm run audit:verify needs the repository's node_modules).
here="$(cd "$(dirname "$0")/../.." && pwd)"
if [ -x "$here/node_modules/.bin/ts-node" ]; then
  ( cd "$here" && DATABASE_URL="$target" node_modules/.bin/ts-node --transpile-only libs/audit/src/cli/verify-audit-chain.ts )
else
  echo "restore: run npm run audit:verify with DATABASE_URL set to the new database to check its decision log" >&2
fi
