import { show } from "../../lib/rule";
import { where, workloadRule } from "../../lib/kubernetes";

/**
 * Every container runs as non-root: `runAsNonRoot: true` on the container or the pod (the kubelet
 * then refuses to start an image whose user is root), and never `runAsUser: 0`. A numeric uid is
 * not required: the Pod Security Standards accept runAsNonRoot alone.
 */
export const runAsNonRoot = workloadRule(
    {
        name: "run-as-non-root",
        description: "Every container runs with runAsNonRoot: true (container or pod) and never with runAsUser 0.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Set `runAsNonRoot: true` in the pod's or the container's securityContext (restrictedPodSecurity does), and a non-zero runAsUser if you set one.",
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
            if (uid !== undefined && uid !== null && (typeof uid !== "number" || !Number.isInteger(uid) || uid <= 0)) {
                found.push({ field: where(c, "securityContext.runAsUser"), actual: show(uid), expected: "unset or a numeric uid above 0 (on the container or the pod)", fix: "set runAsUser to the uid the image's USER names, or leave it unset" });
            }
            return found;
        }),
);
