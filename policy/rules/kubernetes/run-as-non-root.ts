import { show, type Violation } from "../../lib/rule";
import { where } from "../../lib/kubernetes";
import { inUserNamespace, podSecurityRule, unsetOr } from "../../lib/pod-security";

/**
 * Every container runs as non-root: `runAsNonRoot: true` on the pod (containers may leave it unset)
 * or on each container, and never `false` anywhere. The kubelet then refuses an image whose user is
 * root; a numeric uid is not required (run-as-non-root-user judges uid 0). Pods in a user namespace
 * (hostUsers: false) are exempt since 1.35.
 */
export const runAsNonRoot = podSecurityRule(
    {
        name: "run-as-non-root",
        description: "Every container runs with runAsNonRoot: true, its own or the pod's (Pod Security Standards, restricted: Running as Non-root).",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Set `runAsNonRoot: true` in the pod's securityContext (restrictedPodSecurity does) and never false on a container.",
    },
    { level: "restricted", id: "Running as Non-root" },
    (pod, context) => {
        if (inUserNamespace(pod, context)) {
            return [];
        }
        const found: Violation[] = [];
        const podValue = pod.spec.securityContext?.runAsNonRoot;
        if (!unsetOr(podValue, [true])) {
            found.push({ field: `${pod.path}.securityContext.runAsNonRoot`, actual: show(podValue), expected: "true or unset", fix: "set runAsNonRoot: true on the pod" });
        }
        for (const c of pod.allContainers) {
            const own = c.spec.securityContext?.runAsNonRoot;
            if (unsetOr(own) ? podValue !== true : own !== true) {
                found.push({ field: where(c, "securityContext.runAsNonRoot"), actual: show(own), expected: "true (on the container, or on the pod and unset here)", fix: "set runAsNonRoot: true on the pod and remove the container's false" });
            }
        }
        return found;
    },
);
