import * as assert from "node:assert/strict";
import { statefulResourcesProtected } from "../../../policy/rules/azure/stateful-resources-protected";
import { runStackRule, stackRuleTable, type TestResource } from "../../support/policy";

const good = (): TestResource[] => [
    { type: "azure-native:resources:ResourceGroup", name: "platform", props: {}, protect: true },
    { type: "azure-native:operationalinsights:Workspace", name: "logs", props: {}, protect: true },
    { type: "streaming-platform:azure:Monitoring", name: "monitoring", props: {} },
];

describe("policy azure/stateful-resources-protected", () => {
    it("passes a stack whose stateful resources are protected (and ignores stateless ones)", async () => {
        assert.deepEqual(await runStackRule(statefulResourcesProtected, good()), []);
    });

    it("reports each unprotected stateful resource against its URN", async () => {
        const resources = good();
        resources[1].protect = false;
        assert.deepEqual(await runStackRule(statefulResourcesProtected, resources), [
            {
                message:
                    'azure-native:operationalinsights:Workspace "logs": options.protect is false; expected true for a stateful resource. ' +
                    "Fix: create it with `protect: true` (the profile trait protectStatefulResources does this for every stateful resource)",
                urn: "urn:pulumi:test::p::azure-native:operationalinsights:Workspace::logs",
            },
        ]);
    });

    it("takes the stateful types from its config", async () => {
        const resources = good().map((r) => ({ ...r, protect: false }));
        const found = await runStackRule(statefulResourcesProtected, resources, { statefulTypes: ["azure-native:resources:ResourceGroup"] });
        assert.deepEqual(found.map((f) => f.urn), ["urn:pulumi:test::p::azure-native:resources:ResourceGroup::platform"]);
    });
});

stackRuleTable(statefulResourcesProtected, {
    good,
    bad: [["an unprotected workspace", (s) => (s[1].protect = false), "options.protect is false; expected true for a stateful resource"]],
});
