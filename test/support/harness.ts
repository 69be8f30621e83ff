/**
 * The test harness: runs Pulumi code under the SDK's mock runtime and returns what it registered
 * (the same recorder the offline plan uses), or runs the whole program through the plan CLI in a
 * fresh process and returns its exit code, output and plan.json.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { startRecording, type RecordedResource, type Recorder } from "../../tools/plan/recorder";

export { REPO_ROOT } from "../../tools/repo-root";
import { REPO_ROOT } from "../../tools/repo-root";
export const PROJECT = "streaming-platform";
export const TEST_STACK = "unit";

let recorder: Recorder | undefined;

/** The one mock runtime of this test process (Pulumi's runtime state is per process). */
function sharedRecorder(): Recorder {
    recorder ??= startRecording({ project: PROJECT, stack: TEST_STACK });
    return recorder;
}

/** What `capture` returns: the value built and the resources it registered, with lookups. */
export class Captured<T> {
    constructor(
        readonly value: T,
        readonly resources: RecordedResource[],
        /** Provider functions (invokes) called while building, by token. */
        readonly invokes: string[] = [],
    ) {}

    /** Every registered resource of `type`. */
    ofType(type: string): RecordedResource[] {
        return this.resources.filter((r) => r.type === type);
    }

    /** The single resource of `type`; fails the test when there is not exactly one. */
    one(type: string): RecordedResource {
        const found = this.ofType(type);
        if (found.length !== 1) {
            throw new Error(`expected one ${type}, found ${found.length}: ${this.resources.map((r) => r.type).join(", ")}`);
        }
        return found[0];
    }
}

/**
 * Runs `build` (which creates resources) under mocks and returns what it registered. Throws what
 * `build` throws; resources registered before a throw are in `capturedSoFar()`.
 */
export async function capture<T>(build: () => T): Promise<Captured<T>> {
    const rec = sharedRecorder();
    const start = rec.resources.length;
    const invokesStart = rec.invokes.length;
    const value = build();
    await rec.settle();
    return new Captured(value, rec.resources.slice(start), rec.invokes.slice(invokesStart));
}

/** How many resources the shared mock runtime has recorded so far (to prove a failure created none). */
export function recordedCount(): number {
    return sharedRecorder().resources.length;
}

export interface PlanRun {
    readonly code: number | null;
    readonly stdout: string;
    readonly stderr: string;
    readonly outDir: string;
    /** plan.json, when the run wrote one. */
    readonly plan: any | undefined;
}

/** Runs `npm run plan`'s CLI (compiled) in a fresh process, with a temporary output directory. */
export function runPlanCli(args: string[]): PlanRun {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));
    const result = spawnSync(process.execPath, [path.join(REPO_ROOT, "dist", "tools", "plan", "cli.js"), "--out", outDir, ...args], {
        cwd: REPO_ROOT,
        encoding: "utf8",
        timeout: 120_000,
    });
    const planFile = path.join(outDir, "plan.json");
    return {
        code: result.status,
        stdout: result.stdout,
        stderr: result.stderr,
        outDir,
        plan: fs.existsSync(planFile) ? JSON.parse(fs.readFileSync(planFile, "utf8")) : undefined,
    };
}

/**
 * The Kafka settings every test stack needs (keys without the project prefix): the dev stack file's
 * topic catalog, which grants what the platform's services use, and the ranges the dev profile's
 * public Kafka admin listener admits.
 */
export const KAFKA_SETTINGS: Readonly<Record<string, unknown>> = {
    kafkaTopics: (parse(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.dev.yaml"), "utf8")).config as Record<string, unknown>)[`${PROJECT}:kafkaTopics`],
    kafkaAdminSourceRanges: ["203.0.113.0/24"],
};

/** Writes a temporary stack file with the given config (keys without the project prefix) over KAFKA_SETTINGS. */
export function writeStackFile(config: Record<string, unknown>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stack-"));
    const file = path.join(dir, "Pulumi.test.yaml");
    const entries = Object.entries({ ...KAFKA_SETTINGS, ...config }).map(([k, v]) => [`${PROJECT}:${k}`, v]);
    fs.writeFileSync(file, JSON.stringify({ config: Object.fromEntries(entries) }, null, 2));
    return file;
}

/** The value of a Pulumi output under mocks (where every output is known). */
export function valueOf<T>(output: { apply<U>(f: (t: T) => U): unknown }): Promise<T> {
    return new Promise((resolve) => output.apply((v) => resolve(v)));
}

const planned = new Map<string, PlanRun>();

/**
 * The plan of a checked-in stack (`npm run plan -- --stack <stack>`), run once per test process and
 * shared by every spec that reads it: whole-program runs are the slow ones.
 */
export function plannedStack(stack: "local" | "dev" | "prod"): PlanRun {
    let run = planned.get(stack);
    if (!run) {
        run = runPlanCli(["--stack", stack]);
        planned.set(stack, run);
    }
    return run;
}
