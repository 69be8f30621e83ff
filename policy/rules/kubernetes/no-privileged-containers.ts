import { where, workloadRule } from "../../lib/kubernetes";

/** A privileged container is root on the node: every isolation the pod has is gone. */
export const noPrivilegedContainers = workloadRule(
    {
        name: "no-privileged-containers",
        description: "No container runs privileged.",
        severity: "critical",
        enforcementLevel: "mandatory",
        remediationSteps: "Remove `securityContext.privileged` (or set it to false); grant the one capability the process needs instead, if any.",
    },
    (pod) =>
        pod.containers
            .filter((c) => c.spec.securityContext?.privileged === true)
            .map((c) => ({ field: where(c, "securityContext.privileged"), actual: "true", expected: "unset or false", fix: "remove privileged: true from the container's securityContext" })),
);
