import { show, type Violation } from "../../lib/rule";
import { list, where } from "../../lib/kubernetes";
import { isWindowsPod, podSecurityRule } from "../../lib/pod-security";

/** What baseline lets a container add: the container runtime's default set. */
const BASELINE_ADDABLE = ["AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"];
/** The one capability restricted lets a container add back. */
const RESTRICTED_ADDABLE = ["NET_BIND_SERVICE"];

/**
 * Capabilities (Pod Security Standards): in a restricted namespace every container drops ALL and
 * adds back at most NET_BIND_SERVICE (dropping ALL and adding SYS_ADMIN is no drop at all); in a
 * baseline namespace, nothing beyond the runtime's default set is added. Names are compared as
 * admission does: exactly, so `CAP_NET_BIND_SERVICE` or `net_bind_service` is refused.
 */
export const dropAllCapabilities = podSecurityRule(
    {
        name: "drop-all-capabilities",
        description: "Restricted: every container drops ALL capabilities and adds back none but NET_BIND_SERVICE; baseline: adds none beyond the default set (Pod Security Standards: Capabilities).",
        severity: "medium",
        enforcementLevel: "mandatory",
        remediationSteps: "Set `securityContext.capabilities.drop: [\"ALL\"]`; add back only NET_BIND_SERVICE, and only if the process binds a port below 1024.",
    },
    { level: "baseline", id: "Capabilities" },
    (pod, context) => {
        const restricted = context.level === "restricted";
        if (restricted && isWindowsPod(pod, context)) {
            return [];
        }
        const addable = restricted ? RESTRICTED_ADDABLE : BASELINE_ADDABLE;
        return pod.allContainers.flatMap((c) => {
            const capabilities = c.spec.securityContext?.capabilities;
            const found: Violation[] = [];
            if (restricted && !list(capabilities?.drop).includes("ALL")) {
                found.push({ field: where(c, "securityContext.capabilities.drop"), actual: show(capabilities?.drop), expected: '["ALL"]', fix: 'set capabilities.drop: ["ALL"]' });
            }
            const added = list(capabilities?.add);
            const extra = added.filter((name) => !addable.includes(name as string));
            if (extra.length > 0) {
                found.push({
                    field: where(c, "securityContext.capabilities.add"),
                    actual: show(added),
                    expected: restricted ? `nothing but ${addable.join(", ")} (exactly so spelled)` : `only the default set (${addable.join(", ")})`,
                    fix: `remove ${extra.map((name) => show(name)).join(", ")}; run the process without them`,
                });
            }
            return found;
        });
    },
);
