/**
 * Every stack config key of the `streaming-platform` project, declared once, with everything about
 * it: how it is read (kind), what is valid (schema) and how that reads in a message (expected, built
 * by the same helper as the schema, so bounds are written once), its value per profile (or that a
 * profile requires it), an example for fixes, and its description. This table feeds the loader
 * (infra/config.ts), the cross-key rules (infra/config-rules.ts), and Pulumi.yaml's `config:` block
 * (`npm run config:doc`, checked by a test).
 *
 * How defaults work with the Pulumi CLI: a key declared in Pulumi.yaml without a default must be
 * set by every stack, and a declared default is handed to the program as if the stack had set it.
 * So keys with per-profile values declare the default `"profile"` (lists: `[]`), which the loader
 * replaces with the value of the stack's profile; a profile that gives no value makes the key
 * required for its stacks (`REQUIRED`), or leaves a list empty.
 */
import { z } from "zod";
import { API_SERVER_ACCESS, POOL_SIZE, WEEK_DAYS } from "../components/azure/aks-cluster";
import { parseCidr } from "../components/azure/cidr";
import { EXPIRY_DAYS } from "../components/azure/data-lake";
import { KUBELOGIN_MODES } from "../components/azure/kubeconfig";
import { RETENTION_DAYS } from "../components/azure/monitoring";
import { IMAGE_PLATFORMS } from "../components/build/service-image";
import { KAFKA_MODES, SASL_MECHANISMS } from "../components/kafka/connection";
import { CHECKPOINT_INTERVAL_SECONDS } from "../components/kubernetes/flink-job";
import { EVICTION_POLICIES } from "../components/kubernetes/redis";
import { PROFILE_NAMES, type ProfileName } from "../stacks/profiles";
import { AZURE_REGIONS, closestRegion } from "./regions";
import { APP_SERVICE_NAMES, FLINK_JOB_NAMES } from "./workloads";

/** The Pulumi.yaml default of keys whose value comes from the stack's profile. */
export const FROM_PROFILE = "profile";
/** A profile's "value" for a key its stacks must set (it has no safe default). */
export const REQUIRED = Symbol("required");

/** How a key is declared in Pulumi.yaml and how its raw text is read. */
export type KeyKind = "string" | "integer" | "boolean" | "list" | "object";
type Example = string | number | boolean | readonly string[] | readonly Readonly<Record<string, unknown>>[] | Readonly<Record<string, unknown>>;

/** What a key's value must be: its kind, its schema, and the schema in words. */
interface Shape {
    /**
     * "object": structured YAML (lists of objects, maps), declared without a type because
     * Pulumi.yaml's declarations only know strings, integers, booleans and arrays of those.
     */
    readonly kind: KeyKind;
    /** Validates the typed value; custom issues' messages are appended to `expected` in parentheses. */
    readonly schema: z.ZodType;
    /** What a valid value looks like, completing "expected ..." ("an integer from 30 to 730"). */
    readonly expected: string;
    /** A lower bound set by another key (a cross-key rule checks it): "at least <key>". */
    readonly atLeast?: { readonly key: string; readonly why?: string };
}

export interface KeySpec extends Shape {
    /** One line for Pulumi.yaml and the README. */
    readonly description: string;
    /** Pulumi.yaml's default, for keys no profile decides. */
    readonly default?: string | number | boolean | readonly string[] | Readonly<Record<string, never>>;
    /** The value of each profile, or REQUIRED; a key with these declares FROM_PROFILE (lists: []) in Pulumi.yaml. */
    readonly profiles?: Readonly<Partial<Record<ProfileName, unknown>>>;
    /** A valid example value, used in fix suggestions. @default - the Pulumi.yaml default */
    readonly example?: Example;
    /** Set values must be Pulumi secrets (`pulumi config set --secret`); never echoed. */
    readonly secret?: boolean;
    /**
     * The key configures what only stacks of this target have (an Azure cluster, or a local one);
     * a stack of the other target may not set it. @default - every stack
     */
    readonly target?: TargetKind;
}

/** What a key may be for (ProfileTraits.target). */
export type TargetKind = "azure" | "local";

// ---- Shapes: each builds the schema and its words from the same bounds. ----

interface IntegerOptions {
    /** What is counted: "an integer number of <of>"; "percentage": "an integer percentage". */
    readonly of?: string;
    readonly atLeast?: Shape["atLeast"];
}
function integer(bounds: { readonly min: number; readonly max: number }, options: IntegerOptions = {}) {
    const what = options.of === undefined ? "an integer" : options.of === "percentage" ? "an integer percentage" : `an integer number of ${options.of}`;
    const floor = options.atLeast ? `, at least ${options.atLeast.key}` : "";
    return { kind: "integer", schema: z.number().int().min(bounds.min).max(bounds.max), expected: `${what} from ${bounds.min} to ${bounds.max}${floor}`, atLeast: options.atLeast } as const;
}
function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
    return { kind: "string", schema: z.enum(values), expected: `one of ${values.join(", ")}` } as const;
}
function text<T extends z.ZodType<string>>(schema: T, expected: string) {
    return { kind: "string", schema, expected } as const;
}
const cidrSchema = z.string().superRefine((value, ctx) => {
    const parsed = parseCidr(value);
    if (!parsed.ok) {
        ctx.addIssue({ code: "custom", message: parsed.reason });
    }
});
/** A CIDR key, its example and Pulumi.yaml default being `example`; `where` says where it must lie. */
function cidr(example: string, where?: string) {
    return { ...text(cidrSchema, `an IPv4 CIDR${where ? ` ${where},` : ""} such as ${example}`), default: example, example } as const;
}
/** A list of up to `max` items, each valid for `item` (named by `noun`, plural). */
function listOf<T extends z.ZodType>(item: T, max: number, noun: string) {
    return { kind: "list", schema: z.array(item).max(max), expected: `a list of up to ${max} ${noun}` } as const;
}
/** A list of distinct names from `names`. */
function subsetOf<const T extends readonly [string, ...string[]]>(names: T, noun: string) {
    return {
        kind: "list",
        schema: z.array(z.enum(names)).refine((l) => new Set(l).size === l.length, "no repeats"),
        expected: `a list of distinct ${noun} from ${names.join(", ")}`,
    } as const;
}

const region = z.string().refine((r) => AZURE_REGIONS.includes(r), {
    error: (issue) => {
        const suggestion = closestRegion(String(issue.input));
        return suggestion ? `did you mean "${suggestion}"?` : "see `az account list-locations --query [].name`";
    },
});
const vmSize = text(z.string().regex(/^Standard_[A-Za-z0-9_]+$/), "an Azure VM size such as Standard_D4s_v5");
const email = z.string().regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/);
const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
/** Docker tag syntax; `latest` is refused because it names nothing in particular. */
const dockerTag = z.string().refine((t) => t === "" || (/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(t) && t !== "latest"));
/** A Kafka bootstrap address, host:port. */
const vnetId = z.string().regex(/^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[-\w._()]{1,90}\/providers\/Microsoft\.Network\/virtualNetworks\/[-\w._]{2,64}$/i);
const hostPort = z.string().regex(/^[A-Za-z0-9.-]+:\d{1,5}$/);
const percentage = { min: 50, max: 99 } as const;

/** The keys, in the order Pulumi.yaml lists them. */
export const CONFIG_KEYS = {
    profile: {
        ...text(z.enum(["", ...PROFILE_NAMES]), PROFILE_NAMES.map((p) => `"${p}"`).join(" or ")),
        description: "Stack profile whose defaults apply (local, dev or prod). Empty: the profile named like the stack.",
        default: "",
        example: "prod",
    },
    location: { target: "azure",
        ...text(region, "an Azure region name such as westeurope"),
        description: "Azure region of every resource (programmatic name, e.g. westeurope).",
        default: "westeurope",
    },
    owner: {
        ...text(z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/), "a lowercase team slug (letters, digits, hyphens; 2-63 characters)"),
        description: "Team that owns the stack; written to the `owner` tag of every Azure resource.",
        default: "platform-team",
    },
    kubeContext: {
        ...text(z.string().regex(/^$|^[A-Za-z0-9@._:/-]{1,253}$/), "a context name of your kubeconfig such as kind-platform (kubectl config get-contexts)"),
        description: "Local stacks: the kubeconfig context of the local cluster (kind, k3d, minikube, Docker Desktop) the platform is deployed to.",
        target: "local",
        profiles: { local: REQUIRED },
        example: "kind-platform",
    },
    localRegistry: {
        ...text(hostPort, "a registry address host:port such as localhost:5001"),
        description: "Local stacks: the local cluster's registry, host:port, that the images are pushed to and the cluster pulls from (README \"Run it on your laptop\").",
        target: "local",
        profiles: { local: "localhost:5001" },
        example: "localhost:5001",
    },
    localDevTools: {
        kind: "boolean",
        schema: z.boolean(),
        expected: "true or false",
        description: "Local stacks: run the developer tools (Kafka UI, Redis Commander), reached with kubectl port-forward.",
        target: "local",
        default: false,
        example: true,
    },
    logRetentionDays: { target: "azure", ...integer(RETENTION_DAYS, { of: "days" }), description: "Days Log Analytics keeps logs.", profiles: { dev: 30, prod: 90 }, example: 90 },
    alertEmails: { target: "azure",
        ...listOf(email, 20, "e-mail addresses"),
        description: "E-mail addresses that receive platform alerts.",
        profiles: { prod: REQUIRED },
        example: ["oncall@example.com"],
    },
    vnetCidr: { target: "azure", ...cidr("10.40.0.0/16"), description: "Address space of the platform VNet." },
    nodeSubnetCidr: { target: "azure", ...cidr("10.40.0.0/20", "inside vnetCidr"), description: "Subnet of the AKS nodes; inside vnetCidr." },
    privateEndpointSubnetCidr: { target: "azure", ...cidr("10.40.16.0/24", "inside vnetCidr"), description: "Subnet of the private endpoints; inside vnetCidr, apart from the node subnet." },
    podCidr: { target: "azure", ...cidr("192.168.0.0/16", "outside the VNet"), description: "Pod address space of Azure CNI overlay; must not overlap the VNet or the service CIDR." },
    serviceCidr: { target: "azure", ...cidr("172.16.0.0/16", "outside the VNet"), description: "Kubernetes service address space; must not overlap the VNet or the pod CIDR." },
    apiServerAccess: { target: "azure",
        ...oneOf(API_SERVER_ACCESS),
        description: "How the AKS API server is reached: public, authorized-ranges or private.",
        profiles: { dev: "public", prod: REQUIRED },
        example: "private",
    },
    apiServerAuthorizedRanges: { target: "azure",
        ...listOf(cidrSchema, 200, "IPv4 CIDRs"),
        description: "CIDRs allowed to reach the API server when apiServerAccess is authorized-ranges.",
        default: [],
        example: ["203.0.113.0/24"],
    },
    runnerVnetIds: { target: "azure",
        ...listOf(vnetId, 10, "ARM ids of virtual networks (/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<name>)"),
        description:
            "Virtual networks the deploying runners sit in: peered from the platform VNet and linked to every private DNS zone (the API server's too). Required where the deployment dials private endpoints.",
        default: [],
        example: ["/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/runners/providers/Microsoft.Network/virtualNetworks/runners-vnet"],
    },
    kubernetesVersion: {
        ...text(z.string().regex(/^1\.\d{2}(\.\d+)?$/), "a Kubernetes version such as 1.33"),
        description: "AKS Kubernetes version (major.minor; patches follow the upgrade channel).",
        default: "1.33",
    },
    kubeloginMode: { target: "azure",
        ...oneOf(KUBELOGIN_MODES),
        description: "How kubelogin gets Entra ID tokens for the Kubernetes provider: azurecli, workloadidentity, spn or msi.",
        default: "azurecli",
    },
    clusterAdminGroupObjectIds: { target: "azure",
        ...listOf(guid, 20, "Entra ID group object ids (GUIDs)"),
        description: "Entra ID groups granted Azure Kubernetes Service RBAC Cluster Admin on the cluster (the deploying identity always is).",
        default: [],
        example: ["00000000-0000-0000-0000-000000000000"],
    },
    maintenanceDay: { target: "azure", ...oneOf(WEEK_DAYS), description: "Weekday of the weekly maintenance window for cluster and node-image upgrades.", default: "Sunday" },
    maintenanceStartTime: { target: "azure",
        ...text(z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/), "a time of day HH:MM (24-hour, UTC) such as 02:00"),
        description: "Start of the weekly maintenance window, HH:MM in UTC (the window lasts 4 hours).",
        default: "02:00",
    },
    systemNodeVmSize: { target: "azure", ...vmSize, description: "VM size of the system node pool. Set at the cluster's creation: AKS cannot change it later, and a run with another value is refused (README \"Node pools\").", profiles: { dev: "Standard_D2s_v5", prod: "Standard_D4s_v5" }, example: "Standard_D4s_v5" },
    systemNodeMinCount: { target: "azure", ...integer(POOL_SIZE), description: "Autoscaler minimum of the system pool (set at the cluster's creation, like systemNodeVmSize).", profiles: { dev: 1, prod: 3 }, example: 3 },
    systemNodeMaxCount: { target: "azure",
        ...integer(POOL_SIZE, { atLeast: { key: "systemNodeMinCount" } }),
        description: "Autoscaler maximum of the system pool (set at the cluster's creation, like systemNodeVmSize).",
        profiles: { dev: 2, prod: 5 },
        example: 5,
    },
    userNodeVmSize: { target: "azure",
        ...text(vmSize.schema, "an Azure VM size such as Standard_D8s_v5"),
        description: "VM size of the user (workload) node pool. A change creates a pool of a new name, moves the pods, then deletes the old pool.",
        profiles: { dev: "Standard_D4s_v5", prod: "Standard_D8s_v5" },
        example: "Standard_D8s_v5",
    },
    userNodeMinCount: { target: "azure", ...integer(POOL_SIZE), description: "Autoscaler minimum of the user pool.", profiles: { dev: 1, prod: 3 }, example: 3 },
    userNodeMaxCount: { target: "azure",
        ...integer(POOL_SIZE, { atLeast: { key: "userNodeMinCount" } }),
        description: "Autoscaler maximum of the user pool.",
        profiles: { dev: 3, prod: 10 },
        example: 10,
    },
    lakeLandingExpiryDays: { target: "azure",
        ...integer(EXPIRY_DAYS, { of: "days" }),
        description: "Days after the last change when files under the lake's landing container (drops and exports, never tables) are deleted.",
        default: 30,
    },
    lakeBronzeRetentionDays: {
        ...integer(EXPIRY_DAYS, { of: "days" }),
        description: "Days of rows the bronze tables keep: the lake's maintenance job drops older partitions, the Iceberg way.",
        default: 30,
    },
    lakeSilverRetentionDays: {
        ...integer(EXPIRY_DAYS, { of: "days", atLeast: { key: "lakeBronzeRetentionDays", why: "refined data must outlive its raw input" } }),
        description: "Days of rows the silver tables keep (the maintenance job drops older partitions); at least lakeBronzeRetentionDays.",
        default: 365,
    },
    lakeMaintenanceSchedule: {
        ...text(z.string().regex(/^(\S+\s+){4}\S+$/), "a five-field cron expression in UTC such as 30 3 * * *"),
        description: "When the lake's table maintenance runs (cron, UTC): retention, compaction, snapshot expiry, orphan files.",
        default: "30 3 * * *",
    },
    imagePlatform: { ...oneOf(IMAGE_PLATFORMS), description: "Platform the service images are built for (the AKS node architecture).", default: "linux/amd64" },
    buildOnPreview: {
        kind: "boolean",
        schema: z.boolean(),
        expected: "true or false",
        description: "Build images during `pulumi preview` too (never pushed). Off: previews (e.g. of pull requests) skip builds.",
        default: false,
        example: true,
    },
    releaseTag: {
        ...text(dockerTag, "a Docker tag (letters, digits, _ . -; at most 128; not latest), or nothing"),
        description: "Extra tag for every image (e.g. v1.4.0) next to its content-hash tag. Empty: none.",
        default: "",
        example: "v1.4.0",
    },
    imageBuilder: {
        ...text(z.string().regex(/^([A-Za-z0-9][A-Za-z0-9_.-]{0,127})?$/), "a buildx builder name (letters, digits, _ . -), or nothing"),
        description:
            "The buildx builder images are built with (docker-build's builder): empty for Docker's default builder where pulumi up runs; e.g. cloud-acme-platform for Docker Build Cloud. Pulumi Deployments' pre-run commands set it for a stack that builds.",
        default: "",
        example: "cloud-acme-platform",
    },
    imageSigningKeyGeneration: { target: "azure",
        ...integer({ min: 1, max: 999 }),
        description:
            "Generation of the image-signing certificate in the stack's Key Vault (image-signing-<n>). Raise it by one to rotate: a new certificate, every image signed again, the previous generation still trusted until the next rotation.",
        default: 1,
    },
    sourceCommit: {
        ...text(z.string().regex(/^([0-9a-f]{40})?$/), "a full git commit id (40 lower-case hex digits), or nothing"),
        description:
            "The git commit being deployed, exported as an output. Pulumi Deployments' pre-run commands set it (git rev-parse HEAD); a stack that promotes another's images checks that it deploys the commit that stack deployed. Empty: not checked.",
        default: "",
        example: "0123456789abcdef0123456789abcdef01234567",
    },
    appServices: {
        ...subsetOf(APP_SERVICE_NAMES, "services"),
        description: "Application services to run (api, worker, frontend).",
        profiles: { local: ["api", "worker", "frontend"], dev: ["api", "worker", "frontend"], prod: ["api", "worker", "frontend"] },
        example: ["api", "worker", "frontend"],
    },
    flinkJobs: {
        ...subsetOf(FLINK_JOB_NAMES, "jobs"),
        description: "Flink jobs to run (FlinkDeployments).",
        profiles: { local: ["event-count"], dev: ["event-count"], prod: ["event-count"] },
        example: ["event-count"],
    },
    flinkParallelism: { ...integer({ min: 1, max: 256 }), description: "Default parallelism of the Flink jobs.", profiles: { local: 1, dev: 1, prod: 2 }, example: 2 },
    flinkCheckpointIntervalSeconds: {
        ...integer(CHECKPOINT_INTERVAL_SECONDS, { of: "seconds" }),
        description: "Seconds between Flink checkpoints (incremental, RocksDB).",
        default: 60,
    },
    kafkaMode: {
        ...oneOf(KAFKA_MODES),
        description: "Where Kafka runs: strimzi (brokers in the cluster) or external (an existing service: Confluent Cloud, Aiven, self-managed).",
        default: "strimzi",
    },
    kafkaTopics: {
        kind: "object",
        schema: z.array(z.unknown()),
        expected: "a list of topics, each {domain, entity, event, partitions, retentionHours, cleanupPolicy, producers, consumers}",
        description:
            "The topic catalog: a list of {domain, entity, event, partitions, retentionHours, cleanupPolicy, producers, consumers: [{group, service}]}; README \"Kafka\" explains it.",
        default: [],
        example: [{ domain: "web", entity: "event", event: "received", partitions: 6, retentionHours: 168, producers: ["api"], consumers: [{ group: "worker", service: "worker" }] }],
    },
    kafkaAdminSourceRanges: { target: "azure",
        ...listOf(cidrSchema, 200, "IPv4 CIDRs"),
        description: "CIDRs allowed on the Strimzi admin listener when the profile exposes it publicly. Empty: apiServerAuthorizedRanges.",
        default: [],
        example: ["203.0.113.0/24"],
    },
    kafkaBootstrapServers: {
        ...listOf(hostPort, 20, "host:port addresses"),
        description: "External Kafka only: bootstrap servers (host:port).",
        default: [],
        example: ["pkc-00000.westeurope.azure.confluent.cloud:9092"],
    },
    kafkaSaslMechanism: { ...oneOf(SASL_MECHANISMS), description: "External Kafka only: SASL mechanism of Pulumi's and the services' connections.", default: "scram-sha512" },
    kafkaAdminUsername: {
        ...text(z.string(), "a Kafka user name"),
        description: "External Kafka only: the user Pulumi manages topics and ACLs as.",
        default: "",
        example: "pulumi-admin",
    },
    kafkaAdminPassword: {
        ...text(z.string(), "the admin user's password"),
        description: "External Kafka only: that user's password; set it with --secret.",
        default: "",
        example: "<the admin password>",
        secret: true,
    },
    kafkaCaCertificate: {
        ...text(z.string().refine((t) => t === "" || t.includes("-----BEGIN CERTIFICATE-----")), "a PEM certificate (-----BEGIN CERTIFICATE-----), or nothing"),
        description: "External Kafka only: PEM of the CA of the brokers' certificates. Empty: the system's CAs (public services).",
        default: "",
        example: "-----BEGIN CERTIFICATE-----...",
    },
    kafkaServiceCredentials: {
        kind: "object",
        schema: z.record(z.string(), z.object({ username: z.string().min(1), password: z.string().min(1), principal: z.string().regex(/^User:.+/).optional() }).strict()),
        expected: "a map of service to {username, password, principal (User:...)}",
        description:
            "External Kafka only: {<service>: {username, password, principal?}} for services whose users Pulumi cannot create (required with plain, e.g. Confluent Cloud API keys); set it with --secret.",
        default: {},
        example: { api: { username: "<api key>", password: "<api secret>", principal: "User:sa-000000" } },
        secret: true,
    },
    alertConsumerLagMessages: {
        ...integer({ min: 1, max: 100_000_000 }, { of: "messages" }),
        description: "Messages a consumer group may lag behind a topic for 10 minutes before it alerts (a catalog entry's lagAlertThreshold overrides it).",
        profiles: { local: 10_000, dev: 10_000, prod: 1_000 },
        example: 1000,
    },
    alertContainerRestarts: { ...integer({ min: 1, max: 100 }), description: "Container restarts within 15 minutes before an alert.", default: 3 },
    alertUsagePercent: {
        ...integer(percentage, { of: "percentage" }),
        description: "Node memory/disk and persistent volume usage, in percent, above which an alert fires.",
        default: 80,
    },
    alertRedisMemoryPercent: { ...integer(percentage, { of: "percentage" }), description: "Redis memory, in percent of its maxmemory, above which an alert fires.", default: 90 },
    runbookBaseUrl: {
        ...text(z.string().regex(/^https:\/\/\S+$/), "an https URL of the repository's docs/runbooks folder"),
        description: "Where alerts link their runbooks: the repository's docs/runbooks folder as a browsable URL.",
        default: "https://github.com/acme/streaming-platform/blob/main/docs/runbooks",
    },
    redisEvictionPolicy: {
        ...oneOf(EVICTION_POLICIES),
        description: "What Redis evicts at maxmemory (allkeys-lru for a cache; noeviction to refuse writes instead).",
        default: "allkeys-lru",
    },
    redisPassword: {
        ...text(z.string().refine((p) => p === "" || p.length >= 16), "a secret of at least 16 characters, or nothing (a password is generated)"),
        description: "Redis password; set it with --secret. Empty: the program generates one.",
        default: "",
        example: "<a long random password>",
        secret: true,
    },
} as const satisfies Record<string, KeySpec>;

export type ConfigKey = keyof typeof CONFIG_KEYS;
export const CONFIG_KEY_NAMES = Object.keys(CONFIG_KEYS) as ConfigKey[];

/** Keys this project no longer reads, and why: a stack that still sets one is told so, not just "unknown key". */
export const RETIRED_KEYS: Readonly<Record<string, string>> = {
    flinkStorageAuth:
        "removed: Flink always authenticates to its checkpoint account with workload identity (the image's filesystem plugin); the account-key mode could not work (the key reached Flink only through the read-only configuration directory) and shared key is now off on every account",
};

/** The spec of a key, typed as the general shape (the table's literal types are only for keys), its example filled in. */
export function keySpec(key: ConfigKey): KeySpec & { readonly example: Example } {
    const spec: KeySpec = CONFIG_KEYS[key];
    return { ...spec, example: spec.example ?? (spec.default as Example) };
}

/** The default Pulumi.yaml declares: the key's own, or FROM_PROFILE (lists: []) when profiles decide it. */
export function pulumiDefault(spec: KeySpec): NonNullable<KeySpec["default"]> {
    if (spec.profiles) {
        return spec.kind === "list" ? [] : FROM_PROFILE;
    }
    return spec.default ?? "";
}

/** What a profile gives a key: its value, REQUIRED, or undefined (the key's own default applies). */
export function profileValue(key: ConfigKey, profile: ProfileName): unknown {
    return keySpec(key).profiles?.[profile];
}
