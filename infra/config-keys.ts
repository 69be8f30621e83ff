/**
 * Every stack config key of the `streaming-platform` project, declared once. This table feeds the
 * loader (infra/config.ts), the `config:` block of Pulumi.yaml (generated and checked by
 * `npm run config:doc`), and the error messages: each key says what it expects and gives an example
 * for the fix.
 *
 * How defaults work with the Pulumi CLI: a key declared in Pulumi.yaml without a default must be
 * set by every stack, and a declared default is handed to the program as if the stack had set it.
 * So keys whose default depends on the environment declare the default `"profile"` (lists: `[]`),
 * which the loader replaces with the value of the stack's profile (stacks/profiles.ts); a profile
 * that gives no value makes the key required for its stacks.
 */
import { z } from "zod";
import { parseCidr } from "../components/azure/cidr";
import { KUBELOGIN_LOGIN_MODES, type KubeloginMode } from "../components/azure/kubeconfig";
import { MIN_RETENTION_DAYS } from "../components/azure/monitoring";
import { EVICTION_POLICIES } from "../components/kubernetes/redis";
import { SASL_MECHANISMS } from "../components/kafka/connection";
import { APP_WORKLOADS, FLINK_JOBS, type AppServiceName, type FlinkJobName } from "./workloads";
import { AZURE_REGIONS, closestRegion } from "./regions";

/** The Pulumi.yaml default of keys whose value comes from the stack's profile. */
export const FROM_PROFILE = "profile";

/** How a key is declared in Pulumi.yaml and how its raw text is read. */
export type KeyKind = "string" | "integer" | "boolean" | "list" | "object";

export interface KeySpec {
    /**
     * Declared type; "integer" keys with a profile default are declared as strings ("profile" or digits).
     * "object": structured YAML (lists of objects, maps), declared without a type because Pulumi.yaml's
     * declarations only know strings, integers, booleans and arrays of those; the loader validates it.
     */
    readonly kind: KeyKind;
    /** One line for Pulumi.yaml and the README. */
    readonly description: string;
    /** The Pulumi.yaml default, or FROM_PROFILE (lists: the empty list means "take the profile's"). */
    readonly default: string | number | boolean | readonly string[] | Readonly<Record<string, never>> | typeof FROM_PROFILE;
    /** Validates the typed value; its messages complete the sentence "expected ...". */
    readonly schema: z.ZodType;
    /** What a valid value looks like, for error messages ("an integer from 30 to 730"). */
    readonly expected: string;
    /** A valid example value, used in fix suggestions. */
    readonly example: string | number | boolean | readonly string[] | readonly Readonly<Record<string, unknown>>[] | Readonly<Record<string, unknown>>;
    /** Set values must be Pulumi secrets (`pulumi config set --secret`); never echoed. */
    readonly secret?: boolean;
}

/** Log Analytics keeps 30 (included) to 730 days of interactive retention on the PerGB2018 SKU. */
const RETENTION_DAYS = { min: MIN_RETENTION_DAYS, max: 730 } as const;
/** AKS node pool autoscaler bounds we allow from config (a pool of 0 would strand the workloads). */
const NODE_COUNT = { min: 1, max: 100 } as const;

const region = z.string().refine((r) => AZURE_REGIONS.includes(r), {
    error: (issue) => {
        const suggestion = closestRegion(String(issue.input));
        return suggestion ? `did you mean "${suggestion}"?` : "see `az account list-locations --query [].name`";
    },
});
const cidrText = z.string().superRefine((text, ctx) => {
    const parsed = parseCidr(text);
    if (!parsed.ok) {
        ctx.addIssue({ code: "custom", message: parsed.reason });
    }
});
const vmSize = z.string().regex(/^Standard_[A-Za-z0-9_]+$/, "an Azure VM size such as Standard_D4s_v5");
const nodeCount = z.number().int().min(NODE_COUNT.min).max(NODE_COUNT.max);
const email = z.string().regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, "an e-mail address");

const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "an Entra ID object id (GUID)");
/** Lifecycle expiry of lake zones: a day at least, ten years at most (beyond that, keep it forever: no rule). */
const EXPIRY_DAYS = { min: 1, max: 3650 } as const;
const expiryDays = z.number().int().min(EXPIRY_DAYS.min).max(EXPIRY_DAYS.max);

/** Docker tag syntax; `latest` is refused because it names nothing in particular. */
const dockerTag = z.string().refine((t) => t === "" || (/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(t) && t !== "latest"));
export const IMAGE_PLATFORMS = ["linux/amd64", "linux/arm64"] as const;
/** The application services and Flink jobs this program knows how to run (infra/workloads.ts). */
export const APP_SERVICE_NAMES = Object.keys(APP_WORKLOADS) as [AppServiceName, ...AppServiceName[]];
export const FLINK_JOB_NAMES = Object.keys(FLINK_JOBS) as [FlinkJobName, ...FlinkJobName[]];
/** Checkpoint interval bounds: under 10 s the checkpoints dominate the job; over an hour, recovery replays too much. */
const CHECKPOINT_INTERVAL = { min: 10, max: 3600 } as const;
export const WEEK_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;
/** How Flink reaches its checkpoint storage (see DataLake and README "Flink checkpoint storage"). */
export const FLINK_STORAGE_AUTH = ["account-key", "workload-identity"] as const;
export const API_SERVER_ACCESS = ["public", "authorized-ranges", "private"] as const;
export const KAFKA_MODES = ["strimzi", "external"] as const;
/** A Kafka bootstrap address, host:port. */
const hostPort = z.string().regex(/^[A-Za-z0-9.-]+:\d{1,5}$/);
export const KUBELOGIN_MODES = Object.keys(KUBELOGIN_LOGIN_MODES) as [KubeloginMode, ...KubeloginMode[]];

/** The keys, in the order Pulumi.yaml lists them. */
export const CONFIG_KEYS = {
    profile: {
        kind: "string",
        description: "Stack profile whose defaults apply (dev or prod). Empty: the profile named like the stack.",
        default: "",
        schema: z.enum(["", "dev", "prod"]),
        expected: `"dev" or "prod"`,
        example: "prod",
    },
    location: {
        kind: "string",
        description: "Azure region of every resource (programmatic name, e.g. westeurope).",
        default: "westeurope",
        schema: region,
        expected: "an Azure region name such as westeurope",
        example: "westeurope",
    },
    owner: {
        kind: "string",
        description: "Team that owns the stack; written to the `owner` tag of every Azure resource.",
        default: "platform-team",
        schema: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/),
        expected: "a lowercase team slug (letters, digits, hyphens; 2-63 characters)",
        example: "platform-team",
    },
    logRetentionDays: {
        kind: "integer",
        description: "Days Log Analytics keeps logs.",
        default: FROM_PROFILE,
        schema: z.number().int().min(RETENTION_DAYS.min).max(RETENTION_DAYS.max),
        expected: `an integer number of days from ${RETENTION_DAYS.min} to ${RETENTION_DAYS.max}`,
        example: 90,
    },
    alertEmails: {
        kind: "list",
        description: "E-mail addresses that receive platform alerts.",
        default: [],
        schema: z.array(email).max(20),
        expected: "a list of up to 20 e-mail addresses",
        example: ["oncall@example.com"],
    },
    vnetCidr: {
        kind: "string",
        description: "Address space of the platform VNet.",
        default: "10.40.0.0/16",
        schema: cidrText,
        expected: "an IPv4 CIDR such as 10.40.0.0/16",
        example: "10.40.0.0/16",
    },
    nodeSubnetCidr: {
        kind: "string",
        description: "Subnet of the AKS nodes; inside vnetCidr.",
        default: "10.40.0.0/20",
        schema: cidrText,
        expected: "an IPv4 CIDR inside vnetCidr, such as 10.40.0.0/20",
        example: "10.40.0.0/20",
    },
    privateEndpointSubnetCidr: {
        kind: "string",
        description: "Subnet of the private endpoints; inside vnetCidr, apart from the node subnet.",
        default: "10.40.16.0/24",
        schema: cidrText,
        expected: "an IPv4 CIDR inside vnetCidr, such as 10.40.16.0/24",
        example: "10.40.16.0/24",
    },
    podCidr: {
        kind: "string",
        description: "Pod address space of Azure CNI overlay; must not overlap the VNet or the service CIDR.",
        default: "192.168.0.0/16",
        schema: cidrText,
        expected: "an IPv4 CIDR outside the VNet, such as 192.168.0.0/16",
        example: "192.168.0.0/16",
    },
    serviceCidr: {
        kind: "string",
        description: "Kubernetes service address space; must not overlap the VNet or the pod CIDR.",
        default: "172.16.0.0/16",
        schema: cidrText,
        expected: "an IPv4 CIDR outside the VNet, such as 172.16.0.0/16",
        example: "172.16.0.0/16",
    },
    apiServerAccess: {
        kind: "string",
        description: "How the AKS API server is reached: public, authorized-ranges or private.",
        default: FROM_PROFILE,
        schema: z.enum(API_SERVER_ACCESS),
        expected: `one of ${API_SERVER_ACCESS.join(", ")}`,
        example: "private",
    },
    apiServerAuthorizedRanges: {
        kind: "list",
        description: "CIDRs allowed to reach the API server when apiServerAccess is authorized-ranges.",
        default: [],
        schema: z.array(cidrText).max(200),
        expected: "a list of IPv4 CIDRs (at most 200)",
        example: ["203.0.113.0/24"],
    },
    kubernetesVersion: {
        kind: "string",
        description: "AKS Kubernetes version (major.minor; patches follow the upgrade channel).",
        default: "1.33",
        schema: z.string().regex(/^1\.\d{2}(\.\d+)?$/),
        expected: "a Kubernetes version such as 1.33",
        example: "1.33",
    },
    kubeloginMode: {
        kind: "string",
        description: "How kubelogin gets Entra ID tokens for the Kubernetes provider: azurecli, workloadidentity, spn or msi.",
        default: "azurecli",
        schema: z.enum(KUBELOGIN_MODES),
        expected: `one of ${KUBELOGIN_MODES.join(", ")}`,
        example: "azurecli",
    },
    clusterAdminGroupObjectIds: {
        kind: "list",
        description: "Entra ID groups granted Azure Kubernetes Service RBAC Cluster Admin on the cluster (the deploying identity always is).",
        default: [],
        schema: z.array(guid).max(20),
        expected: "a list of up to 20 Entra ID group object ids (GUIDs)",
        example: ["00000000-0000-0000-0000-000000000000"],
    },
    maintenanceDay: {
        kind: "string",
        description: "Weekday of the weekly maintenance window for cluster and node-image upgrades.",
        default: "Sunday",
        schema: z.enum(WEEK_DAYS),
        expected: `one of ${WEEK_DAYS.join(", ")}`,
        example: "Sunday",
    },
    maintenanceStartTime: {
        kind: "string",
        description: "Start of the weekly maintenance window, HH:MM in UTC (the window lasts 4 hours).",
        default: "02:00",
        schema: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
        expected: "a time of day HH:MM (24-hour, UTC) such as 02:00",
        example: "02:00",
    },
    systemNodeVmSize: {
        kind: "string",
        description: "VM size of the system node pool.",
        default: FROM_PROFILE,
        schema: vmSize,
        expected: "an Azure VM size such as Standard_D4s_v5",
        example: "Standard_D4s_v5",
    },
    systemNodeMinCount: {
        kind: "integer",
        description: "Autoscaler minimum of the system pool.",
        default: FROM_PROFILE,
        schema: nodeCount,
        expected: `an integer from ${NODE_COUNT.min} to ${NODE_COUNT.max}`,
        example: 3,
    },
    systemNodeMaxCount: {
        kind: "integer",
        description: "Autoscaler maximum of the system pool.",
        default: FROM_PROFILE,
        schema: nodeCount,
        expected: `an integer from ${NODE_COUNT.min} to ${NODE_COUNT.max}, at least systemNodeMinCount`,
        example: 5,
    },
    userNodeVmSize: {
        kind: "string",
        description: "VM size of the user (workload) node pool.",
        default: FROM_PROFILE,
        schema: vmSize,
        expected: "an Azure VM size such as Standard_D8s_v5",
        example: "Standard_D8s_v5",
    },
    userNodeMinCount: {
        kind: "integer",
        description: "Autoscaler minimum of the user pool.",
        default: FROM_PROFILE,
        schema: nodeCount,
        expected: `an integer from ${NODE_COUNT.min} to ${NODE_COUNT.max}`,
        example: 3,
    },
    userNodeMaxCount: {
        kind: "integer",
        description: "Autoscaler maximum of the user pool.",
        default: FROM_PROFILE,
        schema: nodeCount,
        expected: `an integer from ${NODE_COUNT.min} to ${NODE_COUNT.max}, at least userNodeMinCount`,
        example: 10,
    },
    flinkStorageAuth: {
        kind: "string",
        description: "How Flink authenticates to its checkpoint storage: account-key (stock Flink; shared key on for that account only) or workload-identity.",
        default: "account-key",
        schema: z.enum(FLINK_STORAGE_AUTH),
        expected: `one of ${FLINK_STORAGE_AUTH.join(", ")}`,
        example: "account-key",
    },
    lakeBronzeExpiryDays: {
        kind: "integer",
        description: "Days after the last change when blobs under the lake's bronze zone are deleted.",
        default: 30,
        schema: expiryDays,
        expected: `an integer number of days from ${EXPIRY_DAYS.min} to ${EXPIRY_DAYS.max}`,
        example: 30,
    },
    lakeSilverExpiryDays: {
        kind: "integer",
        description: "Days after the last change when blobs under the lake's silver zone are deleted; at least lakeBronzeExpiryDays.",
        default: 365,
        schema: expiryDays,
        expected: `an integer number of days from ${EXPIRY_DAYS.min} to ${EXPIRY_DAYS.max}, at least lakeBronzeExpiryDays`,
        example: 365,
    },
    imagePlatform: {
        kind: "string",
        description: "Platform the service images are built for (the AKS node architecture).",
        default: "linux/amd64",
        schema: z.enum(IMAGE_PLATFORMS),
        expected: `one of ${IMAGE_PLATFORMS.join(", ")}`,
        example: "linux/amd64",
    },
    buildOnPreview: {
        kind: "boolean",
        description: "Build images during `pulumi preview` too (never pushed). Off: previews (e.g. of pull requests) skip builds.",
        default: false,
        schema: z.boolean(),
        expected: "true or false",
        example: true,
    },
    releaseTag: {
        kind: "string",
        description: "Extra tag for every image (e.g. v1.4.0) next to its content-hash tag. Empty: none.",
        default: "",
        schema: dockerTag,
        expected: "a Docker tag (letters, digits, _ . -; at most 128; not latest), or nothing",
        example: "v1.4.0",
    },
    appServices: {
        kind: "list",
        description: "Application services to run (api, worker, frontend).",
        default: [],
        schema: z.array(z.enum(APP_SERVICE_NAMES)).refine((l) => new Set(l).size === l.length, "no repeats"),
        expected: `a list of distinct services from ${APP_SERVICE_NAMES.join(", ")}`,
        example: ["api", "worker", "frontend"],
    },
    flinkJobs: {
        kind: "list",
        description: "Flink jobs to run (FlinkDeployments).",
        default: [],
        schema: z.array(z.enum(FLINK_JOB_NAMES)).refine((l) => new Set(l).size === l.length, "no repeats"),
        expected: `a list of distinct jobs from ${FLINK_JOB_NAMES.join(", ")}`,
        example: ["event-count"],
    },
    flinkParallelism: {
        kind: "integer",
        description: "Default parallelism of the Flink jobs.",
        default: FROM_PROFILE,
        schema: z.number().int().min(1).max(256),
        expected: "an integer from 1 to 256",
        example: 2,
    },
    flinkCheckpointIntervalSeconds: {
        kind: "integer",
        description: "Seconds between Flink checkpoints (incremental, RocksDB).",
        default: 60,
        schema: z.number().int().min(CHECKPOINT_INTERVAL.min).max(CHECKPOINT_INTERVAL.max),
        expected: `an integer number of seconds from ${CHECKPOINT_INTERVAL.min} to ${CHECKPOINT_INTERVAL.max}`,
        example: 60,
    },
    kafkaMode: {
        kind: "string",
        description: "Where Kafka runs: strimzi (brokers in the cluster) or external (an existing service: Confluent Cloud, Aiven, self-managed).",
        default: "strimzi",
        schema: z.enum(KAFKA_MODES),
        expected: `one of ${KAFKA_MODES.join(", ")}`,
        example: "strimzi",
    },
    kafkaTopics: {
        kind: "object",
        description:
            "The topic catalog: a list of {domain, entity, event, partitions, retentionHours, cleanupPolicy, producers, consumers: [{group, service}]}; README \"Kafka\" explains it.",
        default: [],
        schema: z.array(z.unknown()),
        expected: "a list of topics, each {domain, entity, event, partitions, retentionHours, cleanupPolicy, producers, consumers}",
        example: [{ domain: "web", entity: "event", event: "received", partitions: 6, retentionHours: 168, producers: ["api"], consumers: [{ group: "worker", service: "worker" }] }],
    },
    kafkaAdminSourceRanges: {
        kind: "list",
        description: "CIDRs allowed on the Strimzi admin listener when the profile exposes it publicly. Empty: apiServerAuthorizedRanges.",
        default: [],
        schema: z.array(cidrText).max(200),
        expected: "a list of IPv4 CIDRs (at most 200)",
        example: ["203.0.113.0/24"],
    },
    kafkaBootstrapServers: {
        kind: "list",
        description: "External Kafka only: bootstrap servers (host:port).",
        default: [],
        schema: z.array(hostPort).max(20),
        expected: "a list of host:port addresses",
        example: ["pkc-00000.westeurope.azure.confluent.cloud:9092"],
    },
    kafkaSaslMechanism: {
        kind: "string",
        description: "External Kafka only: SASL mechanism of Pulumi's and the services' connections.",
        default: "scram-sha512",
        schema: z.enum(SASL_MECHANISMS),
        expected: `one of ${SASL_MECHANISMS.join(", ")}`,
        example: "scram-sha512",
    },
    kafkaAdminUsername: {
        kind: "string",
        description: "External Kafka only: the user Pulumi manages topics and ACLs as.",
        default: "",
        schema: z.string(),
        expected: "a Kafka user name",
        example: "pulumi-admin",
    },
    kafkaAdminPassword: {
        kind: "string",
        description: "External Kafka only: that user's password; set it with --secret.",
        default: "",
        schema: z.string(),
        expected: "the admin user's password",
        example: "<the admin password>",
        secret: true,
    },
    kafkaCaCertificate: {
        kind: "string",
        description: "External Kafka only: PEM of the CA of the brokers' certificates. Empty: the system's CAs (public services).",
        default: "",
        schema: z.string().refine((t) => t === "" || t.includes("-----BEGIN CERTIFICATE-----")),
        expected: "a PEM certificate (-----BEGIN CERTIFICATE-----), or nothing",
        example: "-----BEGIN CERTIFICATE-----...",
    },
    kafkaServiceCredentials: {
        kind: "object",
        description:
            "External Kafka only: {<service>: {username, password, principal?}} for services whose users Pulumi cannot create (required with plain, e.g. Confluent Cloud API keys); set it with --secret.",
        default: {},
        schema: z.record(z.string(), z.object({ username: z.string().min(1), password: z.string().min(1), principal: z.string().regex(/^User:.+/).optional() }).strict()),
        expected: "a map of service to {username, password, principal (User:...)}",
        example: { api: { username: "<api key>", password: "<api secret>", principal: "User:sa-000000" } },
        secret: true,
    },
    alertConsumerLagMessages: {
        kind: "integer",
        description: "Messages a consumer group may lag behind a topic for 10 minutes before it alerts (a catalog entry's lagAlertThreshold overrides it).",
        default: FROM_PROFILE,
        schema: z.number().int().min(1).max(100_000_000),
        expected: "an integer number of messages from 1 to 100000000",
        example: 1000,
    },
    alertContainerRestarts: {
        kind: "integer",
        description: "Container restarts within 15 minutes before an alert.",
        default: 3,
        schema: z.number().int().min(1).max(100),
        expected: "an integer from 1 to 100",
        example: 3,
    },
    alertUsagePercent: {
        kind: "integer",
        description: "Node memory/disk and persistent volume usage, in percent, above which an alert fires.",
        default: 80,
        schema: z.number().int().min(50).max(99),
        expected: "an integer percentage from 50 to 99",
        example: 80,
    },
    alertRedisMemoryPercent: {
        kind: "integer",
        description: "Redis memory, in percent of its maxmemory, above which an alert fires.",
        default: 90,
        schema: z.number().int().min(50).max(99),
        expected: "an integer percentage from 50 to 99",
        example: 90,
    },
    runbookBaseUrl: {
        kind: "string",
        description: "Where alerts link their runbooks: the repository's docs/runbooks folder as a browsable URL.",
        default: "https://github.com/acme/streaming-platform/blob/main/docs/runbooks",
        schema: z.string().regex(/^https:\/\/\S+$/),
        expected: "an https URL of the repository's docs/runbooks folder",
        example: "https://github.com/acme/streaming-platform/blob/main/docs/runbooks",
    },
    redisEvictionPolicy: {
        kind: "string",
        description: "What Redis evicts at maxmemory (allkeys-lru for a cache; noeviction to refuse writes instead).",
        default: "allkeys-lru",
        schema: z.enum(EVICTION_POLICIES),
        expected: `one of ${EVICTION_POLICIES.join(", ")}`,
        example: "allkeys-lru",
    },
    redisPassword: {
        kind: "string",
        description: "Redis password; set it with --secret. Empty: the program generates one.",
        default: "",
        schema: z.string().refine((p) => p === "" || p.length >= 16),
        expected: "a secret of at least 16 characters, or nothing (a password is generated)",
        example: "<a long random password>",
        secret: true,
    },
} as const satisfies Record<string, KeySpec>;

export type ConfigKey = keyof typeof CONFIG_KEYS;
export const CONFIG_KEY_NAMES = Object.keys(CONFIG_KEYS) as ConfigKey[];

/** The spec of a key, typed as the general shape (the table's literal types are only for keys). */
export function keySpec(key: ConfigKey): KeySpec {
    return CONFIG_KEYS[key];
}
