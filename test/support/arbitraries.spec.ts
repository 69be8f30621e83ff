/**
 * The arbitraries that tests use as "valid" produce only valid inputs: each is run through the real
 * validator of the code under test, many times, and must yield no problem. A wrong arbitrary fails
 * here, under its own name, instead of making some other property fail by chance.
 */
import * as assert from "node:assert/strict";
import fc from "fast-check";
import { readCatalog } from "../../components/kafka/topic-plan";
import { appServiceProblems } from "../../components/kubernetes/workload-plan";
import { loadConfig } from "../../infra/config";
import { ConfigError, type RawConfig } from "../../stacks/stack-config";
import { keySpec, type ConfigKey } from "../../infra/config-keys";
import { PROD_CATALOG_RULES, validAlertThresholds, validAppServiceSpec, validTopicCatalog } from "./arbitraries";
import { validDocument, validNetwork, withKafka } from "./config-arbitraries";
import { runs } from "./fast-check";
import { PROJECT } from "./harness";

/** The loader's problems for a document (empty when it loads). */
function loaderProblems(raw: RawConfig): string[] {
    try {
        loadConfig(raw);
        return [];
    } catch (error) {
        if (error instanceof ConfigError) {
            return error.problems.map((p) => `${p.key} = ${p.value}: expected ${p.expected}`);
        }
        throw error;
    }
}

describe("test/support arbitraries", () => {
    it("validAlertThresholds yields only values the alert keys' schemas accept", () => {
        const keys: Record<string, ConfigKey> = {
            consumerLagMessages: "alertConsumerLagMessages",
            containerRestarts: "alertContainerRestarts",
            usagePercent: "alertUsagePercent",
            redisMemoryPercent: "alertRedisMemoryPercent",
            checkpointIntervalSeconds: "flinkCheckpointIntervalSeconds",
        };
        fc.assert(
            fc.property(validAlertThresholds, (t) => {
                for (const [field, key] of Object.entries(keys)) {
                    assert.ok(keySpec(key).schema.safeParse((t as unknown as Record<string, number>)[field]).success, `${field} ${(t as unknown as Record<string, number>)[field]}`);
                }
            }),
            runs(200),
        );
    });

    it("property: validAppServiceSpec yields only specs appServiceProblems accepts", () => {
        fc.assert(
            fc.property(validAppServiceSpec, (spec) => {
                assert.deepEqual(appServiceProblems(spec), []);
            }),
            runs(2000),
        );
    });

    it("property: validTopicCatalog yields only catalogs readCatalog accepts under the prod rules", () => {
        fc.assert(
            fc.property(validTopicCatalog, (entries) => {
                const read = readCatalog(entries, PROD_CATALOG_RULES);
                assert.deepEqual(read.ok ? [] : read.problems, []);
            }),
            runs(1000),
        );
    });

    it("property: validNetwork yields only address plans the config loader accepts for a dev stack", () => {
        fc.assert(
            fc.property(validNetwork, (ranges) => {
                assert.deepEqual(loaderProblems({ project: PROJECT, stack: "dev", values: withKafka(ranges), secretKeys: new Set() }), []);
            }),
            runs(1000),
        );
    });

    it("property: validDocument yields only stack documents the config loader accepts", () => {
        fc.assert(
            fc.property(validDocument(), (doc) => {
                assert.deepEqual(loaderProblems(doc.raw), []);
            }),
            runs(1000),
        );
    });

    it("the validity checks above can fail: a spec sharing a config and a secret key is refused", () => {
        const spec = fc.sample(validAppServiceSpec, { numRuns: 1, seed: 1 })[0];
        const shared = { ...spec, config: { S_9: "" }, secretKeys: ["S_9"] };
        assert.deepEqual(
            appServiceProblems(shared).map((p) => p.field),
            ["secretKeys"],
        );
    });
});
