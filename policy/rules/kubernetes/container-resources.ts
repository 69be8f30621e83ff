import { show } from "../../lib/rule";
import { where, workloadRule } from "../../lib/kubernetes";

/** Requests let the scheduler place pods honestly; a memory limit keeps one leak from starving the node. */
export const containerResources = workloadRule(
    {
        name: "container-resources",
        description: "Every container requests CPU and memory and sets a memory limit.",
        severity: "medium",
        enforcementLevel: "mandatory",
        remediationSteps: "Set resources.requests.cpu, resources.requests.memory and resources.limits.memory (AppWorkload.resources in infra/workloads.ts). A CPU limit is optional: it throttles.",
    },
    (pod) =>
        pod.containers.flatMap((c) =>
            (
                [
                    ["requests", "cpu"],
                    ["requests", "memory"],
                    ["limits", "memory"],
                ] as const
            )
                .filter(([kind, resource]) => c.spec.resources?.[kind]?.[resource] === undefined || c.spec.resources?.[kind]?.[resource] === "")
                .map(([kind, resource]) => ({ field: where(c, `resources.${kind}.${resource}`), actual: show(c.spec.resources?.[kind]?.[resource]), expected: "a quantity", fix: `set resources.${kind}.${resource}` })),
        ),
);
