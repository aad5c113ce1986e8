-- post.lua: POST /leads with a valid landing-form body, as the HTMX form sends it.
--
-- Every request must store a new lead and stay under the rate limit, so each one gets
--   * a form_key of its own: 22 chars of base64url = 4-char run tag, 2-digit thread id,
--     16-digit per-thread counter (a repeated key would store nothing new);
--   * an X-Forwarded-For address of its own, <octet>.<thread block>.<hi>.<lo>. Leadline
--     believes that header only because the bench runs it with
--     LEADLINE_TRUSTED_PROXIES=127.0.0.1/32; these are header values, no traffic goes there.
--
-- Arguments after wrk's "--": run tag (exactly 4 chars [A-Za-z0-9]) and the first octet
-- of the made-up client addresses, so that the warm-up and the measured run never share
-- a key or an address. Example: wrk ... -s scripts/lua/post.lua URL -- main 11
dofile("scripts/lua/report.lua")

local function urlencode(s)
  return (s:gsub("[^A-Za-z0-9_.~-]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local fields = {
  {"name", "Ada Lovelace"},
  {"email", "ada@example.com"},
  {"company", "Analytical Engines Ltd"},
  {"phone", "+44 20 7946 0958"},
  {"message", "We need 40 seats.\nCan you call on Monday?"},
  {"utm_source", "newsletter"},
  {"utm_medium", "email"},
  {"utm_campaign", "autumn"},
  {"referrer", "https://news.example.org/"},
  {"landing_path", "/?utm_source=newsletter"},
  {"website", ""},
}
local parts = {}
for _, kv in ipairs(fields) do
  parts[#parts + 1] = kv[1] .. "=" .. urlencode(kv[2])
end
local body_prefix = table.concat(parts, "&") .. "&form_key="

-- setup runs in the main Lua state once per thread; it hands each thread its id.
local next_id = 0
function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end

local tag, octet, counter = "main", 11, 0

function init(args)
  tag = args[1] or "main"
  octet = tonumber(args[2] or "11")
  if #tag ~= 4 or tag:find("[^A-Za-z0-9]") then
    error("post.lua: run tag must be 4 chars [A-Za-z0-9], got " .. tag)
  end
end

local headers = {
  ["Content-Type"] = "application/x-www-form-urlencoded",
  ["HX-Request"] = "true",
}

function request()
  counter = counter + 1
  local key = string.format("%s%02d%016d", tag, id, counter)
  headers["X-Forwarded-For"] = string.format("%d.%d.%d.%d", octet,
    (id * 32 + math.floor(counter / 65536)) % 256, math.floor(counter / 256) % 256, counter % 256)
  return wrk.format("POST", "/leads", headers, body_prefix .. key)
end
