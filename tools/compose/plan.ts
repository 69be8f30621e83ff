/**
 * The inner loop's compose.yaml, generated from the same declarations as the cluster's workloads:
 * the local stack's validated settings (services, topic catalog, Redis policy, sizes of the local
 * profile), each service's build, port and health path (infra/services.ts), its environment (the
 * same appServiceSpec the cluster's Deployment comes from), Redis's arguments, the Kafka version,
 * the catalog's settings and the alert rules. Pure: `npm run compose` writes what this returns.
 *
 * What differs from the cluster, on purpose: the services run their `development` targets with
 * their source bind-mounted (hot reload); Kafka's listener is SASL/PLAIN without TLS and without
 * ACLs; every client of MinIO uses its root user; passwords are fixed local-only values.
 */
import { createHash } from "node:crypto";
import { stringify } from "yaml";
import { KAFKA_VERSION } from "../../components/kafka/kafka-cluster";
import { planCatalog } from "../../components/kafka/topic-plan";
import { catalogRules } from "../../infra/config";
import { DEV_TOOLS } from "../../components/kubernetes/dev-tools";
import { FLINK_STORAGE_CONTAINERS, flinkS3Plugin } from "../../components/kubernetes/flink-job";
import { MINIO } from "../../components/kubernetes/object-store";
import { POSTGRES_IMAGE } from "../../components/kubernetes/postgres";
import { THIRD_PARTY_IMAGES, upstreamRef } from "../../components/build/third-party-images";
import { REDIS_METRICS_PORT, REDIS_PORT, redisArgs } from "../../components/kubernetes/redis";
import { catalogSettings, LAKEKEEPER } from "../../components/lakehouse/catalog-plan";
import { TABLE_TOOLS, TABLES_DIR } from "../../components/lakehouse/table-jobs-plan";
import type { ImageSpec } from "../../components/build/service-image";
import { prometheusRule } from "../../components/observability/cluster-monitoring";
import { platformAlertRules } from "../../infra/stages/observability";
import { POSTGRES_PORT } from "../../components/azure/catalog-database";
import { FLINK_METRICS_PORT } from "../../components/kubernetes/flink-job";
import { FLINK_REST_PORT } from "../../components/kubernetes/flink-operator";
import type { PlatformConfig } from "../../infra/config";
import type { FlinkBuild } from "../../infra/flink-build";
import { SERVICE_ENDPOINTS, SERVICE_IMAGES } from "../../infra/services";
import { appServiceSpec } from "../../infra/workload-specs";
import { APP_WORKLOADS, FLINK_JOBS, KAFKA, LAKEHOUSE, type AppServiceName, type AppWorkload, type FlinkJobName, type WorkloadContext } from "../../infra/workloads";

/** Where the generated files go, relative to the repository root. */
export const COMPOSE_FILE = "compose.yaml";
export const COMPOSE_DIR = "compose";
/** The label that carries a service's configuration hash: it changes exactly when the service's settings do. */
export const CONFIG_HASH_LABEL = "com.example.streaming-platform.config-hash";
/** The profile of the developer tools. */
export const TOOLS_PROFILE = "tools";

/** Local-only credentials (the compose file is for a laptop; nothing here is a real secret). */
const LOCAL = {
    redisPassword: "local-redis-password",
    kafkaAdmin: { user: "admin", password: "local-kafka-admin" },
    minio: { user: "local-minio", password: "local-minio-password" },
    postgres: { user: "lakekeeper", password: "local-postgres-password", database: "lakekeeper" },
    lakekeeperEncryptionKey: "local-lakekeeper-encryption-key-not-secret",
} as const;
/** Each Kafka client's local password (SASL/PLAIN users of the compose broker). */
const kafkaPassword = (service: string) => `local-${service}-password`;
/** A fixed KRaft cluster id: compose starts the same cluster every time. */
const KAFKA_CLUSTER_ID = "c3RyZWFtaW5nLXBsYXRmb3Jt";
const KAFKA_PORT = 9092;
const KAFKA_CONTROLLER_PORT = 9093;
/** Where the developer tools answer on the host: their own ports are taken there (the front end has 8080, the Flink UI 8081). */
const TOOL_HOST_PORTS = { kafkaUi: 8090, redisCommander: 8082 } as const;
const PROMETHEUS = { image: "prom/prometheus:v3.5.0", port: 9090 } as const;
const GRAFANA = { image: "grafana/grafana:12.1.0", port: 3000 } as const;

/** Hosts of the compose network (service names). */
export const COMPOSE_CONTEXT: WorkloadContext = {
    redisHost: "redis",
    kafkaBootstrap: `kafka:${KAFKA_PORT}`,
    lakeCatalogUri: `http://lakekeeper:${LAKEKEEPER.port}${LAKEKEEPER.catalogPath}`,
    lakeS3Endpoint: `http://minio:${MINIO.port}`,
};

export interface ComposePlan {
    /** compose.yaml's document. */
    readonly compose: Record<string, unknown>;
    /** Other generated files (Prometheus and Grafana configuration), path -> text. */
    readonly files: Readonly<Record<string, string>>;
}

type Service = Record<string, unknown>;

/** A service's configuration hash: its image or build, command and environment (what recreates its container). */
export function configHash(service: Service): string {
    const { labels: _labels, depends_on: _dependsOn, ...rest } = service;
    return createHash("sha256").update(JSON.stringify(sortedDeep(rest))).digest("hex").slice(0, 16);
}

function sortedDeep(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(sortedDeep);
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, sortedDeep(v)]));
    return value;
}

const healthy = (...services: string[]) => Object.fromEntries(services.map((s) => [s, { condition: "service_healthy" }]));
const completed = (...services: string[]) => Object.fromEntries(services.map((s) => [s, { condition: "service_completed_successfully" }]));
/** A health check that opens a TCP connection (images with bash, no curl). */
const tcpCheck = (port: number) => ({ test: ["CMD", "bash", "-c", `exec 3<>/dev/tcp/127.0.0.1/${port}`], interval: "5s", timeout: "3s", retries: 30, start_period: "10s" });

/** The environment an app service gets here: what its cluster Deployment gets, with this network's hosts and local credentials. */
export function serviceEnvironment(service: AppServiceName, config: PlatformConfig): Record<string, string> {
    const kafkaServices = Object.keys(APP_WORKLOADS).filter((s) => (APP_WORKLOADS[s as AppServiceName] as AppWorkload).kafka);
    const { spec, secrets } = appServiceSpec<string>(service, {
        replicas: config.profile.traits.appReplicas,
        zones: [],
        context: COMPOSE_CONTEXT,
        redis: { egress: { name: "redis", peer: { cidr: "0.0.0.0/0" }, ports: [] }, password: LOCAL.redisPassword },
        kafkaEgress: { name: "kafka", peer: { cidr: "0.0.0.0/0" }, ports: [] },
        kafka: Object.fromEntries(
            kafkaServices.map((s) => [s, { config: { KAFKA_SASL_MECHANISM: "PLAIN", KAFKA_TLS: "false" }, secrets: { KAFKA_USERNAME: s, KAFKA_PASSWORD: kafkaPassword(s) } }]),
        ),
        metricsScraper: { namespace: "", podLabels: {} },
        workloadIdentities: false,
    });
    return { ...spec.config, ...secrets };
}

/** Names of the cluster's environment the compose services do not set, and why. */
export const COMPOSE_OMITS: Readonly<Record<string, string>> = {
    KAFKA_CA_CERT: "the compose broker's listener has no TLS, so there is no CA to trust",
};

/** The app services: development targets, source bind-mounted, the cluster's port, health path and environment. */
function appServices(config: PlatformConfig, services: readonly AppServiceName[]): Record<string, Service> {
    return Object.fromEntries(
        services.map((service) => {
            const image: ImageSpec = SERVICE_IMAGES[service];
            const { port, healthPath } = SERVICE_ENDPOINTS[service];
            const workload: AppWorkload = APP_WORKLOADS[service];
            const uses = [...(workload.usesRedis ? ["redis"] : []), ...(workload.kafka ? ["kafka"] : [])];
            const definition: Service = {
                build: {
                    context: `./${image.context}`,
                    ...(image.dockerfile ? { dockerfile: image.dockerfile } : {}),
                    target: "development",
                    ...(image.buildArgs ? { args: { ...image.buildArgs } } : {}),
                },
                environment: { ...serviceEnvironment(service, config), PORT: String(port) },
                ports: [`${port}:${port}`],
                // Hot reload: the source is the checkout's; the development target watches it.
                volumes: [{ type: "bind", source: `./${image.context}/src`, target: "/app/src", read_only: true }],
                healthcheck: {
                    test: ["CMD", "node", "-e", `require('http').get('http://127.0.0.1:${port}${workload.readinessPath ?? healthPath}',r=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1))`],
                    interval: "5s",
                    timeout: "3s",
                    retries: 30,
                    start_period: "20s",
                },
                ...(uses.length > 0 ? { depends_on: { ...healthy(...uses), ...(workload.kafka ? completed("kafka-init") : {}) } } : {}),
                restart: "unless-stopped",
            };
            return [service, definition];
        }),
    );
}

/** The topic catalog's topics as the cluster's TopicCatalog plans them (dead-letter topics, partitions, configuration), created once Kafka answers. */
function kafkaInitScript(config: PlatformConfig): string {
    const plan = planCatalog(config.settings.kafkaTopics, catalogRules(config.profile));
    return [
        "set -eu",
        `printf 'security.protocol=SASL_PLAINTEXT\\nsasl.mechanism=PLAIN\\nsasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="${LOCAL.kafkaAdmin.user}" password="${LOCAL.kafkaAdmin.password}";\\n' > /tmp/admin.properties`,
        ...plan.topics.map(
            (topic) =>
                `/opt/kafka/bin/kafka-topics.sh --bootstrap-server kafka:${KAFKA_PORT} --command-config /tmp/admin.properties --create --if-not-exists --topic ${topic.name} ` +
                `--partitions ${topic.partitions} --replication-factor ${topic.replicationFactor} ${Object.entries(topic.config).map(([k, v]) => `--config ${k}=${v}`).join(" ")}`,
        ),
    ].join("\n");
}

/** Kafka in KRaft mode, one node, SASL/PLAIN users for the admin and every Kafka client. */
function kafka(config: PlatformConfig): Record<string, Service> {
    const clients = [...Object.keys(APP_WORKLOADS).filter((s) => (APP_WORKLOADS[s as AppServiceName] as AppWorkload).kafka), ...(config.settings.flinkJobs as readonly string[])];
    const users = [`user_${LOCAL.kafkaAdmin.user}="${LOCAL.kafkaAdmin.password}"`, ...clients.map((c) => `user_${c}="${kafkaPassword(c)}"`)].join(" ");
    const image = `apache/kafka:${KAFKA_VERSION}`;
    return {
        kafka: {
            image,
            environment: {
                CLUSTER_ID: KAFKA_CLUSTER_ID,
                KAFKA_NODE_ID: "1",
                KAFKA_PROCESS_ROLES: "broker,controller",
                KAFKA_LISTENERS: `CLIENT://:${KAFKA_PORT},CONTROLLER://:${KAFKA_CONTROLLER_PORT}`,
                KAFKA_ADVERTISED_LISTENERS: `CLIENT://kafka:${KAFKA_PORT}`,
                KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "CLIENT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT",
                KAFKA_INTER_BROKER_LISTENER_NAME: "CLIENT",
                KAFKA_CONTROLLER_LISTENER_NAMES: "CONTROLLER",
                KAFKA_CONTROLLER_QUORUM_VOTERS: `1@kafka:${KAFKA_CONTROLLER_PORT}`,
                KAFKA_SASL_ENABLED_MECHANISMS: "PLAIN",
                KAFKA_SASL_MECHANISM_INTER_BROKER_PROTOCOL: "PLAIN",
                KAFKA_LISTENER_NAME_CLIENT_PLAIN_SASL_JAAS_CONFIG: `org.apache.kafka.common.security.plain.PlainLoginModule required username="${LOCAL.kafkaAdmin.user}" password="${LOCAL.kafkaAdmin.password}" ${users};`,
                // As in the cluster: topics exist because the catalog declares them.
                KAFKA_AUTO_CREATE_TOPICS_ENABLE: "false",
                KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: "1",
                KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: "1",
                KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: "1",
                KAFKA_LOG_DIRS: "/var/lib/kafka/data",
            },
            volumes: ["kafka-data:/var/lib/kafka/data"],
            healthcheck: tcpCheck(KAFKA_PORT),
            restart: "unless-stopped",
        },
        "kafka-init": {
            image,
            command: ["bash", "-c", kafkaInitScript(config)],
            depends_on: healthy("kafka"),
            restart: "no",
        },
    };
}

/** Redis as in the cluster: the same image, AOF every second, maxmemory from the local profile's limit, the eviction policy. */
function redis(config: PlatformConfig): Record<string, Service> {
    const args = redisArgs(config.profile.traits.redis.memory, config.settings.redisEvictionPolicy).map((a) => (a === "$(REDIS_PASSWORD)" ? '"$$REDIS_PASSWORD"' : a));
    return {
        redis: {
            image: upstreamRef(THIRD_PARTY_IMAGES.redis),
            command: ["sh", "-c", `exec redis-server ${args.join(" ")}`],
            environment: { REDIS_PASSWORD: LOCAL.redisPassword },
            ports: [`${REDIS_PORT}:${REDIS_PORT}`],
            volumes: ["redis-data:/data"],
            healthcheck: { test: ["CMD-SHELL", `REDISCLI_AUTH="$$REDIS_PASSWORD" redis-cli -p ${REDIS_PORT} ping | grep -q PONG`], interval: "5s", timeout: "3s", retries: 30 },
            restart: "unless-stopped",
        },
        "redis-exporter": {
            image: upstreamRef(THIRD_PARTY_IMAGES.redisExporter),
            environment: { REDIS_ADDR: `redis://redis:${REDIS_PORT}`, REDIS_PASSWORD: LOCAL.redisPassword },
            depends_on: healthy("redis"),
            restart: "unless-stopped",
        },
    };
}

/** MinIO as the lake and Flink's state, with the same buckets as the cluster's store. */
function minio(): Record<string, Service> {
    const buckets = [LAKEHOUSE.containers.warehouse, LAKEHOUSE.containers.landing, ...Object.values(FLINK_STORAGE_CONTAINERS)];
    return {
        minio: {
            image: MINIO.image,
            command: ["server", "/data", "--address", `:${MINIO.port}`, "--console-address", `:${MINIO.consolePort}`],
            environment: { MINIO_ROOT_USER: LOCAL.minio.user, MINIO_ROOT_PASSWORD: LOCAL.minio.password },
            ports: [`${MINIO.port}:${MINIO.port}`, `${MINIO.consolePort}:${MINIO.consolePort}`],
            volumes: ["minio-data:/data"],
            healthcheck: { test: ["CMD", "mc", "ready", "local"], interval: "5s", timeout: "3s", retries: 30 },
            restart: "unless-stopped",
        },
        "minio-init": {
            image: MINIO.clientImage,
            entrypoint: ["/bin/sh", "-c"],
            command: [
                [
                    "set -eu",
                    `mc alias set store http://minio:${MINIO.port} "$$MINIO_ROOT_USER" "$$MINIO_ROOT_PASSWORD"`,
                    ...buckets.map((b) => `mc mb --ignore-existing store/${b}`),
                ].join("\n"),
            ],
            environment: { MINIO_ROOT_USER: LOCAL.minio.user, MINIO_ROOT_PASSWORD: LOCAL.minio.password },
            depends_on: healthy("minio"),
            restart: "no",
        },
    };
}

/** The Flink job's image, built once from the checkout (the job, its jar's table tools): every service that runs it names the same build. */
const flinkImage = (flink: FlinkBuild) => ({
    image: "streaming-platform/flink-job:local",
    build: { context: "./apps/flink-job", target: "runtime", args: { FLINK_VERSION: flink.flinkVersion, JAVA_RELEASE: flink.javaRelease } },
});

/** The S3 keys and endpoint every MinIO client here gets (the root user: a laptop's store). */
const s3Client = () => ({ AWS_ACCESS_KEY_ID: LOCAL.minio.user, AWS_SECRET_ACCESS_KEY: LOCAL.minio.password, AWS_REGION: MINIO.region });

/** The lake's catalog: PostgreSQL, Lakekeeper's migrations then Lakekeeper (its settings from the catalog's own planner), the table sync. */
function lakehouse(flink: FlinkBuild): Record<string, Service> {
    // Lakekeeper's settings from the catalog's own planner (egress is the cluster's business: compose has no NetworkPolicy).
    const none = { name: "none", peer: { cidr: "0.0.0.0/0" }, ports: [] };
    const { config } = catalogSettings({
        database: { port: POSTGRES_PORT, name: LOCAL.postgres.database, user: LOCAL.postgres.user, tls: false, egress: none },
        warehouse: { kind: "s3", egress: none },
    });
    const lakekeeperEnv = { ...config, LAKEKEEPER__PG_HOST_W: "postgres", LAKEKEEPER__PG_PASSWORD: LOCAL.postgres.password, LAKEKEEPER__PG_ENCRYPTION_KEY: LOCAL.lakekeeperEncryptionKey };
    const base = `http://lakekeeper:${LAKEKEEPER.port}`;
    return {
        postgres: {
            image: POSTGRES_IMAGE,
            environment: { POSTGRES_DB: LOCAL.postgres.database, POSTGRES_USER: LOCAL.postgres.user, POSTGRES_PASSWORD: LOCAL.postgres.password },
            volumes: ["postgres-data:/var/lib/postgresql/data"],
            healthcheck: { test: ["CMD", "pg_isready", "-U", LOCAL.postgres.user, "-d", LOCAL.postgres.database], interval: "5s", timeout: "3s", retries: 30 },
            restart: "unless-stopped",
        },
        "lakekeeper-migrate": { image: upstreamRef(THIRD_PARTY_IMAGES.lakekeeper), command: ["migrate"], environment: lakekeeperEnv, depends_on: healthy("postgres"), restart: "no" },
        lakekeeper: {
            image: upstreamRef(THIRD_PARTY_IMAGES.lakekeeper),
            command: ["serve"],
            environment: lakekeeperEnv,
            ports: [`${LAKEKEEPER.port}:${LAKEKEEPER.port}`],
            // The image is distroless: the binary checks its own health.
            healthcheck: { test: ["CMD", "/home/nonroot/lakekeeper", "healthcheck"], interval: "5s", timeout: "3s", retries: 30 },
            depends_on: { ...completed("lakekeeper-migrate"), ...healthy("minio") },
            restart: "unless-stopped",
        },
        "lake-tables": {
            ...flinkImage(flink),
            command: ["java", "-cp", `${FLINK_JOBS["event-count"].jarURI.replace("local://", "")}:/opt/flink/lib/*`, TABLE_TOOLS.sync],
            environment: {
                TABLES_DIR,
                ICEBERG_CATALOG_URI: COMPOSE_CONTEXT.lakeCatalogUri,
                ICEBERG_WAREHOUSE: LAKEHOUSE.warehouse,
                LAKEKEEPER_MANAGEMENT_URI: `${base}${LAKEKEEPER.managementPath}`,
                WAREHOUSE_S3_BUCKET: LAKEHOUSE.containers.warehouse,
                WAREHOUSE_S3_ENDPOINT: COMPOSE_CONTEXT.lakeS3Endpoint!,
                WAREHOUSE_S3_REGION: MINIO.region,
                WAREHOUSE_S3_ACCESS_KEY_ID: LOCAL.minio.user,
                WAREHOUSE_S3_SECRET_ACCESS_KEY: LOCAL.minio.password,
                ICEBERG_S3_ENDPOINT: COMPOSE_CONTEXT.lakeS3Endpoint!,
                ...s3Client(),
                JDK_JAVA_OPTIONS: flink.jvmOpens,
            },
            volumes: [{ type: "bind", source: `./${LAKEHOUSE.tablesDir}`, target: TABLES_DIR, read_only: true }],
            depends_on: { ...healthy("lakekeeper"), ...completed("minio-init") },
            restart: "no",
        },
    };
}

/** A Flink job in application mode (a JobManager and a TaskManager from the job's image), state on MinIO. */
function flinkJob(job: FlinkJobName, flink: FlinkBuild, checkpointIntervalSeconds: number): Record<string, Service> {
    const jobManager = `${job}-jobmanager`;
    const properties = [
        `jobmanager.rpc.address: ${jobManager}`,
        "state.backend.type: rocksdb",
        `execution.checkpointing.interval: ${checkpointIntervalSeconds}s`,
        `state.checkpoints.dir: s3://${FLINK_STORAGE_CONTAINERS.checkpoints}/${job}/checkpoints`,
        `state.savepoints.dir: s3://${FLINK_STORAGE_CONTAINERS.savepoints}/${job}/savepoints`,
        `s3.endpoint: ${COMPOSE_CONTEXT.lakeS3Endpoint}`,
        "s3.path.style.access: true",
        "metrics.reporter.prom.factory.class: org.apache.flink.metrics.prometheus.PrometheusReporterFactory",
        `metrics.reporter.prom.port: ${FLINK_METRICS_PORT.port}`,
    ].join("\n");
    const environment = {
        FLINK_PROPERTIES: properties,
        ENABLE_BUILT_IN_PLUGINS: flinkS3Plugin(flink.flinkVersion),
        ...s3Client(),
        ...FLINK_JOBS[job].env(COMPOSE_CONTEXT),
        KAFKA_SASL_MECHANISM: "PLAIN",
        KAFKA_TLS: "false",
        KAFKA_USERNAME: job,
        KAFKA_PASSWORD: kafkaPassword(job),
    };
    return {
        [jobManager]: {
            ...flinkImage(flink),
            command: ["standalone-job", "--job-classname", "com.example.streaming.EventCountJob"],
            environment,
            ports: [`${FLINK_REST_PORT}:${FLINK_REST_PORT}`],
            healthcheck: tcpCheck(FLINK_REST_PORT),
            depends_on: completed("kafka-init", "lake-tables", "minio-init"),
            restart: "unless-stopped",
        },
        [`${job}-taskmanager`]: { ...flinkImage(flink), command: ["taskmanager"], environment, depends_on: healthy(jobManager), restart: "unless-stopped" },
    };
}

/** Prometheus with the cluster's alert rules and the same targets; Grafana with the same dashboards. */
function observability(config: PlatformConfig, services: readonly AppServiceName[], jobs: readonly FlinkJobName[]): { services: Record<string, Service>; files: Record<string, string> } {
    const { settings } = config;
    // The same groups as the cluster's PrometheusRules, in Prometheus's rule file format.
    const rules = { groups: platformAlertRules(settings).map((group) => prometheusRule(group, "", settings.runbookBaseUrl).spec.groups[0]) };
    const scraped = services.filter((s) => (APP_WORKLOADS[s] as AppWorkload).metrics);
    const prometheus = {
        global: { scrape_interval: "30s" },
        rule_files: ["/etc/prometheus/rules.yml"],
        scrape_configs: [
            ...scraped.map((s) => ({ job_name: s, static_configs: [{ targets: [`${s}:${SERVICE_ENDPOINTS[s].port}`] }] })),
            { job_name: "redis", static_configs: [{ targets: [`redis-exporter:${REDIS_METRICS_PORT.port}`] }] },
            ...jobs.map((job) => ({ job_name: `flink-${job}`, static_configs: [{ targets: [`${job}-jobmanager:${FLINK_METRICS_PORT.port}`, `${job}-taskmanager:${FLINK_METRICS_PORT.port}`] }] })),
            { job_name: LAKEHOUSE.catalog, static_configs: [{ targets: [`lakekeeper:${LAKEKEEPER.metricsPort}`] }] },
        ],
    };
    const datasources = { apiVersion: 1, datasources: [{ name: "Prometheus", type: "prometheus", url: `http://prometheus:${PROMETHEUS.port}`, isDefault: true }] };
    const dashboards = { apiVersion: 1, providers: [{ name: "platform", type: "file", options: { path: "/var/lib/grafana/dashboards" } }] };
    const generated = (text: string) => `# Generated by \`npm run compose\` (tools/compose): do not edit.\n${text}`;
    return {
        services: {
            prometheus: {
                image: PROMETHEUS.image,
                ports: [`${PROMETHEUS.port}:${PROMETHEUS.port}`],
                volumes: [
                    { type: "bind", source: `./${COMPOSE_DIR}/prometheus/prometheus.yml`, target: "/etc/prometheus/prometheus.yml", read_only: true },
                    { type: "bind", source: `./${COMPOSE_DIR}/prometheus/rules.yml`, target: "/etc/prometheus/rules.yml", read_only: true },
                    "prometheus-data:/prometheus",
                ],
                healthcheck: { test: ["CMD", "wget", "-q", "-O", "/dev/null", `http://127.0.0.1:${PROMETHEUS.port}/-/ready`], interval: "10s", timeout: "3s", retries: 30 },
                restart: "unless-stopped",
            },
            grafana: {
                image: GRAFANA.image,
                ports: [`${GRAFANA.port}:${GRAFANA.port}`],
                environment: { GF_AUTH_ANONYMOUS_ENABLED: "true", GF_AUTH_ANONYMOUS_ORG_ROLE: "Viewer" },
                volumes: [
                    { type: "bind", source: `./${COMPOSE_DIR}/grafana/datasources.yml`, target: "/etc/grafana/provisioning/datasources/platform.yml", read_only: true },
                    { type: "bind", source: `./${COMPOSE_DIR}/grafana/dashboards.yml`, target: "/etc/grafana/provisioning/dashboards/platform.yml", read_only: true },
                    { type: "bind", source: "./dashboards", target: "/var/lib/grafana/dashboards", read_only: true },
                ],
                depends_on: healthy("prometheus"),
                restart: "unless-stopped",
            },
        },
        files: {
            [`${COMPOSE_DIR}/prometheus/prometheus.yml`]: generated(stringify(prometheus, { lineWidth: 0 })),
            [`${COMPOSE_DIR}/prometheus/rules.yml`]: generated(stringify(rules, { lineWidth: 0 })),
            [`${COMPOSE_DIR}/grafana/datasources.yml`]: generated(stringify(datasources, { lineWidth: 0 })),
            [`${COMPOSE_DIR}/grafana/dashboards.yml`]: generated(stringify(dashboards, { lineWidth: 0 })),
        },
    };
}

/** Kafka UI and Redis Commander, in the `tools` profile (`docker compose --profile tools up`). */
function devTools(): Record<string, Service> {
    const ui = DEV_TOOLS.kafkaUi;
    const commander = DEV_TOOLS.redisCommander;
    return {
        [ui.name]: {
            image: ui.image,
            profiles: [TOOLS_PROFILE],
            environment: {
                KAFKA_CLUSTERS_0_NAME: KAFKA.cluster,
                KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS: COMPOSE_CONTEXT.kafkaBootstrap,
                KAFKA_CLUSTERS_0_READONLY: "true",
                KAFKA_CLUSTERS_0_PROPERTIES_SECURITY_PROTOCOL: "SASL_PLAINTEXT",
                KAFKA_CLUSTERS_0_PROPERTIES_SASL_MECHANISM: "PLAIN",
                KAFKA_CLUSTERS_0_PROPERTIES_SASL_JAAS_CONFIG: `org.apache.kafka.common.security.plain.PlainLoginModule required username="${LOCAL.kafkaAdmin.user}" password="${LOCAL.kafkaAdmin.password}";`,
            },
            ports: [`${TOOL_HOST_PORTS.kafkaUi}:${ui.port}`],
            depends_on: healthy("kafka"),
            restart: "unless-stopped",
        },
        [commander.name]: {
            image: commander.image,
            profiles: [TOOLS_PROFILE],
            environment: { REDIS_HOST: "redis", REDIS_PORT: String(REDIS_PORT), REDIS_PASSWORD: LOCAL.redisPassword, PORT: String(commander.port) },
            ports: [`${TOOL_HOST_PORTS.redisCommander}:${commander.port}`],
            depends_on: healthy("redis"),
            restart: "unless-stopped",
        },
    };
}

/** The whole compose document and its configuration files, for the local stack's settings. */
export function planCompose(config: PlatformConfig, flink: FlinkBuild): ComposePlan {
    const services = config.settings.appServices as readonly AppServiceName[];
    const jobs = config.settings.flinkJobs as readonly FlinkJobName[];
    const monitoring = observability(config, services, jobs);
    const all: Record<string, Service> = {
        ...kafka(config),
        ...redis(config),
        ...minio(),
        ...lakehouse(flink),
        ...Object.assign({}, ...jobs.map((job) => flinkJob(job, flink, config.settings.flinkCheckpointIntervalSeconds))),
        ...appServices(config, services),
        ...monitoring.services,
        ...devTools(),
    };
    const labelled = Object.fromEntries(Object.entries(all).map(([name, service]) => [name, { ...service, labels: { [CONFIG_HASH_LABEL]: configHash(service) } }]));
    return {
        compose: {
            name: "streaming-platform",
            services: labelled,
            volumes: Object.fromEntries(["kafka-data", "redis-data", "minio-data", "postgres-data", "prometheus-data"].map((v) => [v, {}])),
        },
        files: monitoring.files,
    };
}

/** compose.yaml's text. */
export function renderCompose(plan: ComposePlan): string {
    // `restart: "no"` quoted: YAML 1.1 readers take a bare no for false.
    const body = stringify(plan.compose, { lineWidth: 0 }).replace(/^(\s+restart: )no$/gm, '$1"no"');
    return `# Generated by \`npm run compose\` (tools/compose) from the local stack's declarations: do not edit.\n# README "Run it on your laptop": docker compose up --build (developer tools: --profile ${TOOLS_PROFILE}).\n${body}`;
}
