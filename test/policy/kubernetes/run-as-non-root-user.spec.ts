import { runAsNonRootUser } from "../../../policy/rules/kubernetes/run-as-non-root-user";
import { resourceRuleTable, runResourceRule } from "../../support/policy";
import { addEphemeral, container, deployment, podSpec } from "../fixtures";
import * as assert from "node:assert/strict";

resourceRuleTable(runAsNonRootUser, {
    good: deployment,
    compliant: [["no uid anywhere (runAsNonRoot alone)", (r) => (delete container(r).securityContext.runAsUser, delete podSpec(r).securityContext.runAsUser)]],
    bad: [
        ["uid 0 on the container", (r) => (container(r).securityContext.runAsUser = 0), 'containers[0].securityContext.runAsUser (container "api") is 0; expected unset or a uid other than 0'],
        ["uid 0 on the pod", (r) => (podSpec(r).securityContext.runAsUser = 0), "spec.template.spec.securityContext.runAsUser is 0"],
        ["uid 0 on an ephemeral container", (r) => addEphemeral(r, { runAsUser: 0 }), 'ephemeralContainers[0].securityContext.runAsUser (container "debug") is 0'],
    ],
});

describe("policy run-as-non-root-user (user namespaces)", () => {
    it("uid 0 in a user namespace (hostUsers: false) passes from 1.35 and not before", async () => {
        const r = deployment();
        podSpec(r).hostUsers = false;
        container(r).securityContext.runAsUser = 0;
        assert.deepEqual(await runResourceRule(runAsNonRootUser, r), { applicable: true, messages: [] });
        const old = await runResourceRule(runAsNonRootUser, r, { podSecurityVersion: "1.34" });
        assert.ok(old.applicable && old.messages.length === 1, JSON.stringify(old));
    });
});
