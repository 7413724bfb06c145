-- wrk script for bench/web.sh: rotates through the request paths in the file named by the first script argument
-- (one a line) and prints one machine-readable line when done:
--   RESULT <requests> <seconds> <req/s> <p50 ms> <p99 ms> <socket errors> <non-2xx/3xx responses>
-- The second script argument, when "gzip", asks for compressed responses as a browser does.
local paths = {}
local next_path = 1
local gzip = false

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then paths[#paths + 1] = line end
  end
  if #paths == 0 then error("no request paths in " .. args[1]) end
  gzip = args[2] == "gzip"
end

function request()
  local path = paths[next_path]
  next_path = next_path % #paths + 1
  local headers = {}
  if gzip then headers["Accept-Encoding"] = "gzip" end
  return wrk.format("GET", path, headers)
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format("RESULT %d %.2f %.1f %.3f %.2f %d %d\n", summary.requests, seconds,
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout, e.status))
end
