/**
 * fast-check arbitraries for the planners' inputs that tests use as *valid*: each produces only
 * values its planner accepts, and `arbitraries.spec.ts` runs the planner's own validator over many
 * of them to prove it (a wrong arbitrary fails there, by name, not somewhere else by chance).
 * The stack-configuration arbitraries live in `config-arbitraries.ts`, checked the same way.
 */
import fc from "fast-check";
import type { AlertThresholds } from "../../components/observability/alert-rules";
import { MAX_PARTITIONS, topicName, type CatalogRules, type TopicEntry } from "../../components/kafka/topic-plan";
import type { AppServiceSpec, PodPeer } from "../../components/kubernetes/workload-plan";

export const dnsLabel = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}[a-z0-9]$/);
export const envName = fc.stringMatching(/^[A-Z][A-Z0-9_]{0,15}$/);
const peer: fc.Arbitrary<PodPeer> = fc.record({ namespace: dnsLabel, podLabels: fc.dictionary(dnsLabel, dnsLabel, { minKeys: 1, maxKeys: 2 }) });

/** Any valid app-service spec: `appServiceProblems` finds nothing in it. */
export const validAppServiceSpec: fc.Arbitrary<AppServiceSpec> = fc
    .record({
        name: dnsLabel,
        namespace: dnsLabel,
        port: fc.integer({ min: 1024, max: 65535 }),
        healthPath: fc.stringMatching(/^\/[a-z/]{0,12}$/),
        readinessPath: fc.option(fc.stringMatching(/^\/[a-z/]{0,12}$/), { nil: undefined }),
        uid: fc.integer({ min: 1, max: 65534 }),
        replicas: fc.integer({ min: 1, max: 10 }),
        extra: fc.integer({ min: 0, max: 20 }),
        zoneSpread: fc.boolean(),
        writablePaths: fc.uniqueArray(fc.stringMatching(/^\/[a-z]{1,8}$/), { maxLength: 3 }),
        callers: fc.array(peer, { maxLength: 3 }),
        config: fc.dictionary(envName, fc.string({ maxLength: 20 }), { maxKeys: 4 }),
        secretKeys: fc.uniqueArray(fc.oneof(fc.stringMatching(/^S_[A-Z0-9]{1,8}$/), envName), { maxLength: 2 }),
        workloadIdentity: fc.boolean(),
    })
    .map(({ extra, secretKeys, ...s }) => ({
        ...s,
        // One source per variable: a key set in config is not also a secret.
        secretKeys: secretKeys.filter((key) => !(key in s.config)),
        maxReplicas: s.replicas + extra,
        resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
        egress: [],
    }));

export const CATALOG_SERVICES = ["api", "worker", "frontend", "event-count"];
/** The catalog rules of the prod profile, for the services above. */
export const PROD_CATALOG_RULES: CatalogRules = { services: CATALOG_SERVICES, replicationFactor: 3, minInSyncReplicas: 2, minRetentionHours: 24 };

const segment = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?$/);
export const catalogService = fc.constantFrom(...CATALOG_SERVICES);

/** Valid catalogs under PROD_CATALOG_RULES: distinct names, distinct groups per topic, retention at least the minimum. */
export const validTopicCatalog: fc.Arbitrary<TopicEntry[]> = fc
    .uniqueArray(
        fc.record({
            domain: segment,
            entity: segment,
            event: segment,
            partitions: fc.integer({ min: 1, max: MAX_PARTITIONS }),
            retentionHours: fc.integer({ min: PROD_CATALOG_RULES.minRetentionHours, max: 87_600 }),
            cleanupPolicy: fc.constantFrom("delete" as const, "compact" as const, "compact,delete" as const),
            producers: fc.uniqueArray(catalogService, { maxLength: 3 }),
            consumers: fc.uniqueArray(fc.record({ group: segment, service: catalogService }), { maxLength: 3, selector: (c) => c.group }),
        }),
        { maxLength: 6, selector: (e) => topicName(e) },
    );

/** Alert thresholds within their config keys' bounds (alertConsumerLagMessages, alertContainerRestarts, ...). */
export const validAlertThresholds: fc.Arbitrary<AlertThresholds> = fc.record({
    consumerLagMessages: fc.integer({ min: 1, max: 100_000_000 }),
    containerRestarts: fc.integer({ min: 1, max: 100 }),
    usagePercent: fc.integer({ min: 50, max: 99 }),
    redisMemoryPercent: fc.integer({ min: 50, max: 99 }),
    checkpointIntervalSeconds: fc.integer({ min: 10, max: 3600 }),
});
