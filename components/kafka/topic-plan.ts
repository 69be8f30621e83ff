/**
 * The topic catalog as plain data: validation of the entries a stack declares, the topics (with
 * their dead-letter topics) and the ACL grants they imply. Pure: TopicCatalog maps the plan to
 * `@pulumi/kafka` resources, the config loader reports the problems, the tests check the properties.
 */

/** `<domain>.<entity>.<event>`: three lowercase segments. */
export const TOPIC_NAME_PATTERN = /^[a-z0-9-]+\.[a-z0-9-]+\.[a-z0-9-]+$/;
/** One segment of a topic name or a consumer group: lowercase letters, digits, inner hyphens. */
const SEGMENT = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
/** Kafka refuses topic names longer than 249 characters; the dead-letter suffix must fit too. */
export const MAX_TOPIC_NAME_LENGTH = 249;
/** Beyond this a topic's partitions cost more broker memory and failover time than they buy. */
export const MAX_PARTITIONS = 1000;
/** Ten years: longer retention is a data-lake job, not a topic's. */
export const MAX_RETENTION_HOURS = 87_600;
export const CLEANUP_POLICIES = ["delete", "compact", "compact,delete"] as const;
export type CleanupPolicy = (typeof CLEANUP_POLICIES)[number];
/** Kafka's separator for the dead-letter scheme `<topic>.<group>.dlt`. */
export const DEAD_LETTER_SUFFIX = "dlt";
/**
 * Dead-letter topics: one partition (order of failures is useful, volume is low) kept for 14 days,
 * long enough to notice, fix and replay after a holiday.
 */
export const DEAD_LETTER = { partitions: 1, retentionHours: 336, cleanupPolicy: "delete" } as const;
const MS_PER_HOUR = 3_600_000;

/** A consumer group reading a topic, and the service (Kafka user) that runs it. */
export interface ConsumerSpec {
    readonly group: string;
    readonly service: string;
}

/** One entry of the `kafkaTopics` stack config. */
export interface TopicEntry {
    readonly domain: string;
    readonly entity: string;
    readonly event: string;
    readonly partitions: number;
    readonly retentionHours: number;
    /** @default "delete" */
    readonly cleanupPolicy: CleanupPolicy;
    /** Services that write the topic. */
    readonly producers: readonly string[];
    /** Consumer groups that read it; each gets a dead-letter topic. */
    readonly consumers: readonly ConsumerSpec[];
    /**
     * Messages its consumers may lag for 10 minutes before it alerts.
     * @default - the stack's alertConsumerLagMessages
     */
    readonly lagAlertThreshold?: number;
}

/** What the stack (profile) and the platform (services) decide about every topic. */
export interface CatalogRules {
    /** Services that may produce or consume (each becomes a Kafka user). */
    readonly services: readonly string[];
    readonly replicationFactor: number;
    readonly minInSyncReplicas: number;
    readonly minRetentionHours: number;
}

/** One thing wrong with the catalog; `path` is relative to the config key, e.g. `[1].partitions`. */
export interface CatalogProblem {
    readonly path: string;
    readonly value: string;
    readonly expected: string;
}

const ENTRY_FIELDS = ["domain", "entity", "event", "partitions", "retentionHours", "cleanupPolicy", "producers", "consumers", "lagAlertThreshold"] as const;
const CONSUMER_FIELDS = ["group", "service"] as const;

export type CatalogRead = { ok: true; entries: TopicEntry[] } | { ok: false; problems: CatalogProblem[] };

/** The topic name of an entry. */
export function topicName(entry: Pick<TopicEntry, "domain" | "entity" | "event">): string {
    return `${entry.domain}.${entry.entity}.${entry.event}`;
}

/** The dead-letter topic of a consumer group on a topic: `<topic>.<group>.dlt`. */
export function deadLetterTopic(topic: string, group: string): string {
    return `${topic}.${group}.${DEAD_LETTER_SUFFIX}`;
}

/** Reads and validates the catalog as the stack gives it; every problem at once. */
export function readCatalog(raw: unknown, rules: CatalogRules): CatalogRead {
    const problems: CatalogProblem[] = [];
    const add = (path: string, value: unknown, expected: string) => problems.push({ path, value: shown(value), expected });
    if (!Array.isArray(raw)) {
        add("", raw, "a list of topics, each {domain, entity, event, partitions, retentionHours, cleanupPolicy, producers, consumers}");
        return { ok: false, problems };
    }
    const entries: TopicEntry[] = [];
    const seen = new Map<string, number>();
    raw.forEach((item: unknown, index) => {
        const at = `[${index}]`;
        if (!isRecord(item)) {
            add(at, item, "an object {domain, entity, event, partitions, retentionHours, producers, consumers}");
            return;
        }
        for (const key of Object.keys(item)) {
            if (!(ENTRY_FIELDS as readonly string[]).includes(key)) {
                add(`${at}.${key}`, item[key], `one of the fields ${ENTRY_FIELDS.join(", ")}`);
            }
        }
        const before = problems.length;
        const segment = (field: "domain" | "entity" | "event") => {
            const value = item[field];
            if (typeof value !== "string" || !SEGMENT.test(value)) {
                add(`${at}.${field}`, value, "a name segment of lowercase letters, digits and inner hyphens (e.g. web, event, received)");
            }
        };
        segment("domain");
        segment("entity");
        segment("event");
        const integer = (field: "partitions" | "retentionHours" | "lagAlertThreshold", min: number, max: number, why: string) => {
            const value = item[field];
            if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
                add(`${at}.${field}`, value, `an integer from ${min} to ${max}${why}`);
            }
        };
        integer("partitions", 1, MAX_PARTITIONS, "");
        integer("retentionHours", rules.minRetentionHours, MAX_RETENTION_HOURS, ` (the profile's minimum retention is ${rules.minRetentionHours} hours)`);
        if (item.lagAlertThreshold !== undefined) {
            integer("lagAlertThreshold", 1, 100_000_000, " messages");
        }
        const cleanupPolicy = item.cleanupPolicy ?? "delete";
        if (!(CLEANUP_POLICIES as readonly unknown[]).includes(cleanupPolicy)) {
            add(`${at}.cleanupPolicy`, cleanupPolicy, `one of ${CLEANUP_POLICIES.join(", ")} (default delete)`);
        }
        const producers = item.producers ?? [];
        if (!Array.isArray(producers)) {
            add(`${at}.producers`, producers, "a list of service names");
        } else {
            producers.forEach((service: unknown, i) => serviceProblem(`${at}.producers[${i}]`, service, rules, add));
            duplicates(producers).forEach((service) => add(`${at}.producers`, service, "each producer once"));
        }
        const consumers = item.consumers ?? [];
        if (!Array.isArray(consumers)) {
            add(`${at}.consumers`, consumers, "a list of {group, service}");
        } else {
            consumers.forEach((consumer: unknown, i) => {
                const cat = `${at}.consumers[${i}]`;
                if (!isRecord(consumer)) {
                    add(cat, consumer, "an object {group, service}");
                    return;
                }
                for (const key of Object.keys(consumer)) {
                    if (!(CONSUMER_FIELDS as readonly string[]).includes(key)) add(`${cat}.${key}`, consumer[key], `one of the fields ${CONSUMER_FIELDS.join(", ")}`);
                }
                if (typeof consumer.group !== "string" || !SEGMENT.test(consumer.group)) {
                    add(`${cat}.group`, consumer.group, "a consumer group name of lowercase letters, digits and inner hyphens (e.g. worker)");
                }
                serviceProblem(`${cat}.service`, consumer.service, rules, add);
            });
            duplicates(consumers.map((c: unknown) => (isRecord(c) ? c.group : undefined)).filter((g) => typeof g === "string")).forEach((group) =>
                add(`${at}.consumers`, group, "each consumer group once per topic"),
            );
        }
        const named = ["domain", "entity", "event"].every((f) => typeof item[f] === "string" && SEGMENT.test(item[f] as string));
        if (named) {
            const name = topicName(item as Pick<TopicEntry, "domain" | "entity" | "event">);
            const first = seen.get(name);
            if (first !== undefined) {
                add(at, name, `a topic declared once (also declared at [${first}])`);
                return;
            }
            seen.set(name, index);
        }
        if (problems.length > before) {
            return;
        }
        const entry: TopicEntry = {
            domain: item.domain as string,
            entity: item.entity as string,
            event: item.event as string,
            partitions: item.partitions as number,
            retentionHours: item.retentionHours as number,
            cleanupPolicy: cleanupPolicy as CleanupPolicy,
            producers: producers as string[],
            consumers: (consumers as Record<string, unknown>[]).map((c) => ({ group: c.group as string, service: c.service as string })),
            ...(item.lagAlertThreshold !== undefined ? { lagAlertThreshold: item.lagAlertThreshold as number } : {}),
        };
        const name = topicName(entry);
        const longest = Math.max(name.length, ...entry.consumers.map((c) => deadLetterTopic(name, c.group).length));
        if (longest > MAX_TOPIC_NAME_LENGTH) {
            add(at, name, `a topic whose name and dead-letter names fit Kafka's ${MAX_TOPIC_NAME_LENGTH} characters (longest: ${longest})`);
            return;
        }
        entries.push(entry);
    });
    return problems.length > 0 ? { ok: false, problems } : { ok: true, entries };
}

function serviceProblem(path: string, service: unknown, rules: CatalogRules, add: (path: string, value: unknown, expected: string) => void): void {
    if (typeof service !== "string" || !rules.services.includes(service)) {
        add(path, service, `a service of this platform: ${rules.services.join(", ")}`);
    }
}

/** A topic to create. */
export interface PlannedTopic {
    readonly name: string;
    readonly kind: "topic" | "dead-letter";
    readonly partitions: number;
    readonly replicationFactor: number;
    /** Topic-level configuration, always explicit (retention, cleanup policy, min ISR). */
    readonly config: Readonly<Record<string, string>>;
}

export type AclOperation = "Read" | "Write" | "Describe";
/**
 * One ACL: allow `service` to do `operation` on the resource. Topics and groups are literal
 * names; a transactional id is a prefix (an exactly-once producer such as Flink's Kafka sink
 * derives its ids from a stable prefix per subtask and checkpoint).
 */
export interface Grant {
    readonly service: string;
    readonly resourceType: "Topic" | "Group" | "TransactionalId";
    readonly resourceName: string;
    readonly operation: AclOperation;
    /** @default "Literal" */
    readonly pattern?: "Literal" | "Prefixed";
}

export interface CatalogPlan {
    readonly topics: readonly PlannedTopic[];
    readonly grants: readonly Grant[];
    /** Services that need a Kafka user, sorted. */
    readonly services: readonly string[];
}

/**
 * The topics and grants of valid entries: dead-letter topics per consumer group, least-privilege
 * ACLs, and for each service in `transactionalIdPrefixes` (service -> prefix) that uses a topic,
 * its transactional ids.
 */
export function planCatalog(
    entries: readonly TopicEntry[],
    rules: Pick<CatalogRules, "replicationFactor" | "minInSyncReplicas">,
    transactionalIdPrefixes: Readonly<Record<string, string>> = {},
): CatalogPlan {
    const topics: PlannedTopic[] = [];
    const grants: Grant[] = [];
    const topicConfig = (retentionHours: number, cleanupPolicy: CleanupPolicy) => ({
        "cleanup.policy": cleanupPolicy,
        "retention.ms": String(retentionHours * MS_PER_HOUR),
        "min.insync.replicas": String(rules.minInSyncReplicas),
    });
    for (const entry of entries) {
        const name = topicName(entry);
        topics.push({ name, kind: "topic", partitions: entry.partitions, replicationFactor: rules.replicationFactor, config: topicConfig(entry.retentionHours, entry.cleanupPolicy) });
        for (const service of entry.producers) {
            grants.push({ service, resourceType: "Topic", resourceName: name, operation: "Write" }, { service, resourceType: "Topic", resourceName: name, operation: "Describe" });
        }
        for (const { group, service } of entry.consumers) {
            const deadLetter = deadLetterTopic(name, group);
            topics.push({
                name: deadLetter,
                kind: "dead-letter",
                partitions: DEAD_LETTER.partitions,
                replicationFactor: rules.replicationFactor,
                config: topicConfig(DEAD_LETTER.retentionHours, DEAD_LETTER.cleanupPolicy),
            });
            grants.push(
                { service, resourceType: "Topic", resourceName: name, operation: "Read" },
                { service, resourceType: "Topic", resourceName: name, operation: "Describe" },
                { service, resourceType: "Group", resourceName: group, operation: "Read" },
                { service, resourceType: "Topic", resourceName: deadLetter, operation: "Write" },
                { service, resourceType: "Topic", resourceName: deadLetter, operation: "Describe" },
            );
        }
    }
    const users = new Set(grants.map((g) => g.service));
    for (const [service, prefix] of Object.entries(transactionalIdPrefixes).filter(([service]) => users.has(service))) {
        grants.push(
            { service, resourceType: "TransactionalId", resourceName: prefix, operation: "Write", pattern: "Prefixed" },
            { service, resourceType: "TransactionalId", resourceName: prefix, operation: "Describe", pattern: "Prefixed" },
        );
    }
    const unique = new Map(grants.map((g) => [grantKey(g), g]));
    return { topics, grants: [...unique.values()], services: [...new Set([...unique.values()].map((g) => g.service))].sort() };
}

/** A stable identity of a grant (also its resource name suffix). */
export function grantKey(grant: Grant): string {
    return `${grant.service}-${grant.operation}-${grant.resourceType}-${grant.resourceName}`.toLowerCase();
}

/** A topic as the cluster reports it (`kafka.getTopics`). */
export interface LiveTopic {
    readonly topicName: string;
    readonly partitions: number;
}

/** Topics whose planned partition count is below the cluster's: Kafka cannot remove partitions. */
export function partitionShrinks(plan: Pick<CatalogPlan, "topics">, live: readonly LiveTopic[]): CatalogProblem[] {
    const current = new Map(live.map((t) => [t.topicName, t.partitions]));
    return plan.topics.flatMap((topic) => {
        const now = current.get(topic.name);
        return now !== undefined && topic.partitions < now
            ? [
                  {
                      path: topic.name,
                      value: String(topic.partitions),
                      expected: `at least the ${now} partitions the topic has (Kafka cannot remove partitions; shrinking would recreate the topic and lose its data)`,
                  },
              ]
            : [];
    });
}

export class TopicCatalogError extends Error {
    constructor(readonly problems: readonly CatalogProblem[]) {
        super(`Invalid Kafka topic catalog (${problems.length} ${problems.length === 1 ? "problem" : "problems"}):\n${problems.map((p) => `  - ${p.path} = ${p.value}: expected ${p.expected}`).join("\n")}`);
        this.name = "TopicCatalogError";
    }
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function duplicates(values: readonly unknown[]): unknown[] {
    return [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];
}

function shown(value: unknown): string {
    return value === undefined ? "(not set)" : JSON.stringify(value);
}
