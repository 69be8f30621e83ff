/**
 * The API: GET /api/health (liveness: the process serves), GET /api/ready (readiness: Redis and
 * Kafka answer), POST /api/events (an event into Kafka). Settings come from the environment.
 */
import * as http from "node:http";
import { loadSettings, type ApiSettings } from "./config";
import { KafkaConnections } from "./kafka";
import { CONTENT_TYPE, Counter, Histogram, Registry } from "./metrics";
import { log } from "./log";
import { ping } from "./redis";

/** Largest event body accepted. */
const MAX_BODY_BYTES = 64 * 1024;
/** How long one readiness check may take before it counts as failed. */
const CHECK_TIMEOUT_MS = 2000;

type Check = () => Promise<void>;

/** Readiness: every dependency answers; the result is reused for `cacheMs`. */
export class Readiness {
    private last: { at: number; result: Record<string, string> } | undefined;

    constructor(
        private readonly checks: Record<string, Check>,
        private readonly cacheMs: number,
    ) {}

    async evaluate(now = Date.now()): Promise<{ ready: boolean; checks: Record<string, string> }> {
        if (!this.last || now - this.last.at >= this.cacheMs) {
            const entries = await Promise.all(
                Object.entries(this.checks).map(async ([name, check]) => {
                    try {
                        await withTimeout(check(), CHECK_TIMEOUT_MS, name);
                        return [name, "ok"] as const;
                    } catch (error) {
                        return [name, (error as Error).message] as const;
                    }
                }),
            );
            this.last = { at: now, result: Object.fromEntries(entries) };
        }
        const checks = this.last.result;
        return { ready: Object.values(checks).every((v) => v === "ok"), checks };
    }
}

function withTimeout<T>(promise: Promise<T>, ms: number, name: string): Promise<T> {
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${name}: no answer within ${ms} ms`)), ms);
        promise.then(
            (value) => (clearTimeout(timer), resolve(value)),
            (error) => (clearTimeout(timer), reject(error)),
        );
    });
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
                reject(new Error(`body over ${MAX_BODY_BYTES} bytes`));
                req.destroy();
                return;
            }
            chunks.push(chunk);
        });
        req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        req.on("error", reject);
    });
}

/** The API's metrics (names from the platform's metric catalogue). */
export const metrics = new Registry();
const requests = metrics.register(new Counter("http_requests_total", "HTTP requests by route and status."));
const latency = metrics.register(new Histogram("http_request_duration_seconds", "HTTP request latency by route."));
const published = metrics.register(new Counter("events_published_total", "Events written to the events topic."));
/** Known routes keep label values bounded; anything else counts as "other". */
const ROUTES = new Set(["GET /api/health", "GET /api/ready", "POST /api/events", "GET /metrics"]);

export function createServer(settings: ApiSettings, kafka: KafkaConnections, readiness: Readiness): http.Server {
    return http.createServer(async (req, res) => {
        const started = process.hrtime.bigint();
        const route = `${req.method} ${req.url?.split("?")[0]}`;
        try {
            if (route === "GET /metrics") {
                res.writeHead(200, { "Content-Type": CONTENT_TYPE });
                res.end(metrics.expose());
            } else if (route === "GET /api/health") {
                send(res, 200, { status: "ok" });
            } else if (route === "GET /api/ready") {
                const { ready, checks } = await readiness.evaluate();
                send(res, ready ? 200 : 503, { status: ready ? "ready" : "not ready", checks });
            } else if (route === "POST /api/events") {
                const event = JSON.parse(await readBody(req)) as { type?: unknown; key?: unknown; payload?: unknown };
                if (typeof event.type !== "string" || event.type === "" || typeof event.payload !== "object" || event.payload === null) {
                    send(res, 400, { error: 'expected {"type": "<non-empty string>", "payload": {...}, "key"?: "<string>"}' });
                    return;
                }
                await kafka.connect();
                await kafka.producer.send({
                    topic: settings.eventsTopic,
                    messages: [{ key: typeof event.key === "string" ? event.key : null, value: JSON.stringify({ type: event.type, payload: event.payload, receivedAt: new Date().toISOString() }) }],
                });
                published.inc({ service: "api" });
                send(res, 202, { status: "accepted" });
            } else {
                send(res, 404, { error: `no route ${route}` });
            }
        } catch (error) {
            log("error", "request failed", { route, error: (error as Error).message });
            if (!res.headersSent) {
                send(res, error instanceof SyntaxError ? 400 : 500, { error: (error as Error).message });
            }
        } finally {
            const seconds = Number(process.hrtime.bigint() - started) / 1e9;
            const known = ROUTES.has(route) ? route : "other";
            requests.inc({ service: "api", route: known, status: String(res.statusCode) });
            latency.observe({ service: "api", route: known }, seconds);
            log("info", "request", { route, status: res.statusCode, ms: seconds * 1e3 });
        }
    });
}

function main(): void {
    const settings = loadSettings();
    const kafka = new KafkaConnections(settings.kafka);
    const readiness = new Readiness(
        { redis: () => ping(settings.redis, CHECK_TIMEOUT_MS), kafka: () => kafka.check() },
        settings.readinessCacheMs,
    );
    const server = createServer(settings, kafka, readiness);
    server.listen(settings.port, () => log("info", "listening", { port: settings.port }));
    const stop = (signal: string) => {
        log("info", "stopping", { signal });
        server.close(() => void kafka.close().then(() => process.exit(0)));
    };
    process.once("SIGTERM", () => stop("SIGTERM"));
    process.once("SIGINT", () => stop("SIGINT"));
}

if (require.main === module) {
    main();
}
