/**
 * Stage 1, the foundation: what the platform runs on. On Azure: resource group, logs, network,
 * registry, cluster, the data lake and Flink's checkpoint account, with their diagnostics. On a
 * local cluster: the cluster's context and registry (local-foundation.ts). Later stages read the
 * common part (the cluster's provider, who scrapes metrics, the stack's last outputs) and branch on
 * `kind` only where a target has its own piece.
 */
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as resources from "@pulumi/azure-native/resources";
import { AKS_DIAGNOSTIC_LOGS, AksCluster, apiServerPrivateDnsZone, type PoolSize } from "../../components/azure/aks-cluster";
import { ContainerRegistry, REGISTRY_DIAGNOSTIC_LOGS, REGISTRY_PRIVATE_LINK } from "../../components/azure/container-registry";
import { POSTGRES_PRIVATE_LINK } from "../../components/azure/catalog-database";
import { DataLake, LAKE_DIAGNOSTIC_LOGS, LAKE_DIAGNOSTIC_METRICS, LAKE_PRIVATE_LINK } from "../../components/azure/data-lake";
import { KEY_VAULT_DIAGNOSTIC_LOGS, KEY_VAULT_PRIVATE_LINK, KeyVault } from "../../components/azure/key-vault";
import { Monitoring } from "../../components/azure/monitoring";
import { azureName, namer, type GloballyUniqueKind, type Namer } from "../../components/azure/naming";
import { Network, planNetwork } from "../../components/azure/network";
import type { PrivateLinkPlacement } from "../../components/azure/private-endpoint";
import { ADMIN_LISTENER } from "../../components/kafka/kafka-cluster";
import { METRICS_SCRAPER, POD_MONITOR_API } from "../../components/kubernetes/scrape-targets";
import { azureTraits } from "../../stacks/profiles";
import { FLINK_STORAGE_CONTAINERS } from "../../components/kubernetes/flink-job";
import type { PlatformConfig } from "../config";
import { adminListenerAccess } from "../kafka-admin";
import { LAKEHOUSE } from "../workloads";
import { lastDeployed, type FoundationBase } from "./foundation-base";
import { createLocalFoundation, type LocalFoundation } from "./local-foundation";

export type { FoundationBase } from "./foundation-base";

/** An administrator of the cluster and Grafana. */
export interface Admin {
    readonly label: string;
    readonly principalId: pulumi.Input<string>;
    readonly principalType?: "Group";
}

export type Foundation = AzureFoundation | LocalFoundation;

/** The foundation of the stack's target. */
export function createFoundation(config: PlatformConfig): Foundation {
    return config.profile.traits.target.kind === "azure" ? createAzureFoundation(config) : createLocalFoundation(config);
}

export interface AzureFoundation extends FoundationBase {
    readonly kind: "azure";
    /** Names Azure resources `<project>-<stack>-<role>`. */
    readonly name: Namer;
    /** The identity running Pulumi: it builds and pushes images and applies Kubernetes objects. */
    readonly deployer: pulumi.Output<authorization.GetClientConfigResult>;
    /** Who administers the cluster and Grafana: the deploying identity and the configured groups. */
    readonly admins: readonly Admin[];
    readonly resourceGroup: resources.ResourceGroup;
    readonly monitoring: Monitoring;
    readonly network: Network;
    readonly registry: ContainerRegistry;
    readonly cluster: AksCluster;
    readonly lake: DataLake;
    readonly checkpoints: DataLake;
    /** The stack's Key Vault: the workloads' credentials and the image-signing certificate. */
    readonly keyVault: KeyVault;
    /** Names globally unique resources (storage, registry, database servers). */
    readonly globalName: (kind: GloballyUniqueKind, role: string) => pulumi.Output<string>;
    /** Where private endpoints go: the endpoint subnet and the zones (the catalog's database uses it in every stack). */
    readonly endpointPlacement: PrivateLinkPlacement;
    /** Names a component's private endpoints. */
    readonly endpointName: (role: string) => (groupId: string) => string;
}

function createAzureFoundation(config: PlatformConfig): AzureFoundation {
    const { settings, tags } = config;
    const { traits } = config.profile;
    const azure = azureTraits(config.profile);
    const name = namer(config.project, config.stack);
    const protect = traits.protectStatefulResources;
    const resourceGroupName = name("resourceGroup", "rg");

    const deployer = authorization.getClientConfigOutput();
    const admins: Admin[] = [
        { label: "deployer", principalId: deployer.objectId },
        ...settings.clusterAdminGroupObjectIds.map((id) => ({ label: `group-${id}`, principalId: id, principalType: "Group" as const })),
    ];
    // Storage and registry names are global: a suffix hashed from the resource group's ARM id (as
    // Bicep's uniqueString(resourceGroup().id)) keeps them unique per subscription and stable.
    const globalName = (kind: GloballyUniqueKind, role: string) =>
        deployer.subscriptionId.apply((subscription) =>
            azureName(kind, { project: config.project, stack: config.stack, role, uniqueSeed: `/subscriptions/${subscription}/resourceGroups/${resourceGroupName}` }),
        );

    const resourceGroup = new resources.ResourceGroup("platform", { resourceGroupName, location: settings.location, tags }, { protect });
    const placement = { resourceGroupName: resourceGroup.name, location: resourceGroup.location };

    const monitoring = new Monitoring("monitoring", {
        ...placement,
        workspaceName: name("logAnalyticsWorkspace", "logs"),
        retentionInDays: settings.logRetentionDays,
        dailyQuotaGb: azure.logDailyQuotaGb,
        protect,
        tags,
    });

    const networkPlan = planNetwork(settings);
    const privateLinkGroups = azure.privateEndpoints ? [...REGISTRY_PRIVATE_LINK, ...LAKE_PRIVATE_LINK, ...KEY_VAULT_PRIVATE_LINK] : [];
    // Dev's Kafka admin listener is a public load balancer: the node subnet lets exactly its port in, from its ranges.
    const admin = settings.kafkaMode === "strimzi" ? adminListenerAccess(settings, azure.kafkaAdminListener) : undefined;
    const nodeInbound = admin?.kind === "load-balancer" ? [{ name: "kafka-admin", port: ADMIN_LISTENER.port, sourceRanges: admin.sourceRanges }] : [];
    // A private API server gets a zone the program owns, so it can be linked to the runners' networks too.
    const apiServerZone = settings.apiServerAccess === "private" ? apiServerPrivateDnsZone(settings.location) : undefined;
    const network = new Network("network", {
        ...placement,
        namer: name,
        plan: networkPlan,
        // The catalog's database has a private endpoint in every stack (it has no public access).
        privateDnsZones: [...[...privateLinkGroups, ...POSTGRES_PRIVATE_LINK].map((g) => g.dnsZone), ...(apiServerZone ? [apiServerZone] : [])],
        nodeInbound,
        runnerVnetIds: settings.runnerVnetIds,
        tags,
    });
    const endpointPlacement: PrivateLinkPlacement = { subnetId: network.privateEndpointSubnetId, dnsZoneIds: network.privateDnsZoneIds, zoneReady: network.privateZoneReady };
    const privateLink = azure.privateEndpoints ? endpointPlacement : undefined;
    const endpointName = (role: string) => (groupId: string) => name("privateEndpoint", `${role}-${groupId}-pe`);

    const registry = new ContainerRegistry("registry", {
        ...placement,
        registryName: globalName("containerRegistry", "acr"),
        sku: azure.registrySku,
        untaggedRetentionDays: azure.registryUntaggedRetentionDays,
        zoneRedundant: azure.registrySku === "Premium" && traits.availabilityZones.length > 1,
        privateLink,
        endpointName: endpointName("acr"),
        pushers: [{ label: "deployer", principalId: deployer.objectId }],
        protect,
        tags,
    });

    // The stack's own last outputs: the system pool its cluster was created with (AKS cannot change it later).
    const deployed = lastDeployed();
    const cluster = new AksCluster("aks", {
        ...placement,
        namer: name,
        nodeResourceGroupName: name("resourceGroup", "aks-nodes"),
        kubernetesVersion: settings.kubernetesVersion,
        tier: azure.clusterTier,
        pools: {
            system: { vmSize: settings.systemNodeVmSize, minCount: settings.systemNodeMinCount, maxCount: settings.systemNodeMaxCount },
            user: { vmSize: settings.userNodeVmSize, minCount: settings.userNodeMinCount, maxCount: settings.userNodeMaxCount },
            stateful: azure.statefulPool,
        },
        availabilityZones: traits.availabilityZones,
        nodeSubnetId: network.nodeSubnetId,
        network: networkPlan,
        apiServer: {
            access: settings.apiServerAccess,
            authorizedRanges: settings.apiServerAuthorizedRanges,
            privateDnsZone: apiServerZone ? { id: network.privateDnsZoneIds[apiServerZone], ready: network.privateZoneReady[apiServerZone] } : undefined,
        },
        maintenance: { day: settings.maintenanceDay, startTime: settings.maintenanceStartTime },
        logAnalyticsWorkspaceId: monitoring.workspaceId,
        defender: azure.defender,
        clusterAdmins: admins,
        resourceGroupId: resourceGroup.id,
        kubeletGrants: [registry.pull()],
        systemPoolAsCreated: deployed.getOutput("systemPool") as pulumi.Output<PoolSize | undefined>,
        kubeloginMode: settings.kubeloginMode,
        protect,
        tags,
    });

    const storage = { ...placement, sku: azure.storageSku, softDeleteDays: azure.softDeleteDays, privateLink, protect, tags };
    const lake = new DataLake("lake", {
        ...storage,
        accountName: globalName("storageAccount", "lake"),
        // Tables live in the warehouse (no lifecycle rule: their maintenance expires data); files in landing expire.
        containers: [
            { name: LAKEHOUSE.containers.warehouse, icebergWarehouse: true },
            { name: LAKEHOUSE.containers.landing, expireAfterDays: settings.lakeLandingExpiryDays },
        ],
        endpointName: endpointName("lake"),
    });
    // Flink's checkpoints live in their own account: the job's identity writes state there, and its
    // grant on the lake is separate from its grant on its own state.
    const checkpoints = new DataLake("checkpoints", {
        ...storage,
        accountName: globalName("storageAccount", "chk"),
        containers: Object.values(FLINK_STORAGE_CONTAINERS).map((container) => ({ name: container })),
        endpointName: endpointName("chk"),
    });

    const keyVault = new KeyVault("key-vault", {
        ...placement,
        vaultName: globalName("keyVault", "kv"),
        tenantId: deployer.tenantId,
        privateLink,
        endpointName: endpointName("kv"),
        protect,
        tags,
    });

    for (const [target, diagnostics] of [
        ["aks", { resourceId: cluster.clusterId, logCategories: AKS_DIAGNOSTIC_LOGS }],
        ["registry", { resourceId: registry.registryId, logCategories: REGISTRY_DIAGNOSTIC_LOGS }],
        ["lake", { resourceId: lake.blobServiceId, logCategories: LAKE_DIAGNOSTIC_LOGS, metricCategories: LAKE_DIAGNOSTIC_METRICS }],
        ["checkpoints", { resourceId: checkpoints.blobServiceId, logCategories: LAKE_DIAGNOSTIC_LOGS, metricCategories: LAKE_DIAGNOSTIC_METRICS }],
        ["key-vault", { resourceId: keyVault.vaultId, logCategories: KEY_VAULT_DIAGNOSTIC_LOGS }],
    ] as const) {
        monitoring.collectDiagnostics(target, diagnostics);
    }

    return {
        kind: "azure",
        provider: cluster.provider,
        // Azure Monitor's managed Prometheus scrapes PodMonitors of its own group.
        metricsScraper: METRICS_SCRAPER,
        podMonitorApi: POD_MONITOR_API,
        extraNamespaces: [],
        name,
        globalName,
        deployer,
        admins,
        resourceGroup,
        monitoring,
        network,
        endpointPlacement,
        endpointName,
        deployed,
        registry,
        cluster,
        lake,
        checkpoints,
        keyVault,
    };
}
