/**
 * Stage 5, observability: the alert rules and dashboards, on Azure Monitor's managed Prometheus and
 * Managed Grafana, or on Prometheus and Grafana in a local cluster (the same rule groups, the same
 * dashboard files), and what is scraped (each component names its own scrape targets).
 */
import * as path from "node:path";
import { ManagedGrafana } from "../../components/azure/managed-grafana";
import { ManagedPrometheus } from "../../components/azure/managed-prometheus";
import { kafkaScrapeTargets } from "../../components/kafka/kafka-cluster";
import { topicName } from "../../components/kafka/topic-plan";
import { appServiceScrapeTarget } from "../../components/kubernetes/app-service";
import { flinkJobScrapeTarget } from "../../components/kubernetes/flink-job";
import { redisScrapeTarget } from "../../components/kubernetes/redis";
import { ScrapeTargets } from "../../components/kubernetes/scrape-targets";
import { catalogScrapeTarget } from "../../components/lakehouse/catalog-plan";
import { planAlertRules, type RuleGroup } from "../../components/observability/alert-rules";
import { ClusterMonitoring } from "../../components/observability/cluster-monitoring";
import type * as pulumi from "@pulumi/pulumi";
import type { Provider } from "@pulumi/kubernetes/provider";
import { azureTraits } from "../../stacks/profiles";
import type { PlatformConfig, Settings } from "../config";
import { APP_WORKLOADS, KAFKA, LAKEHOUSE, NAMESPACES, type AppServiceName, type AppWorkload, type FlinkJobName } from "../workloads";
import type { DataAndMessaging } from "./data-and-messaging";
import type { AzureFoundation, Foundation } from "./foundation";
import { LOCAL_NAMESPACES } from "./local-foundation";

export interface Observability {
    /** Where Prometheus answers PromQL. */
    readonly prometheusQueryEndpoint: pulumi.Output<string>;
    /** Where Grafana answers. */
    readonly grafanaEndpoint: pulumi.Output<string>;
    /** Azure: managed Prometheus and Managed Grafana; local: kube-prometheus-stack. */
    readonly monitoring: { readonly kind: "azure"; readonly prometheus: ManagedPrometheus; readonly grafana: ManagedGrafana } | { readonly kind: "local"; readonly stack: ClusterMonitoring };
    readonly scrapeTargets: ScrapeTargets;
}

/** The platform's alert rule groups for the stack's thresholds and topic catalog (every target, and compose, alert alike). */
export function platformAlertRules(settings: Settings): RuleGroup[] {
    return planAlertRules(
        {
            consumerLagMessages: settings.alertConsumerLagMessages,
            containerRestarts: settings.alertContainerRestarts,
            usagePercent: settings.alertUsagePercent,
            redisMemoryPercent: settings.alertRedisMemoryPercent,
            checkpointIntervalSeconds: settings.flinkCheckpointIntervalSeconds,
        },
        settings.kafkaTopics.filter((e) => e.consumers.length > 0).map((e) => ({ topic: topicName(e), threshold: e.lagAlertThreshold ?? settings.alertConsumerLagMessages })),
    );
}

export function createObservability(config: PlatformConfig, projectDir: string, foundation: Foundation, data: DataAndMessaging): Observability {
    const { settings } = config;
    const ruleGroups = platformAlertRules(settings);
    const dashboardsDir = path.join(projectDir, "dashboards");
    // The monitoring of the target, and what installs the PodMonitor definition the scrape targets are:
    // the AKS cluster's managed Prometheus add-on (azureMonitorProfile), or the local stack's chart.
    const { monitoring, podMonitorDefinition } =
        foundation.kind === "azure"
            ? { monitoring: { kind: "azure" as const, ...azureMonitoring(config, foundation, ruleGroups, dashboardsDir) }, podMonitorDefinition: foundation.cluster.cluster as pulumi.Resource }
            : localMonitoring(config, foundation.provider, data, ruleGroups, dashboardsDir);
    const scraped = (settings.appServices as readonly AppServiceName[]).filter((s) => (APP_WORKLOADS[s] as AppWorkload).metrics);
    const scrapeTargets = new ScrapeTargets(
        "scrape",
        {
            targets: [
                ...scraped.map((s) => appServiceScrapeTarget(s, APP_WORKLOADS[s].namespace)),
                redisScrapeTarget(NAMESPACES.data.name),
                catalogScrapeTarget(LAKEHOUSE.catalog, NAMESPACES.lakehouse.name),
                ...(settings.flinkJobs as readonly FlinkJobName[]).map((job) => flinkJobScrapeTarget(job, NAMESPACES.flink.name)),
                ...(data.kafka ? kafkaScrapeTargets(KAFKA.cluster, NAMESPACES.kafka.name) : []),
            ],
            api: foundation.podMonitorApi,
            provider: foundation.provider,
            dependsOn: [podMonitorDefinition, data.namespaces],
        },
    );
    return {
        prometheusQueryEndpoint: monitoring.kind === "azure" ? monitoring.prometheus.queryEndpoint : monitoring.stack.queryEndpoint,
        grafanaEndpoint: monitoring.kind === "azure" ? monitoring.grafana.endpoint : monitoring.stack.grafanaEndpoint,
        monitoring,
        scrapeTargets,
    };
}

/** kube-prometheus-stack in the local cluster, with the rule groups and the dashboards. */
function localMonitoring(config: PlatformConfig, provider: Provider, data: DataAndMessaging, ruleGroups: readonly RuleGroup[], dashboardsDir: string) {
    const target = config.profile.traits.target;
    if (target.kind !== "local") throw new Error(`profile ${config.profile.name}: in-cluster monitoring is for local stacks`);
    const stack = new ClusterMonitoring("monitoring", {
        namespace: data.namespaces.names[LOCAL_NAMESPACES.monitoring.name],
        ruleGroups,
        runbookBaseUrl: config.settings.runbookBaseUrl,
        dashboardsDir,
        retention: target.observability.retention,
        storageSize: target.observability.storageSize,
        provider,
    });
    return { monitoring: { kind: "local" as const, stack }, podMonitorDefinition: stack.release as pulumi.Resource };
}

/** Managed Prometheus with the rule groups, Managed Grafana with the dashboards. */
function azureMonitoring(config: PlatformConfig, { name, resourceGroup, cluster, admins }: AzureFoundation, ruleGroups: readonly RuleGroup[], dashboardsDir: string) {
    const { settings, tags } = config;
    const azure = azureTraits(config.profile);
    const placement = { resourceGroupName: resourceGroup.name, location: resourceGroup.location };
    const prometheus = new ManagedPrometheus("prometheus", {
        ...placement,
        namer: name,
        clusterId: cluster.clusterId,
        clusterName: cluster.clusterName,
        ruleGroups,
        alertEmails: settings.alertEmails,
        runbookBaseUrl: settings.runbookBaseUrl,
        protect: config.profile.traits.protectStatefulResources,
        tags,
    });
    const grafana = new ManagedGrafana("grafana", {
        ...placement,
        namer: name,
        sku: azure.grafana.sku,
        zoneRedundant: azure.grafana.zoneRedundant,
        azureMonitorWorkspaceId: prometheus.workspaceId,
        admins,
        resourceGroupId: resourceGroup.id,
        dashboardsDir,
        tags,
    });
    return { prometheus, grafana };
}
