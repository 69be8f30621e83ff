import { seccompRuntimeDefault } from "../../../policy/rules/kubernetes/seccomp-runtime-default";
import { resourceRuleTable, runResourceRule } from "../../support/policy";
import { addEphemeral, container, deployment, podSpec } from "../fixtures";
import * as assert from "node:assert/strict";

resourceRuleTable(seccompRuntimeDefault, {
    good: deployment,
    compliant: [
        ["only the pod's profile", (r) => delete container(r).securityContext.seccompProfile],
        ["only the containers' profiles", (r) => delete podSpec(r).securityContext.seccompProfile],
        ["Localhost on the container", (r) => (container(r).securityContext.seccompProfile = { type: "Localhost", localhostProfile: "profiles/api.json" })],
    ],
    bad: [
        ["Unconfined on the container", (r) => (container(r).securityContext.seccompProfile = { type: "Unconfined" }), 'seccompProfile.type (container "api") is "Unconfined"; expected RuntimeDefault or Localhost'],
        ["Unconfined on the pod, RuntimeDefault on every container", (r) => (podSpec(r).securityContext.seccompProfile = { type: "Unconfined" }), 'spec.template.spec.securityContext.seccompProfile.type is "Unconfined"'],
        ["no profile anywhere", (r) => (delete container(r).securityContext.seccompProfile, delete podSpec(r).securityContext.seccompProfile), "seccompProfile.type (container \"api\") is missing"],
        ["an ephemeral container without one when the pod has none", (r) => (delete podSpec(r).securityContext.seccompProfile, addEphemeral(r, {})), 'ephemeralContainers[0].securityContext.seccompProfile.type (container "debug") is missing'],
    ],
});

describe("policy seccomp-runtime-default (baseline namespaces)", () => {
    const baseline = { podSecurityLevels: [{ namespace: "apps", level: "baseline" }] };
    it("baseline accepts no profile and refuses Unconfined", async () => {
        const r = deployment();
        delete container(r).securityContext.seccompProfile;
        delete podSpec(r).securityContext.seccompProfile;
        assert.deepEqual(await runResourceRule(seccompRuntimeDefault, r, baseline), { applicable: true, messages: [] });
        container(r).securityContext.seccompProfile = { type: "Unconfined" };
        const outcome = await runResourceRule(seccompRuntimeDefault, r, baseline);
        assert.ok(outcome.applicable && outcome.messages.length === 1, JSON.stringify(outcome));
    });
});
