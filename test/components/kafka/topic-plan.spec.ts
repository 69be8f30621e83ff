import * as assert from "node:assert/strict";
import fc from "fast-check";
import { PROD_CATALOG_RULES, validTopicCatalog } from "../../support/arbitraries";
import { runs } from "../../support/fast-check";
import {
    DEAD_LETTER,
    deadLetterTopic,
    MAX_PARTITIONS,
    partitionShrinks,
    planCatalog,
    readCatalog,
    TOPIC_NAME_PATTERN,
    topicName,
    type Grant,
    type TopicEntry,
} from "../../../components/kafka/topic-plan";


/** Every grant a declared producer or consumer justifies, as keys. */
function justified(entries: readonly TopicEntry[]): Set<string> {
    const keys = new Set<string>();
    const add = (g: Grant) => keys.add(JSON.stringify([g.service, g.resourceType, g.resourceName, g.operation]));
    for (const e of entries) {
        const topic = topicName(e);
        for (const p of e.producers) {
            for (const operation of ["Write", "Describe"] as const) add({ service: p, resourceType: "Topic", resourceName: topic, operation });
        }
        for (const c of e.consumers) {
            for (const operation of ["Read", "Describe"] as const) add({ service: c.service, resourceType: "Topic", resourceName: topic, operation });
            add({ service: c.service, resourceType: "Group", resourceName: c.group, operation: "Read" });
            for (const operation of ["Write", "Describe"] as const) add({ service: c.service, resourceType: "Topic", resourceName: deadLetterTopic(topic, c.group), operation });
        }
    }
    return keys;
}

describe("components/kafka/topic-plan", () => {
    it("property: any valid catalog yields <domain>.<entity>.<event> names, one dead-letter topic per (topic, group), the profile's replication", () => {
        fc.assert(
            fc.property(validTopicCatalog, (entries) => {
                const read = readCatalog(entries, PROD_CATALOG_RULES);
                assert.ok(read.ok, JSON.stringify(!read.ok && read.problems));
                const plan = planCatalog(read.entries, PROD_CATALOG_RULES);
                const topics = plan.topics.filter((t) => t.kind === "topic");
                const deadLetters = plan.topics.filter((t) => t.kind === "dead-letter");
                assert.deepEqual(topics.map((t) => t.name), entries.map(topicName));
                for (const t of topics) assert.match(t.name, TOPIC_NAME_PATTERN);
                assert.deepEqual(
                    deadLetters.map((t) => t.name).sort(),
                    entries.flatMap((e) => e.consumers.map((c) => deadLetterTopic(topicName(e), c.group))).sort(),
                );
                assert.equal(new Set(plan.topics.map((t) => t.name)).size, plan.topics.length);
                for (const t of plan.topics) {
                    assert.equal(t.replicationFactor, 3);
                    assert.equal(t.config["min.insync.replicas"], "2");
                    assert.ok(Number(t.config["retention.ms"]) >= PROD_CATALOG_RULES.minRetentionHours * 3_600_000, t.name);
                }
                for (const d of deadLetters) assert.equal(d.partitions, DEAD_LETTER.partitions);
            }),
            runs(300),
        );
    });

    it("property: ACLs grant nothing beyond each declared producer and consumer, and all they need", () => {
        fc.assert(
            fc.property(validTopicCatalog, (entries) => {
                const plan = planCatalog(entries, PROD_CATALOG_RULES);
                const granted = new Set(plan.grants.map((g) => JSON.stringify([g.service, g.resourceType, g.resourceName, g.operation])));
                assert.deepEqual([...granted].sort(), [...justified(entries)].sort());
                assert.equal(granted.size, plan.grants.length, "no grant twice");
                const users = new Set(entries.flatMap((e) => [...e.producers, ...e.consumers.map((c) => c.service)]));
                assert.deepEqual(plan.services, [...users].sort());
            }),
            runs(300),
        );
    });

    it("property: a transactional producer that uses a topic gets Write and Describe on its own transactional id prefix (Prefixed), nobody else", () => {
        const prefix = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/);
        fc.assert(
            fc.property(validTopicCatalog, fc.dictionary(fc.constantFrom("api", "worker", "event-count", "not-in-any-catalog"), prefix), (entries, prefixes) => {
                const plan = planCatalog(entries, PROD_CATALOG_RULES, prefixes);
                const users = new Set(entries.flatMap((e) => [...e.producers, ...e.consumers.map((c) => c.service)]));
                const transactional = plan.grants.filter((g) => g.resourceType === "TransactionalId");
                const expected = Object.entries(prefixes)
                    .filter(([service]) => users.has(service))
                    .flatMap(([service, name]) => (["Write", "Describe"] as const).map((operation) => ({ service, resourceType: "TransactionalId", resourceName: name, operation, pattern: "Prefixed" })));
                const key = (g: object) => JSON.stringify(g);
                assert.deepEqual(transactional.map(key).sort(), expected.map(key).sort());
                // Everything else is exactly the catalog's literal grants.
                const literal = plan.grants.filter((g) => g.resourceType !== "TransactionalId");
                assert.ok(literal.every((g) => (g.pattern ?? "Literal") === "Literal"));
                assert.deepEqual(literal.map((g) => JSON.stringify([g.service, g.resourceType, g.resourceName, g.operation])).sort(), [...justified(entries)].sort());
            }),
            runs(300),
        );
    });

    /** One way to break an entry: the field it breaks and the bad value. */
    const breakages: [string, unknown][] = [
        ["domain", "Web"],
        ["entity", "user_event"],
        ["event", ""],
        ["event", "created."],
        ["partitions", 0],
        ["partitions", 2.5],
        ["partitions", MAX_PARTITIONS + 1],
        ["retentionHours", PROD_CATALOG_RULES.minRetentionHours - 1],
        ["retentionHours", "7d"],
        ["cleanupPolicy", "archive"],
        ["producers", ["billing"]],
        ["producers", "api"],
        ["consumers", [{ group: "Worker", service: "worker" }]],
        ["consumers", [{ group: "worker", service: "payments" }]],
        ["consumers", [{ group: "worker" , service: "worker", offset: "earliest" }]],
        ["consumers", [{ group: "w", service: "worker" }, { group: "w", service: "api" }]],
        ["colour", "blue"],
    ];

    it("property: any invalid entry is rejected with a problem naming its index and field", () => {
        fc.assert(
            fc.property(
                validTopicCatalog.filter((entries) => entries.length > 0),
                fc.nat(),
                fc.constantFrom(...breakages),
                (entries, at, [field, value]) => {
                    const index = at % entries.length;
                    const broken = entries.map((e, i) => (i === index ? { ...e, [field]: value } : e));
                    const read = readCatalog(broken, PROD_CATALOG_RULES);
                    assert.ok(!read.ok, `${field}=${JSON.stringify(value)} was accepted`);
                    assert.ok(
                        read.problems.some((p) => p.path.startsWith(`[${index}].${field}`)),
                        `${JSON.stringify(read.problems)} names no [${index}].${field}`,
                    );
                    assert.ok(read.problems.every((p) => p.path.startsWith(`[${index}]`)), "only the broken entry is blamed");
                },
            ),
            runs(300),
        );
    });

    it("reports every problem at once, with the value and what was expected", () => {
        const read = readCatalog(
            [
                { domain: "web", entity: "event", event: "received", partitions: 0, retentionHours: 1, producers: ["api"], consumers: [] },
                { domain: "web", entity: "event", event: "received", partitions: 3, retentionHours: 48, producers: [], consumers: [] },
                "web.event.counted",
            ],
            PROD_CATALOG_RULES,
        );
        assert.ok(!read.ok);
        assert.deepEqual(read.problems, [
            { path: "[0].partitions", value: "0", expected: "an integer from 1 to 1000" },
            { path: "[0].retentionHours", value: "1", expected: "an integer from 24 to 87600 (the profile's minimum retention is 24 hours)" },
            { path: "[1]", value: '"web.event.received"', expected: "a topic declared once (also declared at [0])" },
            { path: "[2]", value: '"web.event.counted"', expected: "an object {domain, entity, event, partitions, retentionHours, producers, consumers}" },
        ]);
        assert.deepEqual(readCatalog({ topics: [] }, PROD_CATALOG_RULES), {
            ok: false,
            problems: [{ path: "", value: '{"topics":[]}', expected: "a list of topics, each {domain, entity, event, partitions, retentionHours, cleanupPolicy, producers, consumers}" }],
        });
    });

    it("defaults the cleanup policy to delete and writes retention and min ISR explicitly", () => {
        const read = readCatalog([{ domain: "web", entity: "event", event: "received", partitions: 6, retentionHours: 168, producers: ["api"], consumers: [{ group: "worker", service: "worker" }] }], PROD_CATALOG_RULES);
        assert.ok(read.ok);
        const [topic, deadLetter] = planCatalog(read.entries, PROD_CATALOG_RULES).topics;
        assert.deepEqual(topic, { name: "web.event.received", kind: "topic", partitions: 6, replicationFactor: 3, config: { "cleanup.policy": "delete", "retention.ms": "604800000", "min.insync.replicas": "2" } });
        assert.equal(deadLetter.name, "web.event.received.worker.dlt");
        assert.equal(deadLetter.config["retention.ms"], String(DEAD_LETTER.retentionHours * 3_600_000));
    });

    it("property: a plan shrinks a topic exactly when the cluster has more partitions than planned, naming the topic", () => {
        fc.assert(
            fc.property(validTopicCatalog, fc.array(fc.integer({ min: -5, max: 5 })), (entries, deltas) => {
                const plan = planCatalog(entries, PROD_CATALOG_RULES);
                const live = plan.topics.map((t, i) => ({ topicName: t.name, partitions: Math.max(1, t.partitions + (deltas[i] ?? 0)) }));
                const expected = plan.topics.filter((t, i) => live[i].partitions > t.partitions).map((t) => t.name);
                const problems = partitionShrinks(plan, live);
                assert.deepEqual(problems.map((p) => p.path), expected);
                for (const p of problems) assert.match(p.expected, /^at least the \d+ partitions the topic has \(Kafka cannot remove partitions/);
                assert.deepEqual(partitionShrinks(plan, []), [], "a new cluster shrinks nothing");
            }),
            runs(200),
        );
    });
});
