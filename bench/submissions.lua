-- wrk script for bench/submissions.py: POST precomputed JSON bodies (one a line in BODIES_FILE),
-- each body once, spread across wrk's threads; counts answers by status code.
-- Usage: BODIES_FILE=bodies.jsonl SUBMIT_PATH=/api/v1/questions wrk -s bench/submissions.lua ...

local threads = {}
local counter = 1

function setup(thread)
   thread:set("id", counter)
   thread:set("nthreads", 0)
   table.insert(threads, thread)
   counter = counter + 1
end

function init(args)
   local path = os.getenv("BODIES_FILE")
   local nthreads = tonumber(os.getenv("WRK_THREADS") or "1")
   submit_path = os.getenv("SUBMIT_PATH") or "/api/v1/questions"
   bodies = {}
   local i = 0
   for line in io.lines(path) do
      -- Thread k takes lines k, k + n, k + 2n...: every body is sent once.
      if i % nthreads == id - 1 then
         table.insert(bodies, line)
      end
      i = i + 1
   end
   next_body = 1
   math.randomseed(id * 7919 + os.time())
   statuses = {}
   exhausted = 0
   origin = os.getenv("ORIGIN") or "http://127.0.0.1:8080"
end

function request()
   local body = bodies[next_body]
   if body == nil then
      -- More requests than bodies: resend the last one (an idempotent replay, counted apart).
      exhausted = exhausted + 1
      body = bodies[#bodies]
   else
      next_body = next_body + 1
   end
   -- Citizens come from many addresses (behind the proxy, CCHC_NUM_PROXIES=1): the per-client
   -- throttles and the same-source flag then see what they would in production.
   local ip = string.format("10.%d.%d.%d", math.random(0, 255), math.random(0, 255), math.random(1, 254))
   return wrk.format("POST", submit_path, {
      ["Content-Type"] = "application/json",
      ["Origin"] = origin,
      ["X-Forwarded-For"] = ip,
   }, body)
end

function response(status, headers, body)
   local key = tostring(status)
   statuses[key] = (statuses[key] or 0) + 1
end

function done(summary, latency, requests)
   local totals = {}
   local replays = 0
   for _, thread in ipairs(threads) do
      local s = thread:get("statuses")
      for code, n in pairs(s) do
         totals[code] = (totals[code] or 0) + n
      end
      replays = replays + thread:get("exhausted")
   end
   local parts = {}
   for code, n in pairs(totals) do
      table.insert(parts, string.format('"%s": %d', code, n))
   end
   io.write(string.format(
      'BENCH_JSON {"duration_us": %d, "requests": %d, "connect_errors": %d, "read_errors": %d, '
         .. '"write_errors": %d, "timeouts": %d, "non_2xx_3xx": %d, "replays": %d, '
         .. '"p50_us": %d, "p75_us": %d, "p90_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, '
         .. '"statuses": {%s}}\n',
      summary.duration, summary.requests, summary.errors.connect, summary.errors.read,
      summary.errors.write, summary.errors.timeout, summary.errors.status, replays,
      latency:percentile(50), latency:percentile(75), latency:percentile(90), latency:percentile(95),
      latency:percentile(99), latency.max, table.concat(parts, ", ")
   ))
end
