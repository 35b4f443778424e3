-- wrk script for scripts/intake-test.sh: each request a contact naming one new child (every third
-- names two), synthetic names, posted to authority 999 with a partner system's token (TOKEN).
math.randomseed(os.time())
local given = {"Amelia","Oliver","Isla","George","Ava","Noah","Mia","Leo","Ivy","Arthur","Freya","Oscar","Lily","Harry","Rosie","Jack"}
local family = {"Smith","Jones","Taylor","Brown","Williams","Wilson","Johnson","Davies","Patel","Robinson","Wright","Thompson","Evans","Walker","White","Roberts"}
local n = 0
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0 end
function response(status, headers, body) if status ~= 201 then bad = bad + 1 end end
request = function()
  n = n + 1
  local f = family[math.random(#family)] .. math.random(100000)
  local kids = string.format('{"givenName":"%s","familyName":"%s","dateOfBirth":"201%d-0%d-1%d","postcode":"SO23 8UJ"}', given[math.random(#given)], f, math.random(0,9), math.random(1,9), math.random(0,9))
  if n % 3 == 0 then
    kids = kids .. string.format(',{"givenName":"%s","familyName":"%s","dateOfBirth":"201%d-0%d-1%d","postcode":"SO23 8UJ"}', given[math.random(#given)], f, math.random(0,9), math.random(1,9), math.random(0,9))
  end
  local body = string.format('{"la":"999","receivedAt":"%s","source":"6","children":[%s],"summary":"Benchmark contact %d: a synthetic worry about a synthetic child."}', os.date('!%Y-%m-%dT%H:%M:%SZ'), kids, n)
  return wrk.format("POST", "/api/v1/contacts", { ["Authorization"] = "Bearer " .. os.getenv("TOKEN"), ["Content-Type"] = "application/json" }, body)
end
function done(summary, latency, requests)
  local b = 0
  for _, t in ipairs(threads) do b = b + t:get("bad") end
  io.write(string.format("RESULT %d requests, %.1f/s, p50 %.1f p95 %.1f p99 %.1f ms, non-201 %d\n", summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50)/1000, latency:percentile(95)/1000, latency:percentile(99)/1000, b))
end
