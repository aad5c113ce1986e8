#!/usr/bin/env bash
# POST /leads with notifications off and on, on PostgreSQL and SQLite (after make build).
#
# Each case starts bin/leadline on a fresh database and posts the landing form with wrk
# (scripts/lua/post.lua), in rounds; the figures are medians over the rounds:
#   off   no LEADLINE_SMTP_URL: the lead insert is one statement, no job;
#   on    SMTP pointed at scripts/smtpsink: the insert and its email job in one
#         transaction, and River sending while the posts run;
#   slow  the same with a sink that takes 200 ms per message: the visitor's p99 must not
#         follow the mail server's speed.
# It reports how many emails the sink took while the posts ran (the rest stays queued),
# and on SQLite how often the log says "database is locked" (it must be never).
#
# Settings: DURATION=5s ROUNDS=3 WARMUP=2s THREADS=2 CONNS=32 APP_PORT=3927 SMTP_PORT=2526
#           PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres BENCH_DB=leadline_notify DBS="postgres sqlite"
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

DURATION=${DURATION:-5s}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-2s}
THREADS=${THREADS:-2}
CONNS=${CONNS:-32}
APP_PORT=${APP_PORT:-3927}
SMTP_PORT=${SMTP_PORT:-2526}
DBS=${DBS:-postgres sqlite}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
BENCH_DB=${BENCH_DB:-leadline_notify}
HOST=127.0.0.1
die() { echo "load-notify.sh: $*" >&2; exit 1; }
for tool in wrk psql createdb dropdb curl go; do command -v "$tool" >/dev/null || die "$tool is not installed"; done
[[ -x bin/leadline ]] || die "bin/leadline is missing; run make build first"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/leadline-notify.XXXXXX")
APP_PID="" SINK_PID=""
stop() { # PID
	[[ -n $1 ]] && kill -0 "$1" 2>/dev/null || return 0
	kill "$1" 2>/dev/null
	for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
	kill -9 "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
}
cleanup() {
	local rc=$?
	stop "$APP_PID"; stop "$SINK_PID"
	dropdb --if-exists "$BENCH_DB" 2>/dev/null || true
	rm -rf "$WORK"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

go build -o bin/smtpsink ./scripts/smtpsink

wait_up() {
	for _ in $(seq 100); do
		kill -0 "$APP_PID" 2>/dev/null || { tail -20 "$WORK/app.log" >&2; die "bin/leadline exited at start"; }
		curl -fsS -o /dev/null "http://$HOST:$APP_PORT/healthz" 2>/dev/null && return 0
		sleep 0.1
	done
	die "bin/leadline did not start"
}

field() { sed -nE "s/.* $1=([0-9.]+).*/\1/p" <<<"$2"; }

# run DB MODE: one case; prints "DB MODE rps p99_ms errors".
run() {
	local db=$1 mode=$2 env=() url
	case $db in
	postgres)
		dropdb --if-exists "$BENCH_DB"; createdb "$BENCH_DB"
		env+=(DATABASE_URL="postgres://$PGUSER@$PGHOST:$PGPORT/$BENCH_DB?sslmode=disable") ;;
	sqlite) rm -rf "$WORK/data" ;;
	esac
	if [[ $mode != off ]]; then
		local delay=0s
		[[ $mode == slow ]] && delay=200ms
		bin/smtpsink -addr "$HOST:$SMTP_PORT" -delay "$delay" >"$WORK/sink.out" 2>&1 &
		SINK_PID=$!
		env+=(LEADLINE_SMTP_URL="smtp://$HOST:$SMTP_PORT?from=leads@example.com" LEADLINE_NOTIFY_TO=team@example.com)
	fi
	env "${env[@]}" LEADLINE_ADDR=$HOST:$APP_PORT LEADLINE_DATA_DIR="$WORK/data" LEADLINE_TRUSTED_PROXIES=127.0.0.1/32 \
		bin/leadline >"$WORK/app.log" 2>&1 &
	APP_PID=$!
	wait_up
	url="http://$HOST:$APP_PORT/leads"
	wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" -s scripts/lua/post.lua "$url" -- warm 10 >/dev/null 2>&1
	: >"$WORK/rounds"
	for r in $(seq "$ROUNDS"); do
		local line
		line=$(wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency -s scripts/lua/post.lua "$url" -- "rd0$r" "$((10 + r))" | grep '^RESULT ')
		echo "$(field rps "$line") $(field p99_us "$line") $(($(field status_errors "$line") + $(field socket_errors "$line"))) $(field requests "$line")" >>"$WORK/rounds"
	done
	local rps p99 errs
	rps=$(sort -n -k1,1 "$WORK/rounds" | sed -n "$(((ROUNDS + 1) / 2))p" | cut -d' ' -f1)
	p99=$(sort -n -k2,2 "$WORK/rounds" | sed -n "$(((ROUNDS + 1) / 2))p" | cut -d' ' -f2)
	errs=$(awk '{e += $3} END {print e}' "$WORK/rounds")
	local note=""
	if [[ $mode != off ]]; then
		# How far the senders got while the posts ran; the rest stays queued (a mail
		# server takes a few a second, a landing page gets leads a few a minute).
		local posted sent
		posted=$(awk '{r += $4} END {print r}' "$WORK/rounds")
		kill -USR1 "$SINK_PID"
		sleep 0.5
		sent=$(tail -n1 "$WORK/sink.out" | awk '{print $2}')
		note="emails sent by then: ${sent:-0} (measured posts: $posted)"
	fi
	local locked
	locked=$(grep -c "database is locked" "$WORK/app.log" || true)
	[[ $db == sqlite ]] && note="$note${note:+, }\"database is locked\" $locked"
	stop "$APP_PID"; APP_PID=""
	stop "$SINK_PID"; SINK_PID=""
	printf '%-9s %-5s %9.1f req/s  p99 %7.2f ms  errors %s  %s\n' "$db" "$mode" "$rps" "$(awk -v u="$p99" 'BEGIN {print u / 1000}')" "$errs" "$note"
}

echo "POST /leads, wrk -t$THREADS -c$CONNS, median of $ROUNDS rounds of $DURATION, $(nproc) CPUs"
for db in $DBS; do
	for mode in off on slow; do
		run "$db" "$mode"
	done
done
