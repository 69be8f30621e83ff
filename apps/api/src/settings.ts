/** The api's settings from its environment, every problem at once. */
import { Env, kafkaSettings, redisSettings, type KafkaSettings, type RedisSettings } from "./shared/env";

export interface ApiSettings {
    readonly port: number;
    readonly kafka: KafkaSettings;
    readonly redis: RedisSettings;
    /** Topic that POST /api/events writes to. */
    readonly eventsTopic: string;
    /** How long a readiness result is reused, so probes do not hammer Redis and Kafka. */
    readonly readinessCacheMs: number;
    /** How long an Idempotency-Key is remembered: a repeated POST within it writes nothing. */
    readonly idempotencyTtlSeconds: number;
}

export function loadSettings(source: NodeJS.ProcessEnv = process.env): ApiSettings {
    const env = new Env(source);
    const settings: ApiSettings = {
        port: env.integer("PORT", 5000, 1, 65535),
        kafka: kafkaSettings(env, "api"),
        redis: redisSettings(env),
        eventsTopic: env.text("EVENTS_TOPIC"),
        readinessCacheMs: env.integer("READINESS_CACHE_MS", 2000, 0, 60_000),
        idempotencyTtlSeconds: env.integer("IDEMPOTENCY_TTL_SECONDS", 24 * 3600, 60, 30 * 24 * 3600),
    };
    env.finish();
    return settings;
}
