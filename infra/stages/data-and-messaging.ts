/**
 * Stage 3, data and messaging in the cluster: the namespaces, Redis, Kafka (Strimzi's brokers, or
 * the external service) and the stack's topic catalog with each service's Kafka user.
 */
import { STATEFUL_NODES } from "../../components/azure/aks-cluster";
import * as pulumi from "@pulumi/pulumi";
import { RandomPassword } from "@pulumi/random/randomPassword";
import { externalKafkaEgress, type KafkaConnection } from "../../components/kafka/connection";
import { brokerEgress, KafkaCluster, SERVICE_USER_PREFIX } from "../../components/kafka/kafka-cluster";
import { TopicCatalog } from "../../components/kafka/topic-catalog";
import { planCatalog } from "../../components/kafka/topic-plan";
import { flinkJobPeer } from "../../components/kubernetes/flink-job";
import { Namespaces } from "../../components/kubernetes/namespaces";
import { Redis, redisEgress, redisHost } from "../../components/kubernetes/redis";
import { METRICS_SCRAPER } from "../../components/kubernetes/scrape-targets";
import { appServicePeer, type EgressTarget } from "../../components/kubernetes/workload-plan";
import { catalogRules, type PlatformConfig, type Settings } from "../config";
import { adminListenerAccess } from "../kafka-admin";
import { catalogUri } from "../../components/lakehouse/catalog-plan";
import { APP_WORKLOADS, KAFKA, LAKEHOUSE, NAMESPACES, transactionalIdPrefixes, type AppServiceName, type AppWorkload, type FlinkJobName, type WorkloadContext } from "../workloads";
import type { Foundation } from "./foundation";

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
}

export function createDataAndMessaging(config: PlatformConfig, { cluster }: Foundation): DataAndMessaging {
    const { settings, profile } = config;
    const { traits } = profile;
    const provider = cluster.provider;
    const protect = traits.protectStatefulResources;
    const deployed = settings.appServices as readonly AppServiceName[];
    const jobs = settings.flinkJobs as readonly FlinkJobName[];
    const peerOf = (service: AppServiceName) => appServicePeer(service, APP_WORKLOADS[service].namespace);

    const namespaces = new Namespaces("namespaces", { namespaces: Object.values(NAMESPACES), kubernetesVersion: settings.kubernetesVersion, budget: traits.namespaceBudget, provider });

    const redisPassword = settings.redisPassword ? pulumi.secret(settings.redisPassword.reveal()) : new RandomPassword("redis-password", { length: 32, special: false }).result;
    // Kafka and Redis keep zonal disks: with a pool per zone (prod), they run there (AksCluster's STATEFUL_NODES).
    const statefulPlacement = traits.statefulPool ? STATEFUL_NODES : undefined;
    const redis = new Redis("redis", {
        namespace: namespaces.names[NAMESPACES.data.name],
        password: redisPassword,
        memory: traits.redis.memory,
        cpu: traits.redis.cpu,
        evictionPolicy: settings.redisEvictionPolicy,
        storageSize: traits.redis.storageSize,
        storageClass: traits.redis.storageClass,
        retainVolumeOnDelete: traits.redis.retainVolumeOnDelete,
        clients: deployed.filter((s) => APP_WORKLOADS[s].usesRedis).map(peerOf),
        metricsScraper: METRICS_SCRAPER,
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
                          adminAccess: adminListenerAccess(settings, traits.kafka.adminListener),
                          clients: [
                              ...deployed.filter((s) => (APP_WORKLOADS[s] as AppWorkload).kafka).map(peerOf),
                              ...jobs.map((job) => flinkJobPeer(job, NAMESPACES.flink.name)),
                          ],
                          metricsScraper: METRICS_SCRAPER,
                          placement: statefulPlacement,
                      },
                      provider,
                      protect,
                  },
                  { dependsOn: [namespaces] },
              )
            : undefined;
    const connection = kafka?.connection ?? externalKafka(settings);
    const plan = planCatalog(settings.kafkaTopics, catalogRules(profile), transactionalIdPrefixes([...settings.appServices, ...settings.flinkJobs]));
    const topics = new TopicCatalog("topics", { plan, connection, protect });

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
        },
    };
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
