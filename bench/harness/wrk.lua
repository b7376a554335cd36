-- wrk script of the benchmark: POSTs JSON bodies read from a file (one body per line), rotating
-- through them, counts responses that carry GraphQL errors, and prints one JSON line at the end.
--   wrk -t1 -c16 -d10s --latency --timeout 120s -s wrk.lua URL -- BODIES_FILE [AUTHORIZATION]

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

local requests = {}
local next_request = 1
graphql_errors = 0
responses = 0

function init(args)
  local path = args[1]
  local headers = {["Content-Type"] = "application/json"}
  if args[2] ~= nil and #args[2] > 0 then
    headers["Authorization"] = args[2]
  end
  for line in io.lines(path) do
    if #line > 0 then
      table.insert(requests, wrk.format("POST", nil, headers, line))
    end
  end
  if #requests == 0 then
    error("no request bodies in " .. tostring(path))
  end
end

function request()
  local r = requests[next_request]
  next_request = next_request % #requests + 1
  return r
end

function response(status, headers, body)
  responses = responses + 1
  if status < 200 or status > 299 or string.find(body, '"errors"', 1, true) then
    graphql_errors = graphql_errors + 1
  end
end

function done(summary, latency, requests)
  local failed = 0
  for _, thread in ipairs(threads) do
    failed = failed + thread:get("graphql_errors")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests":%d,"duration_us":%d,"bytes":%d,"errors_connect":%d,' ..
    '"errors_read":%d,"errors_write":%d,"errors_status":%d,"errors_timeout":%d,' ..
    '"failed_responses":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, failed, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean))
end
