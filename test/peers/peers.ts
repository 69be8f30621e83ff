/**
 * Real servers for tests, on loopback, for as long as a test needs them: Apache Kafka (the Kafka
 * peer, test/peers/kafka: Kafka's own artifacts from Maven Central, KRaft, SASL_SSL with
 * SCRAM-SHA-512 and a CA made for the run, ACLs enforced) and Redis (Debian's redis-server, with a
 * password). Each start waits until the server answers; `stop()` shuts it down cleanly, and a peer
 * never outlives this process (Kafka stops when its standard input closes, Redis is killed on exit).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { createClient } from "@redis/client";
import { REPO_ROOT } from "../../tools/repo-root";

/** The Kafka peer's launcher (also what the Flink job's Maven tests run). */
export const KAFKA_PEER = path.join(REPO_ROOT, "test", "peers", "kafka", "start");
/** The first start resolves Kafka's artifacts through Maven: minutes on a fresh machine. */
const KAFKA_READY_MS = 300_000;
const REDIS_READY_MS = 20_000;

export interface KafkaPeer {
    readonly bootstrapServers: string;
    readonly securityProtocol: "SASL_SSL";
    readonly saslMechanism: "SCRAM-SHA-512";
    /** The super user. */
    readonly username: string;
    readonly password: string;
    /** PEM of the CA that signed the broker's certificate (for localhost and 127.0.0.1). */
    readonly ca: string;
    /** Other SCRAM users (no ACLs until a test creates them), by name: their passwords. */
    readonly users: Readonly<Record<string, string>>;
    readonly logFile: string;
    stop(): Promise<void>;
}

export interface RedisPeer {
    readonly host: string;
    readonly port: number;
    readonly password: string;
    stop(): Promise<void>;
}

/** A work directory for one peer, removed by `stop()`. */
function workDir(name: string): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), `peer-${name}-`));
}

/** Resolves once `child` exits (at once if it has). */
function exited(child: ChildProcess): Promise<void> {
    return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once("exit", () => resolve()));
}

/** Ends `child` gently, then by force after `graceMs`. */
async function end(child: ChildProcess, gentle: () => void, graceMs: number): Promise<void> {
    const done = exited(child);
    gentle();
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    await done;
    clearTimeout(timer);
}

const running = new Set<ChildProcess>();
process.once("exit", () => {
    for (const child of running) child.kill("SIGKILL");
});

/** The tools a peer needs, or an error that says how to install them. */
function requireTools(peer: string, tools: readonly { command: string; install: string }[]): void {
    const missing = tools.filter(({ command }) => spawnSync("/bin/sh", ["-c", `command -v ${command}`]).status !== 0);
    if (missing.length > 0) {
        throw new Error(`${peer} peer: ${missing.map((t) => `'${t.command}' is not on PATH (${t.install})`).join("; ")}`);
    }
}

/** Starts a Kafka broker; `users` get SCRAM credentials (ACLs are the test's business). */
export async function startKafka(options: { users?: readonly string[] } = {}): Promise<KafkaPeer> {
    requireTools("Kafka", [
        { command: "java", install: "Java 17+: apt-get install openjdk-17-jdk-headless" },
        { command: "mvn", install: "Maven: apt-get install maven" },
    ]);
    const dir = workDir("kafka");
    const args = ["--dir", dir, ...(options.users ?? []).flatMap((user) => ["--user", user])];
    const child = spawn(KAFKA_PEER, args, { stdio: ["pipe", "pipe", "pipe"] });
    running.add(child);
    let output = "";
    const ready = await new Promise<Record<string, any>>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`Kafka peer: not ready within ${KAFKA_READY_MS / 1000} s; see ${path.join(dir, "server.log")}`)), KAFKA_READY_MS);
        const onData = (chunk: Buffer) => {
            output += chunk.toString();
            const line = output.split("\n").find((l) => l.startsWith("KAFKA_PEER_READY "));
            if (line) {
                clearTimeout(timer);
                resolve(JSON.parse(line.slice("KAFKA_PEER_READY ".length)));
            }
        };
        child.stdout!.on("data", onData);
        child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
        child.once("exit", (code) => {
            clearTimeout(timer);
            reject(new Error(`Kafka peer exited with ${code} before it was ready:\n${output.slice(-4000)}\n(log: ${path.join(dir, "server.log")})`));
        });
    }).catch(async (error: Error) => {
        await end(child, () => child.kill("SIGKILL"), 1000);
        running.delete(child);
        throw error;
    });
    return {
        bootstrapServers: ready.bootstrapServers,
        securityProtocol: "SASL_SSL",
        saslMechanism: "SCRAM-SHA-512",
        username: ready.username,
        password: ready.password,
        ca: fs.readFileSync(ready.caFile, "utf8"),
        users: ready.users,
        logFile: ready.logFile,
        async stop() {
            // Closing its standard input is the peer's signal for a clean shutdown.
            await end(child, () => child.stdin!.end(), 60_000);
            running.delete(child);
            fs.rmSync(dir, { recursive: true, force: true });
        },
    };
}

/** A free TCP port on loopback (the OS picks it; a race with another process is possible but brief). */
export function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const { port } = server.address() as net.AddressInfo;
            server.close(() => resolve(port));
        });
    });
}

/** A Redis client for tests (connect it, then `close()` it). */
export function redisClient(peer: Pick<RedisPeer, "host" | "port">, password?: string) {
    return createClient({ socket: { host: peer.host, port: peer.port, connectTimeout: 5000, reconnectStrategy: false }, password });
}

/** Resolves when Redis at `port` answers PING with `password`; rejects otherwise. */
async function ping(port: number, password: string): Promise<void> {
    const client = redisClient({ host: "127.0.0.1", port }, password);
    client.on("error", () => undefined);
    try {
        await client.connect();
        await client.ping();
    } finally {
        client.destroy();
    }
}

/**
 * Starts Redis with a password, no persistence, on a free loopback port; or on `port` with
 * `password`, to bring a stopped peer back where its clients expect it.
 */
export async function startRedis(options: { port?: number; password?: string } = {}): Promise<RedisPeer> {
    requireTools("Redis", [{ command: "redis-server", install: "Debian: apt-get install redis-server (.ci/run installs it)" }]);
    const dir = workDir("redis");
    const port = options.port ?? (await freePort());
    const password = options.password ?? randomBytes(18).toString("hex");
    // The password goes in through standard input (a config file read from stdin), not argv.
    const child = spawn("redis-server", ["-"], { cwd: dir, stdio: ["pipe", "pipe", "pipe"] });
    running.add(child);
    child.stdin!.end([`port ${port}`, "bind 127.0.0.1", `requirepass ${password}`, 'save ""', "appendonly no", `dir ${dir}`, "daemonize no", ""].join("\n"));
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + REDIS_READY_MS;
    for (;;) {
        if (child.exitCode !== null) {
            running.delete(child);
            throw new Error(`Redis peer exited with ${child.exitCode} before it was ready:\n${output.slice(-4000)}`);
        }
        if (await ping(port, password).then(() => true, () => false)) break;
        if (Date.now() > deadline) {
            await end(child, () => child.kill("SIGKILL"), 1000);
            running.delete(child);
            throw new Error(`Redis peer: no PONG on 127.0.0.1:${port} within ${REDIS_READY_MS / 1000} s:\n${output.slice(-4000)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return {
        host: "127.0.0.1",
        port,
        password,
        async stop() {
            // SIGTERM: Redis shuts down cleanly (no save configured).
            await end(child, () => child.kill("SIGTERM"), 10_000);
            running.delete(child);
            fs.rmSync(dir, { recursive: true, force: true });
        },
    };
}
