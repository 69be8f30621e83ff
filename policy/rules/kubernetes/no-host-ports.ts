import { show } from "../../lib/rule";
import { list, record, where } from "../../lib/kubernetes";
import { podSecurityRule, unsetOr } from "../../lib/pod-security";

/** A hostPort binds the node's port: it bypasses NetworkPolicies' intent and limits scheduling to one pod per node. */
export const noHostPorts = podSecurityRule(
    {
        name: "no-host-ports",
        description: "No container binds a hostPort (Pod Security Standards, baseline: Host Ports).",
        severity: "medium",
        enforcementLevel: "mandatory",
        remediationSteps: "Remove `hostPort` and reach the pod through a Service.",
    },
    { level: "baseline", id: "Host Ports" },
    (pod) =>
        pod.allContainers.flatMap((c) =>
            list(c.spec.ports).flatMap((p, i) => {
                const port = record(p);
                return port && !unsetOr(port.hostPort, [0])
                    ? [{ field: where(c, `ports[${i}].hostPort`), actual: show(port.hostPort), expected: "unset or 0", fix: "remove hostPort; expose the port through a Service" }]
                    : [];
            }),
        ),
);
