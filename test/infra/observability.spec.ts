/** Observability in the whole program: the metrics pipeline, alerts, receivers, dashboards and scraping per stack. */
import * as assert from "node:assert/strict";
import { plannedStack, runPlanCli, writeStackFile } from "../support/harness";

interface PlannedResource {
    type: string;
    name: string;
    inputs: any;
    dependencies: string[];
}
const ofType = (stack: "dev" | "prod", type: string): PlannedResource[] => plannedStack(stack).plan.resources.filter((r: PlannedResource) => r.type === type);

describe("infra observability (whole program)", function () {
    this.timeout(120_000);

    for (const stack of ["dev", "prod"] as const) {
        it(`${stack}: managed Prometheus (workspace, endpoint, rule, association), the cluster's metrics profile, rule groups and the action group`, () => {
            for (const type of ["azure-native:monitor:AzureMonitorWorkspace", "azure-native:monitor:DataCollectionEndpoint", "azure-native:monitor:ActionGroup"]) {
                assert.equal(ofType(stack, type).length, 1, type);
            }
            const rule = ofType(stack, "azure-native:monitor:DataCollectionRule").find((r) => r.inputs.dataSources?.prometheusForwarder);
            assert.ok(rule, "a Prometheus forwarding data collection rule");
            assert.deepEqual(rule!.inputs.dataFlows, [{ streams: ["Microsoft-PrometheusMetrics"], destinations: ["MonitoringAccount"] }]);
            assert.ok(ofType(stack, "azure-native:monitor:DataCollectionRuleAssociation").some((a) => a.name === "prometheus-association"));
            assert.equal(ofType(stack, "azure-native:containerservice:ManagedCluster")[0].inputs.azureMonitorProfile.metrics.enabled, true);
            const groups = ofType(stack, "azure-native:alertsmanagement:PrometheusRuleGroup");
            assert.deepEqual(groups.map((g) => g.name.replace("prometheus-rules-", "")).sort(), ["capacity", "flink", "kafka", "lakehouse", "redis", "workloads"]);
            const actionGroup = ofType(stack, "azure-native:monitor:ActionGroup")[0];
            for (const group of groups) {
                for (const rule of group.inputs.rules) {
                    assert.match(rule.annotations.runbook_url, /\/docs\/runbooks\/[a-z-]+\.md$/);
                    assert.ok(rule.annotations.summary && rule.annotations.description, rule.alert);
                    assert.equal(rule.actions[0].actionGroupId, `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/streaming-platform-${stack}-rg/providers/Microsoft.Insights/actionGroups/${actionGroup.inputs.actionGroupName}`);
                }
            }
        });

        it(`${stack}: every workload that should be scraped is (api, worker, Redis, Flink, Kafka brokers and exporter, the lake catalog), on a declared port`, () => {
            const monitors = ofType(stack, "kubernetes:azmonitoring.coreos.com/v1:PodMonitor");
            assert.deepEqual(monitors.map((m) => m.inputs.metadata.name).sort(), ["api", "flink-event-count", "kafka-brokers", "kafka-exporter", "lakekeeper", "redis", "worker"]);
            const redis = ofType(stack, "kubernetes:apps/v1:StatefulSet")[0].inputs.spec.template.spec.containers;
            assert.ok(redis.some((c: any) => c.name === "metrics" && c.ports[0].name === "metrics"), "redis_exporter beside Redis");
            const flink = ofType(stack, "kubernetes:flink.apache.org/v1beta1:FlinkDeployment")[0].inputs.spec;
            assert.equal(flink.flinkConfiguration["metrics.reporter.prom.factory.class"], "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
            const kafka = ofType(stack, "kubernetes:kafka.strimzi.io/v1:Kafka")[0].inputs.spec;
            assert.equal(kafka.kafka.metricsConfig.type, "jmxPrometheusExporter");
            assert.deepEqual([kafka.kafkaExporter?.topicRegex, kafka.kafkaExporter?.groupRegex], [".*", ".*"], "Kafka Exporter watches every topic and group (consumer lag)");
            const apiPolicy = ofType(stack, "kubernetes:networking.k8s.io/v1:NetworkPolicy").find((p) => p.inputs.metadata.name === "api")!;
            assert.ok(JSON.stringify(apiPolicy.inputs.spec.ingress).includes('"rsName":"ama-metrics"'), "the scraper may reach the api's port");
        });

        it(`${stack}: each PodMonitor waits for the cluster (whose metrics add-on defines PodMonitor) and for its namespace`, () => {
            for (const monitor of ofType(stack, "kubernetes:azmonitoring.coreos.com/v1:PodMonitor")) {
                const waitsFor = (monitor.dependencies as string[]).map((urn) => urn.split("::").pop());
                assert.ok(waitsFor.includes("aks-cluster"), `${monitor.name}: ${waitsFor.join(", ")}`);
                assert.ok(waitsFor.includes(`namespaces-${monitor.inputs.metadata.namespace}`), `${monitor.name}: ${waitsFor.join(", ")}`);
            }
        });
    }

    it("prod: Managed Grafana (Standard, zone redundant) on the workspace, with the dashboard provisioned; receivers from config", () => {
        const [grafana] = ofType("prod", "azure-native:dashboard:Grafana");
        assert.equal(grafana.inputs.sku.name, "Standard");
        assert.equal(grafana.inputs.properties.zoneRedundancy, "Enabled");
        assert.equal(grafana.inputs.properties.apiKey, "Disabled");
        assert.equal(grafana.inputs.properties.grafanaIntegrations.azureMonitorWorkspaceIntegrations.length, 1);
        const [dashboard] = ofType("prod", "grafana:oss/dashboard:Dashboard");
        assert.equal(JSON.parse(dashboard.inputs.configJson).uid, "streaming-platform-overview");
        assert.deepEqual(ofType("prod", "azure-native:monitor:ActionGroup")[0].inputs.emailReceivers.map((r: any) => r.emailAddress), ["platform-oncall@example.com"]);
    });

    it("prod without alert receivers fails with a clear error", () => {
        const stackFile = writeStackFile({ apiServerAccess: "private" });
        const run = runPlanCli(["--stack", "prod", "--stack-file", stackFile]);
        assert.equal(run.code, 2);
        assert.match(run.stderr, /- alertEmails = \(not set\): expected a value: the prod profile requires it \(a list of up to 20 e-mail addresses\)/);
    });
});
