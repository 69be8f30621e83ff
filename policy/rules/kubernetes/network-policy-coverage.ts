import { at, list, matchesLabelSelector, namespaceOf, ofType, record, workloadsOf, type Json } from "../../lib/kubernetes";
import { stackRule, show, type Violation } from "../../lib/rule";

const DIRECTIONS = ["Ingress", "Egress"] as const;

/** The directions a NetworkPolicy governs: its policyTypes, or (unset) Ingress plus Egress when it has egress rules, as the API defaults them. */
export function policyTypesOf(props: Json): string[] {
    const declared = at(props, ["spec", "policyTypes"]);
    if (Array.isArray(declared)) {
        return declared.filter((t): t is string => typeof t === "string");
    }
    return ["Ingress", ...(at(props, ["spec", "egress"]) !== undefined ? ["Egress"] : [])];
}

/**
 * Every workload's pods are selected by a NetworkPolicy of their own (not only the namespace's
 * blanket default-deny: its allow-list of callers and destinations), and are isolated in both
 * directions: for Ingress and for Egress, some policy selecting them (their own, or a namespace-wide
 * default-deny) lists that type. A policy that covers only ingress leaves egress wide open unless
 * the namespace denies it by default.
 */
export const networkPolicyCoverage = stackRule(
    {
        name: "network-policy-coverage",
        description: "Every workload's pods are selected by a NetworkPolicy of their own and isolated for both Ingress and Egress (by it or the namespace's default-deny).",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Give the workload a NetworkPolicy selecting its pods with its callers and destinations (AppService, Redis and FlinkJob create one), with policyTypes [Ingress, Egress], or keep the namespace's default-deny for both.",
    },
    (resources) => {
        const policies = ofType(resources, "kubernetes:networking.k8s.io/v1:NetworkPolicy").map(({ resource, props }) => {
            const selector = record(at(props, ["spec", "podSelector"])) ?? {};
            return {
                name: resource.name,
                namespace: namespaceOf(props),
                selector,
                namespaceWide: Object.keys(record(selector.matchLabels) ?? {}).length === 0 && list(selector.matchExpressions).length === 0,
                types: policyTypesOf(props),
            };
        });
        return workloadsOf(resources).flatMap((w) => {
            const labelsField = `${w.pod.path.replace(/\.spec$/, "")}.metadata.labels`;
            const selecting = policies.filter((p) => p.namespace === w.namespace && matchesLabelSelector(p.selector, w.pod.labels));
            const found: Violation[] = [];
            if (!selecting.some((p) => !p.namespaceWide)) {
                found.push({
                    field: labelsField,
                    actual: `${show(w.pod.labels)} (no NetworkPolicy in ${w.namespace} selects them)`,
                    expected: "pods selected by a NetworkPolicy that allows the workload's flows",
                    fix: "add a NetworkPolicy whose podSelector matches the workload's pod labels",
                });
            }
            for (const direction of DIRECTIONS) {
                if (!selecting.some((p) => p.types.includes(direction))) {
                    const names = selecting.map((p) => `${p.name} ${show(p.types)}`).join(", ");
                    found.push({
                        field: labelsField,
                        actual: `${show(w.pod.labels)}, open for ${direction} (policies selecting them: ${names || "none"})`,
                        expected: `a policy selecting the pods with policyTypes including ${direction}, or a default-deny for ${direction} in ${w.namespace}`,
                        fix: `add ${direction} to the workload's NetworkPolicy policyTypes (with its allowed ${direction === "Ingress" ? "callers" : "destinations"}) or a namespace default-deny`,
                    });
                }
            }
            return found.map((violation) => ({ resource: w.resource, violation }));
        });
    },
);
