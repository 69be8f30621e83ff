/**
 * The dev and prod plans pass the pack; each deliberately broken prod stack (one resource changed
 * by a stack transformation) makes `npm run plan` exit 1 with exactly the expected mandatory violation.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { plannedStack, runPlanCli } from "../../support/harness";
import type { Expected } from "./fixture";

const FIXTURES = ["no-probes", "root-user", "latest-tag", "public-storage", "bad-topic-name", "missing-dlq", "file-checkpoints", "flink-account-key", "pod-monitor-first", "grant-after-cluster", "api-server-zone-unlinked", "import-before-grant", "lifecycle-over-warehouse", "namespace-unlinked", "unsigned-images-admitted", "secret-never-synced"];

describe("policy pack on whole stacks", function () {
    this.timeout(180_000);

    for (const stack of ["dev", "prod"] as const) {
        it(`${stack}: the plan has no mandatory violation`, () => {
            const run = plannedStack(stack);
            assert.equal(run.code, 0, run.stdout + run.stderr);
            assert.deepEqual(run.plan.policy.violations.filter((v: { level: string }) => v.level === "mandatory"), []);
            // Every image from the stack's registry, by digest: no image rule is exempted (issue 23).
            const config = JSON.parse(fs.readFileSync(path.join(process.cwd(), "policy", `config.${stack}.json`), "utf8"));
            for (const rule of ["images-from-stack-registry", "pinned-by-digest", "no-latest-tag", "build-pushes-to-stack-registry"]) {
                assert.equal(config[rule]?.exemptions, undefined, `${rule} exempts something in config.${stack}.json`);
            }
            assert.deepEqual(run.plan.policy.exemptions.filter((e: { policy: string }) => /image|digest/.test(e.policy)), []);
        });
    }

    it("every fixture module is listed here", () => {
        const modules = fs.readdirSync(__dirname).filter((f) => f.endsWith(".js") && !["fixture.js", "broken-stacks.spec.js"].includes(f)).map((f) => f.replace(/\.js$/, ""));
        assert.deepEqual(modules.sort(), [...FIXTURES].sort());
    });

    for (const name of FIXTURES) {
        it(`${name}: exit 1 with exactly the expected mandatory violation`, () => {
            const module = path.join(__dirname, `${name}.js`);
            const { expected } = require(module) as { expected: Expected };
            const run = runPlanCli(["--stack", "prod", "--transform", module, "--quiet"]);
            assert.equal(run.code, 1, run.stdout + run.stderr);
            const mandatory = run.plan.policy.violations.filter((v: { level: string }) => v.level === "mandatory");
            assert.deepEqual([...new Set(mandatory.map((v: { policy: string }) => v.policy))], [expected.policy], run.stdout);
            assert.equal(mandatory.length, 1, run.stdout);
            assert.ok(mandatory[0].message.includes(expected.message), mandatory[0].message);
            assert.match(run.stdout, new RegExp(`\\[mandatory\\] ${expected.policy} `));
        });
    }
});
