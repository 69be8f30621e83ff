/**
 * The rule tables' fixtures once more, through the pack's real analyzer server (the protocol the
 * Pulumi CLI speaks): each fixture must yield exactly the messages the direct run yields.
 */
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { policies } from "../../policy/rules";
import { PolicyAnalyzer } from "../../tools/plan/analyzer";
import { resolvePolicyConfig } from "../../tools/plan/policy-config";
import type { RecordedResource } from "../../tools/plan/recorder";
import { REPO_ROOT } from "../support/harness";
import { POLICY_FIXTURES, runResourceRule, runStackRule, testUrn, type Fixture } from "../support/policy";

function recorded(fixture: Fixture): RecordedResource[] {
    return fixture.resources.map((r) => {
        const urn = testUrn(r);
        const dependencies = fixture.resources.filter((d) => (r.dependsOn ?? []).includes(d.name)).map(testUrn);
        return { urn, type: r.type, name: r.name, custom: true, parent: undefined, dependencies, provider: undefined, protect: r.protect ?? false, ignoreChanges: [], inputs: r.props, wireInputs: r.props, wireState: r.props };
    });
}

/** What the direct run reports for a fixture: the messages of the rule under test. */
async function direct(policyName: string, fixture: Fixture): Promise<string[]> {
    const policy = policies.find((p) => p.name === policyName)!;
    if (fixture.kind === "stack") {
        return (await runStackRule(policy as never, fixture.resources, fixture.config)).filter((f) => f.notApplicable === undefined).map((f) => f.message);
    }
    const outcome = await runResourceRule(policy as never, fixture.resources[0], fixture.config);
    return outcome.applicable ? outcome.messages : [];
}

describe("policy fixtures through the analyzer server", function () {
    this.timeout(120_000);
    let analyzer: PolicyAnalyzer;
    before(() => (analyzer = PolicyAnalyzer.start(path.join(REPO_ROOT, "policy"))));
    after(() => analyzer.close());

    it("the analyzer reports the pack's policies, at least 35", async () => {
        const info = await analyzer.info();
        assert.ok(info.policies.length >= 35, `${info.policies.length} policies`);
        assert.deepEqual(info.policies.map((p) => p.name).sort(), policies.map((p) => p.name).sort());
    });

    it("every table fixture yields the same messages as the direct run", async () => {
        const info = await analyzer.info();
        let checked = 0;
        for (const [policyName, fixtures] of POLICY_FIXTURES) {
            for (const fixture of fixtures) {
                const entries = Object.fromEntries(info.policies.map((p) => [p.name, p.name === policyName ? { enforcementLevel: "mandatory", ...fixture.config } : "disabled"]));
                await analyzer.configure(resolvePolicyConfig("(fixture)", info.policies, entries));
                const violations = await analyzer.analyzeAll(recorded(fixture));
                const messages = violations.filter((v) => v.policy === policyName).map((v) => v.message);
                const expected = await direct(policyName, fixture);
                // The server prefixes each message with the policy's description.
                assert.deepEqual(
                    messages.map((m) => m.split("\n").slice(1).join("\n") || m),
                    expected,
                    `${policyName}: ${fixture.label}`,
                );
                checked += 1;
            }
        }
        assert.ok(checked > 100, `${checked} fixtures`);
    });
});
