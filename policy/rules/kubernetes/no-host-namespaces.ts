import { workloadRule } from "../../lib/kubernetes";

const HOST_NAMESPACES = ["hostNetwork", "hostPID", "hostIPC"] as const;

/** Sharing the node's network, process or IPC namespace lets a pod see and reach what belongs to the node. */
export const noHostNamespaces = workloadRule(
    {
        name: "no-host-namespaces",
        description: "No pod shares the node's network, PID or IPC namespace.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Remove hostNetwork, hostPID and hostIPC from the pod spec; expose the workload through a Service instead.",
    },
    (pod) =>
        HOST_NAMESPACES.filter((field) => pod.spec[field] === true).map((field) => ({
            field: `${pod.path}.${field}`,
            actual: "true",
            expected: "unset or false",
            fix: `remove ${field} from the pod spec`,
        })),
);
