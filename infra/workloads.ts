/**
 * What runs in the cluster, declared once: the namespaces, each application service's workload
 * (beside its build and endpoint in services.ts), the Flink jobs, and the in-cluster addresses
 * they call. infra/workload-specs.ts and the stages in infra/stages/ turn these into components with
 * the stack's sizes.
 */
import type { NamespaceSpec } from "../components/kubernetes/namespaces";
import type { ContainerResources, EgressTarget, PodPeer } from "../components/kubernetes/workload-plan";
import { smokeTestPeer } from "../components/kubernetes/smoke-test";
import { HTTPS_ANYWHERE } from "../components/kubernetes/workload-plan";
import { REDIS_NAME, REDIS_PORT } from "../components/kubernetes/redis";
import { RATIFY_SERVICE_ACCOUNT } from "../components/azure/image-verification";
import { deadLetterTopic } from "../components/kafka/topic-plan";
import type { ServiceAccountRef } from "../components/azure/workload-identity";

/** One namespace per concern. Third-party operators' pods (Flink, Strimzi) do not all meet "restricted". */
export const NAMESPACES = {
    apps: { name: "apps", podSecurity: "restricted" },
    data: { name: "data", podSecurity: "restricted" },
    flink: { name: "flink", podSecurity: "baseline" },
    kafka: { name: "kafka", podSecurity: "baseline" },
    lakehouse: { name: "lakehouse", podSecurity: "restricted" },
} as const satisfies Record<string, NamespaceSpec>;

/**
 * The Kafka cluster in the cluster (Strimzi cluster "platform") and the topics the services' code
 * uses. Which services may produce or consume what is the stack's topic catalog (`kafkaTopics`);
 * the config loader checks it grants every need declared below.
 */
export const KAFKA = {
    /** The Strimzi cluster's name (in NAMESPACES.kafka). */
    cluster: "platform",
    topics: {
        /** Events the API accepts; the worker and the event-count job consume them. */
        events: "web.event.received",
        /** Counts per event type from the event-count job. */
        counts: "web.event.counted",
    },
} as const;

/** What a service's code does with Kafka: the topics it writes and the (topic, group) pairs it reads. */
export interface KafkaNeeds {
    readonly produces: readonly string[];
    readonly consumes: readonly { readonly topic: string; readonly group: string }[];
    /**
     * Produces in transactions (exactly once) with ids under this prefix: its ACLs allow that
     * prefix and no other.
     * @default - no transactions
     */
    readonly transactionalIdPrefix?: string;
}

/** The AKS application routing add-on's ingress controller: the only caller from outside the cluster. */
export const INGRESS_CONTROLLER: PodPeer = { namespace: "app-routing-system", podLabels: { app: "nginx" } };

/** Settings every workload's environment gets from the platform (not from code). */
export interface WorkloadContext {
    readonly redisHost: string;
    /** The Kafka bootstrap servers the services reach (comma-separated). */
    readonly kafkaBootstrap: string;
    /** The lake's Iceberg REST catalog endpoint (ICEBERG_CATALOG_URI). */
    readonly lakeCatalogUri: string;
    /**
     * The S3 endpoint of the lake's files when the warehouse is on an S3 store (local stacks);
     * undefined on ADLS (abfss:// needs no endpoint).
     */
    readonly lakeS3Endpoint?: string;
}

/** An application service's workload, besides its image, endpoint and the stack's replica counts. */
export interface AppWorkload {
    readonly namespace: string;
    /** The image's USER (its Dockerfile; a test checks they agree). */
    readonly uid: number;
    readonly resources: ContainerResources;
    readonly readinessPath?: string;
    readonly writablePaths: readonly string[];
    readonly callers: readonly PodPeer[];
    /** What it calls besides DNS, Redis and Kafka (those follow from usesRedis and kafka). */
    readonly egress: readonly EgressTarget[];
    /** Its Kafka use: gets a Kafka user, credentials and egress to the brokers. */
    readonly kafka?: KafkaNeeds;
    /** Uses Redis: admitted by Redis's NetworkPolicy, given its address and password. */
    readonly usesRedis: boolean;
    /** Serves Prometheus metrics at /metrics on its http port (scraped by managed Prometheus). */
    readonly metrics: boolean;
    /** Acts as an Azure workload identity (the platform's identity of the same name). */
    readonly workloadIdentity: boolean;
    readonly config: (context: WorkloadContext) => Record<string, string>;
}

const NODE_UID = 1000;
/** The smoke test's image is a Node.js one too (apps/smoke, the shared Dockerfile's USER). */
export const SMOKE_TEST_UID = NODE_UID;
/** The smoke test's pods: every app service admits them on its port (its health endpoint). */
export const SMOKE_TEST = smokeTestPeer(NAMESPACES.apps.name);
const WORKER_GROUP = "worker";
const EVENT_COUNT_GROUP = "event-count";
const NGINX_UID = 101;

export const APP_WORKLOADS = {
    api: {
        namespace: NAMESPACES.apps.name,
        uid: NODE_UID,
        resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
        readinessPath: "/api/ready",
        writablePaths: ["/tmp"],
        callers: [INGRESS_CONTROLLER, SMOKE_TEST],
        egress: [],
        kafka: { produces: [KAFKA.topics.events], consumes: [] },
        usesRedis: true,
        metrics: true,
        workloadIdentity: false,
        config: (context) => ({
            REDIS_HOST: context.redisHost,
            REDIS_PORT: String(REDIS_PORT),
            KAFKA_BOOTSTRAP_SERVERS: context.kafkaBootstrap,
            EVENTS_TOPIC: KAFKA.topics.events,
        }),
    },
    worker: {
        namespace: NAMESPACES.apps.name,
        uid: NODE_UID,
        resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
        writablePaths: ["/tmp"],
        callers: [SMOKE_TEST],
        readinessPath: "/ready",
        egress: [HTTPS_ANYWHERE],
        kafka: { produces: [], consumes: [{ topic: KAFKA.topics.events, group: WORKER_GROUP }] },
        // Redis remembers processed event ids (idempotency) and holds the worker's counts.
        usesRedis: true,
        metrics: true,
        workloadIdentity: true,
        config: (context) => ({
            REDIS_HOST: context.redisHost,
            REDIS_PORT: String(REDIS_PORT),
            KAFKA_BOOTSTRAP_SERVERS: context.kafkaBootstrap,
            KAFKA_GROUP_ID: WORKER_GROUP,
            INPUT_TOPIC: KAFKA.topics.events,
            DEAD_LETTER_TOPIC: deadLetterTopic(KAFKA.topics.events, WORKER_GROUP),
        }),
    },
    frontend: {
        namespace: NAMESPACES.apps.name,
        uid: NGINX_UID,
        resources: { requests: { cpu: "50m", memory: "32Mi" }, limits: { memory: "64Mi" } },
        writablePaths: ["/tmp"],
        callers: [INGRESS_CONTROLLER, SMOKE_TEST],
        egress: [],
        usesRedis: false,
        metrics: false,
        workloadIdentity: false,
        config: () => ({}),
    },
} as const satisfies Record<string, AppWorkload>;

export type AppServiceName = keyof typeof APP_WORKLOADS;

/** A Flink job: its jar in the job image, its Kafka use and its environment. */
export interface FlinkJobWorkload {
    readonly jarURI: string;
    readonly kafka: KafkaNeeds;
    readonly env: (context: WorkloadContext) => Record<string, string>;
}

export const FLINK_JOBS = {
    "event-count": {
        jarURI: "local:///opt/flink/usrlib/event-count-job.jar",
        kafka: {
            produces: [KAFKA.topics.counts],
            consumes: [{ topic: KAFKA.topics.events, group: EVENT_COUNT_GROUP }],
            // The job's exactly-once sinks (counts, dead letters) take their ids from this prefix.
            transactionalIdPrefix: EVENT_COUNT_GROUP,
        },
        // What apps/flink-job's JobSettings reads (its window, out-of-orderness and lateness keep their defaults).
        env: (context) => ({
            KAFKA_BOOTSTRAP_SERVERS: context.kafkaBootstrap,
            INPUT_TOPIC: KAFKA.topics.events,
            OUTPUT_TOPIC: KAFKA.topics.counts,
            KAFKA_GROUP_ID: EVENT_COUNT_GROUP,
            DEAD_LETTER_TOPIC: deadLetterTopic(KAFKA.topics.events, EVENT_COUNT_GROUP),
            TRANSACTIONAL_ID_PREFIX: EVENT_COUNT_GROUP,
            // The bronze table it lands every valid event in, through the lake's catalog.
            ICEBERG_CATALOG_URI: context.lakeCatalogUri,
            ICEBERG_WAREHOUSE: LAKEHOUSE.warehouse,
            BRONZE_TABLE: LAKEHOUSE.bronzeTable,
            // Iceberg's S3FileIO to an S3 store's endpoint (its keys come with the job's state storage).
            ...(context.lakeS3Endpoint ? { ICEBERG_S3_ENDPOINT: context.lakeS3Endpoint } : {}),
        }),
    },
} as const satisfies Record<string, FlinkJobWorkload>;

/** The transactional id prefix of each of `services` that produces in transactions. */
export function transactionalIdPrefixes(services: readonly string[]): Record<string, string> {
    const needs = kafkaNeeds();
    return Object.fromEntries(services.flatMap((service) => (needs[service]?.transactionalIdPrefix ? [[service, needs[service].transactionalIdPrefix]] : [])));
}

/** The Kafka needs of every service the platform can run, by service name. */
export function kafkaNeeds(): Record<string, KafkaNeeds> {
    const needs: Record<string, KafkaNeeds> = {};
    for (const [name, workload] of Object.entries(APP_WORKLOADS) as [string, AppWorkload][]) {
        if (workload.kafka) needs[name] = workload.kafka;
    }
    for (const [name, job] of Object.entries(FLINK_JOBS)) {
        needs[name] = job.kafka;
    }
    return needs;
}

export type FlinkJobName = keyof typeof FLINK_JOBS;

/** The application services and Flink jobs this program knows how to run (what `appServices` and `flinkJobs` may name). */
export const APP_SERVICE_NAMES = Object.keys(APP_WORKLOADS) as [AppServiceName, ...AppServiceName[]];
export const FLINK_JOB_NAMES = Object.keys(FLINK_JOBS) as [FlinkJobName, ...FlinkJobName[]];
/** Every service that may use Kafka: the application services and the Flink jobs. */
export const KAFKA_SERVICES: readonly string[] = [...APP_SERVICE_NAMES, ...FLINK_JOB_NAMES];

/**
 * The Kubernetes ServiceAccounts that act as Azure identities. The workloads read the same names,
 * so the federated credential and the ServiceAccount can never disagree.
 */
export const WORKLOAD_SERVICE_ACCOUNTS = {
    flink: { namespace: NAMESPACES.flink.name, name: "flink" },
    api: { namespace: NAMESPACES.apps.name, name: "api" },
    worker: { namespace: NAMESPACES.apps.name, name: "worker" },
    redis: { namespace: NAMESPACES.data.name, name: REDIS_NAME },
    catalog: { namespace: NAMESPACES.lakehouse.name, name: "lakekeeper" },
    lakeTables: { namespace: NAMESPACES.lakehouse.name, name: "lake-tables" },
    // Ratify reads the registry's signatures and the signing certificate (Azure stacks only).
    ratify: RATIFY_SERVICE_ACCOUNT,
} as const satisfies Record<string, ServiceAccountRef>;

/**
 * The lakehouse: the lake account's containers (the Iceberg warehouse holds tables only, so no
 * lifecycle rule may reach it; landing holds files that expire), the REST catalog and its
 * warehouse, the bronze table the Flink job writes, and the table jobs. Layers (bronze, silver,
 * gold) are the tables' namespaces.
 */
export const LAKEHOUSE = {
    containers: { warehouse: "warehouse", landing: "landing" },
    catalog: WORKLOAD_SERVICE_ACCOUNTS.catalog.name,
    warehouse: "lake",
    bronzeTable: "bronze.events",
    tableJobs: WORKLOAD_SERVICE_ACCOUNTS.lakeTables.name,
    /** The table declarations, relative to the repository root (TableSync reads the same files). */
    tablesDir: "apps/flink-job/tables",
} as const;

