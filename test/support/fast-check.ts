/**
 * One fast-check configuration for the whole suite, loaded by mocha before any spec (a root hook
 * plugin, see .mocharc.json):
 * - the seed is `FC_SEED` when set, else a fresh one per `npm test`, printed at the start; every
 *   property of the run starts from it, so a single property replays alone with the same seed;
 * - `FC_NUM_RUNS` sets how many runs a standard property makes (fast-check's 100); a property tuned
 *   to another count (cheap ones more, whole-program ones fewer) scales with it through `runs()`;
 * - a failing property prints the exact command that replays it.
 */
import fc from "fast-check";

/** fast-check's own default number of runs: what `FC_NUM_RUNS` replaces. */
const STANDARD_RUNS = 100;

/** A whole number from the environment, or a clear error naming the variable. */
function intFromEnv(name: string, min: number): number | undefined {
    const text = process.env[name];
    if (text === undefined || text === "") {
        return undefined;
    }
    const value = Number(text);
    if (!Number.isSafeInteger(value) || value < min) {
        throw new Error(`${name}=${JSON.stringify(text)}: expected a whole number of at least ${min}; unset it or set e.g. ${name}=${min === 1 ? 500 : 42}`);
    }
    return value;
}

const fixedSeed = intFromEnv("FC_SEED", -(2 ** 31));
const numRuns = intFromEnv("FC_NUM_RUNS", 1);

/** The seed of this run: FC_SEED, or a fresh 32-bit one. */
export const SEED: number = fixedSeed ?? (Date.now() ^ Math.floor(Math.random() * 2 ** 32)) | 0;


/**
 * The parameters of a property whose own count is `defaultRuns`: that count, or with `FC_NUM_RUNS`
 * set, the count scaled so that a standard property makes exactly `FC_NUM_RUNS` runs.
 */
export function runs(defaultRuns: number): { numRuns: number } {
    return { numRuns: numRuns === undefined ? defaultRuns : Math.max(1, Math.round((defaultRuns * numRuns) / STANDARD_RUNS)) };
}

// Properties that name no count make the standard number of runs (FC_NUM_RUNS when set).
fc.configureGlobal({ seed: SEED, ...runs(STANDARD_RUNS) });

/** A mocha --grep pattern that matches `title` literally, quoted for a POSIX shell. */
export function grepArgument(title: string): string {
    const pattern = title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return `'${pattern.replace(/'/g, `'\\''`)}'`;
}

/** The command that replays a failing property test alone, with this run's seed and count. */
export function replayCommand(fullTitle: string): string {
    const env = [`FC_SEED=${SEED}`, ...(numRuns === undefined ? [] : [`FC_NUM_RUNS=${numRuns}`])].join(" ");
    return `${env} npm test -- --grep ${grepArgument(fullTitle)}`;
}

/** fast-check's error for a failed property (its message names the seed and the counterexample's path). */
function isPropertyFailure(error: unknown): error is Error {
    return error instanceof Error && /^Property failed after \d+ tests?/.test(error.message);
}

/** Mocha's root hooks (a root hook plugin: mocha loads this module with --require). */
export const mochaHooks = {
    beforeAll(): void {
        const count = numRuns === undefined ? "each property's own count of runs" : `FC_NUM_RUNS=${numRuns}`;
        console.log(`fast-check: seed ${SEED}${fixedSeed === undefined ? " (fresh; set FC_SEED to replay)" : " (FC_SEED)"}, ${count}`);
    },
    afterEach(this: Mocha.Context): void {
        const test = this.currentTest;
        if (test?.state === "failed" && isPropertyFailure(test.err)) {
            const replay = `Replay this property alone: ${replayCommand(test.fullTitle())}`;
            test.err.message = `${test.err.message}\n${replay}`;
            console.log(`    ${replay}`);
        }
    },
};
