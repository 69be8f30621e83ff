import * as assert from "node:assert/strict";
import { loadSettings } from "../../../apps/worker/src/settings";

const VALID = { KAFKA_BOOTSTRAP_SERVERS: "a:9093", KAFKA_SASL_MECHANISM: "SCRAM-SHA-512", KAFKA_USERNAME: "svc-worker", KAFKA_PASSWORD: "p", REDIS_HOST: "redis", KAFKA_GROUP_ID: "worker", INPUT_TOPIC: "web.event.received", DEAD_LETTER_TOPIC: "web.event.received.worker.dlt" };

describe("worker settings", () => {
    it("defaults to at-least-once settings a pod can live with: 5 attempts from 200 ms, commits every second, ids kept a week", () => {
        const settings = loadSettings(VALID);
        assert.deepEqual(
            [settings.maxAttempts, settings.retryBackoffMs, settings.retryBackoffMaxMs, settings.commitIntervalMs, settings.idempotencyTtlSeconds, settings.sessionTimeoutMs],
            [5, 200, 5000, 1000, 604800, 30000],
        );
        assert.deepEqual(settings.kafka.tls, {}, "SASL implies TLS with the system's CAs when no CA is given");
    });

    it("reports every problem at once, naming each variable", () => {
        assert.throws(
            () => loadSettings({ ...VALID, MAX_ATTEMPTS: "0", SESSION_TIMEOUT_MS: "1000", KAFKA_TLS: "yes", INPUT_TOPIC: "" }),
            /invalid settings \(4\): KAFKA_TLS="yes" is not true or false; INPUT_TOPIC is not set; MAX_ATTEMPTS="0" is not an integer from 1 to 100; SESSION_TIMEOUT_MS="1000" is not an integer from 6000 to 300000/,
        );
    });
});
