import { at } from "../../lib/kubernetes";
import { resourceRule, show } from "../../lib/rule";

/** With maxUnavailable 0 a rollout adds new pods before it removes old ones: capacity never drops. */
export const rollingUpdateKeepsCapacity = resourceRule(
    {
        name: "rolling-update-keeps-capacity",
        description: "Deployments roll with strategy RollingUpdate, maxUnavailable 0 and a surge of at least one pod.",
        severity: "medium",
        enforcementLevel: "mandatory",
        remediationSteps: "Set spec.strategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 0, maxSurge: 1 (or a percentage)}}.",
    },
    ["kubernetes:apps/v1:Deployment"],
    (props) => {
        const strategy = at(props, ["spec", "strategy"]) as Record<string, any> | undefined;
        const type = strategy?.type ?? "RollingUpdate";
        const found = [];
        if (type !== "RollingUpdate") {
            found.push({ field: "spec.strategy.type", actual: show(type), expected: '"RollingUpdate"', fix: "use a rolling update (Recreate drops every pod at once)" });
        } else {
            const unavailable = strategy?.rollingUpdate?.maxUnavailable;
            if (unavailable !== 0 && unavailable !== "0%") {
                found.push({ field: "spec.strategy.rollingUpdate.maxUnavailable", actual: unavailable === undefined ? "missing (Kubernetes defaults to 25%)" : show(unavailable), expected: "0", fix: "set maxUnavailable: 0" });
            }
            const surge = strategy?.rollingUpdate?.maxSurge;
            if (surge === 0 || surge === "0%") {
                found.push({ field: "spec.strategy.rollingUpdate.maxSurge", actual: show(surge), expected: "at least 1 pod (or a percentage above 0)", fix: "set maxSurge: 1" });
            }
        }
        return found;
    },
);
