import { dropAllCapabilities } from "../../../policy/rules/kubernetes/drop-all-capabilities";
import { resourceRuleTable, runResourceRule } from "../../support/policy";
import { addEphemeral, addInit, container, deployment, podSpec } from "../fixtures";
import * as assert from "node:assert/strict";

resourceRuleTable(dropAllCapabilities, {
    good: deployment,
    compliant: [
        ["ALL dropped, NET_BIND_SERVICE added back", (r) => (container(r).securityContext.capabilities.add = ["NET_BIND_SERVICE"])],
        ["a Windows pod (the Linux capability controls do not apply)", (r) => ((podSpec(r).os = { name: "windows" }), delete container(r).securityContext.capabilities)],
    ],
    bad: [
        ["ALL dropped, SYS_ADMIN added back", (r) => (container(r).securityContext.capabilities.add = ["SYS_ADMIN"]), 'capabilities.add (container "api") is ["SYS_ADMIN"]; expected nothing but NET_BIND_SERVICE'],
        ["CAP_NET_BIND_SERVICE (admission compares names exactly)", (r) => (container(r).securityContext.capabilities.add = ["CAP_NET_BIND_SERVICE"]), 'is ["CAP_NET_BIND_SERVICE"]; expected nothing but NET_BIND_SERVICE (exactly so spelled)'],
        ["ALL dropped, NET_RAW added to an init container", (r) => (addInit(r).securityContext.capabilities = { drop: ["ALL"], add: ["NET_BIND_SERVICE", "NET_RAW"] }), 'initContainers[0].securityContext.capabilities.add (container "init") is ["NET_BIND_SERVICE","NET_RAW"]'],
        ["only NET_RAW dropped", (r) => (container(r).securityContext.capabilities.drop = ["NET_RAW"]), 'capabilities.drop (container "api") is ["NET_RAW"]; expected ["ALL"]'],
        ["no capabilities field", (r) => delete container(r).securityContext.capabilities, "capabilities.drop (container \"api\") is missing"],
        ["an ephemeral container that drops nothing", (r) => addEphemeral(r, { allowPrivilegeEscalation: false }), 'ephemeralContainers[0].securityContext.capabilities.drop (container "debug") is missing'],
    ],
});

describe("policy drop-all-capabilities (baseline namespaces)", () => {
    const baseline = { podSecurityLevels: [{ namespace: "apps", level: "baseline" }] };
    it("baseline requires no drop and accepts the default set (CHOWN), but not SYS_ADMIN", async () => {
        const r = deployment();
        container(r).securityContext.capabilities = { add: ["CHOWN"] };
        assert.deepEqual(await runResourceRule(dropAllCapabilities, r, baseline), { applicable: true, messages: [] });
        container(r).securityContext.capabilities = { add: ["CHOWN", "SYS_ADMIN"] };
        const outcome = await runResourceRule(dropAllCapabilities, r, baseline);
        assert.ok(outcome.applicable && outcome.messages.length === 1 && outcome.messages[0].includes("expected only the default set"), JSON.stringify(outcome));
    });
});
