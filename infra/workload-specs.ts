/**
 * The specs of the app services and Flink jobs, from their declarations (workloads.ts, services.ts)
 * and what the stack gives them: replicas and zones, where Redis and Kafka are, their Kafka
 * credentials. Pure: values pass through untouched, nothing is registered.
 */
import type { FlinkJobSpec } from "../components/kubernetes/flink-job";
import type { FlinkBuild } from "./flink-build";
import type { SmokeTestSpec } from "../components/kubernetes/smoke-test";
import { catalogBaseUrl, LAKEKEEPER } from "../components/lakehouse/catalog-plan";
import { appServicePeer, selectorOf, type AppServiceSpec, type EgressTarget, type PodPeer } from "../components/kubernetes/workload-plan";
import type { ProfileTraits } from "../stacks/profiles";
import { SERVICE_ENDPOINTS } from "./services";
import { APP_WORKLOADS, FLINK_JOBS, KAFKA, LAKEHOUSE, NAMESPACES, SMOKE_TEST_UID, WORKLOAD_SERVICE_ACCOUNTS, type AppServiceName, type AppWorkload, type FlinkJobName, type WorkloadContext } from "./workloads";

/** The variable that carries the Redis password to its clients. */
export const REDIS_PASSWORD_ENV = "REDIS_PASSWORD";

/** A Kafka client's environment: plain settings and secret values (components/kafka kafkaClientEnvironment). */
export interface KafkaClientEnvironment<S> {
    readonly config: Readonly<Record<string, string>>;
    readonly secrets: Readonly<Record<string, S>>;
}

/** What the stack gives every app service. */
export interface AppServiceSurroundings<S> {
    readonly replicas: ProfileTraits["appReplicas"];
    readonly zones: readonly string[];
    readonly context: WorkloadContext;
    readonly redis: { readonly egress: EgressTarget; readonly password: S };
    readonly kafkaEgress: EgressTarget;
    /** Each Kafka client's environment, by service. */
    readonly kafka: Readonly<Record<string, KafkaClientEnvironment<S>>>;
    /** Who scrapes metrics (the stack's Prometheus). */
    readonly metricsScraper: PodPeer;
    /** The target has workload identities (Azure); a local cluster has none. */
    readonly workloadIdentities: boolean;
}

/** An app service's spec and the values of its secret keys. */
export function appServiceSpec<S>(service: AppServiceName, around: AppServiceSurroundings<S>): { spec: AppServiceSpec; secrets: Record<string, S> } {
    const workload: AppWorkload = APP_WORKLOADS[service];
    const endpoint = SERVICE_ENDPOINTS[service];
    const kafka = workload.kafka ? around.kafka[service] : undefined;
    const kafkaSettings = kafka ?? { config: {}, secrets: {} };
    return {
        spec: {
            name: service,
            namespace: workload.namespace,
            port: endpoint.port,
            healthPath: endpoint.healthPath,
            readinessPath: workload.readinessPath,
            uid: workload.uid,
            resources: workload.resources,
            replicas: around.replicas.min,
            maxReplicas: around.replicas.max,
            zoneSpread: around.zones.length > 1,
            writablePaths: workload.writablePaths,
            callers: [...workload.callers, ...(workload.metrics ? [around.metricsScraper] : [])],
            egress: [...workload.egress, ...(workload.usesRedis ? [around.redis.egress] : []), ...(kafka ? [around.kafkaEgress] : [])],
            config: { ...workload.config(around.context), ...kafkaSettings.config },
            secretKeys: [...(workload.usesRedis ? [REDIS_PASSWORD_ENV] : []), ...Object.keys(kafkaSettings.secrets)],
            workloadIdentity: workload.workloadIdentity && around.workloadIdentities,
        },
        secrets: { ...(workload.usesRedis ? { [REDIS_PASSWORD_ENV]: around.redis.password } : {}), ...kafkaSettings.secrets },
    };
}

/** What the stack gives every Flink job. */
export interface FlinkJobSurroundings<S> {
    readonly parallelism: number;
    readonly checkpointIntervalSeconds: number;
    readonly sizes: ProfileTraits["flink"];
    readonly context: WorkloadContext;
    readonly kafkaEgress: EgressTarget;
    /** What the job calls to reach the lake's REST catalog. */
    readonly catalogEgress: EgressTarget;
    readonly kafka: KafkaClientEnvironment<S>;
    /** The Flink build the job image comes from (its version, its filesystem plugin's token provider). */
    readonly build: FlinkBuild;
    /** Who scrapes metrics (the stack's Prometheus). */
    readonly metricsScraper: PodPeer;
    /**
     * What the job calls for its state and the lake's files besides HTTPS (an in-cluster S3 store).
     * @default - nothing (ADLS is reached over HTTPS)
     */
    readonly storageEgress?: EgressTarget;
}

/** A Flink job's spec and the values of its secret environment. */
export function flinkJobSpec<S>(job: FlinkJobName, around: FlinkJobSurroundings<S>): { spec: FlinkJobSpec; secrets: Readonly<Record<string, S>> } {
    const workload = FLINK_JOBS[job];
    return {
        spec: {
            name: job,
            namespace: NAMESPACES.flink.name,
            jarURI: workload.jarURI,
            flinkVersion: around.build.flinkVersion,
            tokenProvider: around.build.tokenProvider,
            parallelism: around.parallelism,
            checkpointIntervalSeconds: around.checkpointIntervalSeconds,
            jobManager: around.sizes.jobManager,
            taskManager: around.sizes.taskManager,
            serviceAccount: WORKLOAD_SERVICE_ACCOUNTS.flink.name,
            env: { ...workload.env(around.context), ...around.kafka.config },
            secretEnv: Object.keys(around.kafka.secrets),
            egress: [around.kafkaEgress, around.catalogEgress, ...(around.storageEgress ? [around.storageEgress] : [])],
            metricsScraper: around.metricsScraper,
        },
        secrets: around.kafka.secrets,
    };
}

/**
 * The smoke test that ends every deployment: each deployed app service's readiness endpoint (else
 * its health endpoint) and the lake catalog's health through their Services, each Flink job
 * RUNNING, Kafka Ready when it runs here.
 */
export function smokeTestSpec(appServices: readonly AppServiceName[], flinkJobs: readonly FlinkJobName[], kafkaInCluster: boolean): SmokeTestSpec {
    const namespace = NAMESPACES.apps.name;
    return {
        namespace,
        uid: SMOKE_TEST_UID,
        resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "128Mi" } },
        http: [
            ...appServices.map((service) => {
                const workload: AppWorkload = APP_WORKLOADS[service];
                const { port, healthPath } = SERVICE_ENDPOINTS[service];
                return { name: service as string, url: `http://${service}.${workload.namespace}.svc.cluster.local:${port}${workload.readinessPath ?? healthPath}`, pods: appServicePeer(service, workload.namespace), port: port as number };
            }),
            // The lake's catalog answers.
            {
                name: "lake catalog",
                url: `${catalogBaseUrl(LAKEHOUSE.catalog, NAMESPACES.lakehouse.name)}${LAKEKEEPER.healthPath}`,
                pods: { namespace: NAMESPACES.lakehouse.name, podLabels: selectorOf(LAKEHOUSE.catalog) },
                port: LAKEKEEPER.port,
            },
        ],
        resourcesReady: [
            ...flinkJobs.map((job) => ({
                name: `flink job ${job}`,
                apiGroup: "flink.apache.org",
                version: "v1beta1",
                resource: "flinkdeployments",
                namespace: NAMESPACES.flink.name,
                object: job,
                expect: { field: "status.jobStatus.state", equals: "RUNNING" },
            })),
            ...(kafkaInCluster ? [{ name: "kafka", apiGroup: "kafka.strimzi.io", version: "v1", resource: "kafkas", namespace: NAMESPACES.kafka.name, object: KAFKA.cluster, expect: { condition: "Ready" } }] : []),
        ],
    };
}
