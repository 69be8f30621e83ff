import { at } from "../../lib/kubernetes";
import { resourceRule, show } from "../../lib/rule";

/**
 * A PodDisruptionBudget that allows no voluntary disruption at all (maxUnavailable 0 or 0%,
 * minAvailable 100%) blocks every node drain, so cluster upgrades and scale-downs hang on it,
 * whatever it selects. Judged on its own; minimums against a workload's replica count are
 * pdb-for-replicated-workloads' job.
 */
export const pdbAllowsDisruption = resourceRule(
    {
        name: "pdb-allows-disruption",
        description: "No PodDisruptionBudget forbids every voluntary disruption (maxUnavailable 0 or 0%, minAvailable 100%).",
        severity: "medium",
        enforcementLevel: "mandatory",
        remediationSteps: "Use maxUnavailable: 1, or minAvailable below the workload's minimum replicas (pdbMinAvailable in workload-plan.ts).",
    },
    ["kubernetes:policy/v1:PodDisruptionBudget"],
    (props) => {
        const max = at(props, ["spec", "maxUnavailable"]);
        const min = at(props, ["spec", "minAvailable"]);
        const zero = (v: unknown) => v === 0 || (typeof v === "string" && /^0+%?$/.test(v.trim()));
        const all = (v: unknown) => typeof v === "string" && /^100(\.0+)?%$/.test(v.trim());
        if (max !== undefined && zero(max)) {
            return [{ field: "spec.maxUnavailable", actual: show(max), expected: "at least 1 (or a percentage above 0%)", fix: "set maxUnavailable: 1" }];
        }
        if (min !== undefined && all(min)) {
            return [{ field: "spec.minAvailable", actual: show(min), expected: "below 100%", fix: "set maxUnavailable: 1 instead" }];
        }
        return [];
    },
);
