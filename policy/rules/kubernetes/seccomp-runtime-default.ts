import { show } from "../../lib/rule";
import { where, workloadRule } from "../../lib/kubernetes";

const ALLOWED = ["RuntimeDefault", "Localhost"];

/** The runtime's default seccomp profile blocks the syscalls container escapes use. */
export const seccompRuntimeDefault = workloadRule(
    {
        name: "seccomp-runtime-default",
        description: "Every container runs with a seccomp profile (RuntimeDefault or Localhost), its own or the pod's.",
        severity: "medium",
        enforcementLevel: "mandatory",
        remediationSteps: "Set `securityContext.seccompProfile.type: RuntimeDefault` on the pod.",
    },
    (pod) =>
        pod.containers.flatMap((c) => {
            const type = c.spec.securityContext?.seccompProfile?.type ?? pod.spec.securityContext?.seccompProfile?.type;
            return ALLOWED.includes(type)
                ? []
                : [{ field: where(c, "securityContext.seccompProfile.type"), actual: show(type), expected: "RuntimeDefault or Localhost (on the container or the pod)", fix: "set the pod's securityContext.seccompProfile.type: RuntimeDefault" }];
        }),
);
