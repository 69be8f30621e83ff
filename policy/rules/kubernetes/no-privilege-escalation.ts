import { show } from "../../lib/rule";
import { where, workloadRule } from "../../lib/kubernetes";

/** Without `allowPrivilegeEscalation: false`, a setuid binary can gain more privileges than the process started with. */
export const noPrivilegeEscalation = workloadRule(
    {
        name: "no-privilege-escalation",
        description: "Every container sets securityContext.allowPrivilegeEscalation to false.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Set `securityContext.allowPrivilegeEscalation: false` on every container (restrictedContainerSecurity in workload-plan.ts does).",
    },
    (pod) =>
        pod.containers
            .filter((c) => c.spec.securityContext?.allowPrivilegeEscalation !== false)
            .map((c) => ({
                field: where(c, "securityContext.allowPrivilegeEscalation"),
                actual: show(c.spec.securityContext?.allowPrivilegeEscalation),
                expected: "false",
                fix: "set allowPrivilegeEscalation: false",
            })),
);
