import { show, type Violation } from "../../lib/rule";
import { where } from "../../lib/kubernetes";
import { inUserNamespace, podSecurityRule } from "../../lib/pod-security";

/** uid 0 is root whatever runAsNonRoot says about the image; pods in a user namespace (hostUsers: false) are exempt since 1.35. */
export const runAsNonRootUser = podSecurityRule(
    {
        name: "run-as-non-root-user",
        description: "No pod or container sets runAsUser: 0 (Pod Security Standards, restricted: Running as Non-root user, 1.23+).",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Set runAsUser to the uid the image's USER names, or leave it unset.",
    },
    { level: "restricted", id: "Running as Non-root user" },
    (pod, context) => {
        if (!context.atLeast(23)) {
            return { notApplicable: "skipped: the standard judges runAsUser from 1.23 (podSecurityVersion is older)" };
        }
        if (inUserNamespace(pod, context)) {
            return [];
        }
        const found: Violation[] = [];
        const judge = (field: string, uid: unknown) => {
            if (uid === 0) {
                found.push({ field, actual: show(uid), expected: "unset or a uid other than 0", fix: "set runAsUser to the uid the image's USER names, or remove it" });
            }
        };
        judge(`${pod.path}.securityContext.runAsUser`, pod.spec.securityContext?.runAsUser);
        for (const c of pod.allContainers) {
            judge(where(c, "securityContext.runAsUser"), c.spec.securityContext?.runAsUser);
        }
        return found;
    },
);
