import { kubernetesAccessBeforeUse } from "../../../policy/rules/azure/kubernetes-access-before-use";
import { stackRuleTable, type TestResource } from "../../support/policy";

const RG = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/platform-rg";
const CLUSTER = `${RG}/providers/Microsoft.ContainerService/managedClusters/aks`;
const GRAFANA = `${RG}/providers/Microsoft.Dashboard/grafana/grafana`;
const role = (guid: string) => `/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
const RBAC_CLUSTER_ADMIN = role("b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b");
const GRAFANA_ADMIN = role("22926164-76b3-42b3-bc55-97df8dab3e41");
const CONTRIBUTOR = role("b24988ac-6180-42a0-ab88-20f7382dd24c");

const object = (type: string, name: string, props: Record<string, any>, dependsOn: string[] = []): TestResource => ({ type, name, props, dependsOn });

/** The grants on the resource group, made before the cluster and Grafana; the providers wait for both. */
function stack(): TestResource[] {
    return [
        object("azure-native:resources:ResourceGroup", "platform", { id: RG }),
        object("azure-native:authorization:RoleAssignment", "aks-admin", { scope: RG, roleDefinitionId: RBAC_CLUSTER_ADMIN, principalId: "deployer" }, ["platform"]),
        object("azure-native:containerservice:ManagedCluster", "aks-cluster", { id: CLUSTER }, ["platform", "aks-admin"]),
        object("pulumi:providers:kubernetes", "aks-k8s", {}, ["aks-cluster", "aks-admin"]),
        object("azure-native:authorization:RoleAssignment", "grafana-admin", { scope: RG, roleDefinitionId: GRAFANA_ADMIN, principalId: "deployer" }, ["platform"]),
        object("azure-native:dashboard:Grafana", "grafana", { id: GRAFANA }, ["platform", "grafana-admin"]),
        object("pulumi:providers:grafana", "grafana-api", {}, ["grafana", "grafana-admin"]),
        // A provider of some other cluster: nothing in this stack to judge.
        object("pulumi:providers:kubernetes", "kind-k8s", {}),
    ];
}
const named = (s: TestResource[], name: string) => s.find((r) => r.name === name)!;

stackRuleTable(kubernetesAccessBeforeUse, {
    good: stack,
    compliant: [["the role granted on the cluster's subscription", (s) => (named(s, "aks-admin").props.scope = "/subscriptions/00000000-0000-0000-0000-000000000000")]],
    bad: [
        [
            "the grant on the cluster itself (it can only follow the cluster)",
            (s) => {
                Object.assign(named(s, "aks-admin"), { dependsOn: ["aks-cluster"] }).props.scope = CLUSTER;
                named(s, "aks-cluster").dependsOn = ["platform"];
            },
            'pulumi:providers:kubernetes "aks-k8s": dependencies (data-plane access to aks-cluster) is aks-admin (Azure Kubernetes Service RBAC Cluster Admin; aks-cluster does not wait for it, so it may not have propagated at first use)',
        ],
        ["a role without data-plane rights (Contributor)", (s) => (named(s, "aks-admin").props.roleDefinitionId = CONTRIBUTOR), "is no data-plane grant; expected a grant of Azure Kubernetes Service RBAC Cluster Admin"],
        ["a grant on another resource group", (s) => (named(s, "aks-admin").props.scope = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/elsewhere"), 'on "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/elsewhere", which does not contain aks-cluster'],
        ["Grafana created without waiting for its admin grant", (s) => (named(s, "grafana").dependsOn = ["platform"]), 'pulumi:providers:grafana "grafana-api": dependencies (data-plane access to grafana) is grafana-admin (Grafana Admin; grafana does not wait for it'],
        ["a provider that waits for no grant", (s) => (named(s, "aks-k8s").dependsOn = ["aks-cluster"], (named(s, "aks-cluster").dependsOn = ["platform"])), "is no data-plane grant"],
    ],
});
