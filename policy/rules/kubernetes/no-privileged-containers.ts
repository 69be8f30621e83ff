import { show } from "../../lib/rule";
import { where } from "../../lib/kubernetes";
import { podSecurityRule, unsetOr } from "../../lib/pod-security";

/** A privileged container is root on the node: every isolation the pod has is gone. */
export const noPrivilegedContainers = podSecurityRule(
    {
        name: "no-privileged-containers",
        description: "No container runs privileged (Pod Security Standards, baseline: Privileged Containers).",
        severity: "critical",
        enforcementLevel: "mandatory",
        remediationSteps: "Remove `securityContext.privileged` (or set it to false); grant the one capability the process needs instead, if any.",
    },
    { level: "baseline", id: "Privileged Containers" },
    (pod) =>
        pod.allContainers
            .filter((c) => !unsetOr(c.spec.securityContext?.privileged, [false]))
            .map((c) => ({ field: where(c, "securityContext.privileged"), actual: show(c.spec.securityContext.privileged), expected: "unset or false", fix: "remove privileged: true from the container's securityContext" })),
);
