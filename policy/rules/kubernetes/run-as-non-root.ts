import { show } from "../../lib/rule";
import { where, workloadRule } from "../../lib/kubernetes";

/**
 * Every container runs as a non-root numeric uid: `runAsNonRoot: true` and `runAsUser` > 0, on the
 * container or inherited from the pod (a named USER cannot be verified by the kubelet).
 */
export const runAsNonRoot = workloadRule(
    {
        name: "run-as-non-root",
        description: "Every container runs with runAsNonRoot: true and a numeric runAsUser other than 0.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Set `runAsNonRoot: true` and `runAsUser: <the image's uid>` in the pod's or the container's securityContext (restrictedPodSecurity does).",
    },
    (pod) =>
        pod.containers.flatMap((c) => {
            const own = c.spec.securityContext ?? {};
            const inherited = pod.spec.securityContext ?? {};
            const nonRoot = own.runAsNonRoot ?? inherited.runAsNonRoot;
            const uid = own.runAsUser ?? inherited.runAsUser;
            const found = [];
            if (nonRoot !== true) {
                found.push({ field: where(c, "securityContext.runAsNonRoot"), actual: show(nonRoot), expected: "true (on the container or the pod)", fix: "set runAsNonRoot: true" });
            }
            if (typeof uid !== "number" || !Number.isInteger(uid) || uid <= 0) {
                found.push({ field: where(c, "securityContext.runAsUser"), actual: show(uid), expected: "a numeric uid above 0 (on the container or the pod)", fix: "set runAsUser to the uid the image's USER names" });
            }
            return found;
        }),
);
