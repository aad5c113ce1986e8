#!/usr/bin/env bash
# The staff pages at scale: p50 and p99 of each list request of issue 11's table and
# of the dashboard, as 4 staff at once would make them (wrk -c4, the htmx fragment),
# against a database already holding many leads (make seed N=1000000).
#
# Usage: scripts/scale.sh [BINARY]     (default bin/leadline; `make build` first)
# Settings (environment):
#   DATABASE_URL                 the seeded PostgreSQL; unset: SQLite under LEADLINE_DATA_DIR
#   LEADLINE_DATA_DIR            the data directory (SQLite's file, the session key)
#   DURATION=5s CONNS=4 WARMUP=2s  each request's measured run, connections, warm-up
#   APP_PORT=3927
# It adds the staff user scale@example.com (if missing) to sign in with. Before the
# pages it downloads the CSV export of every lead once and reports its rows, size,
# time, rows a second and the server's peak RSS (VmHWM) after it; CSV=0 skips that.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

BIN=${1:-bin/leadline}
DURATION=${DURATION:-5s}
WARMUP=${WARMUP:-2s}
CONNS=${CONNS:-4}
APP_PORT=${APP_PORT:-3927}
CSV=${CSV:-1}
HOST=127.0.0.1
APP="http://$HOST:$APP_PORT"
EMAIL=scale@example.com
PASSWORD=scale-password-123

die() { echo "scale.sh: $*" >&2; exit 1; }
command -v wrk >/dev/null || die "wrk is not installed; install it with: apt-get install wrk"
[[ -x $BIN ]] || die "$BIN is missing; run make build first"
# Another server on the port would answer in this one's place.
(exec 3<>"/dev/tcp/$HOST/$APP_PORT") 2>/dev/null && die "port $APP_PORT is in use; set APP_PORT"
: "${LEADLINE_DATA_DIR:?set LEADLINE_DATA_DIR (and DATABASE_URL for PostgreSQL)}"
export LEADLINE_DATA_DIR

WORK=$(mktemp -d "${TMPDIR:-/tmp}/leadline-scale.XXXXXX")
APP_PID=""
cleanup() {
	if [[ -n $APP_PID ]] && kill -0 "$APP_PID" 2>/dev/null; then
		kill "$APP_PID"
		wait "$APP_PID" 2>/dev/null || true
	fi
	rm -rf "$WORK"
}
trap cleanup EXIT

printf '%s\n' "$PASSWORD" | "$BIN" user add --email "$EMAIL" --name "Scale Staff" --password-stdin >/dev/null 2>&1 || true

LEADLINE_ADDR=$HOST:$APP_PORT "$BIN" >"$WORK/leadline.log" 2>&1 &
APP_PID=$!
for _ in $(seq 600); do
	curl -fsS -o /dev/null "$APP/healthz" 2>/dev/null && break
	kill -0 "$APP_PID" 2>/dev/null || { cat "$WORK/leadline.log" >&2; die "leadline exited at start"; }
	sleep 0.1
done

curl -fsS -c "$WORK/jar" -o /dev/null "$APP/login"
curl -fsS -b "$WORK/jar" -c "$WORK/jar" -o /dev/null -H "Origin: $APP" \
	--data-urlencode "email=$EMAIL" --data-urlencode "password=$PASSWORD" "$APP/login" ||
	die "cannot sign in as $EMAIL"
COOKIE=$(awk '!/^#/ || /^#HttpOnly_/ {sub(/^#HttpOnly_/, ""); if (NF >= 7) printf "%s=%s; ", $6, $7}' "$WORK/jar")
[[ -n $COOKIE ]] || die "no session cookie after signing in"

run() { # PATH DURATION: one wrk run of the htmx fragment; prints the RESULT line
	wrk -t1 -c"$CONNS" -d"$2" --timeout 10s --latency -s scripts/lua/get.lua -H "Cookie: $COOKIE" -H "HX-Request: true" \
		"$APP$1" 2>&1 | grep '^RESULT ' || die "no RESULT from wrk for $1"
}
field() { sed -nE "s/.* $1=([0-9.]+).*/\1/p" <<<"$2"; }
ms() { awk -v u="$1" 'BEGIN {printf "%.1f", u / 1000}'; }

LEADS=$(curl -fsS -b "$COOKIE" -H "HX-Request: true" "$APP/app/leads" | grep -oE 'data-testid="results-total">[^<]*' | sed 's/.*>//')
DB=SQLite
[[ -z ${DATABASE_URL:-} ]] || DB=PostgreSQL
echo "scale: $BIN on $DB, $LEADS leads, wrk -t1 -c$CONNS -d$DURATION (after $WARMUP warm-up), htmx fragments"
if [[ $CSV == 1 ]]; then
	# The export of every lead, newest first: curl's own clock, from request to last byte.
	out=$(curl -fsS -b "$COOKIE" -o "$WORK/leads.csv" -w '%{http_code} %{size_download} %{time_total}' "$APP/app/leads.csv") ||
		die "the CSV export failed: $out"
	read -r code bytes secs <<<"$out"
	# Records end in CRLF; the seed's fields hold no line breaks. One line is the header.
	rows=$(($(grep -c $'\r$' "$WORK/leads.csv") - 1))
	hwm=$(awk '/^VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$APP_PID/status")
	awk -v r="$rows" -v b="$bytes" -v s="$secs" -v h="$hwm" -v c="$code" 'BEGIN {
		printf "csv: %d rows, %.0f MB in %.1f s = %.0f rows/s, status %s, server peak RSS %s MB\n", r, b / 1e6, s, r / s, c, h }'
fi
printf '%-40s %9s %9s %9s %7s\n' request req/s p50-ms p99-ms errors
for path in "/app/leads" "/app/leads?status=won" "/app/leads?sort=name" "/app/leads?sort=status" \
	"/app/leads?q=ada" "/app/leads?q=security" "/app/leads?status=won&q=stark&sort=-name" \
	"/app/leads?page=2000" "/app/leads?q=zzqx" "/app/leads?q=ad" "/app"; do
	run "$path" "$WARMUP" >/dev/null
	line=$(run "$path" "$DURATION")
	printf '%-40s %9s %9s %9s %7s\n' "$path" "$(field rps "$line")" "$(ms "$(field p50_us "$line")")" \
		"$(ms "$(field p99_us "$line")")" "$(($(field status_errors "$line") + $(field socket_errors "$line")))"
done
