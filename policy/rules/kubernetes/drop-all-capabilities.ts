import { show } from "../../lib/rule";
import { list, where, workloadRule } from "../../lib/kubernetes";

/** Containers start with no Linux capabilities; one the process needs is added back by name. */
export const dropAllCapabilities = workloadRule(
    {
        name: "drop-all-capabilities",
        description: "Every container drops ALL capabilities.",
        severity: "medium",
        enforcementLevel: "mandatory",
        remediationSteps: "Set `securityContext.capabilities.drop: [\"ALL\"]`; add back only what the process needs (e.g. NET_BIND_SERVICE).",
    },
    (pod) =>
        pod.containers
            .filter((c) => !list(c.spec.securityContext?.capabilities?.drop).includes("ALL"))
            .map((c) => ({ field: where(c, "securityContext.capabilities.drop"), actual: show(c.spec.securityContext?.capabilities?.drop), expected: '["ALL"]', fix: 'set capabilities.drop: ["ALL"]' })),
);
