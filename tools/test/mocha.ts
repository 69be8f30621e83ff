/**
 * Runs the compiled test suite (mocha, as `npm test` configures it in .mocharc.json) in a child
 * process: with another Node binary, other fast-check settings, or a --grep. Shared by
 * `npm run test:stress` and `npm run test:node-versions`.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { REPO_ROOT } from "../repo-root";

const MOCHA = path.join(REPO_ROOT, "node_modules", "mocha", "bin", "mocha.js");

export interface SuiteRun {
    /** The node binary to run mocha with (default: this one). */
    readonly node?: string;
    /** Extra environment (FC_SEED, FC_NUM_RUNS, ...), over this process's. */
    readonly env?: Readonly<Record<string, string>>;
    readonly mochaArgs?: readonly string[];
    /** Print the suite's output as it runs (else it is collected and returned). */
    readonly inherit?: boolean;
}

export interface SuiteResult {
    readonly code: number;
    readonly seconds: number;
    /** stdout and stderr, interleaved (empty with `inherit`). */
    readonly output: string;
}

export function runSuite(run: SuiteRun): Promise<SuiteResult> {
    const node = run.node ?? process.execPath;
    const started = process.hrtime.bigint();
    // Child processes of the suite (the plan CLI, the policy analyzer) run with process.execPath,
    // so they use the same binary; PATH leads with it too for anything that asks for `node`.
    const env = { ...process.env, ...run.env, PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH ?? ""}` };
    const child = spawn(node, [MOCHA, ...(run.mochaArgs ?? [])], { cwd: REPO_ROOT, env, stdio: run.inherit ? "inherit" : ["ignore", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    child.stdout?.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.stderr?.on("data", (chunk: Buffer) => chunks.push(chunk));
    return new Promise((resolve, reject) => {
        child.on("error", reject);
        child.on("close", (code, signal) =>
            resolve({ code: code ?? (signal ? 128 : 1), seconds: Number(process.hrtime.bigint() - started) / 1e9, output: Buffer.concat(chunks).toString("utf8") }),
        );
    });
}
