-- report.lua: wrk's done() hook, shared by every run of scripts/load.sh. It prints one
-- machine-readable line that the script parses:
--   RESULT requests=N duration_us=N rps=F p50_us=N p99_us=N max_us=N status_errors=N socket_errors=N
-- status_errors counts responses with a status above 399 (wrk's own rule), so a 422
-- (validation), 429 (rate limit) or 5xx makes the run invalid. 2xx and 3xx are fine.

function done(summary, latency, requests)
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d duration_us=%d rps=%.1f p50_us=%.0f p99_us=%.0f max_us=%.0f status_errors=%d socket_errors=%d\n",
    summary.requests, summary.duration, summary.requests / secs,
    latency:percentile(50), latency:percentile(99), latency.max,
    e.status, e.connect + e.read + e.write + e.timeout))
end
