import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { policies } from "../../policy/rules";
import { PolicyAnalyzer } from "../../tools/plan/analyzer";
import { resolvePolicyConfig, readPolicyConfigFile } from "../../tools/plan/policy-config";
import { readProjectFile, readStackConfig } from "../../tools/plan/stack-files";
import type { RecordedResource } from "../../tools/plan/recorder";
import { REPO_ROOT } from "../support/harness";
import { describePolicy } from "../support/policy";

const POLICY_DIR = path.join(REPO_ROOT, "policy");
const ruleFiles = fs
    .readdirSync(path.join(POLICY_DIR, "rules"), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => fs.readdirSync(path.join(POLICY_DIR, "rules", d.name)).map((f) => `${d.name}/${f.replace(/\.ts$/, "")}`));

function resource(type: string, name: string, inputs: Record<string, unknown>, protect = false): RecordedResource {
    const urn = `urn:pulumi:prod::streaming-platform::${type}::${name}`;
    return { urn, type, name, custom: true, parent: undefined, dependencies: [], provider: undefined, protect, ignoreChanges: [], inputs, wireInputs: inputs, wireState: inputs };
}

describe("policy pack", () => {
    it("lists one rule per file under rules/<area>/, named after its file, fully described", () => {
        assert.deepEqual(policies.map((p) => p.name).sort(), ruleFiles.map((f) => f.split("/")[1]).sort());
        for (const p of policies) {
            assert.ok(p.description && p.severity && p.enforcementLevel && p.remediationSteps, p.name);
        }
        for (const f of ruleFiles) {
            assert.ok(fs.existsSync(path.join(REPO_ROOT, "test", "policy", `${f}.spec.ts`)), `no test for rule ${f}`);
        }
    });

    it("has stack configs that name only its policies and valid settings", () => {
        const described = policies.map((p) => describePolicy(p as never));
        for (const stack of ["local", "dev", "prod"]) {
            const file = path.join(POLICY_DIR, `config.${stack}.json`);
            assert.doesNotThrow(() => resolvePolicyConfig(file, described, readPolicyConfigFile(file)));
        }
    });

    it("describes in deploy-endpoints-reachable the runner each stack file lets in (prod: its runnerVnetIds; dev: its authorized ranges)", () => {
        const project = readProjectFile(REPO_ROOT);
        const stackValue = (stack: string, key: string) => JSON.parse(readStackConfig(REPO_ROOT, project, stack).config[`streaming-platform:${key}`] ?? "[]");
        const runner = (stack: string) => readPolicyConfigFile(path.join(POLICY_DIR, `config.${stack}.json`))["deploy-endpoints-reachable"] as Record<string, unknown>;
        assert.deepEqual(runner("prod").runnerVnetIds, stackValue("prod", "runnerVnetIds"));
        assert.deepEqual(runner("dev").runnerSourceRanges, stackValue("dev", "apiServerAuthorizedRanges"));
    });

    it("names in config.local.json the registry Pulumi.local.yaml pushes to (localRegistry), for both image rules", () => {
        const project = readProjectFile(REPO_ROOT);
        const registry = readStackConfig(REPO_ROOT, project, "local").config["streaming-platform:localRegistry"];
        const config = readPolicyConfigFile(path.join(POLICY_DIR, "config.local.json")) as Record<string, any>;
        assert.deepEqual(config["build-pushes-to-stack-registry"].registries, [registry]);
        assert.equal(config["images-from-stack-registry"].registryPattern, `${registry}/`);
    });

    it("gives every Pod Security control the same podSecurityLevels and podSecurityVersion in each stack config (CrossGuard config is per rule)", () => {
        const described = policies.map((p) => describePolicy(p as never));
        const controls = described.filter((p) => "podSecurityLevels" in p.properties).map((p) => p.name);
        assert.ok(controls.length >= 16, `${controls.length} controls`);
        for (const stack of ["local", "dev", "prod"]) {
            const file = path.join(POLICY_DIR, `config.${stack}.json`);
            const resolved = resolvePolicyConfig(file, described, readPolicyConfigFile(file));
            const settings = new Set(controls.map((name) => JSON.stringify([resolved[name].properties.podSecurityLevels, resolved[name].properties.podSecurityVersion])));
            assert.equal(settings.size, 1, `${stack}: ${[...settings].join(" vs ")}`);
        }
    });

    describe("through its analyzer server (the Pulumi CLI's protocol)", function () {
        this.timeout(60_000);
        let analyzer: PolicyAnalyzer;
        before(() => (analyzer = PolicyAnalyzer.start(POLICY_DIR)));
        after(() => analyzer.close());

        it("describes the pack: name, version from package.json, every policy with its schema", async () => {
            const info = await analyzer.info();
            const version = JSON.parse(fs.readFileSync(path.join(POLICY_DIR, "package.json"), "utf8")).version;
            assert.equal(info.name, "streaming-platform-guardrails");
            assert.equal(info.version, version);
            assert.deepEqual(info.policies.map((p) => p.name).sort(), policies.map((p) => p.name).sort());
            assert.deepEqual(info.policies.find((p) => p.name === "log-analytics-retention")?.properties.minimumRetentionDays?.default, 30);
        });

        it("reports resource and stack violations at the configured levels, and nothing for compliant resources", async () => {
            const info = await analyzer.info();
            const file = path.join(POLICY_DIR, "config.prod.json");
            await analyzer.configure(resolvePolicyConfig(file, info.policies, readPolicyConfigFile(file)));
            const tags = { owner: "t", environment: "prod", project: "p", "managed-by": "pulumi" };
            const violations = await analyzer.analyzeAll([
                resource("azure-native:resources:ResourceGroup", "good", { tags }, true),
                resource("azure-native:operationalinsights:Workspace", "short", { retentionInDays: 30 }, false),
            ]);
            assert.deepEqual(
                violations.map((v) => [v.policy, v.level, v.severity, v.urn.split("::").pop()]).sort(),
                [
                    ["log-analytics-retention", "mandatory", "medium", "short"],
                    ["stateful-resources-protected", "mandatory", "high", "short"],
                ],
            );
            assert.match(violations.find((v) => v.policy === "log-analytics-retention")!.message, /retentionInDays is 30; expected at least 90 days/);
        });

        it("a pack that was not built fails every request, naming the file and the fix", async () => {
            const unbuilt = fs.mkdtempSync(path.join(os.tmpdir(), "unbuilt-pack-"));
            fs.writeFileSync(path.join(unbuilt, "package.json"), JSON.stringify({ name: "unbuilt", main: "dist/index.js" }));
            const pack = PolicyAnalyzer.start(unbuilt);
            try {
                const expected = /dist\/index\.js does not exist; build the pack first \(npm run build\)/;
                await assert.rejects(pack.info(), expected);
                await assert.rejects(pack.analyze([resource("azure-native:resources:ResourceGroup", "rg", {}, false)]), expected);
            } finally {
                await pack.close();
            }
        });

        it("serves the same pack through the SDK's run-policy-pack host, as the CLI launches it", async () => {
            const viaHost = PolicyAnalyzer.start(POLICY_DIR, "pulumi");
            try {
                assert.deepEqual((await viaHost.info()).policies.map((p) => p.name), (await analyzer.info()).policies.map((p) => p.name));
            } finally {
                await viaHost.close();
            }
        });
    });
});
