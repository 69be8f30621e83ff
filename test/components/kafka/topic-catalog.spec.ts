import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import type { KafkaConnection } from "../../../components/kafka/connection";
import { partitionGuard, TopicCatalog } from "../../../components/kafka/topic-catalog";
import { planCatalog, TopicCatalogError } from "../../../components/kafka/topic-plan";
import { capture, valueOf } from "../../support/harness";

const PLAN = planCatalog(
    [
        { domain: "web", entity: "event", event: "received", partitions: 12, retentionHours: 168, cleanupPolicy: "delete", producers: ["api"], consumers: [{ group: "worker", service: "worker" }] },
        { domain: "web", entity: "event", event: "counted", partitions: 6, retentionHours: 720, cleanupPolicy: "compact", producers: ["event-count"], consumers: [] },
    ],
    { replicationFactor: 3, minInSyncReplicas: 2 },
);

function connection(overrides: Partial<KafkaConnection> = {}): KafkaConnection {
    return {
        adminBootstrapServers: ["kafka-admin.example.invalid:9094"],
        clientBootstrapServers: "platform-kafka-bootstrap.kafka.svc:9093",
        saslMechanism: "scram-sha512",
        adminUsername: "pulumi-admin",
        adminPassword: "admin-password",
        caCertificate: "-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n",
        createsServiceUsers: true,
        serviceUserPrefix: "svc-",
        ...overrides,
    };
}

describe("components/kafka/TopicCatalog", () => {
    it("applies the plan through one kafka provider: topics (protected), SCRAM users per service, one ACL per grant", async () => {
        const captured = await capture(() => new TopicCatalog("catalog-unit", { plan: PLAN, connection: connection(), protect: true }));
        const provider = captured.one("pulumi:providers:kafka");
        assert.equal(provider.inputs.saslMechanism, "scram-sha512");
        // Provider inputs travel as strings.
        assert.equal(String(provider.inputs.tlsEnabled), "true");
        assert.match(String(provider.inputs.caCert), /BEGIN CERTIFICATE/);
        assert.ok(captured.invokes.includes("kafka:index:getTopics"), "reads the live partition counts");

        const topics = captured.ofType("kafka:index/topic:Topic");
        assert.deepEqual(topics.map((t) => t.inputs.name), PLAN.topics.map((t) => t.name));
        for (const topic of topics) {
            assert.equal(topic.protect, true);
            assert.equal(topic.provider?.split("::")[0], provider.urn.split("::")[0]);
            assert.equal(topic.inputs.replicationFactor, 3);
            assert.equal((topic.inputs.config as Record<string, string>)["min.insync.replicas"], "2");
        }
        const users = captured.ofType("kafka:index/userScramCredential:UserScramCredential");
        assert.deepEqual(users.map((u) => u.inputs.username).sort(), ["svc-api", "svc-event-count", "svc-worker"]);
        for (const user of users) assert.equal(user.inputs.scramMechanism, "SCRAM-SHA-512");

        const acls = captured.ofType("kafka:index/acl:Acl").map((a) => a.inputs);
        assert.equal(acls.length, PLAN.grants.length);
        assert.ok(acls.every((a) => a.aclPermissionType === "Allow" && a.resourcePatternTypeFilter === "Literal" && a.aclHost === "*"));
        assert.deepEqual(
            acls.filter((a) => a.aclPrincipal === "User:svc-worker").map((a) => `${a.aclOperation} ${a.aclResourceType} ${a.aclResourceName}`).sort(),
            ["Describe Topic web.event.received", "Describe Topic web.event.received.worker.dlt", "Read Group worker", "Read Topic web.event.received", "Write Topic web.event.received.worker.dlt"],
        );

        const worker = captured.value.access.worker;
        assert.equal(await valueOf(worker.username), "svc-worker");
        assert.equal(worker.mechanism, "SCRAM-SHA-512");
        assert.equal(worker.bootstrapServers, "platform-kafka-bootstrap.kafka.svc:9093");
        assert.ok(pulumi.Output.isInstance(worker.password) && (await pulumi.isSecret(worker.password)), "the worker's password is a secret output");
        // The credential's password as sent to the engine: a secret wrapping the same value.
        const sent = users.find((u) => u.inputs.username === "svc-worker")!.wireInputs.password as { value?: unknown };
        assert.match(String(await valueOf(worker.password)), /^.{16,}$/, "a generated password");
        assert.equal(sent.value, await valueOf(worker.password), "the password the worker's SCRAM credential was created with");
    });

    it("uses given credentials and principals when Pulumi cannot create users (plain), and names every service without any", async () => {
        const given = connection({
            saslMechanism: "plain",
            createsServiceUsers: false,
            serviceCredentials: {
                api: { username: "API-KEY-1", password: "s1", principal: "User:sa-api" },
                "event-count": { username: "API-KEY-2", password: "s2" },
                worker: { username: "API-KEY-3", password: "s3" },
            },
        });
        const captured = await capture(() => new TopicCatalog("catalog-plain", { plan: PLAN, connection: given }));
        assert.equal(captured.ofType("kafka:index/userScramCredential:UserScramCredential").length, 0);
        const principals = new Set(captured.ofType("kafka:index/acl:Acl").map((a) => a.inputs.aclPrincipal));
        assert.deepEqual([...principals].sort(), ["User:API-KEY-2", "User:API-KEY-3", "User:sa-api"]);

        assert.throws(
            () => new TopicCatalog("catalog-missing", { plan: PLAN, connection: connection({ createsServiceUsers: false, serviceCredentials: { api: { username: "k", password: "p" } } }) }),
            (error: unknown) => error instanceof TopicCatalogError && /event-count = \(no credentials\)/.test(error.message) && /worker = \(no credentials\)/.test(error.message),
        );
    });

    it("lets partition counts grow and fails, naming each topic, when the plan would shrink one", async () => {
        const grow = PLAN.topics.map((t) => ({ topicName: t.name, partitions: Math.max(1, t.partitions - 1) }));
        assert.equal(await valueOf(partitionGuard(PLAN, pulumi.output({ lists: grow }))), true);
        const shrink = [{ topicName: "web.event.received", partitions: 24 }];
        // A rejected output never calls apply: read its promise (the SDK's own accessor).
        const guard = partitionGuard(PLAN, pulumi.output({ lists: shrink })) as unknown as { promise(): Promise<unknown> };
        await assert.rejects(
            guard.promise(),
            (error: unknown) =>
                error instanceof TopicCatalogError &&
                error.message.includes("web.event.received = 12: expected at least the 24 partitions the topic has (Kafka cannot remove partitions"),
        );
    });
});
