/**
 * Stage 3, data and messaging in the cluster: the namespaces, Redis, Kafka (Strimzi's brokers, or
 * the external service) and the stack's topic catalog with each service's Kafka user.
 */
import { STATEFUL_NODES } from "../../components/azure/aks-cluster";
import { DevTools, devToolPeer } from "../../components/kubernetes/dev-tools";
import { ObjectStore, s3Access, type ObjectStoreSpec, type S3Access } from "../../components/kubernetes/object-store";
import { FLINK_STORAGE_CONTAINERS } from "../../components/kubernetes/flink-job";
import { tableJobsSelector } from "../../components/lakehouse/table-jobs-plan";
import { selectorOf } from "../../components/kubernetes/workload-plan";
import * as pulumi from "@pulumi/pulumi";
import { RandomPassword } from "@pulumi/random/randomPassword";
import { externalKafkaEgress, type KafkaConnection } from "../../components/kafka/connection";
import { brokerEgress, KafkaCluster, SERVICE_USER_PREFIX, type AdminListenerAccess } from "../../components/kafka/kafka-cluster";
import { TopicCatalog } from "../../components/kafka/topic-catalog";
import { planCatalog } from "../../components/kafka/topic-plan";
import { flinkJobPeer } from "../../components/kubernetes/flink-job";
import { Namespaces } from "../../components/kubernetes/namespaces";
import { Redis, redisEgress, redisHost } from "../../components/kubernetes/redis";
import { appServicePeer, type EgressTarget } from "../../components/kubernetes/workload-plan";
import { catalogRules, type PlatformConfig, type Settings } from "../config";
import { adminListenerAccess } from "../kafka-admin";
import { linkNamespacedObjects } from "../namespace-links";
import { catalogUri } from "../../components/lakehouse/catalog-plan";
import { APP_WORKLOADS, KAFKA, LAKEHOUSE, NAMESPACES, transactionalIdPrefixes, WORKLOAD_SERVICE_ACCOUNTS, type AppServiceName, type AppWorkload, type FlinkJobName, type WorkloadContext } from "../workloads";
import type { Foundation } from "./foundation";
import type { ThirdPartyImages, WorkloadIdentities } from "./identities-and-images";
import { secretStoreFor } from "../secret-stores";
import { REDIS_NAME, REDIS_PASSWORD_KEY } from "../../components/kubernetes/redis";
import { LOCAL_NAMESPACES } from "./local-foundation";

export interface DataAndMessaging {
    readonly namespaces: Namespaces;
    readonly redis: Redis;
    /** The Redis password (a Pulumi secret): the stack's, or generated. */
    readonly redisPassword: pulumi.Output<string>;
    /** What Redis's clients may call. */
    readonly redisEgress: EgressTarget;
    /** The Strimzi cluster; undefined when kafkaMode is external. */
    readonly kafka: KafkaCluster | undefined;
    readonly connection: KafkaConnection;
    readonly topics: TopicCatalog;
    /** What Kafka's clients may call. */
    readonly kafkaEgress: EgressTarget;
    /** Where every workload finds Redis and Kafka. */
    readonly context: WorkloadContext;
    /**
     * The in-cluster object store (local stacks: MinIO, in place of the lake and checkpoint
     * accounts), and how each of its users reaches it (by the users' workload names).
     */
    readonly objectStore?: { readonly store: ObjectStore; readonly access: (user: keyof typeof WORKLOAD_SERVICE_ACCOUNTS) => S3Access };
}

/** The local object store: the lake's and Flink's buckets, a user per workload that had an Azure identity. */
export function objectStoreSpec(config: PlatformConfig): ObjectStoreSpec {
    const target = config.profile.traits.target;
    if (target.kind !== "local") throw new Error(`profile ${config.profile.name}: the object store is for local stacks`);
    const jobs = config.settings.flinkJobs as readonly FlinkJobName[];
    const { warehouse, landing } = LAKEHOUSE.containers;
    const accounts = WORKLOAD_SERVICE_ACCOUNTS;
    return {
        name: "minio",
        namespace: LOCAL_NAMESPACES.storage.name,
        buckets: [warehouse, landing, ...Object.values(FLINK_STORAGE_CONTAINERS)],
        users: [
            // As on Azure: Flink writes its state and the warehouse; the catalog and the table jobs the warehouse only.
            { name: accounts.flink.name, namespace: accounts.flink.namespace, buckets: [...Object.values(FLINK_STORAGE_CONTAINERS), warehouse], pods: jobs.map((job) => flinkJobPeer(job, NAMESPACES.flink.name)) },
            { name: accounts.catalog.name, namespace: accounts.catalog.namespace, buckets: [warehouse], pods: [{ namespace: accounts.catalog.namespace, podLabels: selectorOf(LAKEHOUSE.catalog) }] },
            { name: accounts.lakeTables.name, namespace: accounts.lakeTables.namespace, buckets: [warehouse], pods: [{ namespace: accounts.lakeTables.namespace, podLabels: tableJobsSelector(LAKEHOUSE.tableJobs) }] },
        ],
        resources: target.objectStore.resources,
        storageSize: target.objectStore.storageSize,
    };
}

export function createDataAndMessaging(config: PlatformConfig, foundation: Foundation, identities: WorkloadIdentities | undefined, thirdParty: ThirdPartyImages): DataAndMessaging {
    const { settings, profile } = config;
    const { traits } = profile;
    const { provider, metricsScraper } = foundation;
    const devTools = foundation.kind === "local" && settings.localDevTools;
    const protect = traits.protectStatefulResources;
    const deployed = settings.appServices as readonly AppServiceName[];
    const jobs = settings.flinkJobs as readonly FlinkJobName[];
    const peerOf = (service: AppServiceName) => appServicePeer(service, APP_WORKLOADS[service].namespace);

    const namespaces = new Namespaces("namespaces", { namespaces: [...Object.values(NAMESPACES), ...foundation.extraNamespaces], kubernetesVersion: settings.kubernetesVersion, budget: traits.namespaceBudget, provider });
    // From here on, every object in one of these namespaces waits for it (through data).
    linkNamespacedObjects(namespaces.names);

    const redisPassword = settings.redisPassword ? pulumi.secret(settings.redisPassword.reveal()) : new RandomPassword("redis-password", { length: 32, special: false }).result;
    // Kafka and Redis keep zonal disks: with a pool per zone (prod), they run there (AksCluster's STATEFUL_NODES).
    const statefulPlacement = traits.target.kind === "azure" && traits.target.statefulPool ? STATEFUL_NODES : undefined;
    const redisSecrets = secretStoreFor(config, foundation, identities?.redis, "Redis");
    const redis = new Redis("redis", {
        namespace: namespaces.names[NAMESPACES.data.name],
        password: redisSecrets(REDIS_NAME, { [REDIS_PASSWORD_KEY]: redisPassword }),
        image: thirdParty.redis.ref,
        exporterImage: thirdParty.redisExporter.ref,
        memory: traits.redis.memory,
        cpu: traits.redis.cpu,
        evictionPolicy: settings.redisEvictionPolicy,
        storageSize: traits.redis.storageSize,
        storageClass: traits.redis.storageClass,
        retainVolumeOnDelete: traits.redis.retainVolumeOnDelete,
        clients: [...deployed.filter((s) => APP_WORKLOADS[s].usesRedis).map(peerOf), ...(devTools ? [devToolPeer("redisCommander", NAMESPACES.data.name)] : [])],
        metricsScraper,
        placement: statefulPlacement,
        provider,
    });

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
                          adminAccess: adminAccess(config),
                          clients: [
                              ...deployed.filter((s) => (APP_WORKLOADS[s] as AppWorkload).kafka).map(peerOf),
                              ...jobs.map((job) => flinkJobPeer(job, NAMESPACES.flink.name)),
                              ...(devTools ? [devToolPeer("kafkaUi", NAMESPACES.kafka.name)] : []),
                          ],
                          metricsScraper,
                          placement: statefulPlacement,
                      },
                      // On Azure from the stack's registry; a local cluster pulls the chart's own.
                      images: foundation.kind === "azure" ? { operator: thirdParty.strimziOperator.ref, kafka: thirdParty.strimziKafka.ref } : undefined,
                      provider,
                      protect,
                  },
                  { dependsOn: [namespaces] },
              )
            : undefined;
    const connection = kafka?.connection ?? externalKafka(settings);
    const plan = planCatalog(settings.kafkaTopics, catalogRules(profile), transactionalIdPrefixes([...settings.appServices, ...settings.flinkJobs]));
    const topics = new TopicCatalog("topics", { plan, connection, protect });

    let objectStore: DataAndMessaging["objectStore"];
    if (foundation.kind === "local") {
        const spec = objectStoreSpec(config);
        const store = new ObjectStore("object-store", { spec, provider });
        objectStore = { store, access: (user) => s3Access(spec, WORKLOAD_SERVICE_ACCOUNTS[user].name) };
    }
    if (devTools) {
        new DevTools(
            "dev-tools",
            {
                kafka: kafka
                    ? {
                          namespace: NAMESPACES.kafka.name,
                          cluster: KAFKA.cluster,
                          bootstrapServers: connection.clientBootstrapServers,
                          egress: brokerEgress(KAFKA.cluster, NAMESPACES.kafka.name),
                          resource: kafka.kafka,
                      }
                    : undefined,
                redis: { namespace: NAMESPACES.data.name, host: redisHost(NAMESPACES.data.name), port: redis.port, passwordSecret: redis.passwordSecretName, egress: redisEgress(NAMESPACES.data.name) },
                provider,
            },
        );
    }

    return {
        namespaces,
        redis,
        redisPassword,
        redisEgress: redisEgress(NAMESPACES.data.name),
        kafka,
        connection,
        topics,
        kafkaEgress: kafka ? brokerEgress(KAFKA.cluster, NAMESPACES.kafka.name) : externalKafkaEgress(connection.clientBootstrapServers),
        context: {
            redisHost: redisHost(NAMESPACES.data.name),
            kafkaBootstrap: connection.clientBootstrapServers,
            lakeCatalogUri: catalogUri(LAKEHOUSE.catalog, NAMESPACES.lakehouse.name),
            lakeS3Endpoint: objectStore?.store.endpoint,
        },
        objectStore,
    };
}

/** How the runner reaches Kafka's admin listener: Azure's load balancers (internal, or public within ranges), or the local cluster's. */
function adminAccess(config: PlatformConfig): AdminListenerAccess {
    const { target } = config.profile.traits;
    return target.kind === "azure" ? adminListenerAccess(config.settings, target.kafkaAdminListener) : { kind: "local-load-balancer" };
}

/** The connection to an external Kafka, from config (validated by the loader). */
function externalKafka(settings: Settings): KafkaConnection {
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
            Object.entries(settings.kafkaServiceCredentials).map(([service, c]) => [service, { username: c.username, password: pulumi.secret(c.password.reveal()), principal: c.principal }]),
        ),
    };
}
