/**
 * The whole program per stack, as `npm run plan` runs it: what the Azure foundation looks like in
 * dev and prod, read from plan.json.
 */
import * as assert from "node:assert/strict";
import { STATEFUL_NODES } from "../../components/azure/aks-cluster";
import { BUILTIN_ROLES } from "../../components/azure/roles";
import { plannedStack, REPO_ROOT } from "../support/harness";
import { readProjectFile, readStackConfig } from "../../tools/plan/stack-files";
import { statefulResourcesProtected } from "../../policy/rules/azure/stateful-resources-protected";

interface PlannedResource {
    urn: string;
    type: string;
    name: string;
    parent: string | null;
    protect: boolean;
    inputs: Record<string, any>;
    dependencies: string[];
}

function resources(stack: "dev" | "prod"): PlannedResource[] {
    const run = plannedStack(stack);
    assert.equal(run.code, 0, run.stderr + run.stdout);
    return run.plan.resources;
}
/** prod's runnerVnetIds, read from Pulumi.prod.yaml (their one home). */
const PROD_RUNNERS = readStackConfig(REPO_ROOT, readProjectFile(REPO_ROOT), "prod").config["streaming-platform:runnerVnetIds"];
const ofType = (stack: "dev" | "prod", type: string) => resources(stack).filter((r) => r.type === type);
const one = (stack: "dev" | "prod", type: string) => {
    const found = ofType(stack, type);
    assert.equal(found.length, 1, `${stack}: one ${type}`);
    return found[0];
};
const roleOf = (assignment: PlannedResource) =>
    (Object.entries(BUILTIN_ROLES).find(([, guid]) => String(assignment.inputs.roleDefinitionId).endsWith(guid)) ?? ["?"])[0];

/** The types the pack's stateful-resources-protected rule names: the program protects exactly these in prod. */
const STATEFUL = (statefulResourcesProtected.configSchema!.properties!.statefulTypes as { default: string[] }).default;

describe("infra/platform (whole program, per stack)", function () {
    this.timeout(120_000);

    it("prod: the cluster with every aks-baseline setting", () => {
        const cluster = one("prod", "azure-native:containerservice:ManagedCluster").inputs;
        assert.equal(cluster.disableLocalAccounts, true);
        assert.deepEqual(cluster.aadProfile, { managed: true, enableAzureRBAC: true });
        assert.deepEqual(cluster.sku, { name: "Base", tier: "Standard" });
        assert.equal(cluster.apiServerAccessProfile.enablePrivateCluster, true);
        assert.deepEqual(cluster.agentPoolProfiles[0].availabilityZones, ["1", "2", "3"]);
        assert.equal(cluster.securityProfile.defender.securityMonitoring.enabled, true);
        assert.equal(cluster.networkProfile.networkPluginMode, "overlay");
        assert.equal(cluster.addonProfiles.azurepolicy.enabled, true);
        assert.equal(cluster.addonProfiles.azureKeyvaultSecretsProvider.config.enableSecretRotation, "true");
        const pools = ofType("prod", "azure-native:containerservice:AgentPool");
        assert.deepEqual(pools.find((p) => p.name === "aks-pool-user")!.inputs.availabilityZones, ["1", "2", "3"]);
        // Kafka and Redis keep zonal disks: a pool per zone, labelled and tainted for them, and they run only there.
        const stateful = pools.filter((p) => p.name.startsWith("aks-pool-stateful-"));
        assert.deepEqual(stateful.map((p) => p.inputs.availabilityZones), [["1"], ["2"], ["3"]]);
        for (const pool of stateful) {
            assert.deepEqual(pool.inputs.nodeLabels, { [STATEFUL_NODES.labelKey]: STATEFUL_NODES.labelValue });
            assert.deepEqual(pool.inputs.nodeTaints, [`${STATEFUL_NODES.labelKey}=${STATEFUL_NODES.labelValue}:${STATEFUL_NODES.taintEffect}`]);
        }
        const required = { key: STATEFUL_NODES.labelKey, operator: "In", values: [STATEFUL_NODES.labelValue] };
        const toleration = { key: STATEFUL_NODES.labelKey, operator: "Equal", value: STATEFUL_NODES.labelValue, effect: STATEFUL_NODES.taintEffect };
        const placed = [
            ...ofType("prod", "kubernetes:kafka.strimzi.io/v1:KafkaNodePool").map((p) => [p.name, p.inputs.spec.template.pod] as const),
            ["redis-statefulset", one("prod", "kubernetes:apps/v1:StatefulSet").inputs.spec.template.spec] as const,
        ];
        assert.equal(placed.length, 3, "controllers, brokers and Redis");
        for (const [name, pod] of placed) {
            assert.deepEqual(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms, [{ matchExpressions: [required] }], name);
            assert.deepEqual(pod.tolerations, [toleration], name);
        }
        assert.deepEqual(
            ofType("dev", "azure-native:containerservice:AgentPool").map((p) => p.name),
            ["aks-pool-user"],
            "dev: no zones, so Kafka and Redis share the user pool",
        );
    });

    it("prod: protects every stateful resource, and only those", () => {
        for (const r of resources("prod")) {
            assert.equal(r.protect, STATEFUL.includes(r.type), `${r.type} ${r.name}`);
        }
        assert.equal(ofType("prod", "azure-native:storage:StorageAccount").length, 2);
    });

    it("prod: registry and storage are private, each endpoint registered in its DNS zone", () => {
        assert.equal(one("prod", "azure-native:containerregistry:Registry").inputs.publicNetworkAccess, "Disabled");
        for (const account of ofType("prod", "azure-native:storage:StorageAccount")) {
            assert.equal(account.inputs.publicNetworkAccess, "Disabled");
            assert.deepEqual(account.inputs.sku, { name: "Standard_GZRS" });
        }
        const zones = ofType("prod", "azure-native:privatedns:PrivateZone").map((z) => z.inputs.privateZoneName).sort();
        assert.deepEqual(zones, [
            "privatelink.azurecr.io",
            "privatelink.blob.core.windows.net",
            "privatelink.dfs.core.windows.net",
            "privatelink.postgres.database.azure.com",
            "privatelink.vaultcore.azure.net",
            "privatelink.westeurope.azmk8s.io",
        ]);
        const endpoints = ofType("prod", "azure-native:network:PrivateEndpoint");
        assert.equal(endpoints.length, 7, "registry + blob and dfs for each of the two accounts + the catalog's database + the key vault");
        assert.equal(ofType("prod", "azure-native:network:PrivateDnsZoneGroup").length, endpoints.length);
    });

    it("prod: the runner's VNet (runnerVnetIds) is peered and linked to every private zone; the API server's zone is the stack's, and image pushes wait for the registry's DNS records", () => {
        const peerings = ofType("prod", "azure-native:network:VirtualNetworkPeering");
        assert.equal(peerings.length, 2, "both sides of the one runner peering");
        const runners = peerings.filter((p) => p.inputs.resourceGroupName === "streaming-platform-prod-rg").map((p) => (p.inputs.remoteVirtualNetwork as { id: string }).id);
        assert.deepEqual(runners, [JSON.parse(PROD_RUNNERS)[0]]);
        const zones = ofType("prod", "azure-native:privatedns:PrivateZone").map((z) => z.inputs.privateZoneName);
        for (const zone of zones) {
            const linked = ofType("prod", "azure-native:privatedns:VirtualNetworkLink").filter((l) => l.inputs.privateZoneName === zone).map((l) => (l.inputs.virtualNetwork as { id: string }).id);
            assert.ok(linked.includes(runners[0]), `${zone} is linked to the runner's VNet`);
        }
        const cluster = one("prod", "azure-native:containerservice:ManagedCluster");
        assert.match(String((cluster.inputs.apiServerAccessProfile as { privateDNSZone: string }).privateDNSZone), /\/privateDnsZones\/privatelink\.westeurope\.azmk8s\.io$/);
        const registryDns = ofType("prod", "azure-native:network:PrivateDnsZoneGroup").find((g) => g.name === "registry-pe-registry-dns")!;
        for (const image of ofType("prod", "docker-build:index:Image")) {
            assert.ok(image.dependencies.includes(registryDns.urn), `${image.name} waits for the registry's DNS records`);
        }
    });

    it("prod: AcrPull for the kubelet, AcrPush for the deployer, data roles for the workload identities", () => {
        const assignments = ofType("prod", "azure-native:authorization:RoleAssignment").map((a) => [a.name, roleOf(a)]);
        for (const expected of [
            ["aks-kubelet-acr-pull", "AcrPull"],
            ["registry-deployer-acr-push", "AcrPush"],
            ["identity-flink-checkpoints-rw", "Storage Blob Data Contributor"],
            ["identity-flink-lake-warehouse-rw", "Storage Blob Data Contributor"],
            ["identity-catalog-lake-warehouse-rw", "Storage Blob Data Contributor"],
            ["identity-lake-tables-lake-warehouse-rw", "Storage Blob Data Contributor"],
            ["aks-admin-deployer-rbac-admin", "Azure Kubernetes Service RBAC Cluster Admin"],
            ["identity-ratify-acr-pull", "AcrPull"],
            ["identity-ratify-kv-certificate-user", "Key Vault Certificate User"],
            ["deployer-image-signing-kv-certificates-officer", "Key Vault Certificates Officer"],
            ["deployer-image-signing-kv-crypto-user", "Key Vault Crypto User"],
            ["secrets-redis-password-read", "Key Vault Secrets User"],
        ]) {
            assert.ok(assignments.some(([n, r]) => n === expected[0] && r === expected[1]), `${expected.join(" ")} in ${JSON.stringify(assignments)}`);
        }
        const federations = ofType("prod", "azure-native:managedidentity:FederatedIdentityCredential").map((f) => f.inputs.subject).sort();
        assert.deepEqual(federations, [
            "system:serviceaccount:apps:api",
            "system:serviceaccount:apps:worker",
            "system:serviceaccount:data:redis",
            "system:serviceaccount:flink:flink",
            "system:serviceaccount:gatekeeper-system:ratify-admin",
            "system:serviceaccount:lakehouse:lake-tables",
            "system:serviceaccount:lakehouse:lakekeeper",
        ]);
        // Nobody holds a grant on the whole lake account: each identity on the warehouse container only.
        const lakeGrants = ofType("prod", "azure-native:authorization:RoleAssignment").filter((a) => String(a.inputs.scope).includes("/storageAccounts/") && !a.name.includes("checkpoints"));
        assert.ok(lakeGrants.length === 3 && lakeGrants.every((a) => String(a.inputs.scope).endsWith("/blobServices/default/containers/warehouse")), JSON.stringify(lakeGrants.map((a) => a.inputs.scope)));
    });

    it("prod: diagnostics of the cluster (with kube-audit-admin), registry, both storage accounts and the key vault go to the workspace", () => {
        const workspace = one("prod", "azure-native:operationalinsights:Workspace");
        const settings = ofType("prod", "azure-native:monitor:DiagnosticSetting");
        assert.deepEqual(settings.map((s) => s.name).sort(), ["aks-diagnostics", "catalog-db-diagnostics", "checkpoints-diagnostics", "key-vault-diagnostics", "lake-diagnostics", "registry-diagnostics"]);
        const aks = settings.find((s) => s.name === "aks-diagnostics")!;
        assert.ok(aks.inputs.logs.some((l: { category: string }) => l.category === "kube-audit-admin"));
        assert.deepEqual(aks.inputs.metrics, [{ category: "AllMetrics", enabled: true }]);
        const lake = settings.find((s) => s.name === "lake-diagnostics")!;
        assert.match(String(lake.inputs.resourceUri), /\/blobServices\/default$/);
        assert.deepEqual(lake.inputs.metrics, [{ category: "Transaction", enabled: true }]);
        assert.ok(settings.every((s) => String(s.inputs.workspaceId).endsWith(`/workspaces/${workspace.inputs.workspaceName}`)));
        assert.equal(workspace.inputs.retentionInDays, 90);
    });

    it("lake: the warehouse (marked, no lifecycle rule), landing (expiring from config) and Flink containers, shared key off on every account", () => {
        const containers = ofType("prod", "azure-native:storage:BlobContainer").map((c) => c.inputs.containerName).sort();
        assert.deepEqual(containers, ["flink-checkpoints", "flink-savepoints", "landing", "warehouse"]);
        const warehouse = ofType("prod", "azure-native:storage:BlobContainer").find((c) => c.inputs.containerName === "warehouse")!;
        assert.deepEqual(warehouse.inputs.metadata, { icebergwarehouse: "true" });
        const rules = one("prod", "azure-native:storage:ManagementPolicy").inputs.policy.rules;
        assert.deepEqual(
            rules.map((r: any) => [r.definition.filters.prefixMatch, r.definition.actions.baseBlob.delete.daysAfterModificationGreaterThan]),
            [[["landing/"], 30]],
        );
        const accounts = ofType("prod", "azure-native:storage:StorageAccount");
        assert.deepEqual(
            accounts.map((a) => [a.name, a.inputs.allowSharedKeyAccess, a.inputs.isHnsEnabled]),
            [
                ["lake-account", false, true],
                ["checkpoints-account", false, true],
            ],
        );
    });

    it("dev: the node subnet's NSG lets the Kafka admin listener's port in from exactly the ranges its load balancer admits; prod (internal listener) lets nothing in", () => {
        const listener = one("dev", "kubernetes:kafka.strimzi.io/v1:Kafka").inputs.spec.kafka.listeners.find((l: any) => l.name === "admin");
        const rules = ofType("dev", "azure-native:network:NetworkSecurityGroup").find((n) => n.name === "network-nsg-nodes")!.inputs.securityRules;
        const allow = rules.filter((r: any) => r.access === "Allow");
        assert.deepEqual(allow.map((r: any) => [r.destinationPortRange, r.sourceAddressPrefixes]), [[String(listener.port), listener.configuration.loadBalancerSourceRanges]]);
        assert.ok(allow[0].priority < rules.find((r: any) => r.name === "deny-internet-inbound").priority, "the allow comes before the deny");
        const prodRules = ofType("prod", "azure-native:network:NetworkSecurityGroup").find((n) => n.name === "network-nsg-nodes")!.inputs.securityRules;
        assert.deepEqual(prodRules.filter((r: any) => r.access === "Allow"), []);
    });

    it("dev: the cheaper variants (Free tier, no zones, authorized ranges, Basic registry, LRS, no private endpoints but the database's, nothing protected)", () => {
        const cluster = one("dev", "azure-native:containerservice:ManagedCluster").inputs;
        assert.deepEqual(cluster.sku, { name: "Base", tier: "Free" });
        assert.equal(cluster.agentPoolProfiles[0].availabilityZones, undefined);
        assert.deepEqual(cluster.apiServerAccessProfile.authorizedIPRanges, ["203.0.113.0/24"]);
        assert.equal(cluster.securityProfile.defender, undefined);
        assert.deepEqual(one("dev", "azure-native:containerregistry:Registry").inputs.sku, { name: "Basic" });
        assert.ok(ofType("dev", "azure-native:storage:StorageAccount").every((a) => a.inputs.sku.name === "Standard_LRS"));
        // The catalog's database has no public access in any stack: its endpoint is dev's only one.
        assert.deepEqual(ofType("dev", "azure-native:network:PrivateEndpoint").map((e) => e.name), ["catalog-db-pe-postgresqlServer"]);
        assert.deepEqual(ofType("dev", "azure-native:privatedns:PrivateZone").map((z) => z.inputs.privateZoneName), ["privatelink.postgres.database.azure.com"]);
        assert.equal(one("dev", "azure-native:dbforpostgresql:Server").inputs.highAvailability.mode, "Disabled");
        assert.ok(resources("dev").every((r) => !r.protect));
    });

    it("never asks for admin credentials and never enables the registry admin user", () => {
        for (const stack of ["dev", "prod"] as const) {
            const run = plannedStack(stack);
            assert.deepEqual(run.plan.invokes, [
                "azure-native:authorization:getClientConfig",
                "azure-native:authorization:getClientToken",
                // The user kubeconfig (kubelogin), never cluster admin credentials.
                "azure-native:containerservice:listManagedClusterUserCredentials",
                // The topics' current partition counts, so a catalog cannot shrink one.
                "kafka:index:getTopics",
            ]);
            assert.doesNotMatch(JSON.stringify(run.plan), /AdminCredentials|"adminUserEnabled":true/);
            assert.equal(run.plan.outputs.kubeconfig, "[secret]");
        }
    });

    it("gives Kubernetes a provider of its own, parented to the cluster", () => {
        const provider = one("prod", "pulumi:providers:kubernetes");
        assert.equal(provider.parent, one("prod", "streaming-platform:azure:AksCluster").urn);
        assert.equal(provider.inputs.kubeconfig, "[secret]");
    });
});
