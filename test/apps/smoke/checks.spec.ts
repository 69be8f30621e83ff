import * as assert from "node:assert/strict";
import fc from "fast-check";
import { judgeResource, parseChecks, runChecks } from "../../../apps/smoke/src/checks";

const FLINK = { name: "flink", kind: "resource", path: "/apis/flink.apache.org/v1beta1/namespaces/flink/flinkdeployments/x", expect: { field: "status.jobStatus.state", equals: "RUNNING" } } as const;
const KAFKA = { name: "kafka", kind: "resource", path: "/apis/kafka.strimzi.io/v1/namespaces/kafka/kafkas/k", expect: { condition: "Ready" } } as const;

describe("apps/smoke checks", () => {
    it("reads the checks, and reports every malformed one at once", () => {
        assert.deepEqual(parseChecks(JSON.stringify([FLINK, { name: "api", kind: "http", url: "http://api:5000/ready" }])).length, 2);
        assert.throws(
            () => parseChecks(JSON.stringify([{ name: "", kind: "http", url: "ftp://x" }, { name: "k", kind: "resource", path: "/api/v1/pods", expect: {} }, { name: "z", kind: "tcp" }])),
            /invalid CHECKS \(5\): CHECKS\[0\].name: expected a non-empty string; CHECKS\[0\].url: expected an http\(s\) URL, got "ftp:\/\/x"; CHECKS\[1\].path: expected an API path under \/apis\/, got "\/api\/v1\/pods"; CHECKS\[1\].expect: .*; CHECKS\[2\].kind: expected "http" or "resource", got "tcp"/,
        );
        assert.throws(() => parseChecks(undefined), /CHECKS is not set/);
        assert.throws(() => parseChecks("[]"), /non-empty JSON list/);
    });

    it("judges a status field and a condition, saying what it found", () => {
        assert.equal(judgeResource(FLINK, { status: { jobStatus: { state: "RUNNING" } } }), undefined);
        assert.equal(judgeResource(FLINK, { status: { jobStatus: { state: "RECONCILING" } } }), 'status.jobStatus.state is "RECONCILING", expected "RUNNING"');
        assert.equal(judgeResource(FLINK, {}), 'status.jobStatus.state is undefined, expected "RUNNING"');
        assert.equal(judgeResource(KAFKA, { status: { conditions: [{ type: "Ready", status: "True" }] } }), undefined);
        assert.equal(judgeResource(KAFKA, { status: { conditions: [{ type: "Ready", status: "False", message: "brokers starting" }] } }), "condition Ready is False: brokers starting");
        assert.equal(judgeResource(KAFKA, { status: {} }), "no condition Ready in status");
    });

    it("property: a check is retried every interval until it passes or the deadline comes, and reports its last reason", async () => {
        await fc.assert(
            fc.asyncProperty(fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }), fc.integer({ min: 0, max: 20 }), async (passAt, deadlineSteps) => {
                // Answers 200 from attempt passAt + 1 on (never when undefined); time moves only by sleeping.
                let clock = 0;
                let attempts = 0;
                const results = await runChecks(
                    [{ name: "api", kind: "http", url: "http://api/" }],
                    {
                        httpStatus: async () => (++attempts > (passAt ?? Infinity) ? 200 : 503),
                        getResource: async () => ({}),
                        sleep: async (ms) => void (clock += ms),
                        now: () => clock,
                        log: () => undefined,
                    },
                    deadlineSteps * 10,
                    10,
                );
                // Attempts at 0, 10, 20, ... while the next one still fits before the deadline: deadlineSteps + 1 of them.
                const passes = passAt !== undefined && passAt <= deadlineSteps;
                assert.equal(results.api, passes ? undefined : "answered 503, expected 200");
                assert.equal(attempts, passes ? passAt! + 1 : deadlineSteps + 1);
            }),
        );
    });

    it("runs the checks side by side and reports each one's result; an error counts as its reason", async () => {
        const results = await runChecks(
            [{ name: "up", kind: "http", url: "http://up/" }, { name: "down", kind: "http", url: "http://down/" }, KAFKA],
            {
                httpStatus: async (url) => (url.includes("up") ? 200 : Promise.reject(new Error("ECONNREFUSED"))),
                getResource: async () => ({ status: { conditions: [{ type: "Ready", status: "True" }] } }),
                sleep: async () => undefined,
                now: () => 0,
                log: () => undefined,
            },
            0,
            10,
        );
        assert.deepEqual(results, { up: undefined, down: "ECONNREFUSED", kafka: undefined });
    });
});
