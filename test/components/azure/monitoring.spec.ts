import * as assert from "node:assert/strict";
import { Monitoring, MIN_RETENTION_DAYS } from "../../../components/azure/monitoring";
import { capture } from "../../support/harness";

const WORKSPACE = "azure-native:operationalinsights:Workspace";

describe("components/azure/Monitoring", () => {
    it("creates a PerGB2018 workspace with Entra-only access, parented to the component", async () => {
        const captured = await capture(
            () => new Monitoring("mon-defaults", { resourceGroupName: "rg", location: "westeurope", workspaceName: "p-dev-logs" }),
        );
        const component = captured.one("streaming-platform:azure:Monitoring");
        const workspace = captured.one(WORKSPACE);
        assert.equal(workspace.parent, component.urn);
        assert.equal(workspace.name, "mon-defaults-workspace");
        assert.deepEqual(workspace.inputs.sku, { name: "PerGB2018" });
        assert.equal(workspace.inputs.retentionInDays, MIN_RETENTION_DAYS);
        assert.deepEqual(workspace.inputs.features, { disableLocalAuth: true, enableLogAccessUsingOnlyResourcePermissions: true });
        assert.equal(workspace.inputs.workspaceCapping, undefined);
        assert.equal(workspace.protect, false);
        assert.match(await promiseOf(captured.value.customerId), /^00000000-/);
    });

    it("applies retention, daily cap, protection and tags from its args", async () => {
        const captured = await capture(
            () =>
                new Monitoring("mon-prod", {
                    resourceGroupName: "rg",
                    location: "westeurope",
                    workspaceName: "p-prod-logs",
                    retentionInDays: 90,
                    dailyQuotaGb: 5,
                    protect: true,
                    tags: { owner: "platform-team" },
                }),
        );
        const workspace = captured.one(WORKSPACE);
        assert.equal(workspace.inputs.retentionInDays, 90);
        assert.deepEqual(workspace.inputs.workspaceCapping, { dailyQuotaGb: 5 });
        assert.deepEqual(workspace.inputs.tags, { owner: "platform-team" });
        assert.equal(workspace.protect, true);
    });
});

function promiseOf<T>(output: { apply<U>(f: (t: T) => U): unknown }): Promise<T> {
    return new Promise((resolve) => output.apply((v) => resolve(v)));
}
