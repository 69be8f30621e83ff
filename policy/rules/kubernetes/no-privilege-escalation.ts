import { show } from "../../lib/rule";
import { where } from "../../lib/kubernetes";
import { isWindowsPod, podSecurityRule } from "../../lib/pod-security";

/** Without `allowPrivilegeEscalation: false`, a setuid binary can gain more privileges than the process started with. */
export const noPrivilegeEscalation = podSecurityRule(
    {
        name: "no-privilege-escalation",
        description: "Every container sets securityContext.allowPrivilegeEscalation to false (Pod Security Standards, restricted: Privilege Escalation).",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Set `securityContext.allowPrivilegeEscalation: false` on every container (restrictedContainerSecurity in workload-plan.ts does).",
    },
    { level: "restricted", id: "Privilege Escalation" },
    (pod, context) =>
        isWindowsPod(pod, context)
            ? []
            : pod.allContainers
                  .filter((c) => c.spec.securityContext?.allowPrivilegeEscalation !== false)
                  .map((c) => ({
                      field: where(c, "securityContext.allowPrivilegeEscalation"),
                      actual: show(c.spec.securityContext?.allowPrivilegeEscalation),
                      expected: "false",
                      fix: "set allowPrivilegeEscalation: false",
                  })),
);
