import * as assert from "node:assert/strict";
import fc from "fast-check";
import { ConfigError, loadConfig, SecretValue, type RawConfig } from "../../infra/config";
import { CONFIG_KEY_NAMES, keySpec } from "../../infra/config-keys";
import { createPlatform } from "../../infra/platform";
import { PROFILES } from "../../stacks/profiles";
import { MISTAKES, validDocument, withMistakes } from "../support/config-arbitraries";
import { capture, PROJECT, recordedCount, REPO_ROOT } from "../support/harness";

function raw(stack: string, values: Record<string, string>, secretKeys: string[] = []): RawConfig {
    return { project: PROJECT, stack, values, secretKeys: new Set(secretKeys) };
}

const PROD_MINIMUM = { apiServerAccess: "private", alertEmails: JSON.stringify(["oncall@example.com"]) };

function problemsOf(input: RawConfig): ConfigError["problems"] {
    try {
        loadConfig(input);
    } catch (error) {
        assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${error}`);
        return error.problems;
    }
    assert.fail("expected the config to be rejected");
}

describe("infra/config loadConfig", () => {
    it("gives a dev stack with no settings the dev profile's defaults", () => {
        const config = loadConfig(raw("dev", {}));
        assert.equal(config.profile.name, "dev");
        assert.equal(config.settings.logRetentionDays, 30);
        assert.equal(config.settings.apiServerAccess, "public");
        assert.equal(config.settings.location, "westeurope");
        assert.deepEqual(config.settings.alertEmails, []);
        assert.equal(config.settings.redisPassword, undefined);
        assert.deepEqual(config.tags, { project: PROJECT, environment: "dev", owner: "platform-team", "managed-by": "pulumi" });
    });

    it("lets the stack file override the profile, and the profile fill the rest", () => {
        const config = loadConfig(raw("prod", { ...PROD_MINIMUM, logRetentionDays: "120" }));
        assert.equal(config.settings.logRetentionDays, 120);
        assert.equal(config.settings.userNodeMinCount, PROFILES.prod.defaults.userNodeMinCount);
        assert.equal(config.profile.traits.protectStatefulResources, true);
    });

    it('treats "profile" (the Pulumi.yaml default) as the profile\'s value', () => {
        assert.equal(loadConfig(raw("prod", { ...PROD_MINIMUM, logRetentionDays: "profile" })).settings.logRetentionDays, 90);
    });

    it("selects the profile from the profile key for stacks named otherwise", () => {
        assert.equal(loadConfig(raw("staging", { ...PROD_MINIMUM, profile: "prod" })).profile.name, "prod");
        assert.deepEqual(problemsOf(raw("staging", {})), [
            {
                key: "profile",
                value: '(not set) (stack "staging" names no profile)',
                expected: "one of dev, prod",
                fix: "pulumi config set --stack staging profile prod",
            },
        ]);
    });

    it("requires the keys the prod profile gives no default for, with the command that sets them", () => {
        const problems = problemsOf(raw("prod", {}));
        assert.deepEqual(
            problems.map((p) => [p.key, p.value, p.fix]),
            [
                ["alertEmails", "(not set)", "pulumi config set --stack prod --path 'alertEmails[0]' oncall@example.com"],
                ["apiServerAccess", "(not set)", "pulumi config set --stack prod apiServerAccess private"],
            ],
        );
        assert.match(problems[0].expected, /the prod profile requires it/);
    });

    it("names the key, the value, the expectation and the fix for an out-of-range value", () => {
        assert.deepEqual(problemsOf(raw("dev", { logRetentionDays: "7" })), [
            {
                key: "logRetentionDays",
                value: '"7"',
                expected: "an integer number of days from 30 to 730",
                fix: "pulumi config set --stack dev logRetentionDays 90",
            },
        ]);
    });

    it("reports three different mistakes at once, in Pulumi.yaml's key order", () => {
        const problems = problemsOf(raw("dev", { location: "westeurop", nodeSubnetCidr: "10.40.0.1/20", colour: "blue" }));
        assert.deepEqual(
            problems.map((p) => p.key),
            ["location", "nodeSubnetCidr", "colour"],
        );
        assert.match(problems[0].expected, /did you mean "westeurope"\?/);
        assert.match(problems[1].expected, /host bits set; the network is 10\.40\.0\.0\/20/);
        assert.equal(problems[2].fix, "pulumi config rm --stack dev colour");
    });

    it("suggests the key meant for a misspelt one", () => {
        const [problem] = problemsOf(raw("dev", { logRetentionDay: "30" }));
        assert.equal(problem.expected, "a key this project declares (did you mean logRetentionDays?)");
    });

    it("rejects a secret given in plain text without echoing it", () => {
        const [problem] = problemsOf(raw("dev", { redisPassword: "correct-horse-battery-staple" }));
        assert.equal(problem.key, "redisPassword");
        assert.equal(problem.value, "(plain text, value hidden)");
        assert.match(problem.fix, /--secret redisPassword/);
        assert.ok(!JSON.stringify(problem).includes("correct-horse"));
    });

    it("wraps a secret so it prints as [secret]", () => {
        const config = loadConfig(raw("dev", { redisPassword: "correct-horse-battery-staple" }, ["redisPassword"]));
        assert.ok(config.settings.redisPassword instanceof SecretValue);
        assert.equal(`${config.settings.redisPassword}`, "[secret]");
        assert.equal(JSON.stringify(config.settings), JSON.stringify({ ...config.settings, redisPassword: "[secret]" }));
        assert.equal(config.settings.redisPassword.reveal(), "correct-horse-battery-staple");
    });

    it("checks the address plan: subnets inside the VNet and apart, overlay ranges outside it and apart", () => {
        assert.deepEqual(
            problemsOf(raw("dev", { nodeSubnetCidr: "10.41.0.0/20", podCidr: "10.40.128.0/17" })).map((p) => [p.key, p.expected]),
            [
                ["nodeSubnetCidr", "a range inside vnetCidr 10.40.0.0/16"],
                ["podCidr", "a range outside vnetCidr 10.40.0.0/16 (overlay addresses must not collide with the VNet)"],
            ],
        );
        assert.deepEqual(
            problemsOf(raw("dev", { privateEndpointSubnetCidr: "10.40.8.0/24", serviceCidr: "192.168.128.0/17" })).map((p) => [p.key, p.expected]),
            [
                ["privateEndpointSubnetCidr", "a range apart from nodeSubnetCidr 10.40.0.0/20"],
                ["serviceCidr", "a range apart from podCidr 192.168.0.0/16"],
            ],
        );
    });

    it("checks pool bounds and API server access against each other", () => {
        const problems = problemsOf(
            raw("dev", { userNodeMinCount: "5", userNodeMaxCount: "4", apiServerAccess: "authorized-ranges" }),
        );
        assert.deepEqual(
            problems.map((p) => [p.key, p.expected]),
            [
                ["apiServerAuthorizedRanges", "at least one CIDR when apiServerAccess is authorized-ranges"],
                ["userNodeMaxCount", "at least userNodeMinCount (5)"],
            ],
        );
        assert.deepEqual(
            problemsOf(raw("dev", { apiServerAccess: "authorized-ranges", apiServerAuthorizedRanges: '["0.0.0.0/0"]' })).map((p) => p.expected),
            ["specific ranges, not 0.0.0.0/0 (that admits the whole internet)"],
        );
    });

    it("keeps refined lake data at least as long as raw: silver expiry not below bronze", () => {
        assert.deepEqual(
            problemsOf(raw("dev", { lakeBronzeExpiryDays: "90", lakeSilverExpiryDays: "30" })).map((p) => [p.key, p.value, p.expected]),
            [["lakeSilverExpiryDays", '"30"', "at least lakeBronzeExpiryDays (90): refined data must outlive its raw input"]],
        );
    });

    it("returns a deeply frozen object", () => {
        const config = loadConfig(raw("prod", PROD_MINIMUM));
        assert.ok(Object.isFrozen(config) && Object.isFrozen(config.settings) && Object.isFrozen(config.settings.alertEmails));
        assert.throws(() => ((config.settings as { location: string }).location = "eastus"), TypeError);
    });

    it("property: any valid document loads, with given values kept and omitted ones from the profile or Pulumi.yaml", () => {
        fc.assert(
            fc.property(validDocument(), (doc) => {
                const config = loadConfig(doc.raw);
                assert.equal(config.profile.name, doc.profile);
                for (const key of CONFIG_KEY_NAMES.filter((k) => k !== "profile" && k !== "redisPassword")) {
                    const given = doc.raw.values[key];
                    const actual = (config.settings as Record<string, unknown>)[key];
                    const profileDefault = (PROFILES[doc.profile].defaults as Record<string, unknown>)[key];
                    const expected =
                        given !== undefined
                            ? keySpec(key).kind === "string"
                                ? given
                                : JSON.parse(given)
                            : (profileDefault ?? keySpec(key).default);
                    assert.deepEqual(actual, expected, key);
                }
                assert.equal(config.settings.redisPassword?.reveal(), doc.raw.values.redisPassword);
            }),
            { numRuns: 300 },
        );
    });

    it("property: any set of mistakes is reported at once, each naming its key with an expectation and a fix", () => {
        fc.assert(
            fc.property(validDocument(), fc.subarray([...MISTAKES], { minLength: 1 }), (doc, mistakes) => {
                const problems = problemsOf(withMistakes(doc, mistakes));
                const reported = new Set(problems.map((p) => p.key));
                for (const mistake of mistakes) {
                    assert.ok(reported.has(mistake.key), `${mistake.key} not reported: ${JSON.stringify(problems)}`);
                }
                for (const p of problems) {
                    assert.ok(p.expected.length > 0 && /pulumi config (set|rm)|rename it/.test(p.fix), JSON.stringify(p));
                    assert.ok(p.fix.includes(p.key) || p.fix.includes("rename"), JSON.stringify(p));
                }
            }),
            { numRuns: 300 },
        );
    });

    it("property: an invalid document registers no resource", async () => {
        await fc.assert(
            fc.asyncProperty(validDocument(), fc.subarray([...MISTAKES], { minLength: 1, maxLength: 3 }), async (doc, mistakes) => {
                const before = recordedCount();
                await assert.rejects(capture(() => createPlatform(loadConfig(withMistakes(doc, mistakes)), REPO_ROOT)), ConfigError);
                assert.equal(recordedCount(), before);
            }),
            { numRuns: 25 },
        );
    });
});
