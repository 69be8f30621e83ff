/**
 * Wires the components together: the only module that knows all of them. Each component gets the
 * slice of config it needs and the outputs of the components it depends on; environment differences
 * arrive as settings and profile traits, never as `if (prod)`.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as resources from "@pulumi/azure-native/resources";
import { AKS_DIAGNOSTIC_LOGS, AksCluster } from "../components/azure/aks-cluster";
import { ContainerRegistry, REGISTRY_DIAGNOSTIC_LOGS, REGISTRY_PRIVATE_LINK } from "../components/azure/container-registry";
import { DataLake, LAKE_DIAGNOSTIC_LOGS, LAKE_DIAGNOSTIC_METRICS, LAKE_PRIVATE_LINK } from "../components/azure/data-lake";
import { Monitoring } from "../components/azure/monitoring";
import { azureName, namer, type GloballyUniqueKind } from "../components/azure/naming";
import { Network, planNetwork } from "../components/azure/network";
import type { PrivateLinkPlacement } from "../components/azure/private-endpoint";
import type { RoleGrant } from "../components/azure/roles";
import { WorkloadIdentity, type ServiceAccountRef } from "../components/azure/workload-identity";
import { selectorOf } from "../components/kubernetes/workload-plan";
import { acrLogin } from "../components/build/acr-login";
import { planImages, ServiceImage } from "../components/build/service-image";
import { listStorageAccountKeysOutput } from "@pulumi/azure-native/storage/listStorageAccountKeys";
import { RandomPassword } from "@pulumi/random/randomPassword";
import { AppService } from "../components/kubernetes/app-service";
import { FLINK_STORAGE_CONTAINERS, FlinkJob } from "../components/kubernetes/flink-job";
import { FlinkOperator } from "../components/kubernetes/flink-operator";
import { Namespaces } from "../components/kubernetes/namespaces";
import { Redis, redisHost } from "../components/kubernetes/redis";
import { brokerPodLabels, KAFKA_METRICS_PORT, KafkaCluster, kafkaExporterPodLabels, SERVICE_USER_PREFIX, type AdminListenerAccess } from "../components/kafka/kafka-cluster";
import { ManagedGrafana } from "../components/azure/managed-grafana";
import { ManagedPrometheus } from "../components/azure/managed-prometheus";
import { planAlertRules } from "../components/observability/alert-rules";
import { METRICS_SCRAPER, ScrapeTargets, type ScrapeTarget } from "../components/kubernetes/scrape-targets";
import { FLINK_METRICS_PORT } from "../components/kubernetes/flink-job";
import { PORT_NAME } from "../components/kubernetes/workload-plan";
import { topicName } from "../components/kafka/topic-plan";
import { REDIS_METRICS_PORT } from "../components/kubernetes/redis";
import type { KafkaConnection } from "../components/kafka/connection";
import { TopicCatalog, type ServiceKafkaAccess } from "../components/kafka/topic-catalog";
import { planCatalog } from "../components/kafka/topic-plan";
import { flinkPodLabels } from "../components/kubernetes/flink-job";
import type { EgressTarget, PodPeer } from "../components/kubernetes/workload-plan";
import { catalogRules, type PlatformConfig, type Settings } from "./config";
import { APP_WORKLOADS, FLINK_JOBS, KAFKA, NAMESPACES, type AppServiceName, type AppWorkload, type FlinkJobName } from "./workloads";
import { SERVICE_ENDPOINTS, SERVICE_IMAGES, type ServiceName } from "./services";

/** Lake zones: raw events (bronze), cleaned (silver), served (gold). */
export const LAKE_ZONES = ["bronze", "silver", "gold"] as const;

/**
 * The Kubernetes ServiceAccounts that act as Azure identities. The workloads issue reads the same
 * names, so the federated credential and the ServiceAccount can never disagree.
 */
export const WORKLOAD_SERVICE_ACCOUNTS = {
    flink: { namespace: NAMESPACES.flink.name, name: "flink" },
    worker: { namespace: NAMESPACES.apps.name, name: "worker" },
} as const satisfies Record<string, ServiceAccountRef>;

export interface Platform {
    readonly resourceGroup: resources.ResourceGroup;
    readonly monitoring: Monitoring;
    readonly network: Network;
    readonly cluster: AksCluster;
    readonly registry: ContainerRegistry;
    readonly lake: DataLake;
    readonly checkpoints: DataLake;
    readonly identities: Readonly<Record<keyof typeof WORKLOAD_SERVICE_ACCOUNTS, WorkloadIdentity>>;
    readonly images: Readonly<Record<ServiceName, ServiceImage>>;
    readonly namespaces: Namespaces;
    readonly redis: Redis;
    readonly prometheus: ManagedPrometheus;
    readonly grafana: ManagedGrafana;
    readonly scrapeTargets: ScrapeTargets;
    /** The Strimzi cluster; undefined when kafkaMode is external. */
    readonly kafka: KafkaCluster | undefined;
    readonly topics: TopicCatalog;
    /** Where the services reach Kafka. */
    readonly kafkaBootstrapServers: string;
    readonly appServices: Readonly<Partial<Record<AppServiceName, AppService>>>;
    readonly flinkOperator: FlinkOperator;
    readonly flinkJobs: Readonly<Partial<Record<FlinkJobName, FlinkJob>>>;
}

/**
 * Creates the platform. `projectDir` is where Pulumi.yaml is (the program's working directory under
 * the Pulumi CLI); image build contexts are resolved from there. Image specs are validated and
 * hashed before the first resource is registered.
 */
export function createPlatform(config: PlatformConfig, projectDir: string): Platform {
    const { settings, profile, tags } = config;
    const { traits } = profile;
    const imagePlans = planImages(SERVICE_IMAGES, projectDir, settings.imagePlatform);
    const name = namer(config.project, config.stack);
    const protect = traits.protectStatefulResources;
    const resourceGroupName = name("resourceGroup", "rg");

    // The identity running Pulumi: it builds and pushes images and applies Kubernetes objects.
    const deployer = authorization.getClientConfigOutput();
    // Who administers the cluster and Grafana: the deploying identity and the configured groups.
    const admins = [
        { label: "deployer", principalId: deployer.objectId },
        ...settings.clusterAdminGroupObjectIds.map((id) => ({ label: `group-${id}`, principalId: id, principalType: "Group" as const })),
    ];
    // Storage and registry names are global: a suffix hashed from the resource group's ARM id (as
    // Bicep's uniqueString(resourceGroup().id)) keeps them unique per subscription and stable.
    const globalName = (kind: GloballyUniqueKind, role: string) =>
        deployer.subscriptionId.apply((subscription) =>
            azureName(kind, {
                project: config.project,
                stack: config.stack,
                role,
                uniqueSeed: `/subscriptions/${subscription}/resourceGroups/${resourceGroupName}`,
            }),
        );

    const resourceGroup = new resources.ResourceGroup("platform", { resourceGroupName, location: settings.location, tags }, { protect });
    const location = resourceGroup.location;
    const group = resourceGroup.name;

    const monitoring = new Monitoring("monitoring", {
        resourceGroupName: group,
        location,
        workspaceName: name("logAnalyticsWorkspace", "logs"),
        retentionInDays: settings.logRetentionDays,
        dailyQuotaGb: traits.logDailyQuotaGb,
        protect,
        tags,
    });

    const networkPlan = planNetwork(settings);
    const privateLinkGroups = traits.privateEndpoints ? [...REGISTRY_PRIVATE_LINK, ...LAKE_PRIVATE_LINK] : [];
    const network = new Network("network", {
        resourceGroupName: group,
        location,
        namer: name,
        plan: networkPlan,
        privateDnsZones: privateLinkGroups.map((g) => g.dnsZone),
        tags,
    });
    const privateLink: PrivateLinkPlacement | undefined = traits.privateEndpoints
        ? { subnetId: network.privateEndpointSubnetId, dnsZoneIds: network.privateDnsZoneIds }
        : undefined;
    const endpointName = (role: string) => (groupId: string) => name("privateEndpoint", `${role}-${groupId}-pe`);

    const registry = new ContainerRegistry("registry", {
        resourceGroupName: group,
        location,
        registryName: globalName("containerRegistry", "acr"),
        sku: traits.registrySku,
        untaggedRetentionDays: traits.registryUntaggedRetentionDays,
        zoneRedundant: traits.registrySku === "Premium" && traits.availabilityZones.length > 1,
        privateLink,
        endpointName: endpointName("acr"),
        pushers: [{ label: "deployer", principalId: deployer.objectId }],
        protect,
        tags,
    });

    const cluster = new AksCluster("aks", {
        resourceGroupName: group,
        location,
        namer: name,
        nodeResourceGroupName: name("resourceGroup", "aks-nodes"),
        kubernetesVersion: settings.kubernetesVersion,
        tier: traits.clusterTier,
        pools: {
            system: { vmSize: settings.systemNodeVmSize, minCount: settings.systemNodeMinCount, maxCount: settings.systemNodeMaxCount },
            user: { vmSize: settings.userNodeVmSize, minCount: settings.userNodeMinCount, maxCount: settings.userNodeMaxCount },
        },
        availabilityZones: traits.availabilityZones,
        nodeSubnetId: network.nodeSubnetId,
        network: networkPlan,
        apiServer: { access: settings.apiServerAccess, authorizedRanges: settings.apiServerAuthorizedRanges },
        maintenance: { day: settings.maintenanceDay, startTime: settings.maintenanceStartTime },
        logAnalyticsWorkspaceId: monitoring.workspaceId,
        defender: traits.defender,
        clusterAdmins: admins,
        kubeletGrants: [registry.pull()],
        kubeloginMode: settings.kubeloginMode,
        protect,
        tags,
    });

    const zoneExpiry: Record<(typeof LAKE_ZONES)[number], number | undefined> = {
        bronze: settings.lakeBronzeExpiryDays,
        silver: settings.lakeSilverExpiryDays,
        gold: undefined,
    };
    const lake = new DataLake("lake", {
        resourceGroupName: group,
        location,
        accountName: globalName("storageAccount", "lake"),
        sku: traits.storageSku,
        containers: LAKE_ZONES.map((zone) => ({ name: zone, expireAfterDays: zoneExpiry[zone] })),
        softDeleteDays: traits.softDeleteDays,
        privateLink,
        endpointName: endpointName("lake"),
        protect,
        tags,
    });
    // Flink's checkpoints live in their own account: when stock Flink needs the account key, the key
    // opens only this account, never the lake's data.
    const checkpoints = new DataLake("checkpoints", {
        resourceGroupName: group,
        location,
        accountName: globalName("storageAccount", "chk"),
        sku: traits.storageSku,
        containers: Object.values(FLINK_STORAGE_CONTAINERS).map((container) => ({ name: container })),
        softDeleteDays: traits.softDeleteDays,
        sharedKeyConsumers: settings.flinkStorageAuth === "account-key" ? ["flink"] : [],
        privateLink,
        endpointName: endpointName("chk"),
        protect,
        tags,
    });

    const identity = (role: keyof typeof WORKLOAD_SERVICE_ACCOUNTS, grants: readonly RoleGrant[]) =>
        new WorkloadIdentity(`identity-${role}`, {
            resourceGroupName: group,
            location,
            identityName: name("userAssignedIdentity", `${role}-wi`),
            oidcIssuerUrl: cluster.oidcIssuerUrl,
            serviceAccount: WORKLOAD_SERVICE_ACCOUNTS[role],
            grants,
            tags,
        });
    const identities = {
        flink: identity("flink", [checkpoints.readWrite(), lake.readWrite()]),
        worker: identity("worker", [lake.readWrite("bronze")]),
    };

    for (const [target, diagnostics] of [
        ["aks", { resourceId: cluster.clusterId, logCategories: AKS_DIAGNOSTIC_LOGS }],
        ["registry", { resourceId: registry.registryId, logCategories: REGISTRY_DIAGNOSTIC_LOGS }],
        ["lake", { resourceId: lake.blobServiceId, logCategories: LAKE_DIAGNOSTIC_LOGS, metricCategories: LAKE_DIAGNOSTIC_METRICS }],
        ["checkpoints", { resourceId: checkpoints.blobServiceId, logCategories: LAKE_DIAGNOSTIC_LOGS, metricCategories: LAKE_DIAGNOSTIC_METRICS }],
    ] as const) {
        monitoring.collectDiagnostics(target, diagnostics);
    }

    // Images push with the deployer's Entra ID identity (token exchange), never the admin user.
    const login = acrLogin(registry.loginServer, deployer.tenantId);
    const images = Object.fromEntries(
        imagePlans.map((plan) => [
            plan.service,
            new ServiceImage(`image-${plan.service}`, {
                plan,
                registry: login,
                releaseTag: settings.releaseTag === "" ? undefined : settings.releaseTag,
                buildOnPreview: settings.buildOnPreview,
                pushAfter: registry.pushGrants,
            }),
        ]),
    ) as Record<ServiceName, ServiceImage>;

    // In the cluster, everything through the cluster's own provider (user credentials + kubelogin).
    const provider = cluster.provider;
    const namespaces = new Namespaces("namespaces", {
        namespaces: Object.values(NAMESPACES),
        kubernetesVersion: settings.kubernetesVersion,
        budget: traits.namespaceBudget,
        provider,
    });

    const deployed = settings.appServices as readonly AppServiceName[];
    const redisPassword = settings.redisPassword
        ? pulumi.secret(settings.redisPassword.reveal())
        : new RandomPassword("redis-password", { length: 32, special: false }).result;
    const redis = new Redis("redis", {
        namespace: namespaces.names[NAMESPACES.data.name],
        password: redisPassword,
        memory: traits.redis.memory,
        cpu: traits.redis.cpu,
        evictionPolicy: settings.redisEvictionPolicy,
        storageSize: traits.redis.storageSize,
        storageClass: traits.redis.storageClass,
        retainVolumeOnDelete: traits.redis.retainVolumeOnDelete,
        clients: deployed.filter((s) => APP_WORKLOADS[s].usesRedis).map((s) => ({ namespace: APP_WORKLOADS[s].namespace, podLabels: selectorOf(s) })),
        metricsScraper: METRICS_SCRAPER,
        provider,
    });

    // Kafka: Strimzi's brokers in the cluster (or the external service), then the stack's topic catalog.
    const jobs = settings.flinkJobs as readonly FlinkJobName[];
    const kafkaClients: PodPeer[] = [
        ...deployed.filter((s) => (APP_WORKLOADS[s] as AppWorkload).kafka).map((s) => ({ namespace: APP_WORKLOADS[s].namespace, podLabels: selectorOf(s) })),
        ...jobs.map((job) => ({ namespace: NAMESPACES.flink.name, podLabels: flinkPodLabels(job) })),
    ];
    const kafka =
        settings.kafkaMode === "strimzi"
            ? new KafkaCluster(
                  "kafka",
                  {
                      spec: {
                          ...traits.kafka,
                          name: KAFKA.cluster,
                          namespace: NAMESPACES.kafka.name,
                          zones: traits.availabilityZones,
                          adminAccess: adminListenerAccess(settings, traits.kafka.adminListener),
                          clients: kafkaClients,
                          metricsScraper: METRICS_SCRAPER,
                      },
                      provider,
                      protect,
                  },
                  { dependsOn: [namespaces] },
              )
            : undefined;
    const connection = kafka?.connection ?? externalKafka(settings);
    const topics = new TopicCatalog("topics", { plan: planCatalog(settings.kafkaTopics, catalogRules(profile)), connection, protect });
    const kafkaEgress = kafkaEgressOf(connection, kafka !== undefined);
    const kafkaContext = { redisHost: redisHost(NAMESPACES.data.name), kafkaBootstrap: connection.clientBootstrapServers };

    const appServices: Partial<Record<AppServiceName, AppService>> = {};
    for (const service of deployed) {
        const workload: AppWorkload = APP_WORKLOADS[service];
        const access = workload.kafka ? topics.access[service] : undefined;
        const kafkaSettings = access ? kafkaEnvironment(access) : { config: {}, secrets: {} };
        const endpoint = SERVICE_ENDPOINTS[service];
        const identity = workload.workloadIdentity ? identities[service as keyof typeof identities] : undefined;
        appServices[service] = new AppService(
            `app-${service}`,
            {
                spec: {
                    name: service,
                    namespace: workload.namespace,
                    port: endpoint.port,
                    healthPath: endpoint.healthPath,
                    readinessPath: workload.readinessPath,
                    uid: workload.uid,
                    resources: workload.resources,
                    replicas: traits.appReplicas.min,
                    maxReplicas: traits.appReplicas.max,
                    zoneSpread: traits.availabilityZones.length > 1,
                    writablePaths: workload.writablePaths,
                    callers: [...workload.callers, ...(workload.metrics ? [METRICS_SCRAPER] : [])],
                    egress: [
                        ...workload.egress,
                        ...(workload.usesRedis ? [{ name: "redis", peer: { namespace: NAMESPACES.data.name, podLabels: redis.selector }, ports: [{ port: redis.port }] }] : []),
                        ...(access ? [kafkaEgress] : []),
                    ],
                    config: { ...workload.config(kafkaContext), ...kafkaSettings.config },
                    secretKeys: [...(workload.usesRedis ? ["REDIS_PASSWORD"] : []), ...Object.keys(kafkaSettings.secrets)],
                    workloadIdentity: identity !== undefined,
                },
                image: images[service].ref,
                workloadIdentityClientId: identity?.clientId,
                secrets: { ...(workload.usesRedis ? { REDIS_PASSWORD: redisPassword } : {}), ...kafkaSettings.secrets },
                provider,
            },
            // Its Kafka user and ACLs exist before its pods start.
            { dependsOn: [namespaces, topics] },
        );
    }

    const flinkNamespace = namespaces.names[NAMESPACES.flink.name];
    const flinkOperator = new FlinkOperator("flink-operator", {
        namespace: flinkNamespace,
        jobServiceAccount: WORKLOAD_SERVICE_ACCOUNTS.flink.name,
        jobWorkloadIdentityClientId: identities.flink.clientId,
        provider,
    });
    const checkpointKey =
        settings.flinkStorageAuth === "account-key"
            ? pulumi.secret(listStorageAccountKeysOutput({ resourceGroupName: group, accountName: checkpoints.accountName }).keys[0].value)
            : undefined;
    const flinkJobs: Partial<Record<FlinkJobName, FlinkJob>> = {};
    for (const job of jobs) {
        const workload = FLINK_JOBS[job];
        const kafkaSettings = kafkaEnvironment(topics.access[job]);
        flinkJobs[job] = new FlinkJob(`flink-${job}`, {
            spec: {
                name: job,
                namespace: NAMESPACES.flink.name,
                jarURI: workload.jarURI,
                parallelism: settings.flinkParallelism,
                checkpointIntervalSeconds: settings.flinkCheckpointIntervalSeconds,
                jobManager: traits.flink.jobManager,
                taskManager: traits.flink.taskManager,
                serviceAccount: WORKLOAD_SERVICE_ACCOUNTS.flink.name,
                env: { ...workload.env(kafkaContext), ...kafkaSettings.config },
                secretEnv: Object.keys(kafkaSettings.secrets),
                egress: [kafkaEgress],
                metricsScraper: METRICS_SCRAPER,
            },
            secrets: kafkaSettings.secrets,
            image: images["flink-job"].ref,
            storage: {
                account: checkpoints.accountName,
                auth: checkpointKey
                    ? { mode: "account-key", key: checkpointKey }
                    : { mode: "workload-identity", clientId: identities.flink.clientId, tenantId: deployer.tenantId },
            },
            operator: flinkOperator.release,
            provider,
        }, { dependsOn: [topics] });
    }

    // Metrics: managed Prometheus with the alerts, Grafana with the dashboards, and what is scraped.
    const prometheus = new ManagedPrometheus("prometheus", {
        resourceGroupName: group,
        location,
        namer: name,
        clusterId: cluster.clusterId,
        clusterName: cluster.clusterName,
        ruleGroups: planAlertRules(
            {
                consumerLagMessages: settings.alertConsumerLagMessages,
                containerRestarts: settings.alertContainerRestarts,
                usagePercent: settings.alertUsagePercent,
                redisMemoryPercent: settings.alertRedisMemoryPercent,
                checkpointIntervalSeconds: settings.flinkCheckpointIntervalSeconds,
            },
            settings.kafkaTopics.filter((e) => e.consumers.length > 0).map((e) => ({ topic: topicName(e), threshold: e.lagAlertThreshold ?? settings.alertConsumerLagMessages })),
        ),
        alertEmails: settings.alertEmails,
        runbookBaseUrl: settings.runbookBaseUrl,
        protect,
        tags,
    });
    const grafana = new ManagedGrafana("grafana", {
        resourceGroupName: group,
        location,
        namer: name,
        sku: traits.grafana.sku,
        zoneRedundant: traits.grafana.zoneRedundant,
        azureMonitorWorkspaceId: prometheus.workspaceId,
        admins,
        dashboardsDir: path.join(projectDir, "dashboards"),
        tags,
    });
    const scrapeTargets = new ScrapeTargets(
        "scrape",
        {
            targets: [
                ...deployed
                    .filter((s) => (APP_WORKLOADS[s] as AppWorkload).metrics)
                    .map((s): ScrapeTarget => ({ name: s, namespace: APP_WORKLOADS[s].namespace, podLabels: selectorOf(s), port: PORT_NAME })),
                { name: "redis", namespace: NAMESPACES.data.name, podLabels: redis.selector, port: REDIS_METRICS_PORT.name },
                ...jobs.map((job): ScrapeTarget => ({ name: `flink-${job}`, namespace: NAMESPACES.flink.name, podLabels: flinkPodLabels(job), port: FLINK_METRICS_PORT.name })),
                ...(kafka
                    ? [
                          { name: "kafka-brokers", namespace: NAMESPACES.kafka.name, podLabels: brokerPodLabels(KAFKA.cluster), port: KAFKA_METRICS_PORT.name },
                          { name: "kafka-exporter", namespace: NAMESPACES.kafka.name, podLabels: kafkaExporterPodLabels(KAFKA.cluster), port: KAFKA_METRICS_PORT.name },
                      ]
                    : []),
            ],
            provider,
        },
        { dependsOn: [namespaces] },
    );

    return {
        resourceGroup,
        monitoring,
        prometheus,
        grafana,
        scrapeTargets,
        network,
        cluster,
        registry,
        lake,
        checkpoints,
        identities,
        images,
        namespaces,
        redis,
        kafka,
        topics,
        kafkaBootstrapServers: connection.clientBootstrapServers,
        appServices,
        flinkOperator,
        flinkJobs,
    };
}

/** Where the admin listener's load balancer sits: inside the VNet, or public and limited to the runner's ranges. */
function adminListenerAccess(settings: Settings, placement: "internal" | "public"): AdminListenerAccess {
    if (placement === "internal") {
        return { kind: "internal-load-balancer" };
    }
    const ranges = settings.kafkaAdminSourceRanges.length > 0 ? settings.kafkaAdminSourceRanges : settings.apiServerAuthorizedRanges;
    return { kind: "load-balancer", sourceRanges: ranges };
}

/** The connection to an external Kafka, from config (validated by the loader). */
function externalKafka(settings: Settings): KafkaConnection {
    const given = settings.kafkaServiceCredentials;
    return {
        adminBootstrapServers: [...settings.kafkaBootstrapServers],
        clientBootstrapServers: settings.kafkaBootstrapServers.join(","),
        saslMechanism: settings.kafkaSaslMechanism,
        adminUsername: settings.kafkaAdminUsername,
        adminPassword: pulumi.secret(settings.kafkaAdminPassword?.reveal() ?? ""),
        caCertificate: settings.kafkaCaCertificate,
        createsServiceUsers: settings.kafkaSaslMechanism !== "plain",
        serviceUserPrefix: SERVICE_USER_PREFIX,
        serviceCredentials: Object.fromEntries(
            Object.entries(given).map(([service, c]) => [service, { username: c.username, password: pulumi.secret(c.password.reveal()), principal: c.principal }]),
        ),
    };
}

/** What a Kafka client may call: the brokers' pods, or the external service's ports anywhere. */
function kafkaEgressOf(connection: KafkaConnection, inCluster: boolean): EgressTarget {
    if (inCluster) {
        return { name: "kafka", peer: KAFKA.brokers, ports: [{ port: KAFKA.port }] };
    }
    const ports = [...new Set(connection.clientBootstrapServers.split(",").map((address) => Number(address.split(":").pop())))];
    return { name: "kafka", peer: { cidr: "0.0.0.0/0" }, ports: ports.map((port) => ({ port })) };
}

/** A Kafka client's environment: plain settings for its ConfigMap, credentials and CA for its Secret. */
function kafkaEnvironment(access: ServiceKafkaAccess) {
    return {
        config: { KAFKA_SASL_MECHANISM: access.mechanism, KAFKA_TLS: "true" },
        secrets: { KAFKA_USERNAME: access.username, KAFKA_PASSWORD: access.password, KAFKA_CA_CERT: access.caCertificate },
    };
}

/** The stack outputs a person needs, from the platform's components. */
export function stackOutputs(config: PlatformConfig, platform: Platform): Record<string, pulumi.Input<unknown>> {
    return {
        profile: config.profile.name,
        location: config.settings.location,
        resourceGroupName: platform.resourceGroup.name,
        logAnalyticsWorkspaceId: platform.monitoring.workspaceId,
        clusterName: platform.cluster.clusterName,
        kubeconfig: platform.cluster.kubeconfig,
        oidcIssuerUrl: platform.cluster.oidcIssuerUrl,
        registryLoginServer: platform.registry.loginServer,
        lakeAccountName: platform.lake.accountName,
        lakeDfsEndpoint: platform.lake.dfsEndpoint,
        checkpointAccountName: platform.checkpoints.accountName,
        kafkaBootstrapServers: platform.kafkaBootstrapServers,
        kafkaTopics: platform.topics.topicNames,
        prometheusQueryEndpoint: platform.prometheus.queryEndpoint,
        grafanaEndpoint: platform.grafana.endpoint,
        images: Object.fromEntries(Object.entries(platform.images).map(([service, image]) => [service, image.ref])),
        workloadIdentityClientIds: {
            flink: platform.identities.flink.clientId,
            worker: platform.identities.worker.clientId,
        },
    };
}
