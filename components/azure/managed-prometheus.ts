import * as pulumi from "@pulumi/pulumi";
import * as alertsmanagement from "@pulumi/azure-native/alertsmanagement";
import * as monitor from "@pulumi/azure-native/monitor";
import type { RuleGroup } from "../observability/alert-rules";
import type { Namer } from "./naming";
import type { AzurePlacement } from "./placement";

/** Azure Monitor's limit on an action group's short name (shown in SMS and e-mails). */
const SHORT_NAME_LENGTH = 12;
/** Minutes after which a resolved condition closes its alert. */
const AUTO_RESOLVE = "PT10M";

export interface ManagedPrometheusArgs extends AzurePlacement {
    readonly namer: Namer;
    /** The AKS cluster whose metrics are collected (its metrics profile must be enabled). */
    readonly clusterId: pulumi.Input<string>;
    readonly clusterName: pulumi.Input<string>;
    /** The alert rules (planAlertRules). */
    readonly ruleGroups: readonly RuleGroup[];
    /** E-mail receivers of every alert (the prod profile requires some; dev may have none). */
    readonly alertEmails: readonly string[];
    /** Base URL of the runbooks (docs/runbooks in the repository); each alert links `<base>/<runbook>.md`. */
    readonly runbookBaseUrl: string;
    /**
     * Protect the Azure Monitor workspace (the metrics' history).
     * @default false
     */
    readonly protect?: boolean;
}

/**
 * Azure Monitor managed Prometheus for the cluster: an Azure Monitor workspace, the data collection
 * endpoint and rule that forward the cluster's Prometheus metrics to it, the rule's association
 * with the cluster, an action group of the configured receivers, and one Prometheus rule group per
 * area of alerts, each alert linking its runbook.
 */
export class ManagedPrometheus extends pulumi.ComponentResource {
    readonly workspace: monitor.AzureMonitorWorkspace;
    readonly workspaceId: pulumi.Output<string>;
    /** The PromQL endpoint Grafana and people query. */
    readonly queryEndpoint: pulumi.Output<string>;
    readonly actionGroupId: pulumi.Output<string>;
    readonly ruleGroups: readonly alertsmanagement.PrometheusRuleGroup[];

    constructor(name: string, args: ManagedPrometheusArgs, opts?: pulumi.ComponentResourceOptions) {
        super("streaming-platform:azure:ManagedPrometheus", name, {}, opts);
        const { resourceGroupName, location, tags } = args;
        const child = { parent: this };

        this.workspace = new monitor.AzureMonitorWorkspace(
            `${name}-workspace`,
            { azureMonitorWorkspaceName: args.namer("azureMonitorWorkspace", "prom"), resourceGroupName, location, tags },
            { ...child, protect: args.protect ?? false },
        );
        this.workspaceId = this.workspace.id;
        this.queryEndpoint = this.workspace.metrics.apply((m) => m?.prometheusQueryEndpoint ?? "");

        const endpoint = new monitor.DataCollectionEndpoint(
            `${name}-endpoint`,
            { dataCollectionEndpointName: args.namer("dataCollectionEndpoint", "prom"), resourceGroupName, location, kind: "Linux", tags },
            child,
        );
        const rule = new monitor.DataCollectionRule(
            `${name}-rule`,
            {
                dataCollectionRuleName: args.namer("dataCollectionRule", "prom"),
                resourceGroupName,
                location,
                kind: "Linux",
                dataCollectionEndpointId: endpoint.id,
                dataSources: { prometheusForwarder: [{ name: "PrometheusDataSource", streams: ["Microsoft-PrometheusMetrics"], labelIncludeFilter: {} }] },
                destinations: { monitoringAccounts: [{ name: "MonitoringAccount", accountResourceId: this.workspace.id }] },
                dataFlows: [{ streams: ["Microsoft-PrometheusMetrics"], destinations: ["MonitoringAccount"] }],
                tags,
            },
            child,
        );
        new monitor.DataCollectionRuleAssociation(
            `${name}-association`,
            { associationName: "ContainerInsightsMetricsExtension", resourceUri: args.clusterId, dataCollectionRuleId: rule.id },
            child,
        );

        const actionGroup = new monitor.ActionGroup(
            `${name}-receivers`,
            {
                actionGroupName: args.namer("actionGroup", "alerts"),
                resourceGroupName,
                location: "Global",
                groupShortName: "platform".slice(0, SHORT_NAME_LENGTH),
                enabled: true,
                emailReceivers: args.alertEmails.map((address, i) => ({ name: `email-${i}`, emailAddress: address, useCommonAlertSchema: true })),
                tags,
            },
            child,
        );
        this.actionGroupId = actionGroup.id;

        const base = args.runbookBaseUrl.replace(/\/+$/, "");
        this.ruleGroups = args.ruleGroups.map(
            (group) =>
                new alertsmanagement.PrometheusRuleGroup(
                    `${name}-rules-${group.name}`,
                    {
                        ruleGroupName: args.namer("prometheusRuleGroup", `alerts-${group.name}`),
                        resourceGroupName,
                        location,
                        description: group.description,
                        clusterName: args.clusterName,
                        scopes: [this.workspace.id, args.clusterId],
                        interval: "PT1M",
                        enabled: true,
                        rules: group.rules.map((r) => ({
                            alert: r.alert,
                            expression: r.expression,
                            for: `PT${Math.max(r.forMinutes, 1)}M`,
                            severity: r.severity,
                            enabled: true,
                            labels: { area: group.name },
                            annotations: { summary: r.summary, description: r.description, runbook_url: `${base}/${r.runbook}.md` },
                            actions: [{ actionGroupId: actionGroup.id }],
                            resolveConfiguration: { autoResolved: true, timeToResolve: AUTO_RESOLVE },
                        })),
                        tags,
                    },
                    child,
                ),
        );

        this.registerOutputs({ workspaceId: this.workspaceId, actionGroupId: this.actionGroupId });
    }
}
