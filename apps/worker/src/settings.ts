/** The worker's settings from its environment, every problem at once. */
import { Env, kafkaSettings, redisSettings, type KafkaSettings, type RedisSettings } from "./shared/env";

export interface WorkerSettings {
    readonly port: number;
    readonly kafka: KafkaSettings;
    readonly redis: RedisSettings;
    readonly groupId: string;
    readonly inputTopic: string;
    /** Where messages that cannot be processed go, with the reason, attempts and origin in headers. */
    readonly deadLetterTopic: string;
    /** Attempts per message before it is dead-lettered (a dependency outage costs none). */
    readonly maxAttempts: number;
    /** The first retry's backoff; it doubles per attempt up to `retryBackoffMaxMs`. */
    readonly retryBackoffMs: number;
    readonly retryBackoffMaxMs: number;
    /** How often finished offsets are committed (and always at shutdown): what a crash may replay. */
    readonly commitIntervalMs: number;
    /** How long a processed event id is remembered: redeliveries within it are skipped. */
    readonly idempotencyTtlSeconds: number;
    /** How long the group waits for a silent member (a killed pod) before giving its partitions to others. */
    readonly sessionTimeoutMs: number;
}

export function loadSettings(source: NodeJS.ProcessEnv = process.env): WorkerSettings {
    const env = new Env(source);
    const settings: WorkerSettings = {
        port: env.integer("PORT", 7000, 1, 65535),
        kafka: kafkaSettings(env, "worker"),
        redis: redisSettings(env),
        groupId: env.text("KAFKA_GROUP_ID"),
        inputTopic: env.text("INPUT_TOPIC"),
        deadLetterTopic: env.text("DEAD_LETTER_TOPIC"),
        maxAttempts: env.integer("MAX_ATTEMPTS", 5, 1, 100),
        retryBackoffMs: env.integer("RETRY_BACKOFF_MS", 200, 1, 60_000),
        retryBackoffMaxMs: env.integer("RETRY_BACKOFF_MAX_MS", 5_000, 1, 600_000),
        commitIntervalMs: env.integer("COMMIT_INTERVAL_MS", 1_000, 10, 3_600_000),
        idempotencyTtlSeconds: env.integer("IDEMPOTENCY_TTL_SECONDS", 7 * 24 * 3600, 60, 365 * 24 * 3600),
        // Kafka's own bounds for group.min/max.session.timeout.ms by default.
        sessionTimeoutMs: env.integer("SESSION_TIMEOUT_MS", 30_000, 6_000, 300_000),
    };
    env.finish();
    return settings;
}
