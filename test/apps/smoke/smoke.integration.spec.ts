/**
 * apps/smoke as the Job runs it: the compiled program on its image's Node.js, against real HTTP
 * servers on loopback for the health endpoints. The Kubernetes API cannot run on this machine: a
 * loopback HTTP server answers its GETs with the objects the checks read (KUBERNETES_API_URL, as
 * through `kubectl proxy`), and refuses anything else.
 */
import * as assert from "node:assert/strict";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { startService } from "../services";

function serve(handler: http.RequestListener): Promise<{ url: string; close: () => Promise<void> }> {
    const server = http.createServer(handler);
    return new Promise((resolve) =>
        server.listen(0, "127.0.0.1", () =>
            resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((done) => server.close(() => done())) }),
        ),
    );
}

describe("apps/smoke against real HTTP servers (integration)", function () {
    this.timeout(60_000);
    const objects: Record<string, unknown> = {
        "/apis/flink.apache.org/v1beta1/namespaces/flink/flinkdeployments/event-count": { status: { jobStatus: { state: "RUNNING" } } },
        "/apis/kafka.strimzi.io/v1/namespaces/kafka/kafkas/platform": { status: { conditions: [{ type: "Ready", status: "True" }] } },
    };
    let healthy: Awaited<ReturnType<typeof serve>>;
    let failing: Awaited<ReturnType<typeof serve>>;
    let api: Awaited<ReturnType<typeof serve>>;
    before(async () => {
        healthy = await serve((_, res) => res.writeHead(200).end("ok"));
        failing = await serve((_, res) => res.writeHead(503).end("not ready"));
        api = await serve((req, res) => (req.url! in objects ? res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(objects[req.url!])) : res.writeHead(404).end()));
    });
    after(async () => Promise.all([healthy, failing, api].map((s) => s?.close())));

    const run = (checks: unknown[]) => startService("smoke", { CHECKS: JSON.stringify(checks), DEADLINE_SECONDS: "2", INTERVAL_SECONDS: "1", KUBERNETES_API_URL: api.url });
    const resources = [
        { name: "flink job event-count", kind: "resource", path: "/apis/flink.apache.org/v1beta1/namespaces/flink/flinkdeployments/event-count", expect: { field: "status.jobStatus.state", equals: "RUNNING" } },
        { name: "kafka", kind: "resource", path: "/apis/kafka.strimzi.io/v1/namespaces/kafka/kafkas/platform", expect: { condition: "Ready" } },
    ];

    it("exits 0 when every service answers and every resource works", async () => {
        const smoke = run([{ name: "api", kind: "http", url: `${healthy.url}/api/ready` }, ...resources]);
        assert.equal(await smoke.exit, 0, JSON.stringify(smoke.logs));
        assert.deepEqual(smoke.logs.filter((l) => l.message === "passed").map((l) => l.check).sort(), ["api", "flink job event-count", "kafka"]);
    });

    it("exits 1 after the deadline, naming each failing check, its target and reason", async () => {
        const smoke = run([
            { name: "api", kind: "http", url: `${healthy.url}/api/ready` },
            { name: "worker", kind: "http", url: `${failing.url}/ready` },
            { name: "flink job other", kind: "resource", path: "/apis/flink.apache.org/v1beta1/namespaces/flink/flinkdeployments/other", expect: { field: "status.jobStatus.state", equals: "RUNNING" } },
        ]);
        assert.equal(await smoke.exit, 1);
        const failed = smoke.logs.find((l) => l.message === "smoke test failed")!;
        assert.deepEqual(failed.failed, { worker: "answered 503, expected 200", "flink job other": "GET /apis/flink.apache.org/v1beta1/namespaces/flink/flinkdeployments/other answered 404: " });
        assert.ok(smoke.logs.some((l) => l.message === "failed" && l.check === "worker" && l.target === `${failing.url}/ready`));
        assert.ok((smoke.logs.find((l) => l.message === "failed" && l.check === "worker")!.attempt as number) >= 2, "retried before giving up");
    });
});
