#!/usr/bin/env bash
# Backs up the council database: scripts/ops/backup.sh [--out FILE]
#
# pg_dump's custom format (-Fc: compressed, restorable table by table with pg_restore) of
# DATABASE_URL, written to FILE (default: backups/council-<UTC time>.dump) with mode 0600, then
# checked (its table of contents must read back) and a SHA-256 written next to it (FILE.sha256).
# The dump holds everything, advisory content and personal data included: store it as securely as
# the database. pg_dump must be at least the server's major version.
set -euo pipefail
umask 077

usage() { echo "usage: DATABASE_URL=postgres://... $0 [--out FILE]" >&2; exit 2; }

out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --out) [ $# -ge 2 ] || usage; out="$2"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "backup: unknown argument $1" >&2; usage ;;
  esac
done
[ -n "${DATABASE_URL:-}" ] || { echo "backup: DATABASE_URL is required" >&2; usage; }

if [ -z "$out" ]; then
  mkdir -p backups
  out="backups/council-$(date -u +%Y%m%dT%H%M%SZ).dump"
fi
if [ -e "$out" ]; then echo "backup: $out exists; not overwriting it" >&2; exit 2; fi

partial="$out.partial"
trap 'rm -f "$partial"' EXIT
# A consistent snapshot of the whole database; roles and grants are the deployment's business, not the dump's.
pg_dump --format=custom --compress=6 --no-owner --no-privileges --file="$partial" --dbname="$DATABASE_URL"
pg_restore --list "$partial" >/dev/null
mv "$partial" "$out"
trap - EXIT
( cd "$(dirname "$out")" && sha256sum "$(basename "$out")" > "$(basename "$out").sha256" )
echo "backup: wrote $out ($(wc -c < "$out") bytes) and $out.sha256"
