/**
 * The api: GET /api/health (liveness: the process serves), GET /api/ready (readiness: Redis and
 * Kafka answer), POST /api/events (an event into Kafka), GET /metrics (Prometheus).
 *
 * POST /api/events validates the event, gives it an id, keys it by its entity (events.ts) and writes
 * it with an idempotent producer (acks=all): 202 {eventId} once Kafka has it. A repeated request
 * with the same Idempotency-Key header writes nothing and answers 200 with the first event's id.
 * While Kafka or Redis is down it answers 503 with the reasons, and writes nothing.
 */
import { randomUUID } from "node:crypto";
import * as http from "node:http";
import { ProduceAcks, Producer, stringSerializers } from "@platformatic/kafka";
import { eventMessage, parseEventRequest } from "./events";
import { log } from "./log";
import * as metrics from "./metrics";
import { loadSettings, type ApiSettings } from "./settings";
import { CHECK_TIMEOUT_MS, Readiness } from "./shared/readiness";
import { redisCheck, redisClient } from "./shared/redis";

/** Largest event body accepted. */
const MAX_BODY_BYTES = 64 * 1024;
const MAX_IDEMPOTENCY_KEY_LENGTH = 200;
/** Known routes keep label values bounded; anything else counts as "other". */
const ROUTES = new Set(["GET /api/health", "GET /api/ready", "POST /api/events", "GET /metrics"]);

class HttpError extends Error {
    constructor(
        readonly status: number,
        readonly body: Record<string, unknown>,
    ) {
        super(String(body.error ?? body.status));
    }
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text), "Cache-Control": "no-store" });
    res.end(text);
}

function readBody(req: http.IncomingMessage): Promise<string> {
    return new Promise((resolve, reject) => {
        let size = 0;
        const chunks: Buffer[] = [];
        req.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_BODY_BYTES) {
                reject(new HttpError(413, { error: `body over ${MAX_BODY_BYTES} bytes` }));
                req.destroy();
                return;
            }
            chunks.push(chunk);
        });
        req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        req.on("error", reject);
    });
}

export interface RunningApi {
    readonly port: number;
    /** Stops accepting requests, finishes those in flight, closes the connections. */
    stop(reason: string): Promise<void>;
}

export async function startApi(settings: ApiSettings): Promise<RunningApi> {
    const redis = redisClient(settings.redis, log);
    const producer = new Producer({ ...settings.kafka, idempotent: true, acks: ProduceAcks.ALL, serializers: stringSerializers });
    const readiness = new Readiness(
        {
            redis: redisCheck(redis, settings.redis),
            kafka: { endpoint: settings.kafka.bootstrapBrokers.join(","), run: async () => void (await producer.metadata({ topics: [settings.eventsTopic] })) },
        },
        { cacheMs: settings.readinessCacheMs, timeoutMs: CHECK_TIMEOUT_MS, log },
    );

    async function postEvent(req: http.IncomingMessage): Promise<[number, Record<string, unknown>]> {
        let body: unknown;
        try {
            body = JSON.parse(await readBody(req));
        } catch (error) {
            if (error instanceof HttpError) throw error;
            throw new HttpError(400, { error: `the body is not JSON: ${(error as Error).message}` });
        }
        const parsed = parseEventRequest(body);
        if (!parsed.ok) {
            throw new HttpError(400, { error: "invalid event", problems: parsed.problems });
        }
        const idempotencyKey = req.headers["idempotency-key"];
        if (idempotencyKey !== undefined && (typeof idempotencyKey !== "string" || idempotencyKey === "" || idempotencyKey.length > MAX_IDEMPOTENCY_KEY_LENGTH)) {
            throw new HttpError(400, { error: `Idempotency-Key: expected one non-empty value of at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters` });
        }
        const { ready, checks } = await readiness.evaluate();
        if (!ready) {
            throw new HttpError(503, { status: "unavailable", checks });
        }
        const eventId = randomUUID();
        const rememberedAs = idempotencyKey && `api:idempotency:${idempotencyKey}`;
        try {
            if (rememberedAs) {
                const first = await redis.set(rememberedAs, eventId, { condition: "NX", expiration: { type: "EX", value: settings.idempotencyTtlSeconds } });
                if (first === null) {
                    return [200, { status: "duplicate", eventId: await redis.get(rememberedAs) }];
                }
            }
        } catch (error) {
            throw new HttpError(503, { status: "unavailable", checks: { redis: (error as Error).message } });
        }
        const message = eventMessage(parsed.request, eventId, new Date());
        try {
            await producer.send({ messages: [{ topic: settings.eventsTopic, key: message.key, value: message.value, headers: message.headers }] });
        } catch (error) {
            // Forget the key, so the client's retry is not answered "duplicate" for an event never written.
            if (rememberedAs) await redis.del(rememberedAs).catch(() => undefined);
            throw new HttpError(503, { status: "unavailable", checks: { kafka: (error as Error).message } });
        }
        metrics.published.inc();
        return [202, { status: "accepted", eventId }];
    }

    const server = http.createServer(async (req, res) => {
        const started = process.hrtime.bigint();
        const route = `${req.method} ${req.url?.split("?")[0]}`;
        try {
            if (route === "GET /metrics") {
                res.writeHead(200, { "Content-Type": metrics.registry.contentType });
                res.end(await metrics.registry.metrics());
            } else if (route === "GET /api/health") {
                send(res, 200, { status: "ok" });
            } else if (route === "GET /api/ready") {
                const { ready, checks } = await readiness.evaluate();
                send(res, ready ? 200 : 503, { status: ready ? "ready" : "not ready", checks });
            } else if (route === "POST /api/events") {
                const [status, body] = await postEvent(req);
                send(res, status, body);
            } else {
                send(res, 404, { error: `no route ${route}` });
            }
        } catch (error) {
            const status = error instanceof HttpError ? error.status : 500;
            log(status >= 500 ? "error" : "info", "request refused", { route, status, reason: (error as Error).message, ...(error instanceof HttpError ? error.body : {}) });
            if (!res.headersSent) {
                send(res, status, error instanceof HttpError ? error.body : { error: (error as Error).message });
            }
        } finally {
            const seconds = Number(process.hrtime.bigint() - started) / 1e9;
            const known = ROUTES.has(route) ? route : "other";
            metrics.requests.inc({ route: known, status: String(res.statusCode) });
            metrics.latency.observe({ route: known }, seconds);
        }
    });
    await new Promise<void>((resolve) => server.listen(settings.port, resolve));
    const port = (server.address() as { port: number }).port;
    log("info", "listening", { port });
    let stopping: Promise<void> | undefined;
    return {
        port,
        stop: (reason) =>
            (stopping ??= (async () => {
                log("info", "stopping", { reason });
                await new Promise((resolve) => server.close(resolve));
                await producer.close().catch(() => undefined);
                await redis.close().catch(() => undefined);
                log("info", "stopped", { reason });
            })()),
    };
}

async function main(): Promise<void> {
    const api = await startApi(loadSettings());
    await new Promise<string>((resolve) => {
        process.once("SIGTERM", () => resolve("SIGTERM"));
        process.once("SIGINT", () => resolve("SIGINT"));
    }).then((signal) => api.stop(signal));
}

if (require.main === module) {
    main().then(
        () => process.exit(0),
        (error: Error) => {
            log("error", "api failed", { reason: error.message });
            process.exit(1);
        },
    );
}
