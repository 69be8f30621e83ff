import { show } from "../../lib/rule";
import { list, where, workloadRule } from "../../lib/kubernetes";

/** The one capability the restricted Pod Security Standard lets a container add back. */
const ADDABLE = ["NET_BIND_SERVICE"];

/**
 * Containers start with no Linux capabilities and add back at most NET_BIND_SERVICE (the restricted
 * Pod Security Standard): dropping ALL and then adding SYS_ADMIN is no drop at all.
 */
export const dropAllCapabilities = workloadRule(
    {
        name: "drop-all-capabilities",
        description: "Every container drops ALL capabilities and adds back none but NET_BIND_SERVICE.",
        severity: "medium",
        enforcementLevel: "mandatory",
        remediationSteps: "Set `securityContext.capabilities.drop: [\"ALL\"]`; add back only NET_BIND_SERVICE, and only if the process binds a port below 1024.",
    },
    (pod) =>
        pod.containers.flatMap((c) => {
            const capabilities = c.spec.securityContext?.capabilities;
            const found = [];
            if (!list(capabilities?.drop).includes("ALL")) {
                found.push({ field: where(c, "securityContext.capabilities.drop"), actual: show(capabilities?.drop), expected: '["ALL"]', fix: 'set capabilities.drop: ["ALL"]' });
            }
            // Names as the kubelet reads them: with or without the CAP_ prefix, any case.
            const added = list(capabilities?.add).map((name) => String(name));
            const extra = added.filter((name) => !ADDABLE.includes(name.toUpperCase().replace(/^CAP_/, "")));
            if (extra.length > 0) {
                found.push({ field: where(c, "securityContext.capabilities.add"), actual: show(added), expected: `nothing but ${ADDABLE.join(", ")}`, fix: `remove ${extra.join(", ")}; run the process without them` });
            }
            return found;
        }),
);
