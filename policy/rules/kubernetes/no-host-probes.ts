import { show } from "../../lib/rule";
import { record, where } from "../../lib/kubernetes";
import { podSecurityRule, unsetOr } from "../../lib/pod-security";

const HANDLERS: readonly (readonly string[])[] = [
    ...["livenessProbe", "readinessProbe", "startupProbe"].flatMap((probe) => [
        [probe, "httpGet"],
        [probe, "tcpSocket"],
    ]),
    ...["postStart", "preStop"].flatMap((hook) => [
        ["lifecycle", hook, "httpGet"],
        ["lifecycle", hook, "tcpSocket"],
    ]),
];

/**
 * A probe or lifecycle handler with a `host` makes the kubelet dial another address from the node:
 * a way to reach what the pod's NetworkPolicies forbid. (Pod Security Standards since 1.34.)
 */
export const noHostProbes = podSecurityRule(
    {
        name: "no-host-probes",
        description: "No probe or lifecycle handler names a host (Pod Security Standards, baseline: Host Probes / Lifecycle Hooks, 1.34+).",
        severity: "medium",
        enforcementLevel: "mandatory",
        remediationSteps: "Remove `host` from the probe's or handler's httpGet/tcpSocket: the kubelet then dials the pod's own IP.",
    },
    { level: "baseline", id: "Host Probes / Lifecycle Hooks" },
    (pod, context) => {
        if (!context.atLeast(34)) {
            return { notApplicable: "skipped: the standard restricts probe hosts from 1.34 (podSecurityVersion is older)" };
        }
        return pod.allContainers.flatMap((c) =>
            HANDLERS.flatMap((path) => {
                const handler = record(path.reduce<unknown>((value, step) => record(value)?.[step], c.spec));
                const host = handler?.host;
                return !unsetOr(host, [""])
                    ? [{ field: where(c, `${path.join(".")}.host`), actual: show(host), expected: 'unset or ""', fix: "remove host: the kubelet dials the pod itself" }]
                    : [];
            }),
        );
    },
);
