import { show } from "../../lib/rule";
import { where } from "../../lib/kubernetes";
import { podSecurityRule, unsetOr } from "../../lib/pod-security";

/** A Windows HostProcess container runs on the node's host, outside any container isolation. */
export const noWindowsHostProcess = podSecurityRule(
    {
        name: "no-windows-host-process",
        description: "No pod or container sets windowsOptions.hostProcess (Pod Security Standards, baseline: HostProcess).",
        severity: "critical",
        enforcementLevel: "mandatory",
        remediationSteps: "Remove `securityContext.windowsOptions.hostProcess` (or set it to false) on the pod and its containers.",
    },
    { level: "baseline", id: "HostProcess" },
    (pod) => {
        const bad = (value: unknown) => !unsetOr(value, [false]);
        const podValue = pod.spec.securityContext?.windowsOptions?.hostProcess;
        return [
            ...(bad(podValue) ? [{ field: `${pod.path}.securityContext.windowsOptions.hostProcess`, actual: show(podValue), expected: "unset or false", fix: "remove hostProcess from the pod's windowsOptions" }] : []),
            ...pod.allContainers
                .filter((c) => bad(c.spec.securityContext?.windowsOptions?.hostProcess))
                .map((c) => ({ field: where(c, "securityContext.windowsOptions.hostProcess"), actual: show(c.spec.securityContext.windowsOptions.hostProcess), expected: "unset or false", fix: "remove hostProcess from the container's windowsOptions" })),
        ];
    },
);
