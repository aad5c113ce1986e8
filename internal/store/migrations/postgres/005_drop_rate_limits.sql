-- The sign-in limits count in rate_counters (package kv's Limit) like the lead form's:
-- Fiber's limiter, which kept its counters here, ignored a failed write, and a key longer
-- than k's 64 characters (a long email address) switched the limit off.
DROP TABLE IF EXISTS rate_limits;
