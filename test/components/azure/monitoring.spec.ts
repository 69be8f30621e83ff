import * as assert from "node:assert/strict";
import { DIAGNOSTIC_SETTING_NAME, Monitoring, MIN_RETENTION_DAYS } from "../../../components/azure/monitoring";
import { capture, valueOf } from "../../support/harness";

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
        assert.match(await valueOf(captured.value.customerId), /^00000000-/);
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

    it("sends a resource's log categories and all metrics to the workspace, as its own children", async () => {
        const captured = await capture(() => {
            const monitoring = new Monitoring("mon-diag", { resourceGroupName: "rg", location: "westeurope", workspaceName: "p-dev-logs" });
            monitoring.collectDiagnostics("thing", { resourceId: "/subscriptions/s/resourceGroups/rg/providers/X/y/z", logCategories: ["A", "B"] });
            return monitoring;
        });
        const setting = captured.one("azure-native:monitor:DiagnosticSetting");
        assert.equal(setting.name, "thing-diagnostics");
        assert.equal(setting.parent, captured.one("streaming-platform:azure:Monitoring").urn);
        assert.equal(setting.inputs.name, DIAGNOSTIC_SETTING_NAME);
        assert.equal(setting.inputs.workspaceId, await valueOf(captured.value.workspaceId));
        assert.equal(setting.inputs.logAnalyticsDestinationType, "Dedicated");
        assert.deepEqual(setting.inputs.logs, [
            { category: "A", enabled: true },
            { category: "B", enabled: true },
        ]);
        assert.deepEqual(setting.inputs.metrics, [{ category: "AllMetrics", enabled: true }]);
    });

    it("refuses diagnostics without a log category", async () => {
        await capture(() => {
            const monitoring = new Monitoring("mon-diag-empty", { resourceGroupName: "rg", location: "westeurope", workspaceName: "p-dev-logs" });
            assert.throws(() => monitoring.collectDiagnostics("thing", { resourceId: "id", logCategories: [] }), /diagnostics for thing: name at least one log category/);
        });
    });
});

