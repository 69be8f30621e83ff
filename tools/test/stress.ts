/**
 * `npm run test:stress`: every property test (title "property: ...") under several different seeds,
 * with more runs each, so an arbitrary that is wrong or a property that holds only by luck fails
 * here before it fails CI. Prints one line per seed; on a failure, the suite's output with the
 * command that replays it. Exit 1 when any seed fails.
 *
 * Options: --seeds 1,2,3 (default: 10 fresh seeds), --num-runs N (FC_NUM_RUNS, default 500).
 */
import { randomInt } from "node:crypto";
import { runSuite } from "./mocha";

const DEFAULT_SEEDS = 10;
/** Five times fast-check's standard 100 runs per property; properties tuned to other counts scale alike. */
const DEFAULT_NUM_RUNS = 500;
/** Two suites at once: one per core of the project's machines. */
const PARALLEL = 2;

function usage(problem: string): never {
    console.error(`${problem}\nusage: npm run test:stress [-- --seeds 1,2,3] [--num-runs 500]`);
    process.exit(2);
}

function parseArgs(argv: readonly string[]): { seeds: number[]; numRuns: number } {
    let seeds: number[] = Array.from({ length: DEFAULT_SEEDS }, () => randomInt(-(2 ** 31), 2 ** 31 - 1));
    let numRuns = DEFAULT_NUM_RUNS;
    for (let i = 0; i < argv.length; i += 2) {
        const [flag, value] = [argv[i], argv[i + 1]];
        if (flag === "--seeds" && value) {
            seeds = value.split(",").map(Number);
            if (seeds.some((s) => !Number.isSafeInteger(s))) usage(`--seeds ${value}: expected whole numbers separated by commas`);
        } else if (flag === "--num-runs" && value) {
            numRuns = Number(value);
            if (!Number.isSafeInteger(numRuns) || numRuns < 1) usage(`--num-runs ${value}: expected a whole number of at least 1`);
        } else {
            usage(`unknown option ${flag}`);
        }
    }
    return { seeds, numRuns };
}

async function main(): Promise<void> {
    const { seeds, numRuns } = parseArgs(process.argv.slice(2));
    console.log(`Property tests under ${seeds.length} seeds, FC_NUM_RUNS=${numRuns}, ${PARALLEL} at a time.`);
    const started = Date.now();
    const queue = [...seeds];
    const failed: number[] = [];
    const worker = async () => {
        for (let seed = queue.shift(); seed !== undefined; seed = queue.shift()) {
            const result = await runSuite({ env: { FC_SEED: String(seed), FC_NUM_RUNS: String(numRuns) }, mochaArgs: ["--grep", "property: ", "--reporter", "dot"] });
            const summary = /(\d+) passing[^\n]*(?:\n\s*(\d+) failing)?/.exec(result.output);
            const counts = summary ? `${summary[1]} passing, ${summary[2] ?? 0} failing` : "no summary";
            console.log(`  seed ${String(seed).padStart(11)}: ${result.code === 0 ? "ok    " : "FAILED"} ${counts} (${result.seconds.toFixed(1)} s)`);
            if (result.code !== 0) {
                failed.push(seed);
                console.log(result.output);
            }
        }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    if (failed.length > 0) {
        console.log(`\n${failed.length} of ${seeds.length} seeds failed (${failed.join(", ")}) in ${seconds} s; each failure above names the command that replays it.`);
        process.exit(1);
    }
    console.log(`\nAll ${seeds.length} seeds passed in ${seconds} s.`);
}

main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
});
