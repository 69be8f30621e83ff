/**
 * What runs in the cluster, declared once: the namespaces, each application service's workload
 * (beside its build and endpoint in services.ts), the Flink jobs, and the in-cluster addresses
 * they call. infra/platform.ts turns these into components with the stack's sizes.
 */
import type { NamespaceSpec } from "../components/kubernetes/namespaces";
import type { ContainerResources, EgressTarget, PodPeer } from "../components/kubernetes/workload-plan";
import { HTTPS_ANYWHERE } from "../components/kubernetes/workload-plan";
import { REDIS_PORT } from "../components/kubernetes/redis";

/** One namespace per concern. Third-party operators' pods (Flink, Strimzi) do not all meet "restricted". */
export const NAMESPACES = {
    apps: { name: "apps", podSecurity: "restricted" },
    data: { name: "data", podSecurity: "restricted" },
    flink: { name: "flink", podSecurity: "baseline" },
    kafka: { name: "kafka", podSecurity: "baseline" },
} as const satisfies Record<string, NamespaceSpec>;

/**
 * The Kafka cluster the workloads use. Brokers (Strimzi cluster "platform") and topics arrive with
 * the Kafka component; the address and labels are fixed here so the policies can already name them.
 */
/** The brokers' TLS listener port (Strimzi's convention for the internal TLS listener). */
const KAFKA_TLS_PORT = 9093;
export const KAFKA = {
    bootstrap: `platform-kafka-bootstrap.${NAMESPACES.kafka.name}.svc:${KAFKA_TLS_PORT}`,
    brokers: { namespace: NAMESPACES.kafka.name, podLabels: { "strimzi.io/cluster": "platform", "strimzi.io/kind": "Kafka" } },
    port: KAFKA_TLS_PORT,
    topics: {
        /** Events the API accepts; the worker and the event-count job consume them. */
        events: "web.event.received",
        /** The worker's dead-letter topic (`<topic>.<group>.dlt`). */
        eventsWorkerDeadLetter: "web.event.received.worker.dlt",
        /** Counts per event type from the event-count job. */
        counts: "web.event.counted",
    },
} as const;

/** The AKS application routing add-on's ingress controller: the only caller from outside the cluster. */
export const INGRESS_CONTROLLER: PodPeer = { namespace: "app-routing-system", podLabels: { app: "nginx" } };

const kafkaEgress: EgressTarget = { name: "kafka", peer: KAFKA.brokers, ports: [{ port: KAFKA.port }] };

/** Settings every workload's environment gets from the platform (not from code). */
export interface WorkloadContext {
    readonly redisHost: string;
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
    readonly egress: readonly EgressTarget[];
    /** Uses Redis: admitted by Redis's NetworkPolicy, given its address and password. */
    readonly usesRedis: boolean;
    /** Acts as an Azure workload identity (the platform's identity of the same name). */
    readonly workloadIdentity: boolean;
    readonly config: (context: WorkloadContext) => Record<string, string>;
}

const NODE_UID = 1000;
const NGINX_UID = 101;

export const APP_WORKLOADS = {
    api: {
        namespace: NAMESPACES.apps.name,
        uid: NODE_UID,
        resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
        readinessPath: "/api/ready",
        writablePaths: ["/tmp"],
        callers: [INGRESS_CONTROLLER],
        egress: [kafkaEgress],
        usesRedis: true,
        workloadIdentity: false,
        config: (context) => ({
            REDIS_HOST: context.redisHost,
            REDIS_PORT: String(REDIS_PORT),
            KAFKA_BOOTSTRAP_SERVERS: KAFKA.bootstrap,
            EVENTS_TOPIC: KAFKA.topics.events,
        }),
    },
    worker: {
        namespace: NAMESPACES.apps.name,
        uid: NODE_UID,
        resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
        writablePaths: ["/tmp"],
        callers: [],
        egress: [kafkaEgress, HTTPS_ANYWHERE],
        usesRedis: false,
        workloadIdentity: true,
        config: () => ({
            KAFKA_BOOTSTRAP_SERVERS: KAFKA.bootstrap,
            KAFKA_GROUP_ID: "worker",
            INPUT_TOPIC: KAFKA.topics.events,
            DEAD_LETTER_TOPIC: KAFKA.topics.eventsWorkerDeadLetter,
        }),
    },
    frontend: {
        namespace: NAMESPACES.apps.name,
        uid: NGINX_UID,
        resources: { requests: { cpu: "50m", memory: "32Mi" }, limits: { memory: "64Mi" } },
        writablePaths: ["/tmp"],
        callers: [INGRESS_CONTROLLER],
        egress: [],
        usesRedis: false,
        workloadIdentity: false,
        config: () => ({}),
    },
} as const satisfies Record<string, AppWorkload>;

export type AppServiceName = keyof typeof APP_WORKLOADS;

/** A Flink job: its jar in the job image and its environment. */
export interface FlinkJobWorkload {
    readonly jarURI: string;
    readonly env: Readonly<Record<string, string>>;
    readonly egress: readonly EgressTarget[];
}

export const FLINK_JOBS = {
    "event-count": {
        jarURI: "local:///opt/flink/usrlib/event-count-job.jar",
        env: { KAFKA_BOOTSTRAP_SERVERS: KAFKA.bootstrap, INPUT_TOPIC: KAFKA.topics.events, OUTPUT_TOPIC: KAFKA.topics.counts, KAFKA_GROUP_ID: "event-count" },
        egress: [kafkaEgress],
    },
} as const satisfies Record<string, FlinkJobWorkload>;

export type FlinkJobName = keyof typeof FLINK_JOBS;
