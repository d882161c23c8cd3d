-- wrk script for the serving benchmark: POSTs one form-encoded SPARQL query (read from WRK_BODY_FILE;
-- a GET of the URL when WRK_BODY_FILE is empty),
-- optionally with "Connection: close" (WRK_CLOSE=1), and prints one JSON line of statistics at the end.
-- A GET (a REST endpoint) asks for JSON: the SPARQL results type is not offered there (406).
if os.getenv("WRK_BODY_FILE") ~= "" then
  wrk.headers["Accept"] = "application/sparql-results+json"
else
  wrk.headers["Accept"] = "application/json"
end
if os.getenv("WRK_CLOSE") == "1" then
  wrk.headers["Connection"] = "close"
end
if os.getenv("WRK_BODY_FILE") ~= "" then
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  local handle = io.open(os.getenv("WRK_BODY_FILE"), "r")
  wrk.body = handle:read("*a")
  handle:close()
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"count": %d, "errors": %d, "p50": %f, "p95": %f, "p99": %f, "mean": %f, "seconds": %f}\n',
    summary.requests, e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50) / 1e6, latency:percentile(95) / 1e6, latency:percentile(99) / 1e6,
    latency.mean / 1e6, summary.duration / 1e6))
end
