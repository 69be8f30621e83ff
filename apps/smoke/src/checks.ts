/**
 * What the smoke test checks, as data (the CHECKS environment variable, JSON), and how it judges
 * each answer. Pure, so it is easy to test.
 */

/** A service answers its health endpoint (200) through its Service. */
export interface HttpCheck {
    readonly name: string;
    readonly kind: "http";
    readonly url: string;
}

/** A custom resource reports a state: a status field equal to a value, or a condition True. */
export interface ResourceCheck {
    readonly name: string;
    readonly kind: "resource";
    /** API path, e.g. /apis/flink.apache.org/v1beta1/namespaces/flink/flinkdeployments/event-count */
    readonly path: string;
    readonly expect: { readonly field: string; readonly equals: string } | { readonly condition: string };
}

export type Check = HttpCheck | ResourceCheck;

/** Reads CHECKS, every problem at once. */
export function parseChecks(text: string | undefined): Check[] {
    if (!text) throw new Error("CHECKS is not set: expected a JSON list of checks");
    let raw: unknown;
    try {
        raw = JSON.parse(text);
    } catch (error) {
        throw new Error(`CHECKS is not JSON: ${(error as Error).message}`);
    }
    if (!Array.isArray(raw) || raw.length === 0) throw new Error("CHECKS: expected a non-empty JSON list of checks");
    const problems: string[] = [];
    raw.forEach((check: any, i) => {
        const where = `CHECKS[${i}]`;
        if (typeof check?.name !== "string" || check.name === "") problems.push(`${where}.name: expected a non-empty string`);
        if (check?.kind === "http") {
            if (typeof check.url !== "string" || !/^https?:\/\//.test(check.url)) problems.push(`${where}.url: expected an http(s) URL, got ${JSON.stringify(check.url)}`);
        } else if (check?.kind === "resource") {
            if (typeof check.path !== "string" || !check.path.startsWith("/apis/")) problems.push(`${where}.path: expected an API path under /apis/, got ${JSON.stringify(check.path)}`);
            const expect = check.expect;
            const valid = expect && ((typeof expect.field === "string" && typeof expect.equals === "string") || typeof expect.condition === "string");
            if (!valid) problems.push(`${where}.expect: expected {"field": "...", "equals": "..."} or {"condition": "..."}`);
        } else {
            problems.push(`${where}.kind: expected "http" or "resource", got ${JSON.stringify(check?.kind)}`);
        }
    });
    if (problems.length > 0) throw new Error(`invalid CHECKS (${problems.length}): ${problems.join("; ")}`);
    return raw as Check[];
}

/** Why a resource does not pass (undefined: it does). `field` is a dotted path into the object. */
export function judgeResource(check: ResourceCheck, body: unknown): string | undefined {
    const object = body as Record<string, any> | null;
    if ("field" in check.expect) {
        const value = check.expect.field.split(".").reduce<any>((v, step) => (v === null || typeof v !== "object" ? undefined : v[step]), object);
        return value === check.expect.equals ? undefined : `${check.expect.field} is ${JSON.stringify(value)}, expected ${JSON.stringify(check.expect.equals)}`;
    }
    const conditions: any[] = Array.isArray(object?.status?.conditions) ? object!.status.conditions : [];
    const condition = conditions.find((c) => c?.type === (check.expect as { condition: string }).condition);
    if (condition?.status === "True") return undefined;
    const name = (check.expect as { condition: string }).condition;
    return condition ? `condition ${name} is ${condition.status}${condition.message ? `: ${condition.message}` : ""}` : `no condition ${name} in status`;
}

/** Why an HTTP answer does not pass (undefined: 200). */
export function judgeHttp(status: number): string | undefined {
    return status === 200 ? undefined : `answered ${status}, expected 200`;
}

export interface Probes {
    /** The HTTP status of GET `url`; rejects when there is no answer. */
    readonly httpStatus: (url: string) => Promise<number>;
    /** The object at the Kubernetes API `path`. */
    readonly getResource: (path: string) => Promise<unknown>;
    readonly sleep: (ms: number) => Promise<void>;
    readonly now: () => number;
    readonly log: (message: string, fields: Record<string, unknown>) => void;
}

/**
 * Runs every check until it passes or the deadline passes (a rollout may still be settling):
 * resolves with each check's last reason (undefined: passed).
 */
export async function runChecks(checks: readonly Check[], probes: Probes, deadlineMs: number, intervalMs: number): Promise<Record<string, string | undefined>> {
    const end = probes.now() + deadlineMs;
    const results: Record<string, string | undefined> = {};
    await Promise.all(
        checks.map(async (check) => {
            for (let attempt = 1; ; attempt++) {
                let reason: string | undefined;
                try {
                    reason = check.kind === "http" ? judgeHttp(await probes.httpStatus(check.url)) : judgeResource(check, await probes.getResource(check.path));
                } catch (error) {
                    reason = (error as Error).message || String(error);
                }
                results[check.name] = reason;
                if (reason === undefined) {
                    probes.log("passed", { check: check.name, attempt });
                    return;
                }
                if (probes.now() + intervalMs > end) {
                    probes.log("failed", { check: check.name, attempt, reason, target: check.kind === "http" ? check.url : check.path });
                    return;
                }
                await probes.sleep(intervalMs);
            }
        }),
    );
    return results;
}
