import * as assert from "node:assert/strict";
import { loadSettings } from "../../../apps/api/src/settings";

const VALID = { KAFKA_BOOTSTRAP_SERVERS: "a:9093, b:9093", KAFKA_SASL_MECHANISM: "SCRAM-SHA-512", KAFKA_USERNAME: "svc-api", KAFKA_PASSWORD: "p", KAFKA_CA_CERT: "PEM", REDIS_HOST: "redis", EVENTS_TOPIC: "web.event.received" };

describe("api settings", () => {
    it("reads the platform's environment: SASL over TLS with the given CA, defaults for the rest", () => {
        const settings = loadSettings(VALID);
        assert.deepEqual(settings.kafka, { clientId: "api", bootstrapBrokers: ["a:9093", "b:9093"], tls: { ca: "PEM" }, sasl: { mechanism: "SCRAM-SHA-512", username: "svc-api", password: "p" } });
        assert.deepEqual(settings.redis, { host: "redis", port: 6379, password: undefined, tls: false });
        assert.equal(settings.port, 5000);
    });

    it("reports every problem at once, naming each variable", () => {
        assert.throws(
            () => loadSettings({ ...VALID, KAFKA_SASL_MECHANISM: "scram", KAFKA_PASSWORD: "", PORT: "http", EVENTS_TOPIC: undefined }),
            /invalid settings \(4\): PORT="http" is not an integer from 1 to 65535; KAFKA_SASL_MECHANISM="scram" is not one of SCRAM-SHA-512, SCRAM-SHA-256, PLAIN; KAFKA_PASSWORD is not set; EVENTS_TOPIC is not set/,
        );
    });
});
