/**
 * The worker: consumes its input topic in its consumer group and applies each event once
 * (effect.ts), whatever Kafka redelivers.
 *
 * - Offsets are committed only for finished messages (processed, skipped as duplicates, or
 *   dead-lettered), every COMMIT_INTERVAL_MS and at shutdown; a crash replays at most that window,
 *   and the event id makes the replay harmless.
 * - A failed attempt is retried with a doubling backoff up to MAX_ATTEMPTS, then the message goes
 *   to the dead-letter topic with its original key, value and headers plus the reason, the attempt
 *   count and its origin. An unreadable or invalid message goes there at once: retrying cannot help.
 *   While Redis is unreachable the worker waits instead: an outage is not the message's fault.
 * - Messages of a partition are handled one at a time, in order.
 * - SIGTERM: stop taking messages, let the one in hand finish (a retry backoff or an outage wait is
 *   cut short and the message released, uncommitted, for the next owner), commit, leave the group.
 *
 * GET /health: 200 while the consume loop runs. GET /ready: Kafka and Redis answer and the
 * consumer is in its group. GET /metrics: Prometheus.
 */
import * as http from "node:http";
import { Consumer, MessagesStreamFallbackModes, MessagesStreamModes, ProduceAcks, Producer, type Message, type MessagesStream } from "@platformatic/kafka";
import { deadLetter } from "./dead-letter";
import { applyEvent } from "./effect";
import { log } from "./log";
import * as metrics from "./metrics";
import { parseEvent, PoisonMessage } from "./process-event";
import { Progress } from "./progress";
import { backoffMs, decide } from "./retry";
import { loadSettings, type WorkerSettings } from "./settings";
import { CHECK_TIMEOUT_MS, Readiness, withTimeout } from "./shared/readiness";
import { isErrorReply, redisCheck, redisClient, redisEndpoint } from "./shared/redis";

const READINESS_CACHE_MS = 2_000;
/** How long applying one event may take before the attempt counts as failed. */
const APPLY_TIMEOUT_MS = 5_000;

/** Resolves after `ms`, or at once with false when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
        const timer = setTimeout(() => (signal.removeEventListener("abort", onAbort), resolve(true)), ms);
        const onAbort = () => (clearTimeout(timer), resolve(false));
        signal.addEventListener("abort", onAbort, { once: true });
    });
}

export interface RunningWorker {
    /** Listening port of the health/metrics server. */
    readonly port: number;
    /** Stops taking messages, finishes or releases the one in hand, commits, leaves the group. */
    stop(reason: string): Promise<void>;
    /** Settles when the worker has stopped; rejects when it stopped on a fatal error. */
    readonly stopped: Promise<void>;
}

export async function startWorker(settings: WorkerSettings): Promise<RunningWorker> {
    const redis = redisClient(settings.redis, log);
    const producer = new Producer({ ...settings.kafka, idempotent: true, acks: ProduceAcks.ALL });
    // Heartbeats at most a third of the session apart, as Kafka advises.
    const membership = { sessionTimeout: settings.sessionTimeoutMs, heartbeatInterval: Math.min(3_000, Math.floor(settings.sessionTimeoutMs / 3)) };
    const consumer = new Consumer({ ...settings.kafka, groupId: settings.groupId, autocommit: false, ...membership });
    const aborter = new AbortController();
    const progress = new Progress<Message>();
    let inGroup = false;
    let running = true;
    consumer.on("consumer:group:join", () => (inGroup = true));
    consumer.on("consumer:group:leave", () => (inGroup = false));
    metrics.measureLagWith(() => consumer.getLag({ topics: [settings.inputTopic] }));

    const readiness = new Readiness(
        {
            redis: redisCheck(redis, settings.redis),
            kafka: { endpoint: settings.kafka.bootstrapBrokers.join(","), run: async () => void (await producer.metadata({ topics: [settings.deadLetterTopic] })) },
            group: {
                endpoint: `group ${settings.groupId}`,
                run: async () => {
                    if (!inGroup) throw new Error(`not a member of consumer group ${settings.groupId}`);
                },
            },
        },
        { cacheMs: READINESS_CACHE_MS, timeoutMs: CHECK_TIMEOUT_MS, log },
    );
    const server = http.createServer((req, res) => {
        void (async () => {
            if (req.url === "/metrics") {
                res.writeHead(200, { "Content-Type": metrics.registry.contentType });
                res.end(await metrics.registry.metrics());
            } else if (req.url === "/health") {
                res.writeHead(running ? 200 : 503, { "Content-Type": "application/json" });
                res.end(JSON.stringify({ status: running ? "ok" : "stopping" }));
            } else if (req.url === "/ready") {
                const { ready, checks } = await readiness.evaluate();
                res.writeHead(ready ? 200 : 503, { "Content-Type": "application/json" });
                res.end(JSON.stringify({ status: ready ? "ready" : "not ready", checks }));
            } else {
                res.writeHead(404).end();
            }
        })().catch((error: Error) => res.writeHead(500).end(error.message));
    });
    await new Promise<void>((resolve) => server.listen(settings.port, resolve));
    const port = (server.address() as { port: number }).port;
    log("info", "health endpoint listening", { port });

    /** Handles one message to the end: "done" (commit it) or "released" (shutdown cut it short). */
    async function handle(message: Message): Promise<"done" | "released"> {
        const origin = { topic: message.topic, partition: message.partition, offset: message.offset, group: settings.groupId };
        const at = { topic: message.topic, partition: message.partition, offset: String(message.offset) };
        let waiting = false;
        for (let attempt = 1; ; ) {
            try {
                const event = parseEvent(message.value);
                // A write that never answers counts as a failed attempt; if it lands later, the retry finds its id.
                const outcome = await withTimeout(
                    applyEvent(redis, settings.groupId, event, `${message.topic}/${message.partition}/${message.offset}`, settings.idempotencyTtlSeconds),
                    APPLY_TIMEOUT_MS,
                    `redis: no answer within ${APPLY_TIMEOUT_MS} ms`,
                );
                metrics.messages.inc({ outcome });
                log("info", outcome, { eventId: event.eventId, type: event.type, attempt, ...at });
                return "done";
            } catch (error) {
                const reason = error instanceof PoisonMessage ? `invalid: ${error.message}` : (error as Error).message || String(error);
                const decision = decide({ permanent: error instanceof PoisonMessage, dependencyDown: !isErrorReply(error) && !redis.isReady }, attempt, settings.maxAttempts);
                if (decision === "dead-letter") {
                    const letter = deadLetter(message, origin, reason, attempt);
                    await producer.send({ messages: [{ topic: settings.deadLetterTopic, ...letter }] });
                    metrics.messages.inc({ outcome: "dead_lettered" });
                    metrics.deadLetters.inc({ topic: settings.deadLetterTopic, cause: error instanceof PoisonMessage ? "invalid" : "exhausted" });
                    log("warn", "dead-lettered", { reason, attempts: attempt, deadLetterTopic: settings.deadLetterTopic, ...at });
                    return "done";
                }
                if (decision === "retry") {
                    const delay = backoffMs(attempt, settings.retryBackoffMs, settings.retryBackoffMaxMs);
                    metrics.retries.inc();
                    log("warn", "attempt failed; retrying", { reason, attempt, maxAttempts: settings.maxAttempts, retryInMs: delay, ...at });
                    if (!(await sleep(delay, aborter.signal))) return "released";
                    attempt += 1;
                } else {
                    if (!waiting) log("warn", "redis unreachable; waiting before trying the message again", { endpoint: redisEndpoint(settings.redis), reason, ...at });
                    waiting = true;
                    if (!(await sleep(settings.retryBackoffMs, aborter.signal))) return "released";
                }
            }
        }
    }

    const commit = async () => {
        const finished = progress.take();
        try {
            await Promise.all(finished.map((message) => message.commit()));
        } catch (error) {
            // Kept for the next commit (a later message of the partition supersedes it).
            for (const m of finished) progress.finish(m.topic, m.partition, m.offset, m);
            throw error;
        }
        if (finished.length > 0) log("debug", "committed", { partitions: finished.map((m) => `${m.topic}/${m.partition}@${m.offset + 1n}`) });
    };

    const stream: MessagesStream<Buffer, Buffer, Buffer, Buffer> = await consumer.consume({
        topics: [settings.inputTopic],
        mode: MessagesStreamModes.COMMITTED,
        // A new group starts at the beginning: events written before the worker first ran are not skipped.
        fallbackMode: MessagesStreamFallbackModes.EARLIEST,
        autocommit: false,
        ...membership,
    });
    let committing: Promise<void> = Promise.resolve();
    const commitTimer = setInterval(() => (committing = committing.then(commit).catch((error: Error) => log("warn", "commit failed; retried next time", { reason: error.message }))), settings.commitIntervalMs);

    let inFlight: Promise<void> = Promise.resolve();
    let fatal: Error | undefined;
    let settle!: { resolve: () => void; reject: (error: Error) => void };
    const stopped = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    const fail = (error: Error) => {
        if (fatal) return;
        fatal = error;
        log("error", "worker failed; stopping without committing the message in hand", { reason: error.message });
        void stop(`fatal: ${error.message}`);
    };
    // One message at a time, in order: the stream pauses while a message is handled. A message the
    // stream had already emitted waits in `backlog` (never handled concurrently).
    const backlog: Message[] = [];
    const pump = async () => {
        while (running && backlog.length > 0) {
            const message = backlog[0];
            if ((await handle(message)) === "released") return;
            backlog.shift();
            progress.finish(message.topic, message.partition, message.offset, message);
        }
        pumping = false;
        if (running) stream.resume();
    };
    let pumping = false;
    stream.on("data", (message: Message) => {
        backlog.push(message);
        stream.pause();
        if (pumping) return;
        pumping = true;
        inFlight = pump().catch((error: Error) => fail(error));
    });
    stream.on("error", (error: Error) => fail(error));

    let stopping: Promise<void> | undefined;
    const stop = (reason: string): Promise<void> =>
        (stopping ??= (async () => {
            log("info", "stopping", { reason });
            running = false;
            stream.pause();
            aborter.abort();
            await inFlight;
            clearInterval(commitTimer);
            await committing;
            await commit().catch((error: Error) => log("warn", "final commit failed; the next owner replays from the last commit", { reason: error.message }));
            await stream.close().catch(() => undefined);
            await consumer.close().catch(() => undefined);
            await producer.close().catch(() => undefined);
            await redis.close().catch(() => undefined);
            await new Promise((resolve) => server.close(resolve));
            log("info", "stopped", { reason });
            if (fatal) settle.reject(fatal);
            else settle.resolve();
        })());
    return { port, stop, stopped };
}

async function main(): Promise<void> {
    const worker = await startWorker(loadSettings());
    process.once("SIGTERM", () => void worker.stop("SIGTERM"));
    process.once("SIGINT", () => void worker.stop("SIGINT"));
    await worker.stopped;
}

if (require.main === module) {
    main().then(
        () => process.exit(0),
        (error: Error) => {
            log("error", "worker failed", { reason: error.message });
            process.exit(1);
        },
    );
}
