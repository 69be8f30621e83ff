/**
 * The services' hand-written Prometheus exposition: api and worker are separate build contexts, so
 * each carries apps/<service>/src/metrics.ts; the copies must stay identical, and the output must be
 * valid text format with the catalogue's metric names.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { Counter, Gauge, Histogram, Registry } from "../../apps/api/src/metrics";
import { METRIC_FAMILIES } from "../../components/observability/metrics";
import { REPO_ROOT } from "../support/harness";

/** One sample line of the text format: name, optional labels, value. */
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*\})? (-?[0-9.e+]+|\+Inf|NaN)$/;

describe("apps metrics exposition", () => {
    it("api and worker carry the same metrics module", () => {
        const read = (service: string) => fs.readFileSync(path.join(REPO_ROOT, "apps", service, "src", "metrics.ts"), "utf8");
        assert.equal(read("worker"), read("api"));
    });

    it("renders counters, gauges and histograms as valid text format, escaping label values", () => {
        const registry = new Registry();
        registry.register(new Counter("http_requests_total", "Requests.")).inc({ service: "api", route: 'GET /a"b', status: "200" });
        registry.register(new Gauge("worker_consumer_lag", "Lag.")).set({ topic: "web.event.received", partition: "0" }, 42);
        const histogram = registry.register(new Histogram("http_request_duration_seconds", "Latency.", [0.1, 1]));
        histogram.observe({ service: "api" }, 0.05);
        histogram.observe({ service: "api" }, 0.5);
        histogram.observe({ service: "api" }, 5);
        const lines = registry.expose().trimEnd().split("\n");
        for (const line of lines.filter((l) => !l.startsWith("#"))) {
            assert.match(line, SAMPLE, line);
            assert.ok(METRIC_FAMILIES.has(SAMPLE.exec(line)![1]), `${line}: not in the catalogue`);
        }
        assert.ok(lines.includes('http_requests_total{service="api",route="GET /a\\"b",status="200"} 1'));
        assert.ok(lines.includes('http_request_duration_seconds_bucket{service="api",le="0.1"} 1'));
        assert.ok(lines.includes('http_request_duration_seconds_bucket{service="api",le="1"} 2'));
        assert.ok(lines.includes('http_request_duration_seconds_bucket{service="api",le="+Inf"} 3'));
        assert.ok(lines.includes('http_request_duration_seconds_count{service="api"} 3'));
        assert.ok(lines.includes("# TYPE worker_consumer_lag gauge"));
    });
});
