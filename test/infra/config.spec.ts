import * as assert from "node:assert/strict";
import fc from "fast-check";
import { runs } from "../support/fast-check";
import { loadConfig } from "../../infra/config";
import { ConfigError, SecretValue, type RawConfig } from "../../stacks/stack-config";
import { CONFIG_KEY_NAMES, keySpec, profileValue } from "../../infra/config-keys";
import { createPlatform } from "../../infra/platform";
import { topicName } from "../../components/kafka/topic-plan";
import { MISTAKES, validDocument, withKafka, withMistakes } from "../support/config-arbitraries";
import { capture, PROJECT, recordedCount, REPO_ROOT } from "../support/harness";

function raw(stack: string, values: Record<string, string>, secretKeys: string[] = []): RawConfig {
    return { project: PROJECT, stack, values: withKafka(values), secretKeys: new Set(secretKeys) };
}

const RUNNER_VNET = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/runners/providers/Microsoft.Network/virtualNetworks/runners-vnet";
const PROD_MINIMUM = { apiServerAccess: "private", alertEmails: JSON.stringify(["oncall@example.com"]), runnerVnetIds: JSON.stringify([RUNNER_VNET]) };

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
        assert.equal(config.settings.userNodeMinCount, profileValue("userNodeMinCount", "prod"));
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
                expected: "one of local, dev, prod",
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
                // The prod profile's private endpoints need a runner network, whatever the API server's access.
                ["runnerVnetIds", "(not set)", `pulumi config set --stack prod --path 'runnerVnetIds[0]' ${RUNNER_VNET}`],
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

    it("tells a stack that still sets a removed key why it went, and to remove it", () => {
        const [problem] = problemsOf(raw("dev", { flinkStorageAuth: "account-key" }));
        assert.equal(problem.key, "flinkStorageAuth");
        assert.match(problem.expected, /^no value \(removed: Flink always authenticates to its checkpoint account with workload identity/);
        assert.equal(problem.fix, "pulumi config rm --stack dev flinkStorageAuth");
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
            problemsOf(raw("dev", { lakeBronzeRetentionDays: "90", lakeSilverRetentionDays: "30" })).map((p) => [p.key, p.value, p.expected]),
            [["lakeSilverRetentionDays", '"30"', "at least lakeBronzeRetentionDays (90): refined data must outlive its raw input"]],
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
                const special = ["profile", "redisPassword", "kafkaTopics", "kafkaAdminPassword", "kafkaServiceCredentials"];
                // Keys of another target hold a stand-in nothing reads (their refusal has its own tests).
                const applies = (k: (typeof CONFIG_KEY_NAMES)[number]) => keySpec(k).target === undefined || keySpec(k).target === config.profile.traits.target.kind;
                for (const key of CONFIG_KEY_NAMES.filter((k) => !special.includes(k) && applies(k))) {
                    const given = doc.raw.values[key];
                    const actual = (config.settings as Record<string, unknown>)[key];
                    const profileDefault = profileValue(key, doc.profile);
                    const expected =
                        given !== undefined
                            ? keySpec(key).kind === "string"
                                ? given
                                : JSON.parse(given)
                            : (profileDefault ?? keySpec(key).default);
                    assert.deepEqual(actual, expected, key);
                }
                assert.equal(config.settings.redisPassword?.reveal(), doc.raw.values.redisPassword);
                const catalog = JSON.parse(doc.raw.values.kafkaTopics) as { domain: string; entity: string; event: string }[];
                assert.deepEqual(config.settings.kafkaTopics.map(topicName), catalog.map(topicName));
            }),
            runs(300),
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
            runs(300),
        );
    });

    it("property: an invalid document registers no resource", async () => {
        await fc.assert(
            fc.asyncProperty(validDocument(), fc.subarray([...MISTAKES], { minLength: 1, maxLength: 3 }), async (doc, mistakes) => {
                const before = recordedCount();
                await assert.rejects(capture(() => createPlatform(loadConfig(withMistakes(doc, mistakes)), REPO_ROOT)), ConfigError);
                assert.equal(recordedCount(), before);
            }),
            runs(25),
        );
    });

    describe("Kafka", () => {
        const catalog = (entries: unknown[]) => JSON.stringify(entries);
        const received = { domain: "web", entity: "event", event: "received", partitions: 3, retentionHours: 24, producers: ["api"], consumers: [{ group: "worker", service: "worker" }, { group: "event-count", service: "event-count" }] };
        const counted = { domain: "web", entity: "event", event: "counted", partitions: 1, retentionHours: 24, producers: ["event-count"], consumers: [] };

        it("reads the catalog into typed entries with the cleanup policy defaulted", () => {
            const config = loadConfig(raw("dev", {}));
            assert.deepEqual(config.settings.kafkaTopics.map((e) => [e.domain, e.entity, e.event, e.cleanupPolicy]), [
                ["web", "event", "received", "delete"],
                ["web", "event", "counted", "delete"],
            ]);
        });

        it("holds prod topics to the prod profile's minimum retention", () => {
            const problems = problemsOf(raw("prod", { ...PROD_MINIMUM, kafkaTopics: catalog([{ ...received, retentionHours: 12 }, counted]) }));
            assert.deepEqual(problems.map((p) => [p.key, p.value, p.expected]), [
                ["kafkaTopics[0].retentionHours", "12", "an integer from 24 to 87600 (the profile's minimum retention is 24 hours)"],
            ]);
        });

        it("requires the catalog to grant what each deployed service does with Kafka, and only for deployed services", () => {
            const problems = problemsOf(raw("dev", { kafkaTopics: catalog([{ ...received, consumers: [{ group: "event-count", service: "event-count" }] }, counted]) }));
            assert.deepEqual(problems.map((p) => [p.key, p.value, p.expected]), [
                ["kafkaTopics", '"web.event.received"', "an entry for web.event.received with the consumer {group: worker, service: worker} (the worker service reads it as worker)"],
            ]);
            assert.doesNotThrow(() => loadConfig(raw("dev", { appServices: JSON.stringify(["api", "frontend"]), kafkaTopics: catalog([{ ...received, consumers: [{ group: "event-count", service: "event-count" }] }, counted]) })));
        });

        it("external mode needs bootstrap servers and admin credentials (a secret); strimzi mode refuses external settings", () => {
            const external = problemsOf(raw("dev", { kafkaMode: "external" }));
            assert.deepEqual(external.map((p) => [p.key, p.value]), [
                ["kafkaBootstrapServers", "(not set)"],
                ["kafkaAdminUsername", "(not set)"],
                ["kafkaAdminPassword", "(not set)"],
            ]);
            assert.match(external[2].fix, /pulumi config set --stack dev --secret kafkaAdminPassword/);
            const strimzi = problemsOf(raw("dev", { kafkaAdminUsername: "admin" }));
            assert.deepEqual(strimzi.map((p) => [p.key, p.expected]), [["kafkaAdminUsername", "nothing when kafkaMode is strimzi (it would be ignored); remove it or set kafkaMode to external"]]);
        });

        it("with plain (e.g. Confluent Cloud), every catalog service needs given credentials, kept secret", () => {
            const base = {
                kafkaMode: "external",
                kafkaSaslMechanism: "plain",
                kafkaBootstrapServers: JSON.stringify(["pkc-1.westeurope.azure.confluent.cloud:9092"]),
                kafkaAdminUsername: "ADMINKEY",
                kafkaAdminPassword: "admin-secret",
            };
            const credentials = { api: { username: "K1", password: "S1", principal: "User:sa-1" } };
            const problems = problemsOf(raw("dev", { ...base, kafkaServiceCredentials: JSON.stringify(credentials) }, ["kafkaAdminPassword", "kafkaServiceCredentials"]));
            assert.deepEqual(problems.map((p) => [p.key, p.value, p.expected]), [
                ["kafkaServiceCredentials", "[secret]", "credentials for event-count, worker: with plain, Pulumi cannot create Kafka users (e.g. Confluent Cloud API keys)"],
            ]);
            const all = { ...credentials, worker: { username: "K2", password: "S2" }, "event-count": { username: "K3", password: "S3" } };
            const config = loadConfig(raw("dev", { ...base, kafkaServiceCredentials: JSON.stringify(all) }, ["kafkaAdminPassword", "kafkaServiceCredentials"]));
            assert.equal(config.settings.kafkaServiceCredentials.api.password.reveal(), "S1");
            assert.equal(String(config.settings.kafkaServiceCredentials.api.password), "[secret]");
            const plain = problemsOf(raw("dev", { ...base, kafkaServiceCredentials: JSON.stringify(all) }, ["kafkaAdminPassword"]));
            assert.deepEqual(plain.map((p) => [p.key, p.value]), [["kafkaServiceCredentials", "(plain text, value hidden)"]]);
        });
    });
});
