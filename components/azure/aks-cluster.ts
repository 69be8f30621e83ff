import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import * as containerservice from "@pulumi/azure-native/containerservice";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as monitor from "@pulumi/azure-native/monitor";
import { kubeloginKubeconfig, type KubeloginMode } from "./kubeconfig";
import type { Namer } from "./naming";
import type { NetworkPlan } from "./network";
import { assignRoles, type Principal, type RoleGrant } from "./roles";
import type { AzurePlacement } from "./placement";

/** Extra nodes an upgrade may add per pool, as AKS's max surge (aks-baseline: 33%). */
export const MAX_SURGE_PERCENT = 33;
/** Pods per node with Azure CNI overlay (pod IPs come from the overlay, not the subnet). */
export const MAX_PODS_PER_NODE = 110;
/** The taint that keeps application pods off the system pool. */
export const SYSTEM_POOL_TAINT = "CriticalAddonsOnly=true:NoSchedule";
/**
 * The nodes of the stateful pools (Kafka, Redis): labelled for the workloads' node affinity and
 * tainted so nothing else lands there. The workloads' placement derives from this one value.
 */
export const STATEFUL_NODES = { labelKey: "streaming-platform.io/node-pool", labelValue: "stateful", taintEffect: "NoSchedule" } as const;
const STATEFUL_TAINT = `${STATEFUL_NODES.labelKey}=${STATEFUL_NODES.labelValue}:${STATEFUL_NODES.taintEffect}`;
/** AKS requires auto-upgrade windows of at least four hours. */
export const MAINTENANCE_WINDOW_HOURS = 4;
/**
 * Cluster upgrades follow "patch": the minor version stays the one in config (kubernetesVersion),
 * patches arrive automatically in the window. "stable" would move the minor version behind the
 * program's back and make every preview show a diff.
 */
export const UPGRADE_CHANNEL = "patch";
/** Node images (OS security fixes) are replaced weekly in the window. */
export const NODE_OS_UPGRADE_CHANNEL = "NodeImage";
/** How often the Key Vault CSI driver re-reads secrets, so rotated secrets reach pods. */
export const SECRET_ROTATION_POLL_INTERVAL = "2m";
/** Days after which Image Cleaner removes unused images from nodes (vulnerable leftovers). */
const IMAGE_CLEANER_INTERVAL_HOURS = 168;

/** Control-plane log categories sent to Log Analytics: kube-audit-admin (writes only), not the huge kube-audit. */
export const AKS_DIAGNOSTIC_LOGS = ["kube-apiserver", "kube-audit-admin", "kube-controller-manager", "kube-scheduler", "cluster-autoscaler", "guard"] as const;

/** The private DNS zone a private cluster's API server record lives in (AKS accepts this name, or a subzone of it). */
export function apiServerPrivateDnsZone(location: string): string {
    return `privatelink.${location}.azmk8s.io`;
}

/** How the API server is reached: from anywhere (Entra ID still authenticates), from listed ranges, or only inside the VNet. */
export const API_SERVER_ACCESS = ["public", "authorized-ranges", "private"] as const;
export type ApiServerAccess = (typeof API_SERVER_ACCESS)[number];
/** The nodes' OS. */
const NODE_OS_SKU = "AzureLinux";
/** The days a weekly maintenance window may start on. */
export const WEEK_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;
export type WeekDay = (typeof WEEK_DAYS)[number];
/** Autoscaler bounds a pool may be given: a pool of 0 would strand its workloads; 100 is far above this platform's needs. */
export const POOL_SIZE = { min: 1, max: 100 } as const;

/** Size bounds of one node pool. */
export interface PoolSize {
    readonly vmSize: string;
    readonly minCount: number;
    readonly maxCount: number;
}

/** A node pool as the component creates it: plain data (`planNodePools`). */
export interface NodePoolPlan {
    /** The pool's role, and the Pulumi name of its resource (`system`, `user`, `stateful-<zone>`). */
    readonly name: string;
    /**
     * The pool's name in AKS. Every pool but the (inline, creation-time) system pool carries a hash
     * of the settings AKS cannot change in place (VM size, zones, OS, max pods): changing one creates
     * a pool of a new name, moves the pods, then deletes the old pool (create before delete),
     * instead of replacing a pool of the same name, which cannot coexist with its successor.
     */
    readonly agentPoolName: string;
    readonly mode: "System" | "User";
    readonly vmSize: string;
    readonly minCount: number;
    readonly maxCount: number;
    readonly zones: readonly string[];
    readonly taints: readonly string[];
    readonly labels: Readonly<Record<string, string>>;
    readonly maxSurge: string;
}

/** The zones of each stateful pool: one pool per zone, or a single pool without zones. */
export function statefulPoolZones(zones: readonly string[]): (readonly string[])[] {
    return zones.length > 0 ? zones.map((zone) => [zone]) : [[]];
}

/**
 * The system pool (tainted for critical add-ons) and the user pool, over the given zones; with
 * `stateful`, a pool per zone for the workloads with zonal disks (Kafka, Redis): the autoscaler can
 * grow a zone's pool where a Pending pod's disk is, which one pool spanning the zones cannot.
 */
export function planNodePools(pools: { system: PoolSize; user: PoolSize; stateful?: PoolSize }, zones: readonly string[]): NodePoolPlan[] {
    const problems = (["system", "user", "stateful"] as const)
        .filter((pool) => pools[pool] && pools[pool]!.minCount > pools[pool]!.maxCount)
        .map((pool) => `${pool} pool: minCount ${pools[pool]!.minCount} is above maxCount ${pools[pool]!.maxCount}`);
    if (problems.length > 0) {
        throw new Error(`invalid node pools: ${problems.join("; ")}`);
    }
    const plan = (name: string, size: PoolSize, poolZones: readonly string[], agentPoolName: string, extra: Pick<NodePoolPlan, "taints" | "labels">): NodePoolPlan => ({
        name,
        agentPoolName,
        mode: name === "system" ? "System" : "User",
        vmSize: size.vmSize,
        minCount: size.minCount,
        maxCount: size.maxCount,
        zones: poolZones,
        ...extra,
        maxSurge: `${MAX_SURGE_PERCENT}%`,
    });
    const immutable = (size: PoolSize, poolZones: readonly string[]) => immutableHash({ vmSize: size.vmSize, zones: poolZones, osSKU: NODE_OS_SKU, maxPods: MAX_PODS_PER_NODE });
    const stateful = pools.stateful;
    const statefulPools = stateful
        ? statefulPoolZones(zones).map((poolZones) =>
              plan(`stateful${poolZones.length > 0 ? `-${poolZones[0]}` : ""}`, stateful, poolZones, `st${poolZones[0] ?? ""}${immutable(stateful, poolZones)}`, {
                  taints: [STATEFUL_TAINT],
                  labels: { [STATEFUL_NODES.labelKey]: STATEFUL_NODES.labelValue },
              }),
          )
        : [];
    return [
        plan("system", pools.system, zones, "system", { taints: [SYSTEM_POOL_TAINT], labels: {} }),
        plan("user", pools.user, zones, `user${immutable(pools.user, zones)}`, { taints: [], labels: {} }),
        ...statefulPools,
    ];
}

/** 8 hex of a SHA-256 over the settings (AKS pool names: lowercase letters and digits, at most 12 characters). */
function immutableHash(settings: Record<string, unknown>): string {
    return createHash("sha256").update(JSON.stringify(settings)).digest("hex").slice(0, 8);
}

/**
 * Node subnet addresses the pools can take at their maxima during an upgrade (nodes plus surge
 * nodes), plus the largest pool that can be replaced (all but the system pool, the first) again at
 * its maximum, for its successor while a new VM size moves the pods over.
 */
export function nodeAddressesNeeded(pools: readonly { maxCount: number }[]): number {
    const upgrade = pools.reduce((sum, pool) => sum + pool.maxCount + Math.ceil((pool.maxCount * MAX_SURGE_PERCENT) / 100), 0);
    return upgrade + Math.max(0, ...pools.slice(1).map((pool) => pool.maxCount));
}

export interface AksClusterArgs extends AzurePlacement {
    /** Names the cluster, its identity, node resource group and DNS prefix. */
    readonly namer: Namer;
    /** Name of the resource group AKS creates for the nodes (from the naming function). */
    readonly nodeResourceGroupName: string;
    /** Kubernetes version, major.minor (patches follow UPGRADE_CHANNEL). */
    readonly kubernetesVersion: string;
    /** Control-plane tier: Free or Standard (uptime SLA). */
    readonly tier: "Free" | "Standard";
    /**
     * Pool sizes (the autoscaler keeps each within its bounds); `stateful` adds a pool of that size per zone, labelled and tainted for the
     * workloads with zonal disks (STATEFUL_NODES; give them its placement).
     */
    readonly pools: { readonly system: PoolSize; readonly user: PoolSize; readonly stateful?: PoolSize };
    /**
     * Availability zones of both pools.
     * @default - none (no zone pinning)
     */
    readonly availabilityZones?: readonly string[];
    /** ARM id of the node subnet. */
    readonly nodeSubnetId: pulumi.Input<string>;
    /** Pod and service ranges and the DNS service address (`planNetwork`). */
    readonly network: Pick<NetworkPlan, "podCidr" | "serviceCidr" | "dnsServiceIp">;
    /** How the API server is reached; authorized ranges apply to "authorized-ranges" only. */
    readonly apiServer: {
        readonly access: ApiServerAccess;
        readonly authorizedRanges?: readonly string[];
        /**
         * Private access: the private DNS zone (`privatelink.<region>.azmk8s.io`) the program owns and
         * links to the runners' networks, with its links. The control plane is granted Private DNS
         * Zone Contributor on it (to write the API server's record) before the cluster is created,
         * and the kubeconfig waits for `ready` (the zone's links and the runner peerings:
         * Network.privateZoneReady), so a runner reaches and resolves the API server.
         * @default - the AKS-managed zone ("system"), linked to the cluster's VNet only
         */
        readonly privateDnsZone?: { readonly id: pulumi.Input<string>; readonly ready: readonly pulumi.Input<string>[] };
    };
    /** Weekly window for cluster patch and node-image upgrades (UTC). */
    readonly maintenance: { readonly day: WeekDay; readonly startTime: string };
    /** ARM id of the Log Analytics workspace for Container Insights and Defender. */
    readonly logAnalyticsWorkspaceId: pulumi.Input<string>;
    /**
     * Microsoft Defender for Containers.
     * @default false
     */
    readonly defender?: boolean;
    /**
     * Principals granted Azure Kubernetes Service RBAC Cluster Admin (and Cluster User, to fetch the
     * kubeconfig): the identity that runs Pulumi, and platform admin groups.
     * @default - none
     */
    readonly clusterAdmins?: readonly (Principal & { readonly label: string })[];
    /**
     * The ARM id of the cluster's resource group: the scope of the admins' grants. It exists before
     * the cluster, so the grants are made first and Azure propagates them while the cluster is created.
     */
    readonly resourceGroupId: pulumi.Input<string>;
    /**
     * Grants for the kubelet identity (the nodes' identity), e.g. AcrPull on the registry.
     * @default - none
     */
    readonly kubeletGrants?: readonly RoleGrant[];
    /**
     * The system pool as this cluster was created with (the stack's last `systemPool` output): AKS
     * applies the inline pool only at creation, so a different `pools.system` is refused with an
     * error naming what changed, before the cluster is sent, instead of being silently ignored.
     * @default - unknown (a new cluster): nothing to compare
     */
    readonly systemPoolAsCreated?: pulumi.Input<PoolSize | undefined>;
    /** How the Kubernetes provider's kubeconfig gets Entra ID tokens. */
    readonly kubeloginMode: KubeloginMode;
    /**
     * Create the cluster with `protect: true`.
     * @default false
     */
    readonly protect?: boolean;
}

/**
 * An AKS cluster at aks-baseline grade: Entra ID with Azure RBAC and no local accounts, OIDC issuer
 * and workload identity, Azure CNI overlay with Cilium network policy, a tainted system pool and an
 * autoscaled user pool, patch and node-image upgrades in a weekly window, Azure Policy, Key Vault
 * CSI with rotation, Container Insights with Entra ID auth. Yields a Kubernetes provider built from
 * the user kubeconfig with kubelogin: never admin credentials.
 */
export class AksCluster extends pulumi.ComponentResource {
    readonly cluster: containerservice.ManagedCluster;
    readonly clusterName: pulumi.Output<string>;
    readonly clusterId: pulumi.Output<string>;
    /** The OIDC issuer URL that federated identity credentials trust. */
    readonly oidcIssuerUrl: pulumi.Output<string>;
    /** The kubelet (node) identity, for pull grants. */
    readonly kubeletPrincipal: Principal;
    /** The user kubeconfig with a kubelogin exec entry (secret: it names private endpoints). */
    readonly kubeconfig: pulumi.Output<string>;
    /** The Kubernetes provider every in-cluster resource uses. */
    readonly provider: KubernetesProvider;
    /** The system pool's settings as created (what the next run compares with: export it as `systemPool`). */
    readonly systemPool: pulumi.Output<PoolSize>;

    constructor(name: string, args: AksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("streaming-platform:azure:AksCluster", name, {}, opts);
        const { resourceGroupName, location, tags } = args;
        const zones = args.availabilityZones ?? [];
        const [systemPool, ...agentPools] = planNodePools(args.pools, zones);

        // The control plane's own identity, so that it can be granted rights on the node subnet
        // before the cluster exists (a system-assigned identity would only exist afterwards).
        const controlPlane = new managedidentity.UserAssignedIdentity(
            `${name}-identity`,
            { resourceName: args.namer("userAssignedIdentity", "aks-control-plane"), resourceGroupName, location, tags },
            { parent: this },
        );
        const subnetGrants = assignRoles(
            `${name}-control-plane`,
            { principalId: controlPlane.principalId, principalType: "ServicePrincipal" },
            [
                { role: "Network Contributor", scope: args.nodeSubnetId, label: "node-subnet" },
                ...(args.apiServer.access === "private" && args.apiServer.privateDnsZone
                    ? [{ role: "Private DNS Zone Contributor" as const, scope: args.apiServer.privateDnsZone.id, label: "api-server-dns-zone" }]
                    : []),
            ],
            { parent: this },
        );

        // The admins' data-plane grants, on the resource group: made before the cluster, so that Azure's
        // propagation of new role assignments (minutes) runs while the cluster is created and the
        // first Kubernetes call after it is not refused. (Cluster scope could only follow the cluster.)
        const adminGrants = (args.clusterAdmins ?? []).flatMap((admin) =>
            assignRoles(
                `${name}-admin-${admin.label}`,
                admin,
                [
                    { role: "Azure Kubernetes Service RBAC Cluster Admin", scope: args.resourceGroupId, label: "rbac-admin" },
                    { role: "Azure Kubernetes Service Cluster User Role", scope: args.resourceGroupId, label: "cluster-user" },
                ],
                { parent: this },
            ),
        );

        this.cluster = new containerservice.ManagedCluster(
            `${name}-cluster`,
            {
                resourceName: args.namer("managedCluster", "aks"),
                resourceGroupName,
                location,
                dnsPrefix: args.namer("dnsPrefix", "aks"),
                nodeResourceGroup: args.nodeResourceGroupName,
                kubernetesVersion: args.kubernetesVersion,
                sku: { name: "Base", tier: args.tier },
                identity: { type: "UserAssigned", userAssignedIdentities: [controlPlane.id] },
                aadProfile: { managed: true, enableAzureRBAC: true },
                disableLocalAccounts: true,
                enableRBAC: true,
                oidcIssuerProfile: { enabled: true },
                securityProfile: {
                    workloadIdentity: { enabled: true },
                    imageCleaner: { enabled: true, intervalHours: IMAGE_CLEANER_INTERVAL_HOURS },
                    defender: args.defender
                        ? { logAnalyticsWorkspaceResourceId: args.logAnalyticsWorkspaceId, securityMonitoring: { enabled: true } }
                        : undefined,
                },
                networkProfile: {
                    networkPlugin: "azure",
                    networkPluginMode: "overlay",
                    networkPolicy: "cilium",
                    networkDataplane: "cilium",
                    podCidr: args.network.podCidr,
                    serviceCidr: args.network.serviceCidr,
                    dnsServiceIP: args.network.dnsServiceIp,
                    loadBalancerSku: "standard",
                    outboundType: "loadBalancer",
                },
                apiServerAccessProfile: apiServerAccessProfile(args.apiServer),
                agentPoolProfiles: pulumi.output(args.systemPoolAsCreated).apply((created) => {
                    refuseSystemPoolChange(name, created, args.pools.system);
                    return [{ name: systemPool.agentPoolName, ...poolProfile(systemPool, args.nodeSubnetId) }];
                }),
                autoScalerProfile: { balanceSimilarNodeGroups: zones.length > 1 ? "true" : "false", expander: "least-waste" },
                autoUpgradeProfile: { upgradeChannel: UPGRADE_CHANNEL, nodeOSUpgradeChannel: NODE_OS_UPGRADE_CHANNEL },
                // Azure Monitor managed Prometheus: the metrics add-on (ama-metrics) with kube-state-metrics
                // and node-exporter; ManagedPrometheus binds its data collection rule to the cluster.
                azureMonitorProfile: { metrics: { enabled: true, kubeStateMetrics: { metricLabelsAllowlist: "", metricAnnotationsAllowList: "" } } },
                addonProfiles: {
                    azurepolicy: { enabled: true, config: { version: "v2" } },
                    azureKeyvaultSecretsProvider: {
                        enabled: true,
                        config: { enableSecretRotation: "true", rotationPollInterval: SECRET_ROTATION_POLL_INTERVAL },
                    },
                    // The workspace refuses shared-key ingestion, so the agent authenticates with Entra ID.
                    omsagent: { enabled: true, config: { logAnalyticsWorkspaceResourceID: args.logAnalyticsWorkspaceId, useAADAuth: "true" } },
                },
                supportPlan: "KubernetesOfficial",
                tags,
            },
            {
                parent: this,
                protect: args.protect ?? false,
                // Only ordering links the cluster to its control plane's grants (the identity id is the data link)
                // and to the admins' grants (propagating while the cluster is created); the stack
                // policy kubernetes-access-before-use checks the latter.
                dependsOn: [...subnetGrants, ...adminGrants],
                // AKS applies the inline pool only at creation and refuses changes to it through the
                // cluster afterwards (only per-pool operations may change a pool): the system pool's
                // settings are creation-time (README "Node pools"); the autoscaler owns its count.
                ignoreChanges: ["agentPoolProfiles"],
            },
        );
        this.systemPool = pulumi.output(args.systemPoolAsCreated).apply((created) => created ?? { ...args.pools.system });
        this.clusterName = this.cluster.name;
        this.clusterId = this.cluster.id;
        this.oidcIssuerUrl = this.cluster.oidcIssuerProfile.apply((p) => p?.issuerURL ?? "");
        this.kubeletPrincipal = {
            principalId: this.cluster.identityProfile.apply((p) => p?.kubeletidentity?.objectId ?? ""),
            principalType: "ServicePrincipal",
        };

        // A change of VM size, zones or OS renames a pool (NodePoolPlan.agentPoolName): Pulumi
        // creates the successor, then deletes this one (AKS cordons and drains it, honouring PDBs).
        for (const pool of agentPools) {
            new containerservice.AgentPool(
                `${name}-pool-${pool.name}`,
                {
                    agentPoolName: pool.agentPoolName,
                    resourceName: this.cluster.name,
                    resourceGroupName,
                    ...poolProfile(pool, args.nodeSubnetId),
                },
                { parent: this, ignoreChanges: ["count"], deleteBeforeReplace: false },
            );
        }

        for (const schedule of ["aksManagedAutoUpgradeSchedule", "aksManagedNodeOSUpgradeSchedule"]) {
            new containerservice.MaintenanceConfiguration(
                `${name}-${schedule}`,
                {
                    configName: schedule,
                    resourceName: this.cluster.name,
                    resourceGroupName,
                    maintenanceWindow: {
                        schedule: { weekly: { dayOfWeek: args.maintenance.day, intervalWeeks: 1 } },
                        durationHours: MAINTENANCE_WINDOW_HOURS,
                        startTime: args.maintenance.startTime,
                        utcOffset: "+00:00",
                    },
                },
                { parent: this },
            );
        }

        // Container Insights with Entra ID auth needs a data collection rule bound to the cluster.
        const insights = new monitor.DataCollectionRule(
            `${name}-insights`,
            {
                dataCollectionRuleName: args.namer("dataCollectionRule", "aks-insights"),
                resourceGroupName,
                location,
                kind: "Linux",
                dataSources: {
                    extensions: [
                        {
                            name: "ContainerInsightsExtension",
                            extensionName: "ContainerInsights",
                            streams: ["Microsoft-ContainerInsights-Group-Default"],
                            extensionSettings: { dataCollectionSettings: { interval: "1m", namespaceFilteringMode: "Off", enableContainerLogV2: true } },
                        },
                    ],
                },
                destinations: { logAnalytics: [{ name: "workspace", workspaceResourceId: args.logAnalyticsWorkspaceId }] },
                dataFlows: [{ streams: ["Microsoft-ContainerInsights-Group-Default"], destinations: ["workspace"] }],
                tags,
            },
            { parent: this },
        );
        new monitor.DataCollectionRuleAssociation(
            `${name}-insights-association`,
            { associationName: "ContainerInsightsExtension", resourceUri: this.cluster.id, dataCollectionRuleId: insights.id },
            { parent: this },
        );

        assignRoles(`${name}-kubelet`, this.kubeletPrincipal, args.kubeletGrants ?? [], { parent: this });

        // The user kubeconfig: asking for it waits for the cluster (in a preview of a new cluster it
        // stays unknown instead of failing). Admin credentials are never requested.
        const credentials = containerservice.listManagedClusterUserCredentialsOutput(
            { resourceGroupName, resourceName: this.cluster.name, format: "exec" },
            { parent: this, dependsOn: [this.cluster] },
        );
        // A private API server answers a runner once its zone is linked to the runner's VNet and the VNets are peered.
        const resolvable = pulumi.all(args.apiServer.access === "private" ? [...(args.apiServer.privateDnsZone?.ready ?? [])] : []);
        this.kubeconfig = pulumi.secret(
            pulumi.all([credentials.kubeconfigs, resolvable]).apply(([configs]) => {
                const user = configs.find((c) => c.name === "clusterUser") ?? configs[0];
                if (!user) {
                    throw new Error(`AKS returned no user kubeconfig for cluster ${name}`);
                }
                return kubeloginKubeconfig(Buffer.from(user.value, "base64").toString("utf8"), args.kubeloginMode);
            }),
        );
        this.provider = new KubernetesProvider(
            `${name}-k8s`,
            {
                kubeconfig: this.kubeconfig,
                // Identifies the cluster, so a refreshed kubeconfig does not replace every object in it.
                clusterIdentifier: this.cluster.id,
                enableServerSideApply: true,
                deleteUnreachable: false,
            },
            { parent: this, dependsOn: adminGrants },
        );

        this.registerOutputs({
            clusterName: this.clusterName,
            clusterId: this.clusterId,
            oidcIssuerUrl: this.oidcIssuerUrl,
            kubeconfig: this.kubeconfig,
            systemPool: this.systemPool,
        });
    }
}

/**
 * Throws when the configured system pool differs from the one the cluster was created with,
 * naming each setting, its created and configured values, and the way out.
 */
export function refuseSystemPoolChange(cluster: string, created: PoolSize | undefined, configured: PoolSize): void {
    if (!created) {
        return;
    }
    const changed = (["vmSize", "minCount", "maxCount"] as const).filter((key) => created[key] !== configured[key]);
    if (changed.length > 0) {
        throw new Error(
            `${cluster}: the system pool's ${changed.map((key) => `${key} is ${JSON.stringify(configured[key])}, but the cluster was created with ${JSON.stringify(created[key])}`).join("; ")}. ` +
                "AKS applies the inline system pool only when it creates the cluster and refuses changes to it through the cluster afterwards. " +
                'Fix: set the system pool settings back (systemNodeVmSize, systemNodeMinCount, systemNodeMaxCount), or change the pool in AKS (az aks nodepool update / add a system pool and delete the old one, README "Node pools") and record it in the stack config.',
        );
    }
}

function poolProfile(pool: NodePoolPlan, subnetId: pulumi.Input<string>) {
    return {
        mode: pool.mode,
        vmSize: pool.vmSize,
        osType: "Linux",
        osSKU: NODE_OS_SKU,
        type: "VirtualMachineScaleSets",
        enableAutoScaling: true,
        count: pool.minCount,
        minCount: pool.minCount,
        maxCount: pool.maxCount,
        maxPods: MAX_PODS_PER_NODE,
        availabilityZones: pool.zones.length > 0 ? [...pool.zones] : undefined,
        nodeTaints: pool.taints.length > 0 ? [...pool.taints] : undefined,
        nodeLabels: Object.keys(pool.labels).length > 0 ? { ...pool.labels } : undefined,
        vnetSubnetID: subnetId,
        enableNodePublicIP: false,
        upgradeSettings: { maxSurge: pool.maxSurge },
    };
}

function apiServerAccessProfile(apiServer: AksClusterArgs["apiServer"]) {
    switch (apiServer.access) {
        case "private":
            return { enablePrivateCluster: true, enablePrivateClusterPublicFQDN: false, privateDNSZone: apiServer.privateDnsZone?.id ?? "system", disableRunCommand: true };
        case "authorized-ranges":
            return { authorizedIPRanges: [...(apiServer.authorizedRanges ?? [])], disableRunCommand: true };
        case "public":
            return { disableRunCommand: true };
    }
}
