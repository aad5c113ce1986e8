-- get.lua: plain GET of the URL given to wrk, reported by report.lua.
-- Run from the repository root (scripts/load.sh cds there).
dofile("scripts/lua/report.lua")
