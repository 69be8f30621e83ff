import { selinuxOptions } from "../../../policy/rules/kubernetes/selinux-options";
import { resourceRuleTable, runResourceRule } from "../../support/policy";
import { addInit, container, deployment, podSpec } from "../fixtures";
import * as assert from "node:assert/strict";

resourceRuleTable(selinuxOptions, {
    good: deployment,
    compliant: [
        ["container_t on the pod", (r) => (podSpec(r).securityContext.seLinuxOptions = { type: "container_t", level: "s0:c123,c456" })],
        ["container_engine_t (allowed since 1.31) on a container", (r) => (container(r).securityContext.seLinuxOptions = { type: "container_engine_t" })],
        ["an empty type", (r) => (container(r).securityContext.seLinuxOptions = { type: "" })],
    ],
    bad: [
        ["spc_t on the pod", (r) => (podSpec(r).securityContext.seLinuxOptions = { type: "spc_t" }), 'spec.template.spec.securityContext.seLinuxOptions.type is "spc_t"; expected unset or one of container_t'],
        ["a custom user on a container", (r) => (container(r).securityContext.seLinuxOptions = { user: "system_u" }), 'containers[0].securityContext.seLinuxOptions.user (container "api") is "system_u"; expected unset'],
        ["a custom role on an init container", (r) => (addInit(r).securityContext.seLinuxOptions = { role: "system_r" }), 'initContainers[0].securityContext.seLinuxOptions.role (container "init") is "system_r"'],
    ],
});

describe("policy selinux-options (versions)", () => {
    it("refuses container_engine_t when the standard's version is 1.30, accepts it at 1.31", async () => {
        const r = deployment();
        container(r).securityContext.seLinuxOptions = { type: "container_engine_t" };
        const old = await runResourceRule(selinuxOptions, r, { podSecurityVersion: "1.30" });
        assert.ok(old.applicable && old.messages.length === 1 && old.messages[0].includes('"container_engine_t"'), JSON.stringify(old));
        assert.deepEqual(await runResourceRule(selinuxOptions, r, { podSecurityVersion: "1.31" }), { applicable: true, messages: [] });
    });
});
