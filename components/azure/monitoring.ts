import * as pulumi from "@pulumi/pulumi";
import * as monitor from "@pulumi/azure-native/monitor";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import type { AzurePlacement } from "./placement";

/** Log Analytics keeps 30 days on the PerGB2018 SKU at no retention charge; less is not offered. */
export const MIN_RETENTION_DAYS = 30;
/** Log Analytics keeps 30 (included) to 730 days of interactive retention on the PerGB2018 SKU. */
export const RETENTION_DAYS = { min: MIN_RETENTION_DAYS, max: 730 } as const;

export interface MonitoringArgs extends AzurePlacement {
    /** Workspace name, from the naming function (`azureName("logAnalyticsWorkspace", ...)`). */
    readonly workspaceName: string;
    /**
     * Days of interactive retention.
     * @default 30 (MIN_RETENTION_DAYS)
     */
    readonly retentionInDays?: number;
    /**
     * Daily ingestion cap in GB; ingestion stops for the day when it is reached.
     * @default - no cap
     */
    readonly dailyQuotaGb?: number;
    /**
     * Create the workspace with `protect: true` (it holds audit logs that must outlive mistakes).
     * @default false
     */
    readonly protect?: boolean;
}

/**
 * The platform's Log Analytics workspace: the sink for Container Insights, AKS control-plane logs
 * (including kube-audit-admin) and the diagnostic settings of ACR and storage. Ingestion and query
 * need Entra ID (local shared-key auth is off), so every agent authenticates with its identity.
 */
export class Monitoring extends pulumi.ComponentResource {
    /** The workspace resource. */
    readonly workspace: operationalinsights.Workspace;
    /** ARM id of the workspace, for diagnostic settings and the AKS monitoring add-on. */
    readonly workspaceId: pulumi.Output<string>;
    /** The workspace's customer id (GUID), for agents and queries. */
    readonly customerId: pulumi.Output<string>;

    constructor(name: string, args: MonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
        super("streaming-platform:azure:Monitoring", name, {}, opts);

        this.workspace = new operationalinsights.Workspace(
            `${name}-workspace`,
            {
                workspaceName: args.workspaceName,
                resourceGroupName: args.resourceGroupName,
                location: args.location,
                sku: { name: operationalinsights.WorkspaceSkuNameEnum.PerGB2018 },
                retentionInDays: args.retentionInDays ?? MIN_RETENTION_DAYS,
                workspaceCapping: args.dailyQuotaGb === undefined ? undefined : { dailyQuotaGb: args.dailyQuotaGb },
                features: {
                    disableLocalAuth: true,
                    enableLogAccessUsingOnlyResourcePermissions: true,
                },
                tags: args.tags,
            },
            { parent: this, protect: args.protect ?? false },
        );
        this.workspaceId = this.workspace.id;
        this.customerId = this.workspace.customerId;

        this.registerOutputs({ workspaceId: this.workspaceId, customerId: this.customerId });
    }

    /**
     * Sends a resource's logs and metrics (the given categories) to the workspace, into
     * resource-specific tables. The setting is a child of this component, named `<name>-diagnostics`.
     */
    collectDiagnostics(name: string, target: DiagnosticsTarget): monitor.DiagnosticSetting {
        if (target.logCategories.length === 0) {
            throw new Error(`diagnostics for ${name}: name at least one log category`);
        }
        return new monitor.DiagnosticSetting(
            `${name}-diagnostics`,
            {
                name: DIAGNOSTIC_SETTING_NAME,
                resourceUri: target.resourceId,
                workspaceId: this.workspaceId,
                logAnalyticsDestinationType: "Dedicated",
                logs: target.logCategories.map((category) => ({ category, enabled: true })),
                metrics: (target.metricCategories ?? ["AllMetrics"]).map((category) => ({ category, enabled: true })),
            },
            { parent: this },
        );
    }
}

/** The name every diagnostic setting of the platform carries (one per resource). */
export const DIAGNOSTIC_SETTING_NAME = "to-platform-logs";

/** What `collectDiagnostics` sends. */
export interface DiagnosticsTarget {
    /** ARM id of the resource (for storage: its blob service). */
    readonly resourceId: pulumi.Input<string>;
    /** Log categories, as the resource type names them (each component exports its list). */
    readonly logCategories: readonly string[];
    /**
     * Metric categories, as the resource type names them (a storage blob service has "Transaction").
     * @default ["AllMetrics"]
     */
    readonly metricCategories?: readonly string[];
}
