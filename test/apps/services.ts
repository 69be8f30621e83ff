/**
 * The api and the worker as real processes for integration tests: their compiled code (each built
 * by its own `npm run build`, as in its image) on the Node.js version of their image (the base of
 * apps/node-service.Dockerfile, installed from the npm registry like `npm run test:node-versions`).
 * Each process's log lines (JSON) are kept, so a test can wait for a line and read its fields.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { nodeBinary } from "../../tools/test/node-versions";
import { REPO_ROOT } from "../support/harness";

export const SERVICES = {
    api: { entry: "apps/api/dist/server.js" },
    worker: { entry: "apps/worker/dist/worker.js" },
    smoke: { entry: "apps/smoke/dist/smoke.js" },
} as const;
export type ServiceName = keyof typeof SERVICES;

/** The Node.js version the services' image runs: its `FROM node:<version>-...` line. */
export function imageNodeVersion(dockerfile = path.join(REPO_ROOT, "apps", "node-service.Dockerfile")): string {
    const match = /^FROM node:(\d+\.\d+\.\d+)-\S+ AS base$/m.exec(fs.readFileSync(dockerfile, "utf8"));
    if (!match) {
        throw new Error(`${dockerfile}: no "FROM node:<x.y.z>-<variant> AS base" line to take the services' Node.js version from`);
    }
    return match[1];
}

export interface ServiceProcess {
    readonly name: ServiceName;
    /** Every JSON log line so far. */
    readonly logs: Record<string, unknown>[];
    /** Resolves with the first log line (past or future) that `match` accepts. */
    waitForLog(match: (line: Record<string, unknown>) => boolean, timeoutMs?: number, what?: string): Promise<Record<string, unknown>>;
    /** Sends `signal` and resolves with the exit code (null when killed by a signal). */
    kill(signal: NodeJS.Signals): Promise<number | null>;
    /** Resolves with the exit code when the process ends by itself (null when killed by a signal). */
    readonly exit: Promise<number | null>;
    readonly child: ChildProcess;
}

const running = new Set<ChildProcess>();
process.once("exit", () => {
    for (const child of running) child.kill("SIGKILL");
});

/** Starts `name` with `env` (and nothing else from this process's environment but PATH). */
export function startService(name: ServiceName, env: Record<string, string>): ServiceProcess {
    const entry = path.join(REPO_ROOT, SERVICES[name].entry);
    if (!fs.existsSync(entry)) {
        throw new Error(`${entry} does not exist: build the services first (npm run apps:build)`);
    }
    const child = spawn(nodeBinary(imageNodeVersion()), [entry], { env: { PATH: process.env.PATH, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    running.add(child);
    const logs: Record<string, unknown>[] = [];
    const waiters = new Set<() => void>();
    let buffered = "";
    let stderr = "";
    child.stdout!.on("data", (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split("\n");
        buffered = lines.pop() ?? "";
        for (const line of lines.filter((l) => l.trim() !== "")) {
            try {
                logs.push(JSON.parse(line));
            } catch {
                logs.push({ message: line, unparsed: true });
            }
        }
        for (const wake of waiters) wake();
    });
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => (running.delete(child), resolve(code))));
    return {
        name,
        logs,
        child,
        exit,
        waitForLog(match, timeoutMs = 60_000, what = "a matching log line") {
            return new Promise((resolve, reject) => {
                const check = () => {
                    const found = logs.find(match);
                    if (found) {
                        done();
                        resolve(found);
                    }
                };
                const timer = setTimeout(() => {
                    done();
                    reject(new Error(`${name}: no ${what} within ${timeoutMs} ms; last lines:\n${logs.slice(-15).map((l) => JSON.stringify(l)).join("\n")}\n${stderr.slice(-2000)}`));
                }, timeoutMs);
                const done = () => (clearTimeout(timer), waiters.delete(check));
                waiters.add(check);
                check();
            });
        },
        async kill(signal) {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            return exit;
        },
    };
}
