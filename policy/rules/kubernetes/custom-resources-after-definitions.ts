import type { PolicyResource } from "@pulumi/policy";
import { waitsFor } from "../../lib/graph";
import { at, record } from "../../lib/kubernetes";
import { stackRule, show } from "../../lib/rule";

/** A Kubernetes object's type token: kubernetes:<group>/<version>:<Kind>. */
const KUBERNETES_TYPE = /^kubernetes:([^/:]+)\/[^:]+:([A-Za-z0-9]+)$/;
/** Pulumi's own types under kubernetes: that are not objects in the cluster. */
const NOT_OBJECTS = new Set(["helm.sh", "yaml", "kustomize"]);

/**
 * What installs the definitions of a group besides a CustomResourceDefinition in the stack: the
 * chart of a Helm release, or an AKS add-on that the cluster's configuration turns on. Add a row when
 * the platform adopts another operator.
 */
export const DEFINITION_INSTALLERS: Readonly<Record<string, { readonly description: string; readonly installs: (r: PolicyResource) => boolean }>> = {
    "kafka.strimzi.io": { description: "the strimzi-kafka-operator Helm release", installs: (r) => isRelease(r, "strimzi-kafka-operator") },
    "flink.apache.org": { description: "the flink-kubernetes-operator Helm release", installs: (r) => isRelease(r, "flink-kubernetes-operator") },
    // A local cluster's Prometheus: the prometheus-operator's PodMonitor and PrometheusRule.
    "monitoring.coreos.com": { description: "the kube-prometheus-stack Helm release", installs: (r) => isRelease(r, "kube-prometheus-stack") },
    "azmonitoring.coreos.com": {
        description: "the AKS cluster with the managed Prometheus add-on on (azureMonitorProfile.metrics.enabled)",
        installs: (r) => r.type === "azure-native:containerservice:ManagedCluster" && at(r.props, ["azureMonitorProfile", "metrics", "enabled"]) === true,
    },
    // SecretProviderClass: the Secrets Store CSI driver with Azure Key Vault's provider.
    "secrets-store.csi.x-k8s.io": {
        description: "the AKS cluster with the Key Vault secrets provider add-on on (addonProfiles.azureKeyvaultSecretsProvider.enabled)",
        installs: (r) => r.type === "azure-native:containerservice:ManagedCluster" && at(r.props, ["addonProfiles", "azureKeyvaultSecretsProvider", "enabled"]) === true,
    },
};

function isRelease(r: PolicyResource, chart: string): boolean {
    return r.type === "kubernetes:helm.sh/v3:Release" && at(r.props, ["chart"]) === chart;
}

/** The custom API group of a resource type, or undefined for built-in kinds and non-objects. */
export function customGroup(type: string): string | undefined {
    const match = KUBERNETES_TYPE.exec(type);
    if (!match) return undefined;
    const group = match[1];
    const builtIn = !group.includes(".") || group.endsWith(".k8s.io") || NOT_OBJECTS.has(group);
    return builtIn ? undefined : group;
}

/**
 * Custom resources are created only after whatever installs their definitions: a Helm release, an
 * add-on the cluster turns on, or a CustomResourceDefinition. Waiting through the Kubernetes
 * provider alone is not enough: the provider exists before an operator is installed or an add-on is
 * turned on in a later update, so the object would be sent to a cluster that does not know its kind.
 */
export const customResourcesAfterDefinitions = stackRule(
    {
        name: "custom-resources-after-definitions",
        description: "Every custom resource depends, directly or through other resources, on what installs its definition (a Helm release, an AKS add-on, a CustomResourceDefinition).",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Pass the installer in dependsOn (e.g. the operator's release, or the AKS cluster for PodMonitors of the managed Prometheus add-on), or create the CustomResourceDefinition in the stack and depend on it.",
    },
    (resources) =>
        resources.flatMap((resource) => {
            const group = customGroup(resource.type);
            if (!group) return [];
            const kind = KUBERNETES_TYPE.exec(resource.type)![2];
            const installer = DEFINITION_INSTALLERS[group];
            const definesIt = (r: PolicyResource) =>
                (r.type === "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition" && at(record(r.props), ["spec", "group"]) === group) || (installer?.installs(r) ?? false);
            if (waitsFor(resource).some(definesIt)) return [];
            const installers = resources.filter(definesIt);
            const expected = installer ? `a dependency on ${installer.description}` : `a dependency on the CustomResourceDefinition of ${group} (no installer of that group is known)`;
            return [
                {
                    resource,
                    violation: {
                        field: `dependencies (${kind}.${group})`,
                        actual: installers.length > 0 ? `without ${installers.map((r) => r.name).join(", ")}` : show(resource.dependencies.map((d) => d.name)),
                        expected,
                        fix: installers.length > 0 ? `add dependsOn: [${installers.map((r) => r.name).join(", ")}]` : `declare what installs ${group} in the stack and depend on it, or exempt this resource with the reason it is installed elsewhere`,
                    },
                },
            ];
        }),
);
