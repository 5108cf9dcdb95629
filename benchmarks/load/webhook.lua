-- wrk script of the load benchmark: signed GitHub deliveries, each with a new X-GitHub-Delivery.
-- GitHub signs only the body, so one precomputed signature serves every request. Environment:
--   BENCH_BODY       file holding the body        BENCH_SIGNATURE  its "sha256=<hex>"
--   BENCH_RUN        a number unique to this run  BENCH_PATH       request path (default /webhooks/github)
--   BENCH_RATE       requests per second per wrk thread, on a fixed schedule (default: as fast as
--                    the connections go)
--   BENCH_EXPECT     the status every response must have (default: any 2xx)
--   BENCH_CONNECTIONS  wrk's -c, to undo its latency correction (see measured() below)
-- done() prints one "RESULT key=value ..." line for benchmarks/load/run to parse.

local body = assert(io.open(os.getenv("BENCH_BODY"), "rb")):read("*a")
local signature = os.getenv("BENCH_SIGNATURE")
local path = os.getenv("BENCH_PATH") or "/webhooks/github"
local run = tonumber(os.getenv("BENCH_RUN") or "0")
local rate = tonumber(os.getenv("BENCH_RATE") or "0")
local expect = tonumber(os.getenv("BENCH_EXPECT") or "0")
local connections = tonumber(os.getenv("BENCH_CONNECTIONS") or "0")

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("index", #threads)
end

function init(args)
  -- run (8 hex digits) + thread (4) + counter (12): unique across threads and runs, UUID-shaped.
  prefix = string.format("%08x-%04x-4000-8000-", run, index)
  counter = 0
  unexpected = 0
  duplicates = 0
  unavailable = 0
  headers = {
    ["Host"] = "127.0.0.1",
    ["User-Agent"] = "GitHub-Hookshot/044aadd",
    ["Content-Type"] = "application/json",
    ["X-GitHub-Event"] = "push",
    ["X-GitHub-Hook-ID"] = "292430182",
    ["X-Hub-Signature-256"] = signature,
  }
end

function request()
  counter = counter + 1
  headers["X-GitHub-Delivery"] = prefix .. string.format("%012x", counter)
  return wrk.format("POST", path, headers, body)
end

function response(status, headers, body)
  if (expect > 0 and status ~= expect) or status < 200 or status > 299 then
    unexpected = unexpected + 1
  end
  if status == 200 then
    duplicates = duplicates + 1
  elseif status == 503 then
    unavailable = unavailable + 1
  end
end

if rate > 0 then
  -- A fixed schedule: each request of this thread takes the next slot, one period after the last,
  -- and waits for it. Slots missed while every connection was waiting for an answer (a broker
  -- stall) are made up as connections come free, up to one second's worth, so the rate offered
  -- is the rate asked for, as PerfTest's limiter makes up its own. LuaJIT's ffi reads the
  -- monotonic clock (wrk has none).
  local ffi = require("ffi")
  ffi.cdef [[
    typedef struct { long tv_sec; long tv_nsec; } hookgate_timespec;
    int clock_gettime(int clock, hookgate_timespec *now);
  ]]
  local CLOCK_MONOTONIC = 1
  local clock = ffi.new("hookgate_timespec")
  local period = 1000 / rate
  local slot = nil

  local function now_ms()
    ffi.C.clock_gettime(CLOCK_MONOTONIC, clock)
    return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
  end

  function delay()
    local now = now_ms()
    slot = slot and math.max(slot + period, now - 1000) or now
    return math.max(0, math.floor(slot - now))
  end
end

-- Before done() sees them, wrk "corrects" its latencies for coordinated omission: every latency of
-- more than twice the mean interval between one connection's requests (duration / (requests /
-- connections)) also adds samples at that latency minus one, two, ... intervals, standing for the
-- requests a stalled connection did not send. PerfTest, whose confirm latencies these are compared
-- with, records only what it measured. So this undoes the correction, exactly (wrk's
-- stats_correct: above the interval e, corrected[m] is the sum of measured[m + k*e] for k >= 0),
-- and reports latencies measured as PerfTest measures its own: from sending to the answer.
-- Returns the percentile function of the measured latencies (µs). Each latency(i) scans wrk's
-- histogram from its smallest value, so this takes a few seconds after a 256-connection run.
local function measured(summary, latency)
  local per_connection = connections > 0 and math.floor(summary.requests / connections) or 0
  local interval = per_connection > 0 and math.floor(summary.duration / per_connection) or math.huge
  local values, corrected = {}, {}
  for i = 1, #latency do -- latency(i): the i-th smallest latency recorded, and its count
    local value, count = latency(i)
    values[i] = value
    corrected[value] = count
  end
  local counts, total, negative = {}, 0, false
  for i, value in ipairs(values) do
    local count = corrected[value]
    if value > interval then
      count = count - (corrected[value + interval] or 0)
    end
    counts[i] = count
    total = total + count
    negative = negative or count < 0
  end
  -- Each answer was recorded once (one past the timeout is not, and counts as a timeout), so what
  -- this found must add up to that; if wrk ever corrects differently, the run fails rather than
  -- report wrong latencies.
  local answered = summary.requests
  if negative or total > answered or total < answered - summary.errors.timeout then
    error(string.format("cannot undo wrk's latency correction: %d latencies for %d answers",
      total, answered))
  end
  return function(p)
    local rank, seen = math.max(1, math.ceil(p / 100 * total)), 0 -- the nearest rank
    for i, value in ipairs(values) do
      seen = seen + counts[i]
      if seen >= rank then
        return value
      end
    end
    return 0
  end
end

function done(summary, latency, requests)
  local bad, duplicate, busy = 0, 0, 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("unexpected")
    duplicate = duplicate + thread:get("duplicates")
    busy = busy + thread:get("unavailable")
  end
  local errors = summary.errors
  local percentile = measured(summary, latency)
  io.write(string.format(
    "RESULT requests=%d duration_us=%d rps=%.1f p50_us=%d p99_us=%d p999_us=%d "
      .. "p99_corrected_us=%d unexpected=%d status200=%d status503=%d "
      .. "connect_errors=%d read_errors=%d write_errors=%d timeouts=%d\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    percentile(50), percentile(99), percentile(99.9), latency:percentile(99), bad, duplicate,
    busy, errors.connect, errors.read, errors.write, errors.timeout))
end
