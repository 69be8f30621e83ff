/**
 * The api and the worker against a real Kafka (SASL_SSL, SCRAM-SHA-512, ACLs enforced) and a real
 * Redis, as the dev stack deploys them: the topics, their settings and the services' ACLs are the
 * dev plan's, and each service's environment is its ConfigMap from the plan with the addresses
 * pointed at the peers and its Secret's keys filled with the peers' credentials.
 */
import * as assert from "node:assert/strict";
import { Admin, AclOperations, AclPermissionTypes, Consumer, Producer, ResourcePatternTypes, ResourceTypes, stringSerializers, type Message } from "@platformatic/kafka";
import { kafkaClientEnvironment, type ServiceKafkaAccess } from "../../components/kafka/topic-catalog";
import { METRIC_SOURCES } from "../../components/observability/metrics";
import { APP_WORKLOADS } from "../../infra/workloads";
import { REDIS_PASSWORD_ENV } from "../../infra/workload-specs";
import { freePort, redisClient, startKafka, startRedis, type KafkaPeer, type RedisPeer } from "../peers/peers";
import { plannedStack } from "../support/harness";
import { startService, type ServiceName, type ServiceProcess } from "./services";

const GROUP = "worker";
const MAX_ATTEMPTS = 3;
const RETRY_BACKOFF_MS = 100;

/** Polls `probe` until it returns a value other than undefined. */
async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    for (;;) {
        try {
            const value = await probe();
            if (value !== undefined) return value;
        } catch (error) {
            last = error;
        }
        if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}${last ? ` (last error: ${(last as Error).message})` : ""}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
    }
}

/** A sample's identity: its name and its labels in name order. */
const sample = (name: string, labels: Record<string, string>) =>
    `${name}{${Object.entries(labels)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => `${k}="${v}"`)
        .join(",")}}`;

/** Samples of a Prometheus text exposition, by `sample(name, labels)`. */
function samples(text: string): Map<string, number> {
    const found = new Map<string, number>();
    for (const line of text.split("\n").filter((l) => l !== "" && !l.startsWith("#"))) {
        const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
        assert.ok(match, `not a text-format sample line: ${line}`);
        const labels = Object.fromEntries([...(match[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
        found.set(sample(match[1], labels), Number(match[3]));
    }
    return found;
}

const headerOf = (message: Message, name: string) => [...message.headers].find(([key]) => key.toString() === name)?.[1].toString();

describe("api and worker against real Kafka and Redis (integration)", function () {
    this.timeout(180_000);
    const plan = plannedStack("dev").plan;
    const resources = (type: string) => plan.resources.filter((r: any) => r.type === type);
    const configOf = (service: Exclude<ServiceName, "smoke">): Record<string, string> => resources("kubernetes:core/v1:ConfigMap").find((r: any) => r.name === `app-${service}-config`)!.inputs.data;
    /** The keys of the service's Secret (the plan shows its values as secret, so they come from the same planner inputs). */
    const secretKeysOf = (service: Exclude<ServiceName, "smoke">): string[] =>
        [...(APP_WORKLOADS[service].usesRedis ? [REDIS_PASSWORD_ENV] : []), ...Object.keys(kafkaClientEnvironment({} as ServiceKafkaAccess).secrets)].sort();
    const topics = resources("kafka:index/topic:Topic").map((r: any) => r.inputs);
    const eventsTopic = configOf("api").EVENTS_TOPIC;
    const deadLetterTopic = configOf("worker").DEAD_LETTER_TOPIC;

    let kafka: KafkaPeer;
    let redis: RedisPeer;
    let admin: Admin;
    let producer: Producer<string, string, string, string>;
    const services: ServiceProcess[] = [];
    let api: ServiceProcess;
    let apiUrl: string;
    let worker: ServiceProcess;
    let workerUrl: string;
    let state: ReturnType<typeof redisClient>;

    const clientOptions = (clientId: string) => ({
        clientId,
        bootstrapBrokers: [kafka.bootstrapServers],
        tls: { ca: kafka.ca },
        sasl: { mechanism: "SCRAM-SHA-512" as const, username: kafka.username, password: kafka.password },
    });

    /** The service's environment: the plan's ConfigMap pointed at the peers, its Secret's keys from them. */
    function envOf(service: Exclude<ServiceName, "smoke">, port: number, extra: Record<string, string> = {}): Record<string, string> {
        const secrets: Record<string, string> = {
            KAFKA_USERNAME: `svc-${service}`,
            KAFKA_PASSWORD: kafka.users[`svc-${service}`],
            KAFKA_CA_CERT: kafka.ca,
            REDIS_PASSWORD: redis.password,
        };
        assert.deepEqual(Object.keys(secrets).sort(), secretKeysOf(service), `the test fills exactly the keys of app-${service}-secret`);
        return { ...configOf(service), KAFKA_BOOTSTRAP_SERVERS: kafka.bootstrapServers, REDIS_HOST: redis.host, REDIS_PORT: String(redis.port), PORT: String(port), ...secrets, ...extra };
    }

    async function startWorker(extra: Record<string, string>): Promise<void> {
        const port = await freePort();
        worker = startService("worker", envOf("worker", port, { MAX_ATTEMPTS: String(MAX_ATTEMPTS), RETRY_BACKOFF_MS: String(RETRY_BACKOFF_MS), SESSION_TIMEOUT_MS: "6000", ...extra }));
        services.push(worker);
        workerUrl = `http://127.0.0.1:${port}`;
        await eventually(async () => ((await fetch(`${workerUrl}/ready`)).status === 200 ? true : undefined), "the worker is ready (Kafka, Redis, in its group)", 90_000);
    }

    const post = (body: unknown, headers: Record<string, string> = {}) =>
        fetch(`${apiUrl}/api/events`, { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify(body) });

    /** Reads `count` messages of `topic` from its start (a fresh group each time). */
    async function read(topic: string, count: number): Promise<Message[]> {
        const consumer = new Consumer({ ...clientOptions("test-reader"), groupId: `test-reader-${Date.now()}-${Math.random()}`, autocommit: false });
        const stream = await consumer.consume({ topics: [topic], mode: "earliest" });
        const messages: Message[] = [];
        try {
            const timer = setTimeout(() => stream.destroy(new Error(`${messages.length} of ${count} messages on ${topic} within 60 s`)), 60_000);
            for await (const message of stream) {
                messages.push(message as Message);
                if (messages.length >= count) break;
            }
            clearTimeout(timer);
        } finally {
            await consumer.close(true);
        }
        return messages;
    }

    const processedLogs = (service: ServiceProcess, outcome: string) => service.logs.filter((l) => l.message === outcome);

    before(async function () {
        this.timeout(600_000);
        [kafka, redis] = await Promise.all([startKafka({ users: ["svc-api", "svc-worker"] }), startRedis()]);
        admin = new Admin(clientOptions("test-admin"));
        for (const topic of topics) {
            await admin.createTopics({
                topics: [topic.name],
                partitions: topic.partitions,
                replicas: topic.replicationFactor,
                configs: Object.entries(topic.config as Record<string, string>).map(([name, value]) => ({ name, value })),
            });
        }
        const acls = resources("kafka:index/acl:Acl")
            .map((r: any) => r.inputs)
            .filter((acl: any) => ["User:svc-api", "User:svc-worker"].includes(acl.aclPrincipal));
        await admin.createAcls({
            creations: acls.map((acl: any) => ({
                resourceType: ResourceTypes[acl.aclResourceType.toUpperCase() as "TOPIC" | "GROUP"],
                resourceName: acl.aclResourceName,
                resourcePatternType: ResourcePatternTypes[acl.resourcePatternTypeFilter.toUpperCase() as "LITERAL"],
                principal: acl.aclPrincipal,
                host: acl.aclHost,
                operation: AclOperations[acl.aclOperation.toUpperCase() as "READ"],
                permissionType: AclPermissionTypes.ALLOW,
            })),
        });
        producer = new Producer({ ...clientOptions("test-producer"), serializers: stringSerializers });
        state = redisClient(redis, redis.password);
        state.on("error", () => undefined);
        await state.connect();
        const apiPort = await freePort();
        api = startService("api", envOf("api", apiPort));
        services.push(api);
        apiUrl = `http://127.0.0.1:${apiPort}`;
        await eventually(async () => ((await fetch(`${apiUrl}/api/ready`)).status === 200 ? true : undefined), "the api is ready", 90_000);
    });

    after(async function () {
        this.timeout(120_000);
        await Promise.all(services.map((s) => s.kill("SIGTERM")));
        state?.destroy();
        await Promise.allSettled([producer?.close(), admin?.close()]);
        await Promise.allSettled([kafka?.stop(), redis?.stop()]);
    });

    it("processes each posted event once, keyed by its entity, even when the worker is killed before it commits and restarted", async () => {
        // Nothing is committed before shutdown: the kill loses every commit, so every event comes back.
        await startWorker({ COMMIT_INTERVAL_MS: "3600000" });
        const posted: { eventId: string; key: string; type: string }[] = [];
        for (let i = 0; i < 24; i++) {
            const body = { type: i % 3 === 0 ? "order.placed" : "page.viewed", payload: i % 3 === 0 ? { orderId: `order-${i % 4}`, n: i } : { userId: `user-${i % 5}`, n: i } };
            const response = await post(body);
            assert.equal(response.status, 202, await response.clone().text());
            const { eventId } = (await response.json()) as { eventId: string };
            posted.push({ eventId, key: body.payload.orderId ?? (body.payload as { userId: string }).userId, type: body.type });
        }
        const first = worker;
        await first.waitForLog(() => posted.every((p) => processedLogs(first, "processed").some((l) => l.eventId === p.eventId)), 60_000, "a processed line for every posted event");
        // Per-entity order: all of a key's events on one partition, at increasing offsets, in posting order.
        const byEvent = new Map(processedLogs(first, "processed").map((l) => [l.eventId as string, l]));
        for (const key of new Set(posted.map((p) => p.key))) {
            const seen = posted.filter((p) => p.key === key).map((p) => byEvent.get(p.eventId)!);
            assert.equal(new Set(seen.map((l) => l.partition)).size, 1, `events of ${key} on one partition`);
            const offsets = seen.map((l) => BigInt(l.offset as string));
            assert.deepEqual(offsets, [...offsets].sort((a, b) => (a < b ? -1 : 1)), `events of ${key} in posting order`);
        }
        const [committed] = await admin.listConsumerGroupOffsets({ groups: [GROUP] });
        const committedOffsets = committed.topics.flatMap((t) => t.partitions.map((p) => p.committedOffset)).filter((o) => o >= 0n);
        assert.deepEqual(committedOffsets, [], "nothing committed before the kill");
        assert.equal(await first.kill("SIGKILL"), null);

        await startWorker({ COMMIT_INTERVAL_MS: "200" });
        const second = worker;
        await second.waitForLog(() => posted.every((p) => processedLogs(second, "duplicate").some((l) => l.eventId === p.eventId)), 60_000, "a duplicate line for every event redelivered");
        assert.equal(processedLogs(second, "processed").length, 0, "no event applied twice");
        const counts = await state.hGetAll(`${GROUP}:events-by-type`);
        assert.deepEqual(
            Object.fromEntries(Object.entries(counts).map(([type, n]) => [type, Number(n)])),
            { "order.placed": posted.filter((p) => p.type === "order.placed").length, "page.viewed": posted.filter((p) => p.type === "page.viewed").length },
        );

        // A graceful stop commits everything it finished and leaves the group.
        assert.equal(await second.kill("SIGTERM"), 0);
        assert.ok(second.logs.some((l) => l.message === "stopped"));
        const ends = await admin.listOffsets({ topics: [{ name: eventsTopic, partitions: Array.from({ length: topics.find((t: any) => t.name === eventsTopic).partitions }, (_, partitionIndex) => partitionIndex).map((partitionIndex) => ({ partitionIndex, timestamp: -1n })) }] });
        const [afterStop] = await admin.listConsumerGroupOffsets({ groups: [GROUP] });
        const committedNow = new Map(afterStop.topics.find((t) => t.name === eventsTopic)!.partitions.map((p) => [p.partitionIndex, p.committedOffset]));
        for (const { partitionIndex, offset } of ends[0].partitions) {
            if (offset > 0n) assert.equal(committedNow.get(partitionIndex), offset, `partition ${partitionIndex} committed to its end`);
        }
    });

    it("answers a repeated request with the same Idempotency-Key with the first event's id and writes it once", async () => {
        await startWorker({ COMMIT_INTERVAL_MS: "200" });
        const body = { type: "order.placed", payload: { orderId: "order-idem" } };
        const first = await post(body, { "Idempotency-Key": "checkout-42" });
        const again = await post(body, { "Idempotency-Key": "checkout-42" });
        assert.equal(first.status, 202);
        assert.equal(again.status, 200);
        const { eventId } = (await first.json()) as { eventId: string };
        assert.deepEqual(await again.json(), { status: "duplicate", eventId });
        await worker.waitForLog((l) => l.message === "processed" && l.eventId === eventId, 30_000, "the event processed");
        const invalid = await post({ type: "", payload: [] });
        assert.equal(invalid.status, 400);
        assert.equal(((await invalid.json()) as { problems: string[] }).problems.length, 2, "every problem at once");
    });

    it("dead-letters an unreadable message at once, with its original bytes, key and headers plus why and where from", async () => {
        await producer.send({ messages: [{ topic: eventsTopic, key: "user-9", value: "{not json", headers: new Map([["trace-id", "abc-123"]]) }] });
        const line = await worker.waitForLog((l) => l.message === "dead-lettered" && String(l.reason).startsWith("invalid: not JSON"), 30_000, "the unreadable message dead-lettered");
        assert.equal(line.attempts, 1, "not retried: retrying cannot make it readable");
        const [letter] = await read(deadLetterTopic, 1);
        assert.equal(letter.key.toString(), "user-9");
        assert.equal(letter.value.toString(), "{not json");
        assert.equal(headerOf(letter, "trace-id"), "abc-123");
        assert.match(headerOf(letter, "x-dead-letter-reason")!, /^invalid: not JSON/);
        assert.equal(headerOf(letter, "x-dead-letter-attempts"), "1");
        assert.equal(headerOf(letter, "x-original-topic"), eventsTopic);
        assert.equal(headerOf(letter, "x-original-partition"), String(line.partition));
        assert.equal(headerOf(letter, "x-original-offset"), String(line.offset));
        assert.equal(headerOf(letter, "x-consumer-group"), GROUP);
    });

    it(`retries an event whose processing keeps failing ${MAX_ATTEMPTS} times with a doubling backoff, then dead-letters it and moves on`, async () => {
        // A corrupt counter for one event type: Redis refuses the increment for that type only.
        await state.hSet(`${GROUP}:events-by-type`, "order.refunded", "not-a-number");
        const poison = (await (await post({ type: "order.refunded", payload: { orderId: "order-poison" } })).json()) as { eventId: string };
        const healthy = (await (await post({ type: "order.placed", payload: { orderId: "order-poison" } })).json()) as { eventId: string };
        const line = await worker.waitForLog((l) => l.message === "dead-lettered" && l.attempts === MAX_ATTEMPTS, 30_000, "the failing event dead-lettered");
        const retried = worker.logs.filter((l) => l.message === "attempt failed; retrying" && l.offset === line.offset);
        assert.deepEqual(
            retried.map((l) => [l.attempt, l.retryInMs]),
            Array.from({ length: MAX_ATTEMPTS - 1 }, (_, i) => [i + 1, RETRY_BACKOFF_MS * 2 ** i]),
        );
        assert.match(String(line.reason), /not an integer/);
        const letters = await read(deadLetterTopic, 2);
        const letter = letters.find((m) => headerOf(m, "x-dead-letter-attempts") === String(MAX_ATTEMPTS))!;
        assert.equal(JSON.parse(letter.value.toString()).eventId, poison.eventId);
        assert.equal(letter.key.toString(), "order-poison");
        // The next event of the same entity is processed after it: the partition is not blocked.
        await worker.waitForLog((l) => l.message === "processed" && l.eventId === healthy.eventId, 30_000, "the next event processed");
    });

    it("reports not ready with the reason while Redis is down, waits instead of dead-lettering, and recovers when Redis returns", async () => {
        const { port, password } = redis;
        await redis.stop();
        const down = await eventually(async () => {
            const response = await fetch(`${apiUrl}/api/ready`);
            return response.status === 503 ? ((await response.json()) as { checks: Record<string, string> }) : undefined;
        }, "the api reports not ready");
        assert.notEqual(down.checks.redis, "ok");
        assert.equal(down.checks.kafka, "ok");
        await api.waitForLog((l) => l.message === "readiness check failed" && l.check === "redis" && l.endpoint === `127.0.0.1:${port}` && typeof l.reason === "string", 10_000, "a readiness failure logged with check, endpoint and reason");
        const refused = await post({ type: "page.viewed", payload: { userId: "user-1" } });
        assert.equal(refused.status, 503);
        assert.notEqual(((await refused.json()) as { checks: Record<string, string> }).checks.redis, "ok");
        await eventually(async () => ((await fetch(`${workerUrl}/ready`)).status === 503 ? true : undefined), "the worker reports not ready");

        // Written behind the api's back: the worker must hold it until Redis is back, not dead-letter it.
        const eventId = "written-during-the-outage";
        await producer.send({ messages: [{ topic: eventsTopic, key: "user-1", value: JSON.stringify({ eventId, type: "page.viewed", payload: { userId: "user-1" }, receivedAt: new Date().toISOString() }) }] });
        await worker.waitForLog((l) => l.message === "redis unreachable; waiting before trying the message again", 30_000, "the worker waiting for Redis");

        redis = await startRedis({ port, password });
        await eventually(async () => ((await fetch(`${apiUrl}/api/ready`)).status === 200 ? true : undefined), "the api ready again");
        await api.waitForLog((l) => l.message === "readiness check recovered" && l.check === "redis", 10_000, "the recovery logged");
        await worker.waitForLog((l) => l.message === "processed" && l.eventId === eventId, 30_000, "the held event processed after the outage");
        assert.equal(worker.logs.filter((l) => l.message === "dead-lettered" && l.offset !== undefined).length, 2, "only the two earlier dead letters");
        state.destroy();
        state = redisClient(redis, redis.password);
        state.on("error", () => undefined);
        await state.connect();
    });

    it("serves /metrics in Prometheus text format, with the catalogue's families counting what happened", async () => {
        const apiMetrics = samples(await (await fetch(`${apiUrl}/metrics`)).text());
        const workerMetrics = samples(await (await fetch(`${workerUrl}/metrics`)).text());
        const families = new Set([...apiMetrics.keys(), ...workerMetrics.keys()].map((k) => k.split("{")[0]));
        const ofApi = { service: "api" };
        const ofWorker = { service: "worker" };
        for (const family of METRIC_SOURCES.app) {
            assert.ok(families.has(family), `${family} is exposed`);
        }
        // 24 + 1 + 2 accepted; the repeated Idempotency-Key and the outage's refusal wrote nothing.
        assert.equal(apiMetrics.get(sample("events_published_total", ofApi)), 27);
        assert.equal(apiMetrics.get(sample("http_requests_total", { ...ofApi, route: "POST /api/events", status: "202" })), 27);
        assert.equal(apiMetrics.get(sample("http_requests_total", { ...ofApi, route: "POST /api/events", status: "503" })), 1);
        // This worker process (since the idempotency test): 3 processed, 2 dead-lettered, 2 retries.
        assert.equal(workerMetrics.get(sample("worker_messages_total", { ...ofWorker, outcome: "processed" })), 3);
        assert.equal(workerMetrics.get(sample("worker_messages_total", { ...ofWorker, outcome: "dead_lettered" })), 2);
        assert.equal(workerMetrics.get(sample("worker_dead_letters_total", { ...ofWorker, topic: deadLetterTopic, cause: "invalid" })), 1);
        assert.equal(workerMetrics.get(sample("worker_dead_letters_total", { ...ofWorker, topic: deadLetterTopic, cause: "exhausted" })), 1);
        assert.equal(workerMetrics.get(sample("worker_retries_total", ofWorker)), MAX_ATTEMPTS - 1);
    });
});
