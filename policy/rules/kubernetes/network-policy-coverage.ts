import { at, namespaceOf, ofType, record, stringMap, workloadsOf } from "../../lib/kubernetes";
import { stackRule, show } from "../../lib/rule";

/**
 * Every workload's pods are selected by a NetworkPolicy of their namespace other than a blanket
 * default-deny: its own allow-list of callers and destinations. (The namespaces' default-deny alone
 * would cut the workload off; a workload with no policy of its own has an undeclared dependency.)
 */
export const networkPolicyCoverage = stackRule(
    {
        name: "network-policy-coverage",
        description: "Every workload's pods are selected by a NetworkPolicy of their own (beside the namespace's default-deny).",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Give the workload a NetworkPolicy selecting its pods with its callers and destinations (AppService, Redis and FlinkJob create one).",
    },
    (resources) => {
        const policies = ofType(resources, "kubernetes:networking.k8s.io/v1:NetworkPolicy").map(({ props }) => ({
            namespace: namespaceOf(props),
            selector: stringMap(at(props, ["spec", "podSelector", "matchLabels"])),
            hasExpressions: Array.isArray(record(at(props, ["spec", "podSelector"]))?.matchExpressions),
        }));
        return workloadsOf(resources)
            .filter((w) => !policies.some((p) => p.namespace === w.namespace && !p.hasExpressions && Object.keys(p.selector).length > 0 && Object.entries(p.selector).every(([k, v]) => w.pod.labels[k] === v)))
            .map((w) => ({
                resource: w.resource,
                violation: {
                    field: `${w.pod.path.replace(/\.spec$/, "")}.metadata.labels`,
                    actual: `${show(w.pod.labels)} (no NetworkPolicy in ${w.namespace} selects them)`,
                    expected: "pods selected by a NetworkPolicy that allows the workload's flows",
                    fix: "add a NetworkPolicy whose podSelector matches the workload's pod labels",
                },
            }));
    },
);
