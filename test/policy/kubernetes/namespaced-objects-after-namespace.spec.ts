import { namespacedObjectsAfterNamespace } from "../../../policy/rules/kubernetes/namespaced-objects-after-namespace";
import { stackRuleTable, type TestResource } from "../../support/policy";

const object = (type: string, name: string, props: Record<string, any> = {}, dependsOn: string[] = []): TestResource => ({ type, name, props, dependsOn });

/** Two namespaces of the stack, objects that wait for theirs (directly, or through another object), and objects elsewhere. */
function stack(): TestResource[] {
    return [
        object("kubernetes:core/v1:Namespace", "namespaces-apps", { metadata: { name: "apps" } }),
        object("kubernetes:core/v1:Namespace", "namespaces-kafka", { metadata: { name: "kafka" } }),
        object("kubernetes:core/v1:ConfigMap", "app-api-config", { metadata: { name: "api", namespace: "apps" } }, ["namespaces-apps"]),
        // Through the ConfigMap: a dependency of a dependency counts.
        object("kubernetes:apps/v1:Deployment", "app-api-deployment", { metadata: { name: "api", namespace: "apps" } }, ["app-api-config"]),
        object("kubernetes:helm.sh/v3:Release", "kafka-operator", { chart: "strimzi-kafka-operator", namespace: "kafka" }, ["namespaces-kafka"]),
        // Namespaces the stack does not create, and cluster-scoped objects, are not its business.
        object("kubernetes:core/v1:ConfigMap", "ama-metrics-settings", { metadata: { name: "ama-metrics-settings-configmap", namespace: "kube-system" } }),
        object("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", "reader", { metadata: { name: "reader" } }),
    ];
}
const named = (s: TestResource[], name: string) => s.find((r) => r.name === name)!;

stackRuleTable(namespacedObjectsAfterNamespace, {
    good: stack,
    bad: [
        [
            "a ConfigMap that does not wait for its namespace, and the Deployment that waited through it",
            (s) => (named(s, "app-api-config").dependsOn = []),
            'dependencies (metadata.namespace) is without namespaces-apps, the Namespace apps; expected a dependency on namespaces-apps, which creates namespace apps. Fix: name the namespace by namespaces-apps\'s output (a data link), or add dependsOn: [namespaces-apps]',
            2,
        ],
        ["a Helm release installed before its namespace", (s) => (named(s, "kafka-operator").dependsOn = []), 'kubernetes:helm.sh/v3:Release "kafka-operator": dependencies (namespace) is without namespaces-kafka'],
    ],
});
