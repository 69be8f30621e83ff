import { safeSysctls } from "../../../policy/rules/kubernetes/safe-sysctls";
import { resourceRuleTable, runResourceRule } from "../../support/policy";
import { deployment, podSpec } from "../fixtures";
import * as assert from "node:assert/strict";

const sysctls = (...names: string[]) => names.map((name) => ({ name, value: "1" }));

resourceRuleTable(safeSysctls, {
    good: deployment,
    compliant: [
        ["the original safe set", (r) => (podSpec(r).securityContext.sysctls = sysctls("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start"))],
        ["keepalive tuning (1.29+) and buffer sizes (1.32+)", (r) => (podSpec(r).securityContext.sysctls = sysctls("net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_rmem"))],
    ],
    bad: [
        ["a node-wide sysctl", (r) => (podSpec(r).securityContext.sysctls = sysctls("kernel.msgmax")), 'spec.template.spec.securityContext.sysctls[0].name is "kernel.msgmax"; expected one of kernel.shm_rmid_forced'],
        ["net.core.somaxconn (namespaced but not in the safe set)", (r) => (podSpec(r).securityContext.sysctls = sysctls("net.ipv4.tcp_syncookies", "net.core.somaxconn")), 'sysctls[1].name is "net.core.somaxconn"'],
    ],
});

describe("policy safe-sysctls (versions)", () => {
    it("the safe set grows with the standard's version: tcp_rmem refused at 1.31, accepted at 1.32", async () => {
        const r = deployment();
        podSpec(r).securityContext.sysctls = sysctls("net.ipv4.tcp_rmem");
        const old = await runResourceRule(safeSysctls, r, { podSecurityVersion: "1.31" });
        assert.ok(old.applicable && old.messages.length === 1, JSON.stringify(old));
        assert.deepEqual(await runResourceRule(safeSysctls, r, { podSecurityVersion: "1.32" }), { applicable: true, messages: [] });
    });
});
