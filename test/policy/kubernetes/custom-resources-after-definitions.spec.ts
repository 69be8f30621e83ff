import * as assert from "node:assert/strict";
import { customGroup, customResourcesAfterDefinitions } from "../../../policy/rules/kubernetes/custom-resources-after-definitions";
import { stackRuleTable, type TestResource } from "../../support/policy";

const object = (type: string, name: string, props: Record<string, any> = {}, dependsOn: string[] = []): TestResource => ({ type, name, props, dependsOn });

/** A cluster with the metrics add-on, two operator releases, a CRD of the stack's own, and custom resources that wait for each. */
function stack(): TestResource[] {
    return [
        object("azure-native:containerservice:ManagedCluster", "aks-cluster", { azureMonitorProfile: { metrics: { enabled: true } } }),
        object("kubernetes:helm.sh/v3:Release", "strimzi-release", { chart: "strimzi-kafka-operator" }, ["aks-cluster"]),
        object("kubernetes:helm.sh/v3:Release", "flink-operator-release", { chart: "flink-kubernetes-operator" }, ["aks-cluster"]),
        object("kubernetes:kafka.strimzi.io/v1:Kafka", "kafka", { metadata: { name: "platform" } }, ["strimzi-release"]),
        object("kubernetes:flink.apache.org/v1beta1:FlinkDeployment", "flink-job", { metadata: { name: "event-count" } }, ["flink-operator-release"]),
        object("kubernetes:azmonitoring.coreos.com/v1:PodMonitor", "scrape-api", { metadata: { name: "api" } }, ["aks-cluster"]),
        // A local cluster's Prometheus (kube-prometheus-stack) and what it defines.
        object("kubernetes:helm.sh/v3:Release", "monitoring-stack", { chart: "kube-prometheus-stack" }),
        object("kubernetes:monitoring.coreos.com/v1:PrometheusRule", "monitoring-rules-kafka", { metadata: { name: "alerts-kafka" } }, ["monitoring-stack"]),
        object("kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition", "widgets-crd", { spec: { group: "example.com" } }),
        object("kubernetes:core/v1:ConfigMap", "widget-config", {}, ["widgets-crd"]),
        // Waits for the CRD through the ConfigMap: a dependency of a dependency counts.
        object("kubernetes:example.com/v1:Widget", "widget", {}, ["widget-config"]),
        object("kubernetes:apps/v1:Deployment", "api", {}),
        object("kubernetes:networking.k8s.io/v1:NetworkPolicy", "api-network-policy", {}),
    ];
}
const named = (s: TestResource[], name: string) => s.find((r) => r.name === name)!;

stackRuleTable(customResourcesAfterDefinitions, {
    good: stack,
    bad: [
        ["a PodMonitor that waits for nothing (only its provider)", (s) => (named(s, "scrape-api").dependsOn = []), 'is without aks-cluster; expected a dependency on the AKS cluster with the managed Prometheus add-on on'],
        ["a PodMonitor on a cluster without the metrics add-on", (s) => (named(s, "aks-cluster").props.azureMonitorProfile.metrics.enabled = false), 'dependencies (PodMonitor.azmonitoring.coreos.com) is ["aks-cluster"]; expected a dependency on the AKS cluster with the managed Prometheus add-on on'],
        ["a Kafka that waits for the wrong operator", (s) => (named(s, "kafka").dependsOn = ["flink-operator-release"]), "is without strimzi-release; expected a dependency on the strimzi-kafka-operator Helm release. Fix: add dependsOn: [strimzi-release]"],
        ["a PrometheusRule before the local Prometheus's chart", (s) => (named(s, "monitoring-rules-kafka").dependsOn = []), "is without monitoring-stack; expected a dependency on the kube-prometheus-stack Helm release"],
        ["a custom resource whose chain to its CRD is broken", (s) => (named(s, "widget-config").dependsOn = []), "is without widgets-crd; expected a dependency on the CustomResourceDefinition of example.com"],
        ["a custom resource nothing in the stack defines", (s) => s.push(object("kubernetes:cert-manager.io/v1:Certificate", "tls-cert")), "expected a dependency on the CustomResourceDefinition of cert-manager.io (no installer of that group is known)"],
    ],
});

describe("policy custom-resources-after-definitions: which types are custom resources", () => {
    it("built-in groups, *.k8s.io groups and Pulumi's own kubernetes types are not; anything else with a dotted group is", () => {
        assert.equal(customGroup("kubernetes:apps/v1:Deployment"), undefined);
        assert.equal(customGroup("kubernetes:core/v1:Secret"), undefined);
        assert.equal(customGroup("kubernetes:networking.k8s.io/v1:NetworkPolicy"), undefined);
        assert.equal(customGroup("kubernetes:helm.sh/v3:Release"), undefined);
        assert.equal(customGroup("azure-native:containerservice:ManagedCluster"), undefined);
        assert.equal(customGroup("kubernetes:kafka.strimzi.io/v1:KafkaNodePool"), "kafka.strimzi.io");
        assert.equal(customGroup("kubernetes:azmonitoring.coreos.com/v1:PodMonitor"), "azmonitoring.coreos.com");
    });
});
