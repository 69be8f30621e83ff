/**
 * A Redis client (@redis/client) that connects at once, reconnects by itself and fails commands at
 * once while it is disconnected (no offline queue), so callers can tell "Redis is down" from
 * "Redis said no".
 */
import { createClient, ErrorReply } from "@redis/client";
import type { RedisSettings } from "./env";
import type { Log } from "./log";
import type { Check } from "./readiness";

/** Reconnect backoff: doubling from 100 ms, at most 2 s. */
const RECONNECT_MAX_MS = 2_000;
const CONNECT_TIMEOUT_MS = 2_000;

export function redisClient(settings: RedisSettings, log: Log) {
    const socket = { host: settings.host, port: settings.port, connectTimeout: CONNECT_TIMEOUT_MS, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, RECONNECT_MAX_MS) };
    const client = createClient({
        socket: settings.tls ? { ...socket, tls: true as const, servername: settings.host } : socket,
        password: settings.password,
        disableOfflineQueue: true,
    });
    let down = false;
    client.on("error", (error: Error) => {
        // Logged once per outage, not once per reconnect attempt.
        if (!down) {
            down = true;
            log("warn", "redis unreachable", { endpoint: redisEndpoint(settings), reason: error.message });
        }
    });
    client.on("ready", () => {
        if (down) log("info", "redis reachable again", { endpoint: redisEndpoint(settings) });
        down = false;
    });
    // The first connection may fail; the client keeps reconnecting and readiness reports it meanwhile.
    client.connect().catch((error: Error) => log("warn", "redis: first connection failed", { endpoint: redisEndpoint(settings), reason: error.message }));
    return client;
}

export type RedisClient = ReturnType<typeof redisClient>;

export function redisEndpoint(settings: RedisSettings): string {
    return `${settings.host}:${settings.port}`;
}

/** Readiness: Redis answers PING. */
export function redisCheck(client: RedisClient, settings: RedisSettings): Check {
    return { endpoint: redisEndpoint(settings), run: async () => void (await client.ping()) };
}

/** An error Redis answered (the command was refused), as opposed to a connection problem. */
export function isErrorReply(error: unknown): boolean {
    return error instanceof ErrorReply;
}
