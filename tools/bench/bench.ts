/**
 * `npm run bench`: whole-process wall time and peak memory of the offline plan (dev, prod, and a
 * synthetic stack of 50 and 200 generated application services), each next to its floor: the same
 * resources (types, names, parents, providers, inputs) registered with the SDKs' own classes by the
 * floor program (tools/bench/floor) under the same runner, and nothing else. Also the time of
 * `node -e "require('@pulumi/pulumi')"`. A plan's runs alternate with its floor's. Prints the ratios, how long each plan
 * waited for the policy analysis once its manifests were written (`--timings`), the cost per resource and peak memory.
 * Also times the content hash of a 10,000-file build context (plus an ignored node_modules of the same size, which
 * must cost nothing).
 * Targets are checked here, never in tests.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { contextHash } from "../../components/build/context-hash";
import { REPO_ROOT } from "../repo-root";

const CLI = path.join(REPO_ROOT, "dist", "tools", "plan", "cli.js");
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** Plan time over its floor: the stacks' plans (program and policy analysis) and the 200-service stack's. */
const FLOOR_TARGETS = { stack: 1.15, large: 1.25 } as const;
const GNU_TIME = "/usr/bin/time";

interface Sample {
    seconds: number;
    /** Peak resident memory of the largest process in the tree, MiB (GNU time), if measurable. */
    peakMiB: number | undefined;
    /** Seconds the plan waited for the policy analysis after writing the manifests (`--timings`). */
    analysisWait: number | undefined;
}

function measure(args: string[]): Sample {
    const useTime = fs.existsSync(GNU_TIME);
    const started = process.hrtime.bigint();
    const result = useTime
        ? spawnSync(GNU_TIME, ["-f", "BENCH_MAXRSS_KB=%M", process.execPath, ...args], { cwd: REPO_ROOT, encoding: "utf8" })
        : spawnSync(process.execPath, args, { cwd: REPO_ROOT, encoding: "utf8" });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.status !== 0) {
        throw new Error(`node ${args.join(" ")} exited ${result.status}:\n${result.stderr}`);
    }
    const kb = /BENCH_MAXRSS_KB=(\d+)/.exec(result.stderr ?? "")?.[1];
    const wait = /^timings: .*\banalysis=(\d+\.\d+)/m.exec(result.stderr ?? "")?.[1];
    return { seconds, peakMiB: kb ? Number(kb) / 1024 : undefined, analysisWait: wait === undefined ? undefined : Number(wait) };
}

function median(samples: Sample[]): Sample {
    const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const known = (xs: (number | undefined)[]) => xs.filter((x): x is number => x !== undefined);
    const peaks = known(samples.map((s) => s.peakMiB));
    const waits = known(samples.map((s) => s.analysisWait));
    return { seconds: mid(samples.map((s) => s.seconds)), peakMiB: peaks.length ? mid(peaks) : undefined, analysisWait: waits.length ? mid(waits) : undefined };
}

function repeat(args: string[]): Sample {
    return median(Array.from({ length: RUNS }, () => measure(args)));
}

/**
 * A plan and its floor, their runs alternating (this machine's speed drifts over a minute; each
 * pair sees the same): one run of the plan first writes the plan.json the floor reads.
 */
function repeatWithFloor(args: string[]): { plan: Sample; floor: Sample } {
    measure(args);
    const floorRun = floorArgs(path.join(outDirOf(args), "plan.json"));
    const plans: Sample[] = [];
    const floors: Sample[] = [];
    for (let run = 0; run < RUNS; run++) {
        plans.push(measure(args));
        floors.push(measure(floorRun));
    }
    return { plan: median(plans), floor: median(floors) };
}

function planArgs(stack: string, extra: string[] = []): string[] {
    return [CLI, "--stack", stack, "--out", fs.mkdtempSync(path.join(os.tmpdir(), "bench-")), "--quiet", "--timings", ...extra];
}

/** The output directory a plan's arguments name. */
function outDirOf(args: string[]): string {
    return args[args.indexOf("--out") + 1];
}

function resourceCount(args: string[]): number {
    const out = outDirOf(args);
    return JSON.parse(fs.readFileSync(path.join(out, "plan.json"), "utf8")).resources.length;
}

/**
 * The floor of a plan: the floor program (tools/bench/floor) registering the plan's resources with
 * the SDKs' own classes under the same runner, nothing else.
 */
function floorArgs(planJson: string): string[] {
    const stackFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bench-floor-")), "Pulumi.floor.yaml");
    fs.writeFileSync(stackFile, `config:\n  floor-bench:plan: ${JSON.stringify(planJson)}\n`);
    return planArgs("floor", ["--project-dir", path.join(REPO_ROOT, "tools", "bench", "floor"), "--stack-file", stackFile]);
}

function main(): void {
    const baseline = repeat(["-e", "require('@pulumi/pulumi')"]);
    const synthetic = path.join(REPO_ROOT, "tools", "bench", "synthetic");
    const cases: { label: string; args: string[]; target?: number }[] = [
        { label: "plan dev", args: planArgs("dev"), target: FLOOR_TARGETS.stack },
        { label: "plan prod", args: planArgs("prod"), target: FLOOR_TARGETS.stack },
    ];
    for (const count of [50, 200]) {
        const stackFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bench-stack-")), "Pulumi.bench.yaml");
        fs.writeFileSync(stackFile, `config:\n  synthetic-bench:count: ${count}\n`);
        cases.push({
            label: `plan ${count} app services`,
            args: planArgs("bench", ["--project-dir", synthetic, "--stack-file", stackFile, "--policy-pack", path.join(REPO_ROOT, "policy"), "--policy-config", path.join(REPO_ROOT, "policy", "config.dev.json")]),
            target: count === 200 ? FLOOR_TARGETS.large : undefined,
        });
    }

    const mib = (s: Sample) => (s.peakMiB === undefined ? "n/a" : `${s.peakMiB.toFixed(0)} MiB`);
    const rows = [["case", "resources", "plan (median)", "floor (median)", "plan / floor", "analysis wait", "x SDK load", "ms / resource over SDK", "peak RSS (plan, floor)"]];
    rows.push(["require('@pulumi/pulumi')", "-", `${baseline.seconds.toFixed(2)} s`, "-", "-", "-", "1.00", "-", mib(baseline)]);
    const verdicts: string[] = [];
    for (const c of cases) {
        const { plan: sample, floor } = repeatWithFloor(c.args);
        const resources = resourceCount(c.args);
        const ratio = sample.seconds / floor.seconds;
        const perResource = ((sample.seconds - baseline.seconds) * 1000) / resources;
        rows.push([
            c.label,
            String(resources),
            `${sample.seconds.toFixed(2)} s`,
            `${floor.seconds.toFixed(2)} s`,
            ratio.toFixed(2),
            sample.analysisWait === undefined ? "n/a" : `${sample.analysisWait.toFixed(2)} s`,
            (sample.seconds / baseline.seconds).toFixed(2),
            perResource.toFixed(1),
            `${mib(sample)}, ${mib(floor)}`,
        ]);
        if (c.target !== undefined) {
            verdicts.push(`${c.label}: ${ratio.toFixed(2)}x its floor (target ${c.target}x), ${ratio <= c.target ? "met" : "MISSED"}`);
        }
    }
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    console.log(`Offline plan benchmark (${RUNS} runs each, median; node ${process.version}, ${os.cpus().length} cores)`);
    for (const r of rows) {
        console.log(r.map((cell, i) => cell.padEnd(widths[i])).join("  "));
    }
    console.log(`\nTargets (plan time over the floor: the same resources registered with the SDKs' own classes, nothing else):\n  ${verdicts.join("\n  ")}`);
    console.log("The app-service stacks are generated AppService components (9 resources each: the component, 7 Kubernetes objects and its checksum key) under the real plan runner and policy pack.");
}

/** Files in the benchmark's build context (the size), and in its ignored node_modules. */
const CONTEXT_FILES = 10_000;

function benchContextHash(): void {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-context-"));
    try {
        fs.writeFileSync(path.join(dir, "Dockerfile"), "FROM busybox:1.37.0 AS runtime\n");
        fs.writeFileSync(path.join(dir, ".dockerignore"), "node_modules\n*.log\n");
        for (const root of ["src", "node_modules"]) {
            for (let i = 0; i < CONTEXT_FILES; i++) {
                const sub = path.join(dir, root, `d${Math.floor(i / 100)}`);
                if (i % 100 === 0) {
                    fs.mkdirSync(sub, { recursive: true });
                }
                // About 1 KiB each, all different.
                fs.writeFileSync(path.join(sub, `f${i}.ts`), `export const value${i} = "${"x".repeat(1000)}${i}";\n`);
            }
        }
        const recipe = { context: dir, dockerfile: path.join(dir, "Dockerfile"), target: "runtime", platform: "linux/amd64" };
        const times: number[] = [];
        let files = 0;
        for (let run = 0; run < RUNS; run++) {
            const started = process.hrtime.bigint();
            files = contextHash(recipe).fileCount;
            times.push(Number(process.hrtime.bigint() - started) / 1e6);
        }
        const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
        console.log(
            `\nContent hash of a ${CONTEXT_FILES.toLocaleString("en")}-file context (+ an ignored node_modules of ${CONTEXT_FILES.toLocaleString("en")} files): ` +
                `${files} files hashed, median ${median.toFixed(0)} ms (${RUNS} runs: ${times.map((t) => t.toFixed(0)).join(", ")} ms).`,
        );
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

main();
benchContextHash();
