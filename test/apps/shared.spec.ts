/**
 * The services' shared code (apps/<service>/src/shared): each image's context is its own directory,
 * so each service carries the folder; the copies must stay byte-identical.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { logger } from "../../apps/api/src/shared/log";
import { Readiness } from "../../apps/api/src/shared/readiness";
import { REPO_ROOT } from "../support/harness";
import { SERVICES } from "./services";

describe("apps shared code", () => {
    it("every long-running Node.js service carries the same src/shared", () => {
        const read = (service: string) => {
            const dir = path.join(REPO_ROOT, "apps", service, "src", "shared");
            return Object.fromEntries(fs.readdirSync(dir).map((file) => [file, fs.readFileSync(path.join(dir, file), "utf8")]));
        };
        // The smoke test is no long-running service: it talks to neither Kafka nor Redis and has no shared folder.
        const [first, ...others] = Object.keys(SERVICES).filter((service) => service !== "smoke");
        assert.ok(others.length > 0);
        for (const other of others) assert.deepEqual(read(other), read(first), `apps/${other}/src/shared equals apps/${first}/src/shared`);
    });

    it("readiness logs a failed check with the check, the endpoint and the reason, its recovery once, and reuses a result for cacheMs", async () => {
        const lines: Record<string, unknown>[] = [];
        const log = logger("test", (line) => lines.push(JSON.parse(line)));
        let up = false;
        const readiness = new Readiness(
            {
                redis: {
                    endpoint: "redis:6379",
                    run: async () => {
                        if (!up) throw new Error("ECONNREFUSED");
                    },
                },
            },
            { cacheMs: 1000, timeoutMs: 100, log },
        );
        assert.deepEqual(await readiness.evaluate(0), { ready: false, checks: { redis: "ECONNREFUSED" } });
        assert.deepEqual(lines.map((l) => [l.level, l.message, l.check, l.endpoint, l.reason, l.service]), [["warn", "readiness check failed", "redis", "redis:6379", "ECONNREFUSED", "test"]]);
        up = true;
        assert.equal((await readiness.evaluate(500)).ready, false, "cached");
        assert.equal((await readiness.evaluate(1000)).ready, true);
        assert.equal((await readiness.evaluate(2000)).ready, true);
        assert.deepEqual(lines.map((l) => l.message), ["readiness check failed", "readiness check recovered"]);
    });

    it("readiness fails a check that does not answer within its timeout", async () => {
        const readiness = new Readiness({ kafka: { endpoint: "k:9093", run: () => new Promise(() => undefined) } }, { cacheMs: 0, timeoutMs: 50, log: () => undefined });
        assert.deepEqual((await readiness.evaluate()).checks, { kafka: "no answer within 50 ms" });
    });
});
