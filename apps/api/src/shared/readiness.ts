/**
 * Readiness: every dependency answers within a timeout. The result is reused for `cacheMs` so
 * probes do not hammer the dependencies; a failed check is logged with the check, the endpoint it
 * tried and the reason, and its recovery is logged once.
 */
import type { Log } from "./log";

/** How long one readiness check may take before it counts as failed. */
export const CHECK_TIMEOUT_MS = 2_000;

export interface Check {
    /** Where the check goes (host:port, broker list), for logs and the response. */
    readonly endpoint: string;
    readonly run: () => Promise<void>;
}

export interface ReadinessResult {
    readonly ready: boolean;
    /** By check name: "ok" or the reason it failed. */
    readonly checks: Readonly<Record<string, string>>;
}

export class Readiness {
    private last: { at: number; result: ReadinessResult } | undefined;
    private readonly failing = new Set<string>();

    constructor(
        private readonly checks: Readonly<Record<string, Check>>,
        private readonly options: { readonly cacheMs: number; readonly timeoutMs: number; readonly log: Log },
    ) {}

    async evaluate(now = Date.now()): Promise<ReadinessResult> {
        if (this.last && now - this.last.at < this.options.cacheMs) {
            return this.last.result;
        }
        const entries = await Promise.all(
            Object.entries(this.checks).map(async ([name, check]) => {
                try {
                    await withTimeout(check.run(), this.options.timeoutMs, `no answer within ${this.options.timeoutMs} ms`);
                    if (this.failing.delete(name)) {
                        this.options.log("info", "readiness check recovered", { check: name, endpoint: check.endpoint });
                    }
                    return [name, "ok"] as const;
                } catch (error) {
                    const reason = (error as Error).message || String(error);
                    this.failing.add(name);
                    this.options.log("warn", "readiness check failed", { check: name, endpoint: check.endpoint, reason });
                    return [name, reason] as const;
                }
            }),
        );
        const checks = Object.fromEntries(entries);
        const result = { ready: Object.values(checks).every((v) => v === "ok"), checks };
        this.last = { at: now, result };
        return result;
    }
}

/** Rejects with `message` when `promise` has not settled within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(message)), ms);
        promise.then(
            (value) => (clearTimeout(timer), resolve(value)),
            (error) => (clearTimeout(timer), reject(error)),
        );
    });
}
