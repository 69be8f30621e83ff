import { show } from "../../lib/rule";
import { where } from "../../lib/kubernetes";
import { inUserNamespace, podSecurityRule, unsetOr } from "../../lib/pod-security";

/**
 * The default /proc mount masks the kernel's sensitive paths. Baseline accepts another type for a
 * pod in a user namespace (hostUsers: false, since 1.35); restricted never does (its own control since 1.35).
 */
export const defaultProcMount = podSecurityRule(
    {
        name: "default-proc-mount",
        description: "Every container keeps the default /proc mount (Pod Security Standards, baseline and restricted: /proc Mount Type).",
        severity: "medium",
        enforcementLevel: "mandatory",
        remediationSteps: "Remove `securityContext.procMount` (or set it to Default).",
    },
    { level: "baseline", id: "/proc Mount Type" },
    (pod, context) => {
        if (context.level === "baseline" && inUserNamespace(pod, context)) {
            return [];
        }
        return pod.allContainers
            .filter((c) => !unsetOr(c.spec.securityContext?.procMount, ["Default"]))
            .map((c) => ({ field: where(c, "securityContext.procMount"), actual: show(c.spec.securityContext.procMount), expected: "unset or Default", fix: "remove procMount" }));
    },
);
