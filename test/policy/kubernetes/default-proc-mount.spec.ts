import { defaultProcMount } from "../../../policy/rules/kubernetes/default-proc-mount";
import { resourceRuleTable, runResourceRule } from "../../support/policy";
import { addEphemeral, container, deployment, podSpec } from "../fixtures";
import * as assert from "node:assert/strict";

resourceRuleTable(defaultProcMount, {
    good: deployment,
    compliant: [["procMount Default", (r) => (container(r).securityContext.procMount = "Default")]],
    bad: [
        ["Unmasked on a container", (r) => (container(r).securityContext.procMount = "Unmasked"), 'containers[0].securityContext.procMount (container "api") is "Unmasked"; expected unset or Default'],
        ["Unmasked on an ephemeral container", (r) => addEphemeral(r, { procMount: "Unmasked" }), 'ephemeralContainers[0].securityContext.procMount (container "debug") is "Unmasked"'],
        ["Unmasked in a user namespace, in a restricted namespace", (r) => ((podSpec(r).hostUsers = false), (container(r).securityContext.procMount = "Unmasked")), 'procMount (container "api") is "Unmasked"'],
    ],
});

describe("policy default-proc-mount (levels and versions)", () => {
    const unmaskedInUserNamespace = () => {
        const r = deployment();
        podSpec(r).hostUsers = false;
        container(r).securityContext.procMount = "Unmasked";
        return r;
    };
    it("baseline accepts another /proc mount for a pod in a user namespace from 1.35", async () => {
        const config = { podSecurityLevels: [{ namespace: "apps", level: "baseline" }] };
        assert.deepEqual(await runResourceRule(defaultProcMount, unmaskedInUserNamespace(), config), { applicable: true, messages: [] });
        const old = await runResourceRule(defaultProcMount, unmaskedInUserNamespace(), { ...config, podSecurityVersion: "1.34" });
        assert.ok(old.applicable && old.messages.length === 1, JSON.stringify(old));
    });
});
