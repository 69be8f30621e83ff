import * as assert from "node:assert/strict";
import fc from "fast-check";
import { runs } from "../../support/fast-check";
import {
    AksCluster,
    MAX_SURGE_PERCENT,
    nodeAddressesNeeded,
    planNodePools,
    refuseSystemPoolChange,
    STATEFUL_NODES,
    SYSTEM_POOL_TAINT,
    type AksClusterArgs,
} from "../../../components/azure/aks-cluster";
import { namer } from "../../../components/azure/naming";
import { BUILTIN_ROLES } from "../../../components/azure/roles";
import * as privatedns from "@pulumi/azure-native/privatedns";
import { capture, PROJECT, valueOf, type Captured } from "../../support/harness";

const SUBNET = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/nodes";
const WORKSPACE = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/logs";
const REGISTRY = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/acr";
const RESOURCE_GROUP = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg";

/** Cluster args as the dev profile gives them; tests change one thing at a time. */
function devArgs(overrides: Partial<AksClusterArgs> = {}): AksClusterArgs {
    return {
        resourceGroupName: "rg",
        resourceGroupId: RESOURCE_GROUP,
        location: "westeurope",
        namer: namer(PROJECT, "unit"),
        nodeResourceGroupName: "rg-nodes",
        kubernetesVersion: "1.33",
        tier: "Free",
        pools: { system: { vmSize: "Standard_D2s_v5", minCount: 1, maxCount: 2 }, user: { vmSize: "Standard_D4s_v5", minCount: 1, maxCount: 3 } },
        nodeSubnetId: SUBNET,
        network: { podCidr: "192.168.0.0/16", serviceCidr: "172.16.0.0/16", dnsServiceIp: "172.16.0.10" },
        apiServer: { access: "authorized-ranges", authorizedRanges: ["203.0.113.0/24"] },
        maintenance: { day: "Sunday", startTime: "02:00" },
        logAnalyticsWorkspaceId: WORKSPACE,
        kubeloginMode: "azurecli",
        ...overrides,
    };
}

const prodOverrides: Partial<AksClusterArgs> = {
    tier: "Standard",
    availabilityZones: ["1", "2", "3"],
    apiServer: { access: "private" },
    defender: true,
    protect: true,
    clusterAdmins: [{ label: "deployer", principalId: "00000000-0000-4000-8000-000000000001" }],
    kubeletGrants: [{ role: "AcrPull", scope: REGISTRY, label: "acr-pull" }],
};

const MANAGED_CLUSTER = "azure-native:containerservice:ManagedCluster";
let dev: Captured<AksCluster>;
let prod: Captured<AksCluster>;

describe("components/azure/AksCluster", () => {
    before(async () => {
        dev = await capture(() => new AksCluster("aks-dev", devArgs()));
        prod = await capture(() => new AksCluster("aks-prod", devArgs(prodOverrides)));
    });

    it("secures identity: Entra ID with Azure RBAC, no local accounts, OIDC issuer and workload identity", () => {
        const inputs = dev.one(MANAGED_CLUSTER).inputs as Record<string, any>;
        assert.deepEqual(inputs.aadProfile, { managed: true, enableAzureRBAC: true });
        assert.equal(inputs.disableLocalAccounts, true);
        assert.equal(inputs.enableRBAC, true);
        assert.deepEqual(inputs.oidcIssuerProfile, { enabled: true });
        assert.deepEqual(inputs.securityProfile.workloadIdentity, { enabled: true });
        assert.equal(inputs.identity.type, "UserAssigned");
    });

    it("uses Azure CNI overlay with Cilium network policy and the planned ranges", () => {
        assert.deepEqual((dev.one(MANAGED_CLUSTER).inputs as Record<string, any>).networkProfile, {
            networkPlugin: "azure",
            networkPluginMode: "overlay",
            networkPolicy: "cilium",
            networkDataplane: "cilium",
            podCidr: "192.168.0.0/16",
            serviceCidr: "172.16.0.0/16",
            dnsServiceIP: "172.16.0.10",
            loadBalancerSku: "standard",
            outboundType: "loadBalancer",
        });
    });

    it("taints the system pool, autoscales both pools within bounds with max surge", () => {
        const system = (dev.one(MANAGED_CLUSTER).inputs as Record<string, any>).agentPoolProfiles[0];
        assert.equal(system.mode, "System");
        assert.deepEqual(system.nodeTaints, [SYSTEM_POOL_TAINT]);
        assert.deepEqual([system.enableAutoScaling, system.minCount, system.maxCount], [true, 1, 2]);
        assert.deepEqual(system.upgradeSettings, { maxSurge: `${MAX_SURGE_PERCENT}%` });
        const user = dev.one("azure-native:containerservice:AgentPool").inputs as Record<string, any>;
        assert.equal(user.mode, "User");
        assert.equal(user.nodeTaints, undefined);
        assert.deepEqual([user.enableAutoScaling, user.minCount, user.maxCount], [true, 1, 3]);
        assert.equal(user.vnetSubnetID, SUBNET);
        assert.deepEqual(dev.one("azure-native:containerservice:AgentPool").ignoreChanges, ["count"]);
    });

    it("upgrades patches and node images in the weekly window, with Azure Policy, Key Vault CSI rotation and Entra-auth Container Insights", () => {
        const inputs = dev.one(MANAGED_CLUSTER).inputs as Record<string, any>;
        assert.deepEqual(inputs.autoUpgradeProfile, { upgradeChannel: "patch", nodeOSUpgradeChannel: "NodeImage" });
        const windows = dev.ofType("azure-native:containerservice:MaintenanceConfiguration");
        assert.deepEqual(
            windows.map((w) => w.inputs.configName),
            ["aksManagedAutoUpgradeSchedule", "aksManagedNodeOSUpgradeSchedule"],
        );
        assert.deepEqual(windows[0].inputs.maintenanceWindow, {
            schedule: { weekly: { dayOfWeek: "Sunday", intervalWeeks: 1 } },
            durationHours: 4,
            startTime: "02:00",
            utcOffset: "+00:00",
        });
        assert.equal(inputs.addonProfiles.azurepolicy.enabled, true);
        assert.deepEqual(inputs.addonProfiles.azureKeyvaultSecretsProvider, { enabled: true, config: { enableSecretRotation: "true", rotationPollInterval: "2m" } });
        assert.deepEqual(inputs.addonProfiles.omsagent, { enabled: true, config: { logAnalyticsWorkspaceResourceID: WORKSPACE, useAADAuth: "true" } });
        const association = dev.one("azure-native:monitor:DataCollectionRuleAssociation");
        assert.equal(association.inputs.associationName, "ContainerInsightsExtension");
        assert.match(String(association.inputs.resourceUri), /managedClusters\/streaming-platform-unit-aks$/);
    });

    it("dev: Free tier, no zones, authorized ranges, no Defender, not protected", () => {
        const cluster = dev.one(MANAGED_CLUSTER);
        const inputs = cluster.inputs as Record<string, any>;
        assert.deepEqual(inputs.sku, { name: "Base", tier: "Free" });
        assert.equal(inputs.agentPoolProfiles[0].availabilityZones, undefined);
        assert.deepEqual(inputs.apiServerAccessProfile, { authorizedIPRanges: ["203.0.113.0/24"], disableRunCommand: true });
        assert.equal(inputs.securityProfile.defender, undefined);
        assert.equal(cluster.protect, false);
    });

    it("prod: Standard tier, zones 1-3 on both pools, private API server, Defender, protected", () => {
        const cluster = prod.one(MANAGED_CLUSTER);
        const inputs = cluster.inputs as Record<string, any>;
        assert.deepEqual(inputs.sku, { name: "Base", tier: "Standard" });
        assert.deepEqual(inputs.agentPoolProfiles[0].availabilityZones, ["1", "2", "3"]);
        assert.deepEqual(prod.one("azure-native:containerservice:AgentPool").inputs.availabilityZones, ["1", "2", "3"]);
        assert.deepEqual(inputs.apiServerAccessProfile, { enablePrivateCluster: true, enablePrivateClusterPublicFQDN: false, privateDNSZone: "system", disableRunCommand: true }, "without a zone of its own, AKS manages one");
        assert.deepEqual(inputs.securityProfile.defender, { logAnalyticsWorkspaceResourceId: WORKSPACE, securityMonitoring: { enabled: true } });
        assert.equal(cluster.protect, true);
    });

    it("a private API server on the stack's own zone: the control plane may write it before the cluster exists, and the kubeconfig waits for the runners' links", async () => {
        const zone = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/privatelink.westeurope.azmk8s.io";
        const captured = await capture(() => {
            const link = new privatedns.VirtualNetworkLink("runner-link", { privateZoneName: "privatelink.westeurope.azmk8s.io", resourceGroupName: "rg", virtualNetwork: { id: "runner" } });
            return { link, cluster: new AksCluster("aks-zone", devArgs({ ...prodOverrides, apiServer: { access: "private", privateDnsZone: { id: zone, ready: [link.id] } } })) };
        });
        const cluster = captured.one(MANAGED_CLUSTER);
        assert.equal((cluster.inputs as Record<string, any>).apiServerAccessProfile.privateDNSZone, zone);
        const grant = captured.ofType("azure-native:authorization:RoleAssignment").find((a) => a.name === "aks-zone-control-plane-api-server-dns-zone")!;
        assert.equal(grant.inputs.scope, zone);
        assert.match(String(grant.inputs.roleDefinitionId), new RegExp(`${BUILTIN_ROLES["Private DNS Zone Contributor"]}$`));
        assert.ok(cluster.dependencies.includes(grant.urn), "the cluster waits for the zone grant");
        const link = captured.ofType("azure-native:privatedns:VirtualNetworkLink")[0];
        assert.ok(captured.one("pulumi:providers:kubernetes").dependencies.includes(link.urn), "the Kubernetes provider waits for the runner's link");
    });

    it("grants the control plane its subnet before the cluster exists, the kubelet its pulls, admins RBAC admin", () => {
        const assignments = prod.ofType("azure-native:authorization:RoleAssignment");
        const byName = new Map(assignments.map((a) => [a.name, a]));
        const subnet = byName.get("aks-prod-control-plane-node-subnet")!;
        assert.equal(subnet.inputs.scope, SUBNET);
        assert.match(String(subnet.inputs.roleDefinitionId), new RegExp(`${BUILTIN_ROLES["Network Contributor"]}$`));
        assert.ok(prod.one(MANAGED_CLUSTER).dependencies.includes(subnet.urn), "the cluster waits for its subnet grant");
        const pull = byName.get("aks-prod-kubelet-acr-pull")!;
        assert.equal(pull.inputs.scope, REGISTRY);
        assert.equal(pull.inputs.principalType, "ServicePrincipal");
        assert.match(String(pull.inputs.principalId), /^00000000-/);
        assert.deepEqual(
            [...byName.keys()].filter((n) => n.startsWith("aks-prod-admin-")).sort(),
            ["aks-prod-admin-deployer-cluster-user", "aks-prod-admin-deployer-rbac-admin"],
        );
    });

    it("grants the admins on the resource group before the cluster, so Azure propagates them while the cluster is created; the provider waits for them", () => {
        const admin = prod.ofType("azure-native:authorization:RoleAssignment").filter((a) => a.name.startsWith("aks-prod-admin-"));
        for (const grant of admin) {
            assert.equal(grant.inputs.scope, RESOURCE_GROUP, grant.name);
            assert.ok(prod.one(MANAGED_CLUSTER).dependencies.includes(grant.urn), `the cluster waits for ${grant.name}`);
            assert.ok(prod.one("pulumi:providers:kubernetes").dependencies.includes(grant.urn), `the provider waits for ${grant.name}`);
        }
    });

    it("yields a Kubernetes provider from the user kubeconfig with kubelogin, and never asks for admin credentials", async () => {
        const provider = dev.one("pulumi:providers:kubernetes");
        assert.equal(provider.parent, dev.one("streaming-platform:azure:AksCluster").urn);
        assert.equal(provider.inputs.kubeconfig, "[secret]");
        assert.deepEqual(dev.invokes, ["azure-native:containerservice:listManagedClusterUserCredentials"]);
        const kubeconfig = await valueOf(dev.value.kubeconfig);
        assert.match(kubeconfig, /- get-token\n\s+- --login\n\s+- azurecli\n/);
        assert.doesNotMatch(kubeconfig, /client-key-data|token:|devicecode/);
    });

    it("property: any pool sizes with min <= max give a tainted system pool and an untainted user pool on the same zones", () => {
        const pool = fc.record({ min: fc.integer({ min: 1, max: 100 }), extra: fc.integer({ min: 0, max: 50 }) });
        const zones = fc.subarray(["1", "2", "3"]);
        fc.assert(
            fc.property(pool, pool, zones, (s, u, z) => {
                const sizes = {
                    system: { vmSize: "Standard_D2s_v5", minCount: s.min, maxCount: s.min + s.extra },
                    user: { vmSize: "Standard_D4s_v5", minCount: u.min, maxCount: u.min + u.extra },
                };
                const [system, user] = planNodePools(sizes, z);
                assert.deepEqual(system.taints, [SYSTEM_POOL_TAINT]);
                assert.deepEqual(user.taints, []);
                assert.deepEqual([system.zones, user.zones], [z, z]);
                assert.deepEqual([system.minCount, system.maxCount, user.minCount, user.maxCount], [s.min, s.min + s.extra, u.min, u.min + u.extra]);
                assert.ok(nodeAddressesNeeded([system, user]) >= system.maxCount + user.maxCount);
            }),
            runs(300),
        );
    });

    it("property: the user pool's AKS name changes exactly when a setting AKS cannot change in place (VM size, zones) changes, and is a valid pool name", () => {
        const size = fc.constantFrom("Standard_D4s_v5", "Standard_D8s_v5", "Standard_E4s_v5");
        const zones = fc.constantFrom([], ["1"], ["1", "2", "3"]);
        const bounds = fc.integer({ min: 1, max: 20 }).chain((min) => fc.record({ minCount: fc.constant(min), maxCount: fc.integer({ min, max: 40 }) }));
        fc.assert(
            fc.property(size, size, zones, zones, bounds, bounds, (sizeA, sizeB, zonesA, zonesB, boundsA, boundsB) => {
                const system = { vmSize: "Standard_D2s_v5", minCount: 1, maxCount: 3 };
                const [, a] = planNodePools({ system, user: { vmSize: sizeA, ...boundsA } }, zonesA);
                const [, b] = planNodePools({ system, user: { vmSize: sizeB, ...boundsB } }, zonesB);
                assert.match(a.agentPoolName, /^[a-z][a-z0-9]{0,11}$/);
                const immutableSame = sizeA === sizeB && JSON.stringify(zonesA) === JSON.stringify(zonesB);
                assert.equal(a.agentPoolName === b.agentPoolName, immutableSame, `${sizeA}/${zonesA} vs ${sizeB}/${zonesB}`);
            }),
            runs(300),
        );
    });

    it("plans a stateful pool per zone (one zone each, labelled and tainted for Kafka and Redis), or one pool without zones", () => {
        const sizes = { system: { vmSize: "Standard_D2s_v5", minCount: 1, maxCount: 3 }, user: { vmSize: "Standard_D4s_v5", minCount: 1, maxCount: 3 }, stateful: { vmSize: "Standard_E4s_v5", minCount: 1, maxCount: 2 } };
        const zonal = planNodePools(sizes, ["1", "2", "3"]).filter((p) => p.name.startsWith("stateful"));
        assert.deepEqual(zonal.map((p) => [p.name, p.zones, p.mode, p.minCount, p.maxCount]), [["stateful-1", ["1"], "User", 1, 2], ["stateful-2", ["2"], "User", 1, 2], ["stateful-3", ["3"], "User", 1, 2]]);
        for (const pool of zonal) {
            assert.match(pool.agentPoolName, new RegExp(`^st${pool.zones[0]}[0-9a-f]{8}$`));
            assert.deepEqual(pool.labels, { [STATEFUL_NODES.labelKey]: STATEFUL_NODES.labelValue });
            assert.deepEqual(pool.taints, [`${STATEFUL_NODES.labelKey}=${STATEFUL_NODES.labelValue}:NoSchedule`]);
        }
        assert.deepEqual(planNodePools(sizes, []).filter((p) => p.name.startsWith("stateful")).map((p) => [p.name, p.zones]), [["stateful", []]]);
        assert.equal(planNodePools({ system: sizes.system, user: sizes.user }, ["1"]).length, 2, "no stateful size, no stateful pool");
        assert.equal(nodeAddressesNeeded([{ maxCount: 3 }, { maxCount: 10 }, { maxCount: 2 }]), 3 + 1 + 10 + 4 + 2 + 1 + 10, "every pool plus surge, and the largest replaceable pool again");
    });

    it("names the user AgentPool by that name and replaces it create-before-delete; the cluster leaves its inline pool to creation", () => {
        const pool = prod.one("azure-native:containerservice:AgentPool");
        const [, user] = planNodePools(devArgs(prodOverrides).pools, ["1", "2", "3"]);
        assert.equal(pool.inputs.agentPoolName, user.agentPoolName);
        assert.deepEqual(prod.one(MANAGED_CLUSTER).ignoreChanges, ["agentPoolProfiles"]);
    });

    it("refuses a system pool that differs from the one the cluster was created with, naming each setting and the way out; a new cluster has nothing to compare", () => {
        const created = { vmSize: "Standard_D2s_v5", minCount: 1, maxCount: 3 };
        assert.doesNotThrow(() => refuseSystemPoolChange("aks", undefined, { ...created, vmSize: "Standard_D4s_v5" }));
        assert.doesNotThrow(() => refuseSystemPoolChange("aks", created, { ...created }));
        assert.throws(
            () => refuseSystemPoolChange("aks", created, { vmSize: "Standard_D4s_v5", minCount: 1, maxCount: 5 }),
            (e: Error) =>
                e.message.includes('vmSize is "Standard_D4s_v5", but the cluster was created with "Standard_D2s_v5"') &&
                e.message.includes("maxCount is 5, but the cluster was created with 3") &&
                !e.message.includes("minCount is") &&
                /Fix: set the system pool settings back \(systemNodeVmSize, systemNodeMinCount, systemNodeMaxCount\)/.test(e.message),
        );
    });

    it("exports the system pool it was created with (the stack's last output), or the configured one for a new cluster", async () => {
        const created = { vmSize: "Standard_D2s_v5", minCount: 2, maxCount: 4 };
        const again = await capture(() => new AksCluster("aks-again", devArgs({ pools: { ...devArgs().pools, system: created }, systemPoolAsCreated: created })));
        assert.deepEqual(await valueOf(again.value.systemPool), created);
        assert.deepEqual(await valueOf(dev.value.systemPool), devArgs().pools.system);
    });

    it("refuses a pool whose minimum is above its maximum, naming the pool", () => {
        const sizes = { system: { vmSize: "Standard_D2s_v5", minCount: 3, maxCount: 2 }, user: { vmSize: "Standard_D4s_v5", minCount: 1, maxCount: 1 } };
        assert.throws(() => planNodePools(sizes, []), /invalid node pools: system pool: minCount 3 is above maxCount 2/);
    });
});
