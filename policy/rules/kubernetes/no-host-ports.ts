import { list, record, where, workloadRule } from "../../lib/kubernetes";

/** A hostPort binds the node's port: it bypasses NetworkPolicies' intent and limits scheduling to one pod per node. */
export const noHostPorts = workloadRule(
    {
        name: "no-host-ports",
        description: "No container binds a hostPort.",
        severity: "medium",
        enforcementLevel: "mandatory",
        remediationSteps: "Remove `hostPort` and reach the pod through a Service.",
    },
    (pod) =>
        pod.containers.flatMap((c) =>
            list(c.spec.ports).flatMap((p, i) => {
                const port = record(p);
                return port && port.hostPort !== undefined && port.hostPort !== 0
                    ? [{ field: where(c, `ports[${i}].hostPort`), actual: String(port.hostPort), expected: "unset", fix: "remove hostPort; expose the port through a Service" }]
                    : [];
            }),
        ),
);
