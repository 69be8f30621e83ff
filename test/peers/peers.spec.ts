import * as assert from "node:assert/strict";
import * as net from "node:net";
import * as tls from "node:tls";
import * as fs from "node:fs";
import * as path from "node:path";
import { KAFKA_VERSION } from "../../components/kafka/kafka-cluster";
import { REPO_ROOT } from "../support/harness";
import { redisClient, startKafka, startRedis, type KafkaPeer, type RedisPeer } from "./peers";

/** Opens a TLS connection to host:port trusting `ca`; resolves with whether the broker's certificate verified, and why not. */
function tlsHandshake(address: string, ca: string | undefined): Promise<{ authorized: boolean; error?: string }> {
    const [host, port] = address.split(":");
    return new Promise((resolve) => {
        const socket = tls.connect({ host, port: Number(port), ca, rejectUnauthorized: false }, () => {
            resolve({ authorized: socket.authorized, error: socket.authorizationError?.toString() });
            socket.end();
        });
        socket.on("error", (error) => resolve({ authorized: false, error: error.message }));
    });
}

function refused(port: number): Promise<boolean> {
    return new Promise((resolve) => {
        const socket = net.connect(port, "127.0.0.1");
        socket.on("connect", () => {
            socket.destroy();
            resolve(false);
        });
        socket.on("error", () => resolve(true));
    });
}

describe("test/peers: real servers on loopback", function () {
    // The first Kafka start resolves Kafka's artifacts through Maven (minutes on a fresh machine).
    this.timeout(360_000);

    it("the Kafka peer runs the Kafka version the platform runs", () => {
        const pom = fs.readFileSync(path.join(REPO_ROOT, "test", "peers", "kafka", "pom.xml"), "utf8");
        assert.equal(/<kafka.version>([^<]+)<\/kafka.version>/.exec(pom)?.[1], KAFKA_VERSION);
    });

    describe("Kafka", () => {
        let kafka: KafkaPeer;
        before(async () => {
            kafka = await startKafka({ users: ["svc-test"] });
        });
        after(async () => kafka?.stop());

        it("serves SASL_SSL with SCRAM-SHA-512 on loopback, with a certificate its CA verifies for 127.0.0.1", async () => {
            assert.match(kafka.bootstrapServers, /^127\.0\.0\.1:\d+$/);
            assert.equal(kafka.saslMechanism, "SCRAM-SHA-512");
            assert.match(kafka.ca, /^-----BEGIN CERTIFICATE-----/);
            assert.deepEqual(await tlsHandshake(kafka.bootstrapServers, kafka.ca), { authorized: true, error: undefined });
            // Without the run's CA the certificate does not verify: the CA is what makes it trusted.
            assert.equal((await tlsHandshake(kafka.bootstrapServers, undefined)).authorized, false);
        });

        it("creates the requested SCRAM users, each with its own generated password", () => {
            assert.deepEqual(Object.keys(kafka.users), ["svc-test"]);
            assert.match(kafka.users["svc-test"], /^[0-9a-f]{36}$/);
            assert.notEqual(kafka.users["svc-test"], kafka.password);
        });

        it("stops cleanly when asked: the port closes", async () => {
            const port = Number(kafka.bootstrapServers.split(":")[1]);
            await kafka.stop();
            assert.equal(await refused(port), true);
        });
    });

    describe("Redis", () => {
        let redis: RedisPeer;
        before(async () => {
            redis = await startRedis();
        });
        after(async () => redis?.stop());

        const pingAs = async (password: string | undefined) => {
            const client = redisClient(redis, password);
            client.on("error", () => undefined);
            try {
                await client.connect();
                return await client.ping();
            } finally {
                client.destroy();
            }
        };

        it("answers with the password and refuses without it", async () => {
            assert.equal(await pingAs(redis.password), "PONG");
            await assert.rejects(pingAs(undefined), /NOAUTH/);
            await assert.rejects(pingAs("not-the-password"), /WRONGPASS/);
        });

        it("stops cleanly when asked: the port closes", async () => {
            await redis.stop();
            assert.equal(await refused(redis.port), true);
        });
    });

    it("says which tool is missing and how to install it", async () => {
        const path = process.env.PATH;
        process.env.PATH = "/nonexistent";
        try {
            await assert.rejects(startKafka(), /Kafka peer: 'java' is not on PATH \(Java 17\+: apt-get install openjdk-17-jdk-headless\); 'mvn' is not on PATH \(Maven: apt-get install maven\)/);
            await assert.rejects(startRedis(), /Redis peer: 'redis-server' is not on PATH \(Debian: apt-get install redis-server/);
        } finally {
            process.env.PATH = path;
        }
    });
});
