import { show } from "../../lib/rule";
import { podSecurityRule, unsetOr } from "../../lib/pod-security";

const HOST_NAMESPACES = ["hostNetwork", "hostPID", "hostIPC"] as const;

/** Sharing the node's network, process or IPC namespace lets a pod see and reach what belongs to the node. */
export const noHostNamespaces = podSecurityRule(
    {
        name: "no-host-namespaces",
        description: "No pod shares the node's network, PID or IPC namespace (Pod Security Standards, baseline: Host Namespaces).",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Remove hostNetwork, hostPID and hostIPC from the pod spec; expose the workload through a Service instead.",
    },
    { level: "baseline", id: "Host Namespaces" },
    (pod) =>
        HOST_NAMESPACES.filter((field) => !unsetOr(pod.spec[field], [false])).map((field) => ({
            field: `${pod.path}.${field}`,
            actual: show(pod.spec[field]),
            expected: "unset or false",
            fix: `remove ${field} from the pod spec`,
        })),
);
