import { show } from "../../lib/rule";
import { list, record } from "../../lib/kubernetes";
import { podSecurityRule } from "../../lib/pod-security";

/** The namespaced sysctls the standard allows, by the version that added them. */
const SAFE_SYSCTLS: readonly (readonly [minor: number, names: readonly string[]])[] = [
    [0, ["kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start"]],
    [27, ["net.ipv4.ip_local_reserved_ports"]],
    [29, ["net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes"]],
    [32, ["net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"]],
    [37, ["net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat"]],
];

/** A sysctl outside the safe set changes the node's kernel for every pod on it. */
export const safeSysctls = podSecurityRule(
    {
        name: "safe-sysctls",
        description: "Pods set only the sysctls the standard calls safe (Pod Security Standards, baseline: Sysctls).",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Remove the sysctl from the pod's securityContext.sysctls; tune the node (node pool configuration) if it is really needed.",
    },
    { level: "baseline", id: "Sysctls" },
    (pod, context) => {
        const allowed = SAFE_SYSCTLS.filter(([minor]) => context.atLeast(minor)).flatMap(([, names]) => names);
        return list(pod.spec.securityContext?.sysctls).flatMap((s, i) => {
            const name = record(s)?.name;
            return typeof name === "string" && allowed.includes(name)
                ? []
                : [{ field: `${pod.path}.securityContext.sysctls[${i}].name`, actual: show(name), expected: `one of ${allowed.join(", ")}`, fix: "remove the sysctl" }];
        });
    },
);
