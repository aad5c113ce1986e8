#!/usr/bin/env bash
# The staff pages and the CSV export at scale, as `make bench` reports them: seeds a
# fresh database of each size with scripts/seed (COPY on PostgreSQL, batched inserts on
# SQLite), then runs scripts/scale.sh on it (four staff at once on each list request of
# issue 11's table and the dashboard; the CSV export of every lead first).
#
# Usage: scripts/bench-scale.sh          (after make build)
# Settings (environment):
#   SCALES="postgres:100000 sqlite:100000 postgres:1000000"   database:leads, in order
#   PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres   the PostgreSQL to use (trust auth)
#   SCALE_DB=leadline_scale                        dropped and recreated for each size
# Anything else (DURATION, CONNS, WARMUP, CSV) is scale.sh's.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SCALES=${SCALES:-postgres:100000 sqlite:100000 postgres:1000000}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
SCALE_DB=${SCALE_DB:-leadline_scale}
die() { echo "bench-scale.sh: $*" >&2; exit 1; }
[[ "$SCALE_DB" =~ ^[a-z_][a-z0-9_]*$ ]] || die "SCALE_DB must be a plain lower-case name"
for tool in psql createdb dropdb go; do command -v "$tool" >/dev/null || die "$tool is not installed"; done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/leadline-bench-scale.XXXXXX")
cleanup() {
	local rc=$?
	dropdb --if-exists "$SCALE_DB" 2>/dev/null || true
	rm -rf "$WORK"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

go build -o bin/seed ./scripts/seed
for scale in $SCALES; do
	db=${scale%%:*} n=${scale##*:}
	[[ "$n" =~ ^[0-9]+$ ]] || die "bad size in SCALES: $scale"
	dir=$WORK/$db-$n
	mkdir -p "$dir"
	case $db in
	postgres)
		dropdb --if-exists "$SCALE_DB" && createdb "$SCALE_DB"
		export DATABASE_URL="postgres://$PGUSER@$PGHOST:$PGPORT/$SCALE_DB?sslmode=disable" ;;
	sqlite) unset DATABASE_URL ;;
	*) die "unknown database in SCALES: $scale (postgres or sqlite)" ;;
	esac
	echo "== $db, $n leads: seeding"
	start=$(date +%s.%N)
	LEADLINE_DATA_DIR=$dir bin/seed -n "$n"
	awk -v s="$start" -v e="$(date +%s.%N)" -v n="$n" 'BEGIN {printf "   seeded %d leads in %.1f s\n", n, e - s}'
	LEADLINE_DATA_DIR=$dir scripts/scale.sh
	echo "   load average $(cut -d' ' -f1-3 /proc/loadavg)"
	echo
done
