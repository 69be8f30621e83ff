/**
 * Good fixtures for the rule tables: the objects the program itself plans (AppService's planner,
 * the Kafka and catalog planners) or shapes copied from the prod plan, so every rule is tested
 * against what the platform really produces. Each call returns a fresh copy.
 */
import { planAppService } from "../../components/kubernetes/workload-plan";
import { apiSpec } from "../support/app-spec";
import { planCatalog } from "../../components/kafka/topic-plan";
import type { TestResource } from "../support/policy";

export const REGISTRY = "streamingplatformprodacr586f45.azurecr.io";
export const DIGEST = `sha256:${"0f94699822c364166ac711fe7dfdc6b2355a6ee3d9e2d9f8b7caa485e8d6b000"}`;
export const IMAGE = `${REGISTRY}/api:c-e70908435b3e3bd55d8d@${DIGEST}`;

const API = apiSpec();

/** The api service as AppService plans it for prod: Deployment, Service, HPA, PDB, NetworkPolicy. */
export function apiObjects() {
    return structuredClone(planAppService(API, { image: IMAGE, checksum: "0".repeat(64) }));
}

const k8s = (kind: string, apiVersion: string, name: string, props: object): TestResource => ({
    type: `kubernetes:${apiVersion}:${kind}`,
    name,
    props: props as Record<string, any>,
});

export const deployment = () => k8s("Deployment", "apps/v1", "app-api-deployment", apiObjects().deployment);
export const service = () => k8s("Service", "core/v1", "app-api-service", apiObjects().service);
export const hpa = () => k8s("HorizontalPodAutoscaler", "autoscaling/v2", "app-api-hpa", apiObjects().hpa);
export const pdb = () => k8s("PodDisruptionBudget", "policy/v1", "app-api-pdb", apiObjects().pdb!);
export const networkPolicy = () => k8s("NetworkPolicy", "networking.k8s.io/v1", "app-api-network-policy", apiObjects().networkPolicy);

/** The api's objects as a stack. */
export function apiStack(): TestResource[] {
    return [deployment(), service(), hpa(), pdb(), networkPolicy()];
}

/** A Redis-like StatefulSet of one with its headless Service. */
export function statefulStack(): TestResource[] {
    const labels = { "app.kubernetes.io/name": "redis", "app.kubernetes.io/part-of": "streaming-platform" };
    return [
        k8s("StatefulSet", "apps/v1", "redis-statefulset", {
            metadata: { name: "redis", namespace: "data", labels },
            spec: {
                replicas: 1,
                serviceName: "redis",
                selector: { matchLabels: labels },
                template: { metadata: { labels }, spec: { containers: [{ name: "redis", image: `${REGISTRY}/redis:7.4.2-alpine@${DIGEST}`, ports: [{ name: "redis", containerPort: 6379 }] }] } },
            },
        }),
        k8s("Service", "core/v1", "redis-service", { metadata: { name: "redis", namespace: "data" }, spec: { clusterIP: "None", selector: labels, ports: [{ name: "redis", port: 6379, targetPort: "redis" }] } }),
    ];
}

/** The prod cluster's settings that the AKS rules read (copied from the prod plan). */
export function cluster(): TestResource {
    return {
        type: "azure-native:containerservice:ManagedCluster",
        name: "aks-cluster",
        props: {
            disableLocalAccounts: true,
            enableRBAC: true,
            aadProfile: { managed: true, enableAzureRBAC: true },
            oidcIssuerProfile: { enabled: true },
            securityProfile: { workloadIdentity: { enabled: true }, defender: { securityMonitoring: { enabled: true } } },
            networkProfile: { networkPlugin: "azure", networkPluginMode: "overlay", networkPolicy: "cilium", networkDataplane: "cilium" },
            apiServerAccessProfile: { enablePrivateCluster: true, disableRunCommand: true },
            autoUpgradeProfile: { upgradeChannel: "patch", nodeOSUpgradeChannel: "NodeImage" },
            addonProfiles: { azurepolicy: { enabled: true } },
            agentPoolProfiles: [{ name: "system", mode: "System", availabilityZones: ["1", "2", "3"] }],
        },
    };
}

export function registry(): TestResource {
    return {
        type: "azure-native:containerregistry:Registry",
        name: "registry-registry",
        props: { registryName: "streamingplatformprodacr586f45", loginServer: REGISTRY, sku: { name: "Premium" }, adminUserEnabled: false, anonymousPullEnabled: false, publicNetworkAccess: "Disabled" },
    };
}

export function storageAccount(): TestResource {
    return {
        type: "azure-native:storage:StorageAccount",
        name: "lake-account",
        props: {
            accountName: "streamingpprodlake586f45",
            sku: { name: "Standard_GZRS" },
            enableHttpsTrafficOnly: true,
            minimumTlsVersion: "TLS1_2",
            allowBlobPublicAccess: false,
            allowSharedKeyAccess: false,
            publicNetworkAccess: "Disabled",
        },
    };
}

export function blobService(): TestResource {
    return {
        type: "azure-native:storage:BlobServiceProperties",
        name: "lake-blob-service",
        props: { blobServicesName: "default", deleteRetentionPolicy: { enabled: true, days: 30 }, containerDeleteRetentionPolicy: { enabled: true, days: 30 } },
    };
}

/** A docker-build Image as ServiceImage configures it. */
export function image(): TestResource {
    return {
        type: "docker-build:index:Image",
        name: "image-api-image",
        props: {
            push: true,
            tags: [`${REGISTRY}/api:c-e70908435b3e3bd55d8d`],
            registries: [{ address: REGISTRY, username: "00000000-0000-0000-0000-000000000000", password: "token" }],
            cacheFrom: [{ registry: { ref: `${REGISTRY}/api:buildcache` } }],
            cacheTo: [{ registry: { ref: `${REGISTRY}/api:buildcache`, mode: "max", imageManifest: true, ociMediaTypes: true } }],
            buildArgs: { PORT: "5000", HEALTH_PATH: "/api/health" },
        },
    };
}

/** The prod catalog's resources as TopicCatalog creates them: topics (incl. dead-letter topics) and ACLs. */
export function catalogStack(): TestResource[] {
    const plan = planCatalog(
        [
            { domain: "web", entity: "event", event: "received", partitions: 12, retentionHours: 168, cleanupPolicy: "delete", producers: ["api"], consumers: [{ group: "worker", service: "worker" }] },
            { domain: "web", entity: "event", event: "counted", partitions: 6, retentionHours: 720, cleanupPolicy: "delete", producers: ["event-count"], consumers: [] },
        ],
        { replicationFactor: 3, minInSyncReplicas: 2 },
    );
    return [
        ...plan.topics.map((t) => ({ type: "kafka:index/topic:Topic", name: `topics-${t.name}`, props: { name: t.name, partitions: t.partitions, replicationFactor: t.replicationFactor, config: { ...t.config } } })),
        ...plan.grants.map((g) => ({
            type: "kafka:index/acl:Acl",
            name: `topics-${g.service}-${g.operation}-${g.resourceType}-${g.resourceName}`.toLowerCase(),
            props: { aclPrincipal: `User:svc-${g.service}`, aclHost: "*", aclOperation: g.operation, aclPermissionType: "Allow", aclResourceType: g.resourceType, aclResourceName: g.resourceName, resourcePatternTypeFilter: "Literal" },
        })),
    ];
}

export const topic = (): TestResource => catalogStack()[0];

/** A FlinkDeployment as FlinkJob plans it (configuration copied from the prod plan). */
export function flinkDeployment(): TestResource {
    return k8s("FlinkDeployment", "flink.apache.org/v1beta1", "flink-event-count-deployment", {
        metadata: { name: "event-count", namespace: "flink" },
        spec: {
            flinkConfiguration: {
                "state.backend.type": "rocksdb",
                "execution.checkpointing.interval": "60s",
                "state.checkpoints.dir": "abfss://flink-checkpoints@streamingplprodchk586f45.dfs.core.windows.net/event-count/checkpoints",
                "state.savepoints.dir": "abfss://flink-savepoints@streamingplprodchk586f45.dfs.core.windows.net/event-count/savepoints",
                "high-availability.type": "kubernetes",
                "high-availability.storageDir": "abfss://flink-checkpoints@streamingplprodchk586f45.dfs.core.windows.net/event-count/ha",
                "fs.azure.account.auth.type.streamingplprodchk586f45.dfs.core.windows.net": "OAuth",
                "fs.azure.account.oauth.provider.type.streamingplprodchk586f45.dfs.core.windows.net": "org.apache.hadoop.fs.azurebfs.oauth2.WorkloadIdentityTokenProvider",
                "fs.azure.account.oauth2.client.id.streamingplprodchk586f45.dfs.core.windows.net": "00000000-0000-0000-0000-0000000000c1",
                "fs.azure.account.oauth2.msi.tenant.streamingplprodchk586f45.dfs.core.windows.net": "00000000-0000-0000-0000-0000000000a1",
                "fs.azure.account.oauth2.token.file.streamingplprodchk586f45.dfs.core.windows.net": "/var/run/secrets/azure/tokens/azure-identity-token",
            },
            podTemplate: {
                metadata: { labels: { "azure.workload.identity/use": "true" } },
                spec: { containers: [{ name: "flink-main-container", env: [{ name: "INPUT_TOPIC", value: "web.event.received" }] }] },
            },
            job: { jarURI: "local:///opt/flink/usrlib/event-count-job.jar", upgradeMode: "savepoint", state: "running" },
        },
    });
}

/** The pod spec of a TestResource workload (Deployment/StatefulSet). */
export const podSpec = (r: TestResource) => r.props.spec.template.spec;
export const container = (r: TestResource, i = 0) => podSpec(r).containers[i];

/** Every kind that carries a pod, as the Pod Security rules must read it. */
export const WORKLOAD_KINDS = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod"] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

/** The api's pod (template metadata and spec) in a workload of `kind`. */
export function workloadAs(kind: WorkloadKind): TestResource {
    const { metadata, spec } = apiObjects().deployment;
    const template = spec.template;
    const name = `app-api-${kind.toLowerCase()}`;
    switch (kind) {
        case "Deployment":
            return deployment();
        case "StatefulSet":
            return k8s(kind, "apps/v1", name, { metadata, spec: { replicas: 2, serviceName: "api", selector: spec.selector, template } });
        case "DaemonSet":
        case "ReplicaSet":
            return k8s(kind, "apps/v1", name, { metadata, spec: { selector: spec.selector, template } });
        case "Job":
            return k8s(kind, "batch/v1", name, { metadata, spec: { template: { ...template, spec: { ...template.spec, restartPolicy: "Never" } } } });
        case "CronJob":
            return k8s(kind, "batch/v1", name, { metadata, spec: { schedule: "*/5 * * * *", jobTemplate: { spec: { template: { ...template, spec: { ...template.spec, restartPolicy: "Never" } } } } } });
        case "Pod":
            return k8s(kind, "core/v1", name, { metadata: { ...metadata, labels: template.metadata.labels, annotations: template.metadata.annotations }, spec: template.spec });
    }
}

/** The pod spec of any workload fixture, and its field path. */
export function podSpecOf(r: TestResource): any {
    const kind = r.type.split(":").pop();
    return kind === "Pod" ? r.props.spec : kind === "CronJob" ? r.props.spec.jobTemplate.spec.template.spec : r.props.spec.template.spec;
}
export function podPathOf(r: TestResource): string {
    const kind = r.type.split(":").pop();
    return kind === "Pod" ? "spec" : kind === "CronJob" ? "spec.jobTemplate.spec.template.spec" : "spec.template.spec";
}
/** The pod template's metadata of any workload fixture. */
export function podMetadataOf(r: TestResource): any {
    const kind = r.type.split(":").pop();
    return kind === "Pod" ? r.props.metadata : kind === "CronJob" ? r.props.spec.jobTemplate.spec.template.metadata : r.props.spec.template.metadata;
}

/** A copy of the first container as an ephemeral (debug) container named "debug". */
export function addEphemeral(r: TestResource, securityContext?: Record<string, unknown>): any {
    const first = podSpecOf(r).containers[0];
    const debug = { name: "debug", image: first.image, securityContext: structuredClone(securityContext ?? first.securityContext) };
    podSpecOf(r).ephemeralContainers = [debug];
    return debug;
}

/** A copy of the first container as an init container named "init". */
export function addInit(r: TestResource): any {
    const first = structuredClone(podSpecOf(r).containers[0]);
    const init = { name: "init", image: first.image, securityContext: first.securityContext };
    podSpecOf(r).initContainers = [init];
    return init;
}
