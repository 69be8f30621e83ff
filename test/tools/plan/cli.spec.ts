import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { plannedStack, REPO_ROOT, runPlanCli, writeStackFile } from "../../support/harness";

/** Whole-program runs: each is a fresh process (~2 s), so there are few of them. */
describe("tools/plan cli (npm run plan)", function () {
    this.timeout(120_000);

    it("plans dev: exit 0, says it is offline, writes plan.json, graph.mmd and manifests/", () => {
        const run = plannedStack("dev");
        assert.equal(run.code, 0, run.stderr);
        assert.match(run.stdout, /^Offline plan of streaming-platform\/dev\. Nothing was deployed/);
        assert.match(run.stdout, /Stood in for:/);
        assert.equal(run.plan.offline, true);
        assert.equal(run.plan.project, "streaming-platform");
        assert.equal(run.plan.stack, "dev");
        assert.match(fs.readFileSync(path.join(run.outDir, "graph.mmd"), "utf8"), /^flowchart LR\n/);
        const manifests = fs.readdirSync(path.join(run.outDir, "manifests"));
        assert.ok(manifests.includes("apps.deployment.api.yaml"), manifests.join(", "));
        for (const file of manifests) {
            const object = parse(fs.readFileSync(path.join(run.outDir, "manifests", file), "utf8"));
            assert.ok(typeof object.apiVersion === "string" && typeof object.kind === "string", `${file} is a Kubernetes object`);
        }
        const types = run.plan.resources.map((r: { type: string }) => r.type);
        assert.ok(types.includes("azure-native:resources:ResourceGroup") && types.includes("azure-native:operationalinsights:Workspace"));
        assert.equal(run.plan.policy.pack, "streaming-platform-guardrails");
        assert.deepEqual(run.plan.policy.violations, []);
    });

    it("plans prod in the documented shape: protected state, outputs, the analyzer's policy section", () => {
        const run = plannedStack("prod");
        assert.equal(run.code, 0, run.stderr);
        const shape = ["urn", "type", "name", "parent", "dependencies", "provider", "protect", "ignoreChanges", "inputs"];
        for (const r of run.plan.resources) {
            // secretDigests only where an input is secret, one digest per "[secret]" placeholder.
            assert.deepEqual(Object.keys(r), JSON.stringify(r.inputs).includes('"[secret]"') ? [...shape, "secretDigests"] : shape, r.urn);
        }
        const workspace = run.plan.resources.find((r: { type: string }) => r.type === "azure-native:operationalinsights:Workspace");
        const group = run.plan.resources.find((r: { type: string }) => r.type === "azure-native:resources:ResourceGroup");
        assert.equal(workspace.protect, true);
        assert.equal(workspace.inputs.retentionInDays, 90);
        assert.deepEqual(workspace.dependencies, [group.urn]);
        assert.equal(run.plan.outputs.resourceGroupName, "streaming-platform-prod-rg");
        assert.deepEqual(Object.keys(run.plan.policy), ["pack", "version", "config", "violations", "exemptions"]);
    });

    it("exits 2 naming every mistake of a stack file with three, each with a fix, and writes no plan", () => {
        const stackFile = writeStackFile({ location: "westeurop", logRetentionDays: "10", nodeSubnetCidr: "10.99.0.1/20" });
        const run = runPlanCli(["--stack", "dev", "--stack-file", stackFile]);
        assert.equal(run.code, 2);
        assert.equal(run.plan, undefined);
        assert.match(run.stderr, /Invalid configuration for stack "dev" \(3 problems\); nothing was created/);
        for (const key of ["location", "logRetentionDays", "nodeSubnetCidr"]) {
            assert.match(run.stderr, new RegExp(`- ${key} = .*\\n    Fix: pulumi config set --stack dev ${key} `));
        }
    });

    it("exits 1 on a mandatory violation and reports it with the resource's URN", () => {
        const stackFile = writeStackFile({ apiServerAccess: "private", alertEmails: ["oncall@example.com"], runnerVnetIds: ["/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/runners/providers/Microsoft.Network/virtualNetworks/runners-vnet"], logRetentionDays: 30 });
        const run = runPlanCli(["--stack", "prod", "--stack-file", stackFile, "--quiet"]);
        assert.equal(run.code, 1, run.stderr);
        const [violation] = run.plan.policy.violations;
        assert.equal(violation.policy, "log-analytics-retention");
        assert.equal(violation.level, "mandatory");
        assert.match(violation.urn, /::monitoring-workspace$/);
        assert.match(run.stdout, /\[mandatory\] log-analytics-retention/);
    });

    it("analyzes each resource as it registers (the default) with exactly the results of analyzing after the run: dev, prod, a broken stack", () => {
        const brokenStack = ["--stack", "prod", "--transform", path.join(REPO_ROOT, "dist", "test", "policy", "broken-stacks", "root-user.js"), "--quiet"];
        const runs = [
            [plannedStack("dev"), runPlanCli(["--stack", "dev", "--quiet", "--analysis", "after"])],
            [plannedStack("prod"), runPlanCli(["--stack", "prod", "--quiet", "--analysis", "after"])],
            [runPlanCli(brokenStack), runPlanCli([...brokenStack, "--analysis", "after", "--timings"])],
        ];
        for (const [during, after] of runs) {
            assert.deepEqual(during.plan.policy, after.plan.policy);
            assert.equal(during.code, after.code);
        }
        assert.ok(runs[2][0].plan.policy.violations.some((v: { level: string }) => v.level === "mandatory"), "the broken stack has a violation to compare");
        assert.ok(runs[1][0].plan.policy.exemptions.length > 0, "prod has exemptions to compare");
        // --timings: each phase once, in order, in seconds (stderr, so stdout stays the report).
        assert.match(runs[2][1].stderr, /^timings: load=\d+\.\d\d program=\d+\.\d\d manifests=\d+\.\d\d analysis=\d+\.\d\d plan-json=\d+\.\d\d$/m);
        assert.doesNotMatch(runs[2][0].stderr, /timings:/);
    });

    it("exits 2 with the usage on an unknown option", () => {
        const run = runPlanCli(["--stak", "dev"]);
        assert.equal(run.code, 2);
        assert.match(run.stderr, /Unknown option '--stak'[\s\S]*usage: npm run plan/);
    });
});
