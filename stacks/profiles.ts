/**
 * Stack profiles: what makes an environment what it is. A profile's `traits` are settings that are
 * not config at all, because changing them changes what the environment is (protection of stateful
 * resources, ingestion caps, zones, sizes). The values a profile gives config keys live with each
 * key (infra/config-keys.ts, `profiles`), so everything about a key is in one place.
 * Components never ask "is this prod?": they read the settings and traits handed to them.
 */
import type { PoolSize } from "../components/azure/aks-cluster";
import type { NamespaceBudget } from "../components/kubernetes/namespaces";
import type { KafkaSizing } from "../components/kafka/kafka-cluster";
import type { CatalogDatabaseSize } from "../components/azure/catalog-database";
import type { ContainerResources } from "../components/kubernetes/workload-plan";

export const PROFILE_NAMES = ["local", "dev", "prod"] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

/** Environment traits that no stack file can change. */
export interface ProfileTraits {
    /**
     * Create stateful resources (resource group, Log Analytics workspace, and later the cluster,
     * registry and storage account) with `protect: true`, so `pulumi destroy` or a replacement stops.
     */
    readonly protectStatefulResources: boolean;
    /** Availability zones for node pools and zone-redundant services; empty: no zone pinning. */
    readonly availabilityZones: readonly string[];
    /** Replicas of every application service: the HPA's minimum and maximum. */
    readonly appReplicas: { readonly min: number; readonly max: number };
    /** Quota and container defaults of each Kubernetes namespace. */
    readonly namespaceBudget: NamespaceBudget;
    /**
     * Redis sizing and whether its volume outlives the StatefulSet; `storageClass` undefined: the
     * cluster's default class.
     */
    readonly redis: { readonly cpu: string; readonly memory: string; readonly storageSize: string; readonly storageClass: string | undefined; readonly retainVolumeOnDelete: boolean };
    /** The lakehouse: the REST catalog's replicas and container size, and the table jobs' container size. */
    readonly lakehouse: {
        readonly catalog: { readonly replicas: number; readonly resources: ContainerResources };
        readonly tableJobs: { readonly resources: ContainerResources };
    };
    /** Flink JobManager (replicas > 1: a standby for HA) and TaskManager sizes. */
    readonly flink: {
        readonly jobManager: { readonly replicas: number; readonly cpu: number; readonly memory: string };
        readonly taskManager: { readonly cpu: number; readonly memory: string; readonly slots: number };
    };
    /**
     * Kafka (Strimzi): topology, sizes (`storageClass` undefined: the cluster's default), the
     * replication every topic gets, and the shortest retention a topic may declare.
     */
    readonly kafka: KafkaSizing & { readonly minRetentionHours: number };
    /**
     * Where the service images come from: built here from the checkout, or promoted from another
     * stack of this project (its `images` output: the same digests, imported into this registry,
     * never rebuilt).
     */
    readonly images: { readonly source: "build" } | { readonly source: "promote"; readonly fromStack: string };
    /** What the platform runs on: Azure (AKS and its managed services) or a local cluster. */
    readonly target: AzureTraits | LocalTraits;
}

/** An Azure environment: what only Azure has. */
export interface AzureTraits {
    readonly kind: "azure";
    /**
     * Daily ingestion cap of the Log Analytics workspace in GB, or `undefined` for no cap. A cap keeps a
     * noisy dev cluster cheap; prod must never drop audit logs, so it has none.
     */
    readonly logDailyQuotaGb: number | undefined;
    /** AKS control-plane tier: Free (no uptime SLA) or Standard (financially backed SLA, more API capacity). */
    readonly clusterTier: "Free" | "Standard";
    /** Microsoft Defender for Containers on the cluster (runtime threat detection, image scanning). */
    readonly defender: boolean;
    /**
     * Registry and storage are reached through private endpoints in the VNet and refuse public
     * network access. Needs the Premium registry SKU, and a deploying runner inside the network.
     */
    readonly privateEndpoints: boolean;
    /** ACR SKU: Basic (no private link, retention or zone redundancy) or Premium. */
    readonly registrySku: "Basic" | "Premium";
    /** Days the registry keeps untagged manifests (Premium only); undefined: keep them. */
    readonly registryUntaggedRetentionDays: number | undefined;
    /** Storage redundancy of the data-lake accounts. */
    readonly storageSku: "Standard_LRS" | "Standard_ZRS" | "Standard_GZRS";
    /** Days deleted blobs and containers stay recoverable (soft delete). */
    readonly softDeleteDays: number;
    /** The catalog's PostgreSQL flexible server: size and resilience. */
    readonly catalogDatabase: CatalogDatabaseSize;
    /**
     * Whether Kafka's admin listener sits on the VNet's internal load balancer (the runner is inside
     * the network) or on a public one limited to kafkaAdminSourceRanges.
     */
    readonly kafkaAdminListener: "internal" | "public";
    /**
     * A node pool of this size per zone for Kafka and Redis, whose disks are zonal: one pool spanning
     * the zones cannot be told which zone to grow for a Pending pod bound to its disk. Undefined:
     * they share the user pool (no zones).
     */
    readonly statefulPool: PoolSize | undefined;
    /** Azure Managed Grafana: Essential (no SLA) or Standard (SLA, zone redundancy). */
    readonly grafana: { readonly sku: "Essential" | "Standard"; readonly zoneRedundant: boolean };
    /** What the stack proves about the images it runs (README "Supply chain"). */
    readonly supplyChain: SupplyChain;
}

/** How a stack's images are vouched for. */
export interface SupplyChain {
    /** Sign every image in the stack's registry (Notation, with the stack's Key Vault certificate). */
    readonly sign: boolean;
    /**
     * What the cluster does with a pod whose image has no valid signature from the stack's
     * certificate in its registry (Ratify behind Azure Policy): refuse it (Deny), report it (Audit),
     * or no verification (Disabled).
     */
    readonly verify: "Deny" | "Audit" | "Disabled";
    /** Scan every image for critical vulnerabilities with a fix before this stack takes it (promotion only). */
    readonly scanBeforePromotion: boolean;
}

/**
 * A local cluster (kind, k3d, minikube, Docker Desktop): what stands in for Azure runs in the
 * cluster, sized for a laptop. Volumes use the cluster's default storage class.
 */
export interface LocalTraits {
    readonly kind: "local";
    /** MinIO: the lake's and Flink's object store (s3://). */
    readonly objectStore: { readonly resources: ContainerResources; readonly storageSize: string };
    /** The catalog's PostgreSQL (a StatefulSet). */
    readonly catalogDatabase: { readonly resources: ContainerResources; readonly storageSize: string };
    /** Prometheus (with the alert rules) and Grafana (with the dashboards), in the cluster. */
    readonly observability: { readonly retention: string; readonly storageSize: string };
}

export interface StackProfile {
    readonly name: ProfileName;
    /** One line for the plan header and README. */
    readonly summary: string;
    readonly traits: ProfileTraits;
}

export const PROFILES: Readonly<Record<ProfileName, StackProfile>> = {
    local: {
        name: "local",
        summary: "a laptop cluster, no Azure: MinIO for the lake, PostgreSQL and Prometheus/Grafana in the cluster, advisory policies",
        traits: {
            protectStatefulResources: false,
            availabilityZones: [],
            appReplicas: { min: 1, max: 1 },
            namespaceBudget: {
                requestsCpu: "4",
                requestsMemory: "8Gi",
                limitsMemory: "12Gi",
                pods: 40,
                containerDefaults: { cpu: "50m", memory: "64Mi", memoryLimit: "256Mi" },
            },
            redis: { cpu: "50m", memory: "128Mi", storageSize: "1Gi", storageClass: undefined, retainVolumeOnDelete: false },
            lakehouse: {
                catalog: { replicas: 1, resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } } },
                tableJobs: { resources: { requests: { cpu: "100m", memory: "512Mi" }, limits: { memory: "1536Mi" } } },
            },
            flink: {
                jobManager: { replicas: 1, cpu: 0.25, memory: "1024m" },
                taskManager: { cpu: 0.5, memory: "1536m", slots: 1 },
            },
            kafka: {
                topology: { kind: "combined", nodes: 1, size: { cpu: "250m", memory: "1Gi" } },
                storageSize: "5Gi",
                storageClass: undefined,
                replicationFactor: 1,
                minInSyncReplicas: 1,
                minRetentionHours: 1,
            },
            images: { source: "build" },
            target: {
                kind: "local",
                objectStore: { resources: { requests: { cpu: "50m", memory: "256Mi" }, limits: { memory: "512Mi" } }, storageSize: "10Gi" },
                catalogDatabase: { resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "256Mi" } }, storageSize: "1Gi" },
                observability: { retention: "2d", storageSize: "5Gi" },
            },
        },
    },
    dev: {
        name: "dev",
        summary: "small and cheap: Free tier, no zones, public endpoints guarded by Entra ID, advisory policies",
        traits: {
            protectStatefulResources: false,
            availabilityZones: [],
            appReplicas: { min: 1, max: 2 },
            namespaceBudget: {
                requestsCpu: "4",
                requestsMemory: "8Gi",
                limitsMemory: "12Gi",
                pods: 40,
                containerDefaults: { cpu: "100m", memory: "128Mi", memoryLimit: "256Mi" },
            },
            redis: { cpu: "100m", memory: "256Mi", storageSize: "1Gi", storageClass: "managed-csi", retainVolumeOnDelete: false },
            lakehouse: {
                catalog: { replicas: 1, resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } } },
                tableJobs: { resources: { requests: { cpu: "250m", memory: "768Mi" }, limits: { memory: "1536Mi" } } },
            },
            flink: {
                jobManager: { replicas: 1, cpu: 0.5, memory: "1024m" },
                taskManager: { cpu: 1, memory: "2048m", slots: 1 },
            },
            kafka: {
                topology: { kind: "combined", nodes: 1, size: { cpu: "500m", memory: "2Gi" } },
                storageSize: "10Gi",
                storageClass: "managed-csi",
                replicationFactor: 1,
                minInSyncReplicas: 1,
                minRetentionHours: 1,
            },
            images: { source: "build" },
            target: {
                kind: "azure",
                logDailyQuotaGb: 5,
                clusterTier: "Free",
                defender: false,
                privateEndpoints: false,
                registrySku: "Basic",
                registryUntaggedRetentionDays: undefined,
                storageSku: "Standard_LRS",
                softDeleteDays: 7,
                // The smallest sound server: Burstable, no standby, a week of backups.
                catalogDatabase: { skuName: "Standard_B1ms", tier: "Burstable", storageGb: 32, backupRetentionDays: 7, geoRedundantBackup: false, zoneRedundantHa: false },
                kafkaAdminListener: "public",
                statefulPool: undefined,
                grafana: { sku: "Essential", zoneRedundant: false },
                // Signed as prod will need them; unsigned pods are reported, not refused, while building.
                supplyChain: { sign: true, verify: "Audit", scanBeforePromotion: false },
            },
        },
    },
    prod: {
        name: "prod",
        summary: "zonal and highly available: private endpoints, protected state, mandatory policies",
        traits: {
            protectStatefulResources: true,
            availabilityZones: ["1", "2", "3"],
            appReplicas: { min: 3, max: 10 },
            namespaceBudget: {
                requestsCpu: "24",
                requestsMemory: "48Gi",
                limitsMemory: "64Gi",
                pods: 200,
                containerDefaults: { cpu: "100m", memory: "128Mi", memoryLimit: "256Mi" },
            },
            redis: { cpu: "250m", memory: "1Gi", storageSize: "8Gi", storageClass: "managed-csi-premium", retainVolumeOnDelete: true },
            lakehouse: {
                catalog: { replicas: 2, resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { memory: "512Mi" } } },
                tableJobs: { resources: { requests: { cpu: "1", memory: "2Gi" }, limits: { memory: "4Gi" } } },
            },
            flink: {
                jobManager: { replicas: 2, cpu: 1, memory: "2048m" },
                taskManager: { cpu: 2, memory: "4096m", slots: 2 },
            },
            kafka: {
                topology: { kind: "dedicated", controllers: 3, controllerSize: { cpu: "500m", memory: "2Gi" }, brokers: 3, brokerSize: { cpu: "2", memory: "8Gi" } },
                storageSize: "256Gi",
                storageClass: "managed-csi-premium",
                replicationFactor: 3,
                minInSyncReplicas: 2,
                minRetentionHours: 24,
            },
            // The digests dev built and verified: prod never builds.
            images: { source: "promote", fromStack: "dev" },
            target: {
                kind: "azure",
                logDailyQuotaGb: undefined,
                clusterTier: "Standard",
                defender: true,
                privateEndpoints: true,
                registrySku: "Premium",
                registryUntaggedRetentionDays: 7,
                storageSku: "Standard_GZRS",
                softDeleteDays: 30,
                // A zone-redundant standby with automatic failover, five weeks of geo-redundant backups.
                catalogDatabase: { skuName: "Standard_D2ds_v5", tier: "GeneralPurpose", storageGb: 64, backupRetentionDays: 35, geoRedundantBackup: true, zoneRedundantHa: true },
                kafkaAdminListener: "internal",
                // Per zone: a controller (0.5 CPU, 2Gi) and a broker (2 CPU, 8Gi), and Redis in one of them.
                statefulPool: { vmSize: "Standard_E4s_v5", minCount: 1, maxCount: 2 },
                grafana: { sku: "Standard", zoneRedundant: true },
                supplyChain: { sign: true, verify: "Deny", scanBeforePromotion: true },
            },
        },
    },
};

/** The Azure traits of a profile, or an error naming the profile (for code that only Azure stacks reach). */
export function azureTraits(profile: StackProfile): AzureTraits {
    if (profile.traits.target.kind !== "azure") {
        throw new Error(`profile ${profile.name} does not run on Azure (target ${profile.traits.target.kind})`);
    }
    return profile.traits.target;
}
