/** The dependency graph of a stack, as stack rules see it. */
import type { PolicyResource } from "@pulumi/policy";

/** Everything `resource` waits for: its dependencies, theirs, and so on (a provider's do not count unless listed). */
export function waitsFor(resource: PolicyResource): PolicyResource[] {
    const seen = new Set<PolicyResource>();
    const pending = [...(resource.dependencies ?? [])];
    while (pending.length > 0) {
        const next = pending.pop()!;
        if (!seen.has(next)) {
            seen.add(next);
            pending.push(...(next.dependencies ?? []));
        }
    }
    return [...seen];
}
