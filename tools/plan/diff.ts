/**
 * `npm run plan:diff -- BEFORE AFTER`: what changed between two offline plans (plan.json files or the
 * directories that hold them): resources added and removed, and for each resource in both, every
 * field (type, parent, dependencies, provider, protect, ignoreChanges) and input path that differs;
 * then the stack outputs and the policy results. Exit 0 when the plans are the same, 1 when not.
 * For refactorings that must not change what is deployed, and for reviewing a change's effect.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** Every JSON path at which two values differ (one path per leaf added, removed or changed). */
export function differences(a: unknown, b: unknown, at = ""): string[] {
    if (a && b && typeof a === "object" && typeof b === "object" && Array.isArray(a) === Array.isArray(b)) {
        const ra = a as Record<string, unknown>;
        const rb = b as Record<string, unknown>;
        const keys = [...new Set([...Object.keys(ra), ...Object.keys(rb)])].sort();
        return keys.flatMap((key) => differences(ra[key], rb[key], at === "" ? key : `${at}.${key}`));
    }
    return JSON.stringify(a) === JSON.stringify(b) ? [] : [at];
}

interface PlannedResource {
    readonly urn: string;
    readonly [field: string]: unknown;
}
interface Plan {
    readonly resources: readonly PlannedResource[];
    readonly outputs?: unknown;
    readonly policy?: { readonly violations?: unknown; readonly exemptions?: unknown } | null;
}

/** The lines that say how `after` differs from `before` (none: the same plan). */
export function planDifferences(before: Plan, after: Plan): string[] {
    const lines: string[] = [];
    const index = (plan: Plan) => new Map(plan.resources.map((r) => [r.urn, r]));
    const [was, now] = [index(before), index(after)];
    for (const urn of was.keys()) if (!now.has(urn)) lines.push(`- ${urn}`);
    for (const urn of now.keys()) if (!was.has(urn)) lines.push(`+ ${urn}`);
    for (const [urn, resource] of was) {
        const other = now.get(urn);
        if (other) {
            for (const p of differences(resource, other)) lines.push(`~ ${urn}: ${p}`);
        }
    }
    for (const p of differences(before.outputs, after.outputs)) lines.push(`~ outputs: ${p || "(all)"}`);
    for (const p of differences(before.policy?.violations, after.policy?.violations)) lines.push(`~ policy violations: ${p || "(all)"}`);
    for (const p of differences(before.policy?.exemptions, after.policy?.exemptions)) lines.push(`~ policy exemptions and skipped checks: ${p || "(all)"}`);
    return lines;
}

function readPlan(where: string): Plan {
    const file = fs.existsSync(where) && fs.statSync(where).isDirectory() ? path.join(where, "plan.json") : where;
    return JSON.parse(fs.readFileSync(file, "utf8")) as Plan;
}

if (require.main === module) {
    const [before, after, ...rest] = process.argv.slice(2);
    if (!before || !after || rest.length > 0) {
        console.error("usage: npm run plan:diff -- BEFORE AFTER   (plan.json files, or the directories npm run plan wrote them to)");
        process.exit(2);
    }
    const lines = planDifferences(readPlan(before), readPlan(after));
    console.log(lines.length === 0 ? "The plans are the same." : `${lines.length} differences:\n${lines.join("\n")}`);
    process.exit(lines.length === 0 ? 0 : 1);
}
