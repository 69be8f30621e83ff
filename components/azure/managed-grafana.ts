import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { getClientTokenOutput } from "@pulumi/azure-native/authorization/getClientToken";
import * as dashboard from "@pulumi/azure-native/dashboard";
import { Provider as GrafanaProvider } from "@pulumiverse/grafana/provider";
import { Dashboard } from "@pulumiverse/grafana/oss/dashboard";
import { assignRoles, type Principal } from "./roles";
import type { Namer } from "./naming";
import type { AzurePlacement } from "./placement";

/** Azure Managed Grafana's Entra ID application: tokens for its API carry this audience. */
export const GRAFANA_ENTRA_AUDIENCE = "ce34e7e5-485f-4d76-964f-b3d2b16d1e4f";

export interface ManagedGrafanaArgs extends AzurePlacement {
    readonly namer: Namer;
    /** Standard (SLA, zone redundancy) or Essential. */
    readonly sku: "Standard" | "Essential";
    readonly zoneRedundant: boolean;
    /** The Azure Monitor workspace Grafana reads (its managed Prometheus data source). */
    readonly azureMonitorWorkspaceId: pulumi.Input<string>;
    /** Who administers Grafana (the deployer always does: it provisions the dashboards). */
    readonly admins: readonly (Principal & { readonly label: string })[];
    /**
     * The ARM id of Grafana's resource group: the scope of the admins' Grafana Admin grants, made
     * before Grafana so that they have propagated when the dashboards are provisioned.
     */
    readonly resourceGroupId: pulumi.Input<string>;
    /** Folder of Grafana dashboard JSON files (dashboards/ in the repository), provisioned as code. */
    readonly dashboardsDir: string;
}

/**
 * Azure Managed Grafana linked to the Azure Monitor workspace (its identity reads the metrics),
 * Entra ID sign-in with Grafana Admin for the given principals, API keys off, and the repository's
 * dashboards provisioned through Grafana's API with an Entra ID token of the deploying identity.
 */
export class ManagedGrafana extends pulumi.ComponentResource {
    readonly grafana: dashboard.Grafana;
    readonly endpoint: pulumi.Output<string>;
    readonly dashboards: readonly Dashboard[];

    constructor(name: string, args: ManagedGrafanaArgs, opts?: pulumi.ComponentResourceOptions) {
        super("streaming-platform:azure:ManagedGrafana", name, {}, opts);
        const child = { parent: this };
        // Grafana Admin on the resource group, before Grafana exists: Azure propagates the grants
        // while Grafana is created, so the dashboards' API calls are not refused.
        const adminGrants = args.admins.flatMap((admin) =>
            assignRoles(`${name}-admin-${admin.label}`, admin, [{ role: "Grafana Admin", scope: args.resourceGroupId, label: "grafana-admin" }], child),
        );
        this.grafana = new dashboard.Grafana(
            `${name}-grafana`,
            {
                workspaceName: args.namer("grafana", "grafana"),
                resourceGroupName: args.resourceGroupName,
                location: args.location,
                sku: { name: args.sku },
                identity: { type: "SystemAssigned" },
                properties: {
                    apiKey: "Disabled",
                    zoneRedundancy: args.zoneRedundant ? "Enabled" : "Disabled",
                    grafanaIntegrations: { azureMonitorWorkspaceIntegrations: [{ azureMonitorWorkspaceResourceId: args.azureMonitorWorkspaceId }] },
                },
                tags: args.tags,
            },
            // Ordering only (the grants' scope is the resource group): checked by kubernetes-access-before-use.
            { ...child, dependsOn: adminGrants },
        );
        this.endpoint = this.grafana.properties.apply((p) => p.endpoint ?? "");

        // Grafana's identity reads the metrics.
        assignRoles(
            `${name}-reader`,
            { principalId: this.grafana.identity.apply((i) => i?.principalId ?? ""), principalType: "ServicePrincipal" },
            [{ role: "Monitoring Data Reader", scope: args.azureMonitorWorkspaceId, label: "prometheus" }],
            child,
        );

        const token = getClientTokenOutput({ endpoint: GRAFANA_ENTRA_AUDIENCE }, { parent: this });
        const provider = new GrafanaProvider(`${name}-api`, { url: this.endpoint, auth: pulumi.secret(token.token) }, { ...child, dependsOn: adminGrants });
        const files = fs.readdirSync(args.dashboardsDir).filter((f) => f.endsWith(".json")).sort();
        this.dashboards = files.map(
            (file) =>
                new Dashboard(
                    `${name}-dashboard-${file.replace(/\.json$/, "")}`,
                    { configJson: fs.readFileSync(path.join(args.dashboardsDir, file), "utf8"), overwrite: true, message: "provisioned by Pulumi from dashboards/" },
                    { ...child, provider },
                ),
        );
        this.registerOutputs({ endpoint: this.endpoint });
    }
}
