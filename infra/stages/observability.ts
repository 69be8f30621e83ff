/**
 * Stage 5, observability: managed Prometheus with the alert rules, Managed Grafana with the
 * dashboards, and what is scraped (each component names its own scrape targets).
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
import { planAlertRules } from "../../components/observability/alert-rules";
import type { PlatformConfig } from "../config";
import { APP_WORKLOADS, KAFKA, LAKEHOUSE, NAMESPACES, type AppServiceName, type AppWorkload, type FlinkJobName } from "../workloads";
import type { DataAndMessaging } from "./data-and-messaging";
import type { Foundation } from "./foundation";

export interface Observability {
    readonly prometheus: ManagedPrometheus;
    readonly grafana: ManagedGrafana;
    readonly scrapeTargets: ScrapeTargets;
}

export function createObservability(config: PlatformConfig, projectDir: string, { name, resourceGroup, cluster, admins }: Foundation, data: DataAndMessaging): Observability {
    const { settings, tags } = config;
    const { traits } = config.profile;
    const placement = { resourceGroupName: resourceGroup.name, location: resourceGroup.location };

    const prometheus = new ManagedPrometheus("prometheus", {
        ...placement,
        namer: name,
        clusterId: cluster.clusterId,
        clusterName: cluster.clusterName,
        ruleGroups: planAlertRules(
            {
                consumerLagMessages: settings.alertConsumerLagMessages,
                containerRestarts: settings.alertContainerRestarts,
                usagePercent: settings.alertUsagePercent,
                redisMemoryPercent: settings.alertRedisMemoryPercent,
                checkpointIntervalSeconds: settings.flinkCheckpointIntervalSeconds,
            },
            settings.kafkaTopics.filter((e) => e.consumers.length > 0).map((e) => ({ topic: topicName(e), threshold: e.lagAlertThreshold ?? settings.alertConsumerLagMessages })),
        ),
        alertEmails: settings.alertEmails,
        runbookBaseUrl: settings.runbookBaseUrl,
        protect: traits.protectStatefulResources,
        tags,
    });
    const grafana = new ManagedGrafana("grafana", {
        ...placement,
        namer: name,
        sku: traits.grafana.sku,
        zoneRedundant: traits.grafana.zoneRedundant,
        azureMonitorWorkspaceId: prometheus.workspaceId,
        admins,
        resourceGroupId: resourceGroup.id,
        dashboardsDir: path.join(projectDir, "dashboards"),
        tags,
    });
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
            provider: cluster.provider,
            // The add-on that installs PodMonitor comes with the cluster (azureMonitorProfile).
            dependsOn: [cluster.cluster, data.namespaces],
        },
    );
    return { prometheus, grafana, scrapeTargets };
}
