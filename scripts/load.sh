#!/usr/bin/env bash
# Load test of bin/leadline on PostgreSQL, on loopback only, with a bounded load tool (wrk).
#
# It measures GET /, one hashed asset and POST /leads on PostgreSQL, GET / and POST
# /leads on the embedded SQLite (a second instance, same rounds), the cold start of
# each (exec to the first 200 on GET /, scripts/coldstart), and two references:
#   * the ceiling: scripts/ceiling, a bare Fiber handler serving the same landing bytes
#     from memory; GET / is reported as a share of it;
#   * pgbench running the INSERT that POST /leads makes, with the app's pool size;
#     POST /leads is reported as a share of its transactions per second.
# Aims (from the issue): GET / >= 70 % of the ceiling's req/s with a p99 within 1.5x of
# the ceiling's; POST /leads >= 80 % of pgbench's tps; a cold start <= 150 ms (median).
#
# A target and its reference run in alternating rounds (ceiling, GET /, ceiling, GET /,
# ...), so that other work on the machine weighs on both alike; each figure (req/s, p50,
# p99) is its median over the rounds.
#
# Usage: scripts/load.sh        (after `make build`; `make bench` runs both)
# Settings (environment):
#   DURATION=5s ROUNDS=3 WARMUP=3s           length of each measured run, rounds, warm-up
#   THREADS=2 CONNS=32                       wrk threads and connections
#   PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres   the PostgreSQL to use (trust auth)
#   BENCH_DB=leadline_bench                  dropped and recreated by this script
#   APP_PORT=3917 CEILING_PORT=3918 SQLITE_PORT=3919 COLD_PORT=3920   loopback ports
#   PGBENCH_CLIENTS                          default: store.MaxOpenConns (the app's pool)
#   STRICT=1                                 exit 2 when an aim is missed
# The run is invalid (exit 1) when any request fails: a socket error, or a status >= 400
# (wrk's rule; 2xx and 3xx are successes), or when the posts did not store their leads.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

DURATION=${DURATION:-5s}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-3s}
THREADS=${THREADS:-2}
CONNS=${CONNS:-32}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
BENCH_DB=${BENCH_DB:-leadline_bench}
APP_PORT=${APP_PORT:-3917}
CEILING_PORT=${CEILING_PORT:-3918}
SQLITE_PORT=${SQLITE_PORT:-3919}
COLD_PORT=${COLD_PORT:-3920}
STRICT=${STRICT:-0}
HOST=127.0.0.1

die() { echo "load.sh: $*" >&2; exit 1; }

if ! command -v wrk >/dev/null 2>&1; then
	echo "load.sh: wrk is not installed; install it with: apt-get install wrk" >&2
	exit 1
fi
for tool in pgbench psql createdb dropdb curl go; do
	command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed (pgbench, psql, createdb, dropdb: apt-get install postgresql-client)"
done
[[ -x bin/leadline ]] || die "bin/leadline is missing; run make build first"
[[ "$BENCH_DB" =~ ^[a-z_][a-z0-9_]*$ ]] || die "BENCH_DB must be a plain lower-case name"
[[ "$ROUNDS" =~ ^[1-9]$ ]] || die "ROUNDS must be 1 to 9"

# wrk's duration in whole seconds, for pgbench -T.
secs() {
	local d=$1
	case $d in
	*ms) echo 1 ;;
	*s) echo "${d%s}" ;;
	*m) echo $((${d%m} * 60)) ;;
	*h) echo $((${d%h} * 3600)) ;;
	*) echo "$d" ;;
	esac
}
DURATION_S=$(secs "$DURATION")
WARMUP_S=$(secs "$WARMUP")

# The app's pool size, read from the source so that the comparison follows it.
POOL=$(sed -nE 's/^[[:space:]]*MaxOpenConns[[:space:]]*=[[:space:]]*([0-9]+).*/\1/p' internal/store/store.go | head -n1)
PGBENCH_CLIENTS=${PGBENCH_CLIENTS:-${POOL:-16}}
PGBENCH_JOBS=$((PGBENCH_CLIENTS < 2 ? 1 : 2))

port_busy() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }
port_busy "$APP_PORT" && die "port $APP_PORT is in use; set APP_PORT"
port_busy "$CEILING_PORT" && die "port $CEILING_PORT is in use; set CEILING_PORT"
port_busy "$SQLITE_PORT" && die "port $SQLITE_PORT is in use; set SQLITE_PORT"
port_busy "$COLD_PORT" && die "port $COLD_PORT is in use; set COLD_PORT"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/leadline-load.XXXXXX")
APP_PID=""
SQLITE_PID=""
CEILING_PID=""
DB_CREATED=0
cleanup() {
	local rc=$?
	set +e
	for pid in $CEILING_PID $SQLITE_PID $APP_PID; do
		if kill -0 "$pid" 2>/dev/null; then
			kill "$pid" 2>/dev/null
			for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
			kill -9 "$pid" 2>/dev/null
			wait "$pid" 2>/dev/null
		fi
	done
	if [[ $DB_CREATED == 1 ]]; then
		dropdb --if-exists "$BENCH_DB" 2>/dev/null
	fi
	for log in leadline sqlite; do
		if [[ $rc != 0 && -s $WORK/$log.log ]]; then
			echo "--- last lines of the $log log ---" >&2
			tail -n 20 "$WORK/$log.log" >&2
		fi
	done
	rm -rf "$WORK"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_up() { # URL PID NAME
	for _ in $(seq 100); do
		kill -0 "$2" 2>/dev/null || die "$3 exited at start"
		if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
		sleep 0.1
	done
	die "$3 did not answer $1 within 10s"
}

vmhwm() { awk '/^VmHWM:/ {printf "%.1f MiB", $2 / 1024}' "/proc/$1/status"; }

LOAD_BEFORE=$(cut -d' ' -f1 /proc/loadavg)

echo "== database $BENCH_DB on $PGHOST:$PGPORT (recreated)"
dropdb --if-exists "$BENCH_DB"
createdb "$BENCH_DB"
DB_CREATED=1
DB_URL="postgres://$PGUSER@$PGHOST:$PGPORT/$BENCH_DB?sslmode=disable"

echo "== starting bin/leadline on $HOST:$APP_PORT (its log goes to a file)"
DATABASE_URL=$DB_URL LEADLINE_ADDR=$HOST:$APP_PORT LEADLINE_DATA_DIR=$WORK/data \
	LEADLINE_TRUSTED_PROXIES=127.0.0.1/32 bin/leadline >"$WORK/leadline.log" 2>&1 &
APP_PID=$!
wait_up "http://$HOST:$APP_PORT/healthz" "$APP_PID" "bin/leadline"
APP="http://$HOST:$APP_PORT"

echo "== starting bin/leadline on the embedded SQLite on $HOST:$SQLITE_PORT"
env -u DATABASE_URL LEADLINE_ADDR=$HOST:$SQLITE_PORT LEADLINE_DATA_DIR=$WORK/sqlite \
	LEADLINE_TRUSTED_PROXIES=127.0.0.1/32 bin/leadline >"$WORK/sqlite.log" 2>&1 &
SQLITE_PID=$!
wait_up "http://$HOST:$SQLITE_PORT/healthz" "$SQLITE_PID" "bin/leadline (SQLite)"
SQLITE="http://$HOST:$SQLITE_PORT"

ASSET=$(curl -fsS "$APP/" | grep -oE '/assets/app\.[A-Za-z0-9_-]+\.css' | head -n1 || true)
[[ -n $ASSET ]] || ASSET=$(curl -fsS "$APP/" | grep -oE '/assets/htmx\.min\.[A-Za-z0-9_-]+\.js' | head -n1 || true)
[[ -n $ASSET ]] || die "no hashed asset URL (/assets/app.<hash>.css or htmx.min.<hash>.js) in GET /"
ASSET_BYTES=$(curl -fsS "$APP$ASSET" | wc -c)
PAGE_BYTES=$(curl -fsS "$APP/" | wc -c)

echo "== building and starting the ceiling on $HOST:$CEILING_PORT"
go build -o bin/ceiling ./scripts/ceiling
bin/ceiling -from "$APP/" -addr "$HOST:$CEILING_PORT" >"$WORK/ceiling.log" 2>&1 &
CEILING_PID=$!
wait_up "http://$HOST:$CEILING_PORT/" "$CEILING_PID" "bin/ceiling"
CEILING="http://$HOST:$CEILING_PORT"

# Each measured round appends "rps p50_us p99_us errors requests" to $WORK/NAME.rounds.

# wrk_run NAME PHASE DURATION URL SCRIPT [TAG OCTET]: one wrk run; prints its RESULT line.
wrk_run() {
	local name=$1 phase=$2 dur=$3 url=$4 script=$5
	shift 5
	local args=() out=$WORK/$name.$phase
	if [[ $# -gt 0 ]]; then args=(-- "$@"); fi
	wrk -t"$THREADS" -c"$CONNS" -d"$dur" --latency -s "$script" "$url" "${args[@]}" >"$out" 2>&1 ||
		{ cat "$out" >&2; die "wrk failed ($name $phase)"; }
	grep '^RESULT ' "$out" || { cat "$out" >&2; die "no RESULT line from wrk ($name $phase)"; }
}

field() { sed -nE "s/.* $1=([0-9.]+).*/\1/p" <<<"$2"; }

# warm NAME URL SCRIPT [TAG OCTET]: a short run whose figures are dropped.
warm() {
	local name=$1 line
	shift
	echo "== $name: warm-up $WARMUP"
	line=$(wrk_run "$name" warm "$WARMUP" "$@")
	if [[ $(field status_errors "$line") != 0 || $(field socket_errors "$line") != 0 ]]; then
		echo "   warning: the warm-up had errors: $line" >&2
	fi
}

# measure NAME ROUND URL SCRIPT [TAG OCTET]: one measured round.
measure() {
	local name=$1 round=$2 line
	shift 2
	line=$(wrk_run "$name" "r$round" "$DURATION" "$@")
	local rps p50 p99 errs reqs
	rps=$(field rps "$line")
	p50=$(field p50_us "$line")
	p99=$(field p99_us "$line")
	errs=$(($(field status_errors "$line") + $(field socket_errors "$line")))
	reqs=$(field requests "$line")
	echo "$rps $p50 $p99 $errs $reqs" >>"$WORK/$name.rounds"
	printf '   round %d %-8s %9.1f req/s  p50 %6.2f ms  p99 %7.2f ms  errors %d\n' \
		"$round" "$name" "$rps" "$(awk -v u="$p50" 'BEGIN {print u / 1000}')" "$(awk -v u="$p99" 'BEGIN {print u / 1000}')" "$errs"
}

# pgbench_round ROUND: the same INSERT as POST /leads, as "tps p50_us p99_us failed count".
cat >"$WORK/insert.sql" <<'SQL'
\set r random(1, 9000000000000000000)
INSERT INTO "leads" ("name","email","company","phone","message","status","utm_source","utm_medium","utm_campaign","referrer","landing_path","form_key","version","created_at","updated_at") VALUES ('Ada Lovelace','ada@example.com','Analytical Engines Ltd','+44 20 7946 0958',E'We need 40 seats.\nCan you call on Monday?','new','newsletter','email','autumn','https://news.example.org/','/?utm_source=newsletter','pgb' || :client_id || '_' || :r,1,now(),now()) ON CONFLICT ("form_key") DO NOTHING RETURNING "id";
SQL
pgbench_run() { # PHASE SECONDS
	local dir=$WORK/pgbench.$1
	mkdir -p "$dir"
	(cd "$dir" && pgbench -n -M prepared -c "$PGBENCH_CLIENTS" -j "$PGBENCH_JOBS" -T "$2" -l --log-prefix=tx \
		-f "$WORK/insert.sql" "$BENCH_DB") >"$dir/out" 2>&1 || { cat "$dir/out" >&2; die "pgbench failed ($1)"; }
}
pgbench_round() {
	local round=$1 dir=$WORK/pgbench.r$1
	pgbench_run "r$round" "$DURATION_S"
	local tps failed p50 p99
	tps=$(sed -nE 's/^tps = ([0-9]+(\.[0-9])?).*/\1/p' "$dir/out" | head -n1)
	failed=$(sed -nE 's/^number of failed transactions: ([0-9]+).*/\1/p' "$dir/out" | head -n1)
	[[ -n $tps ]] || { cat "$dir/out" >&2; die "no tps from pgbench"; }
	# The per-transaction log's third column is the latency in microseconds.
	read -r p50 p99 < <(cat "$dir"/tx.* | awk '{print $3}' | sort -n |
		awk '{v[NR] = $1} END {a = NR * 0.50; b = NR * 0.99; i = int(a); if (i < a) i++; j = int(b); if (j < b) j++; print v[i], v[j]}')
	echo "$tps $p50 $p99 ${failed:-0} $(cat "$dir"/tx.* | wc -l)" >>"$WORK/pgbench.rounds"
	printf '   round %d %-8s %9.1f tps    p50 %6.2f ms  p99 %7.2f ms  failed %d\n' \
		"$round" pgbench "$tps" "$(awk -v u="$p50" 'BEGIN {print u / 1000}')" "$(awk -v u="$p99" 'BEGIN {print u / 1000}')" "${failed:-0}"
}

echo "== wrk -t$THREADS -c$CONNS, $ROUNDS rounds of $DURATION per target, on loopback"
warm ceiling "$CEILING/" scripts/lua/get.lua
warm landing "$APP/" scripts/lua/get.lua
warm landing-sq "$SQLITE/" scripts/lua/get.lua
for r in $(seq "$ROUNDS"); do
	measure ceiling "$r" "$CEILING/" scripts/lua/get.lua
	measure landing "$r" "$APP/" scripts/lua/get.lua
	measure landing-sq "$r" "$SQLITE/" scripts/lua/get.lua
done
warm asset "$APP$ASSET" scripts/lua/get.lua
for r in $(seq "$ROUNDS"); do
	measure asset "$r" "$APP$ASSET" scripts/lua/get.lua
done
# Posts: each round has its own form-key tag and client addresses (see post.lua); the
# rounds' keys start with "rd", so their stored leads can be counted apart from pgbench's.
warm post "$APP/leads" scripts/lua/post.lua warm 10
warm post-sq "$SQLITE/leads" scripts/lua/post.lua warm 10
echo "== pgbench: warm-up ${WARMUP_S}s, $PGBENCH_CLIENTS clients (the app's pool size), -M prepared"
pgbench_run warm "$WARMUP_S"
for r in $(seq "$ROUNDS"); do
	pgbench_round "$r"
	measure post "$r" "$APP/leads" scripts/lua/post.lua "rd0$r" "$((10 + r))"
	measure post-sq "$r" "$SQLITE/leads" scripts/lua/post.lua "rd0$r" "$((20 + r))"
done
STORED=$(psql -XAtq -d "$BENCH_DB" -c "SELECT count(*) FROM leads WHERE form_key LIKE 'rd%'")
LOCKED=$(grep -c 'database is locked' "$WORK/sqlite.log" || true)
LOGGED_ERRORS=$(cat "$WORK/leadline.log" "$WORK/sqlite.log" | grep -c 'level=ERROR' || true)

APP_RSS=$(vmhwm "$APP_PID")
CEILING_RSS=$(vmhwm "$CEILING_PID")

# Cold starts, each database already migrated by the instance above (left running:
# the start is measured on the machine as it is, the other instance idle).
echo "== cold start: exec to the first 200 on GET /, 5 starts each"
go build -o bin/coldstart ./scripts/coldstart
COLD_PG=$(DATABASE_URL=$DB_URL LEADLINE_DATA_DIR=$WORK/data bin/coldstart -addr "$HOST:$COLD_PORT") || die "cold start failed (PostgreSQL)"
COLD_SQ=$(env -u DATABASE_URL LEADLINE_DATA_DIR=$WORK/sqlite bin/coldstart -addr "$HOST:$COLD_PORT") || die "cold start failed (SQLite)"
echo "   PostgreSQL $COLD_PG"
echo "   SQLite     $COLD_SQ"
median_ms() { sed -nE 's/.*median ([0-9]+) ms.*/\1/p' <<<"$1"; }
LOAD_AFTER=$(cut -d' ' -f1 /proc/loadavg)

# median NAME: "rps p50 p99 errors requests": the median over the rounds of each figure
# on its own (one disturbed round moves none of them), errors and requests summed.
median() {
	local f=$WORK/$1.rounds n col out=""
	n=$(wc -l <"$f")
	for col in 1 2 3; do
		out+="$(sort -n -k"$col,$col" "$f" | sed -n "$(((n + 1) / 2))p" | cut -d' ' -f"$col") "
	done
	echo "$out$(awk '{e += $4; r += $5} END {print e, r}' "$f")"
}
range() { sort -n -k1,1 "$WORK/$1.rounds" | awk 'NR == 1 {lo = $1} {hi = $1} END {printf "%.0f-%.0f", lo, hi}'; }

declare -A RPS P50 P99 ERRS REQS
for name in ceiling landing landing-sq asset post post-sq pgbench; do
	read -r "RPS[$name]" "P50[$name]" "P99[$name]" "ERRS[$name]" "REQS[$name]" < <(median "$name")
done

ms() { awk -v u="$1" 'BEGIN {printf "%.2f ms", u / 1000}'; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f %%", 100 * a / b}'; }
times() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2fx", a / b}'; }
at_least() { awk -v a="$1" -v b="$2" 'BEGIN {exit !(a >= b)}'; }

echo
echo "Leadline load test: wrk -t$THREADS -c$CONNS, medians of $ROUNDS rounds of $DURATION, loopback, $(nproc) CPUs"
echo "GET / is $PAGE_BYTES bytes; $ASSET is $ASSET_BYTES bytes; POST /leads is the HTMX post (200 + fragment)"
echo "PostgreSQL $PGHOST:$PGPORT/$BENCH_DB; pgbench -c $PGBENCH_CLIENTS -j $PGBENCH_JOBS -M prepared (store.MaxOpenConns = ${POOL:-?})"
echo
{
	echo "target|req/s|range of rounds|p50|p99|errors|share of reference|p99 vs reference"
	row() { # LABEL NAME REF
		local share="-" p99x="-"
		if [[ -n ${3:-} ]]; then
			share="$(pct "${RPS[$2]}" "${RPS[$3]}") of $3"
			p99x=$(times "${P99[$2]}" "${P99[$3]}")
		fi
		echo "$1|${RPS[$2]}|$(range "$2")|$(ms "${P50[$2]}")|$(ms "${P99[$2]}")|${ERRS[$2]}|$share|$p99x"
	}
	row "ceiling: bare Fiber, same bytes" ceiling
	row "GET /" landing ceiling
	row "GET /, SQLite" landing-sq ceiling
	row "GET $ASSET" asset
	row "pgbench: the lead INSERT (tps)" pgbench
	row "POST /leads" post pgbench
	row "POST /leads, SQLite" post-sq post
} | column -t -s '|' -o ' | '
echo
echo "peak RSS (VmHWM): bin/leadline $APP_RSS, on SQLite $(vmhwm "$SQLITE_PID"), ceiling $CEILING_RSS"
echo "cold start, exec to the first 200 on GET /: PostgreSQL $(median_ms "$COLD_PG") ms, SQLite $(median_ms "$COLD_SQ") ms (medians of 5)"
echo "SQLite: 'database is locked' logged $LOCKED times; ERROR lines logged by both instances: $LOGGED_ERRORS"
echo "POST /leads: $STORED leads stored for ${REQS[post]} counted responses (posts in flight when wrk stops add a few)"
echo "load average: $LOAD_BEFORE before, $LOAD_AFTER after (other work on the machine skews every figure)"
echo

MISSED=0
aim() { # TEXT OK
	if [[ $2 == yes ]]; then echo "  ok    $1"; else echo "  MISS  $1"; MISSED=1; fi
}
yes_no() { if "$@"; then echo yes; else echo no; fi; }
echo "aims:"
aim "GET / at >= 70 % of the ceiling's req/s: $(pct "${RPS[landing]}" "${RPS[ceiling]}")" \
	"$(yes_no at_least "${RPS[landing]}" "$(awk -v c="${RPS[ceiling]}" 'BEGIN {print 0.70 * c}')")"
aim "GET / p99 within 1.5x of the ceiling's: $(times "${P99[landing]}" "${P99[ceiling]}")" \
	"$(yes_no at_least "$(awk -v c="${P99[ceiling]}" 'BEGIN {print 1.5 * c}')" "${P99[landing]}")"
aim "POST /leads at >= 80 % of pgbench's tps: $(pct "${RPS[post]}" "${RPS[pgbench]}")" \
	"$(yes_no at_least "${RPS[post]}" "$(awk -v c="${RPS[pgbench]}" 'BEGIN {print 0.80 * c}')")"
aim "cold start <= 150 ms on PostgreSQL: $(median_ms "$COLD_PG") ms" "$(yes_no at_least 150 "$(median_ms "$COLD_PG")")"
aim "SQLite under the same load: never 'database is locked', no ERROR logged" \
	"$(yes_no test "$LOCKED" = 0 -a "$LOGGED_ERRORS" = 0)"

INVALID=0
for name in ceiling landing landing-sq asset post post-sq pgbench; do
	if [[ ${ERRS[$name]} != 0 ]]; then
		echo "INVALID: $name had ${ERRS[$name]} failed requests (socket errors or status >= 400)" >&2
		INVALID=1
	fi
done
if ((STORED < REQS[post])); then
	echo "INVALID: POST /leads answered ${REQS[post]} times but stored $STORED leads" >&2
	INVALID=1
fi
if [[ $INVALID == 1 ]]; then
	exit 1
fi
if [[ $STRICT == 1 && $MISSED == 1 ]]; then
	exit 2
fi
