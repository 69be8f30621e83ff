import { show, type Violation } from "../../lib/rule";
import { where } from "../../lib/kubernetes";
import { isWindowsPod, podSecurityRule, unsetOr } from "../../lib/pod-security";

const ALLOWED = ["RuntimeDefault", "Localhost"];
const bad = (type: unknown) => !unsetOr(type, ALLOWED);

/**
 * Seccomp (Pod Security Standards): no pod or container sets a profile other than RuntimeDefault or
 * Localhost (baseline), and in a restricted namespace every container has one, its own or the pod's.
 */
export const seccompRuntimeDefault = podSecurityRule(
    {
        name: "seccomp-runtime-default",
        description: "Every container runs with a seccomp profile (RuntimeDefault or Localhost), its own or the pod's; baseline namespaces only forbid other profiles (Pod Security Standards: Seccomp).",
        severity: "medium",
        enforcementLevel: "mandatory",
        remediationSteps: "Set `securityContext.seccompProfile.type: RuntimeDefault` on the pod; remove Unconfined wherever it is set.",
    },
    { level: "baseline", id: "Seccomp" },
    (pod, context) => {
        const restricted = context.level === "restricted";
        if (restricted && isWindowsPod(pod, context)) {
            return [];
        }
        const found: Violation[] = [];
        const podType = pod.spec.securityContext?.seccompProfile?.type;
        if (bad(podType)) {
            found.push({ field: `${pod.path}.securityContext.seccompProfile.type`, actual: show(podType), expected: "RuntimeDefault or Localhost", fix: "set the pod's seccompProfile.type: RuntimeDefault" });
        }
        for (const c of pod.allContainers) {
            const own = c.spec.securityContext?.seccompProfile?.type;
            if (bad(own)) {
                found.push({ field: where(c, "securityContext.seccompProfile.type"), actual: show(own), expected: "RuntimeDefault or Localhost", fix: "remove the container's profile or set it to RuntimeDefault" });
            } else if (restricted && unsetOr(own) && (bad(podType) || unsetOr(podType))) {
                found.push({ field: where(c, "securityContext.seccompProfile.type"), actual: show(own), expected: "RuntimeDefault or Localhost (on the container or the pod)", fix: "set the pod's securityContext.seccompProfile.type: RuntimeDefault" });
            }
        }
        return found;
    },
);
