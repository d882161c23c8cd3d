-- wrk reporter: one line with p50/p95/p99/max latency (ms), requests and non-2xx/3xx responses.
done = function(summary, latency, requests)
  io.write(string.format("p50=%.1fms p95=%.1fms p99=%.1fms max=%.1fms requests=%d non2xx=%d timeouts=%d\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.requests, summary.errors.status, summary.errors.timeout))
end
