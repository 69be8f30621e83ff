import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions/customResource";
import { abfssUrl, dfsHost } from "../azure/data-lake";
import { NetworkPolicy } from "@pulumi/kubernetes/networking/v1/networkPolicy";
import type { Provider } from "@pulumi/kubernetes/provider";
import { FLINK_OPERATOR_POD_LABELS, FLINK_POD_LABELS, FLINK_REST_PORT } from "./flink-operator";
import type { ScrapeTarget } from "./scrape-targets";
import { SECRET_VERSIONS_ANNOTATION, secretsStoreMount, secretsStoreVolume, secretVersionsAnnotation } from "./secrets-store";
import { secretKeysOf, workloadSecret, type SecretContent } from "./workload-secret";
import { dnsEgressRule, egressRule, HTTPS_ANYWHERE, peerSelector, restrictedContainerSecurity, restrictedPodSecurity, selectorOf, WORKLOAD_IDENTITY_LABEL, type EgressTarget, type PodPeer } from "./workload-plan";

/** The FlinkDeployment's flinkVersion of a Flink release: 1.20.4 -> v1_20 (the operator's enum). */
export function operatorFlinkVersion(release: string): string {
    const match = /^(\d+)\.(\d+)\.\d+$/.exec(release);
    if (!match) throw new Error(`Flink release ${JSON.stringify(release)}: expected major.minor.patch, e.g. 1.20.4`);
    return `v${match[1]}_${match[2]}`;
}
/** Flink's container name in the operator's pod template. */
const MAIN_CONTAINER = "flink-main-container";
/** The uid of the official Flink image's flink user. */
export const FLINK_UID = 9999;
/** Where AKS workload identity projects the federated token. */
const WORKLOAD_IDENTITY_TOKEN_FILE = "/var/run/secrets/azure/tokens/azure-identity-token";
/** Labels the operator puts on every pod of a FlinkDeployment named `name`. */
export const flinkPodLabels = (name: string) => ({ app: name, ...FLINK_POD_LABELS });

/** Checkpoint interval bounds, seconds: under 10 s the checkpoints dominate the job; over an hour, recovery replays too much. */
export const CHECKPOINT_INTERVAL_SECONDS = { min: 10, max: 3600 } as const;
/** The operator's periodic savepoints, and how many it keeps (older ones are disposed of). */
const PERIODIC_SAVEPOINTS = { interval: "6h", keep: 10 } as const;
/** The workload identity Flink's filesystem plugin authenticates to the checkpoint account with. */
export interface FlinkStorageIdentity<T> {
    readonly clientId: T;
    readonly tenantId: T;
}

export interface FlinkJobSpec {
    /** DNS label: names the FlinkDeployment and its pods. */
    readonly name: string;
    readonly namespace: string;
    /** The job jar inside the image, e.g. local:///opt/flink/usrlib/job.jar. */
    readonly jarURI: string;
    /** The Flink release the image runs, e.g. 1.20.4 (apps/flink-job/pom.xml). */
    readonly flinkVersion: string;
    /**
     * The class of hadoop-azure's workload-identity token provider inside the image's filesystem
     * plugin (apps/flink-job/azure-fs-workload-identity).
     */
    readonly tokenProvider: string;
    readonly parallelism: number;
    readonly checkpointIntervalSeconds: number;
    readonly jobManager: { readonly replicas: number; readonly cpu: number; readonly memory: string };
    readonly taskManager: { readonly cpu: number; readonly memory: string; readonly slots: number };
    readonly serviceAccount: string;
    /** Plain settings for the job's environment (topics, bootstrap servers). */
    readonly env: Readonly<Record<string, string>>;
    /**
     * Names of secret settings (Kafka credentials): read from the job's Secret `flink-<name>-env`.
     * @default - none
     */
    readonly secretEnv?: readonly string[];
    /** What the job's pods call besides each other, DNS and HTTPS (the API server, storage, Entra ID). */
    readonly egress: readonly EgressTarget[];
    /**
     * Who scrapes the Prometheus reporter's port.
     * @default - nobody (the port stays closed)
     */
    readonly metricsScraper?: PodPeer;
}

/**
 * Where the job keeps checkpoints, savepoints and HA metadata: an ADLS Gen2 account reached with
 * the pods' workload identity (abfss://, the image's own filesystem plugin), or an S3-compatible
 * store (s3://, Flink's bundled S3 plugin) with keys from a Secret in the job's namespace.
 */
export type FlinkStateStorage<T> =
    | {
          readonly kind: "adls";
          /** The checkpoint account's name (`<account>.dfs.core.windows.net`). */
          readonly account: T;
          readonly identity: FlinkStorageIdentity<T>;
      }
    | {
          readonly kind: "s3";
          readonly endpoint: string;
          /** The Secret with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. */
          readonly credentialsSecret: string;
          readonly region: string;
      };

/** Values known at deployment time (strings in tests, outputs in the component). */
export interface FlinkJobValues<T> {
    readonly image: T;
    readonly storage: FlinkStateStorage<T>;
    /**
     * Environment known only at deployment time (e.g. the revision of the tables the job writes:
     * the job restarts with, and is ordered after, each change of them).
     * @default - none
     */
    readonly deployedEnv?: Readonly<Record<string, T>>;
    /**
     * The secret settings from Key Vault: the SecretProviderClass the pods mount (the driver syncs
     * the job's Secret from it) and the versions they read, on the pods (a new version is a new pod
     * template: the operator upgrades the job through a savepoint).
     * @default - none: the Secret is an ordinary one
     */
    readonly keyVault?: { readonly providerClass: T; readonly versions: T };
}

/** Flink's Prometheus reporter: its port (named for the PodMonitor) and configuration. */
export const FLINK_METRICS_PORT = { name: "metrics", port: 9249 } as const;
const PROMETHEUS_REPORTER = {
    "metrics.reporter.prom.factory.class": "org.apache.flink.metrics.prometheus.PrometheusReporterFactory",
    "metrics.reporter.prom.port": String(FLINK_METRICS_PORT.port),
} as const;

/** The Secret holding a job's secret settings (FlinkJobSpec.secretEnv). */
export const flinkEnvSecretName = (job: string) => `flink-${job}-env`;

/** The pods of the Flink job `job` in `namespace`, as a NetworkPolicy peer (e.g. Kafka's clients). */
export function flinkJobPeer(job: string, namespace: string): PodPeer {
    return { namespace, podLabels: flinkPodLabels(job) };
}

/** What managed Prometheus scrapes of the Flink job `job`: its Prometheus reporter. */
export function flinkJobScrapeTarget(job: string, namespace: string): ScrapeTarget {
    return { name: `flink-${job}`, namespace, podLabels: flinkPodLabels(job), port: FLINK_METRICS_PORT.name };
}

/** Containers of the checkpoint account. */
export const FLINK_STORAGE_CONTAINERS = { checkpoints: "flink-checkpoints", savepoints: "flink-savepoints" } as const;


/** The file system plugin of Flink's own distribution (opt/) that serves s3:// for state. */
export const flinkS3Plugin = (flinkVersion: string) => `flink-s3-fs-hadoop-${flinkVersion}.jar`;

/** The storage half of a job's configuration: file system settings, state directories, environment and pod labels. */
function stateStorage(spec: FlinkJobSpec, storage: FlinkStateStorage<pulumi.Input<string>>) {
    if (storage.kind === "adls") {
        const host = dfsHost(storage.account);
        const { clientId, tenantId } = storage.identity;
        return {
            // Per account: OAuth with the federated token AKS projects into the pod (workload identity).
            storageConfig: pulumi.all([host, clientId, tenantId]).apply(([h, client, tenant]) => ({
                [`fs.azure.account.auth.type.${h}`]: "OAuth",
                [`fs.azure.account.oauth.provider.type.${h}`]: spec.tokenProvider,
                [`fs.azure.account.oauth2.msi.tenant.${h}`]: tenant,
                [`fs.azure.account.oauth2.client.id.${h}`]: client,
                [`fs.azure.account.oauth2.token.file.${h}`]: WORKLOAD_IDENTITY_TOKEN_FILE,
            })) as pulumi.Output<Record<string, string>>,
            stateDir: (container: string, path: string) => abfssUrl(storage.account, container, path),
            storageEnv: [] as { name: string; value?: string; valueFrom?: unknown }[],
            podLabels: { [WORKLOAD_IDENTITY_LABEL]: "true" } as Record<string, string>,
        };
    }
    const key = (name: string) => ({ name, valueFrom: { secretKeyRef: { name: storage.credentialsSecret, key: name } } });
    return {
        // Path-style requests: an in-cluster store has no per-bucket DNS names.
        storageConfig: pulumi.output({ "s3.endpoint": storage.endpoint, "s3.path.style.access": "true" } as Record<string, string>),
        stateDir: (bucket: string, path: string) => pulumi.output(`s3://${bucket}/${path}`),
        // Flink's S3 plugin and the AWS SDK read the keys and the region from the environment.
        storageEnv: [
            { name: "ENABLE_BUILT_IN_PLUGINS", value: flinkS3Plugin(spec.flinkVersion) },
            key("AWS_ACCESS_KEY_ID"),
            key("AWS_SECRET_ACCESS_KEY"),
            { name: "AWS_REGION", value: storage.region },
        ] as { name: string; value?: string; valueFrom?: unknown }[],
        podLabels: {} as Record<string, string>,
    };
}

/** The FlinkDeployment manifest of one job. */
export function planFlinkDeployment(spec: FlinkJobSpec, values: FlinkJobValues<pulumi.Input<string>>) {
    const problems: string[] = [];
    if (spec.parallelism < 1) problems.push(`parallelism ${spec.parallelism}: expected at least 1`);
    if (spec.checkpointIntervalSeconds < 1) problems.push(`checkpointIntervalSeconds ${spec.checkpointIntervalSeconds}: expected at least 1`);
    if (spec.taskManager.slots < 1) problems.push(`taskManager.slots ${spec.taskManager.slots}: expected at least 1`);
    if (!spec.jarURI.startsWith("local://")) problems.push(`jarURI ${spec.jarURI}: expected a local:// path inside the job image`);
    if (problems.length > 0) {
        throw new Error(`invalid Flink job "${spec.name}": ${problems.join("; ")}`);
    }
    const { storageConfig, stateDir, storageEnv, podLabels } = stateStorage(spec, values.storage);
    const flinkConfiguration = pulumi
        .all([
            storageConfig,
            stateDir(FLINK_STORAGE_CONTAINERS.checkpoints, `${spec.name}/checkpoints`),
            stateDir(FLINK_STORAGE_CONTAINERS.savepoints, `${spec.name}/savepoints`),
            stateDir(FLINK_STORAGE_CONTAINERS.checkpoints, `${spec.name}/ha`),
        ])
        .apply(([auth, checkpoints, savepoints, ha]) => ({
            "state.backend.type": "rocksdb",
            "execution.checkpointing.incremental": "true",
            "execution.checkpointing.interval": `${spec.checkpointIntervalSeconds}s`,
            "execution.checkpointing.mode": "EXACTLY_ONCE",
            "execution.checkpointing.externalized-checkpoint-retention": "RETAIN_ON_CANCELLATION",
            "state.checkpoints.dir": checkpoints,
            "state.savepoints.dir": savepoints,
            "high-availability.type": "kubernetes",
            "high-availability.storageDir": ha,
            "taskmanager.numberOfTaskSlots": String(spec.taskManager.slots),
            "restart-strategy.type": "exponential-delay",
            // Savepoints besides the upgrade savepoints: a restore point no older than the interval.
            "kubernetes.operator.periodic.savepoint.interval": PERIODIC_SAVEPOINTS.interval,
            "kubernetes.operator.savepoint.history.max.count": String(PERIODIC_SAVEPOINTS.keep),
            ...PROMETHEUS_REPORTER,
            ...auth,
        }));
    const env = [
        ...Object.entries(spec.env).map(([name, value]) => ({ name, value })),
        ...(spec.secretEnv ?? []).map((name) => ({ name, valueFrom: { secretKeyRef: { name: flinkEnvSecretName(spec.name), key: name } } })),
        ...Object.entries(values.deployedEnv ?? {}).map(([name, value]) => ({ name, value })),
        ...storageEnv,
    ];
    return {
        apiVersion: "flink.apache.org/v1beta1",
        kind: "FlinkDeployment",
        metadata: { name: spec.name, namespace: spec.namespace, labels: selectorOf(spec.name) },
        spec: {
            image: values.image,
            flinkVersion: operatorFlinkVersion(spec.flinkVersion),
            serviceAccount: spec.serviceAccount,
            flinkConfiguration,
            podTemplate: {
                metadata: { labels: podLabels, ...(values.keyVault ? { annotations: { [SECRET_VERSIONS_ANNOTATION]: values.keyVault.versions } } : {}) },
                spec: {
                    securityContext: restrictedPodSecurity(FLINK_UID),
                    ...(values.keyVault ? { volumes: [secretsStoreVolume(values.keyVault.providerClass)] } : {}),
                    containers: [
                        {
                            name: MAIN_CONTAINER,
                            env,
                            ...(values.keyVault ? { volumeMounts: [secretsStoreMount()] } : {}),
                            ports: [{ name: FLINK_METRICS_PORT.name, containerPort: FLINK_METRICS_PORT.port, protocol: "TCP" }],
                            // Flink's entrypoint rewrites its configuration at start, so the root filesystem stays writable.
                            securityContext: restrictedContainerSecurity(FLINK_UID, false),
                        },
                    ],
                },
            },
            jobManager: { replicas: spec.jobManager.replicas, resource: { cpu: spec.jobManager.cpu, memory: spec.jobManager.memory } },
            taskManager: { resource: { cpu: spec.taskManager.cpu, memory: spec.taskManager.memory } },
            job: { jarURI: spec.jarURI, parallelism: spec.parallelism, upgradeMode: "savepoint", state: "running" },
        },
    };
}

export interface FlinkJobArgs {
    readonly spec: FlinkJobSpec;
    /** The digest-pinned job image. */
    readonly image: pulumi.Input<string>;
    /** Where state lives: the checkpoint account with the workload identity Flink authenticates with (no account key anywhere), or an S3 store. */
    readonly storage: FlinkStateStorage<pulumi.Input<string>>;
    /**
     * Where `spec.secretEnv` comes from: values (a Secret) or Key Vault objects (synced).
     * Required when the spec has secret settings.
     * @default - none
     */
    readonly secrets?: SecretContent;
    /** The operator's release: the FlinkDeployment CRD exists only once it is installed. */
    readonly operator: pulumi.Resource;
    /**
     * Environment known only at deployment time (FlinkJobValues.deployedEnv).
     * @default - none
     */
    readonly deployedEnv?: Readonly<Record<string, pulumi.Input<string>>>;
    readonly provider: Provider;
}

/**
 * One Flink job as a FlinkDeployment: RocksDB with incremental checkpoints at the configured
 * interval, checkpoints, savepoints and HA metadata on the checkpoint account (abfss://, workload
 * identity through the image's filesystem plugin), Kubernetes HA, savepoint upgrades and periodic
 * savepoints, a restricted pod template, and a NetworkPolicy for its pods.
 */
export class FlinkJob extends pulumi.ComponentResource {
    readonly deployment: CustomResource;

    constructor(name: string, args: FlinkJobArgs, opts?: pulumi.ComponentResourceOptions) {
        super("streaming-platform:kubernetes:FlinkJob", name, {}, opts);
        const { spec } = args;
        const child = { parent: this, provider: args.provider };
        // The CRD comes with the operator release, the environment with its Secret: order without a data link.
        const dependsOn: pulumi.Resource[] = [args.operator];
        const wanted = [...(spec.secretEnv ?? [])].sort();
        const given = args.secrets ? secretKeysOf(args.secrets) : [];
        if (wanted.join() !== (wanted.length > 0 ? given.join() : "")) {
            throw new Error(`Flink job "${spec.name}": secretEnv names ${wanted.join(", ") || "nothing"} but secrets holds ${given.join(", ") || "nothing"}`);
        }
        let keyVault: FlinkJobValues<pulumi.Input<string>>["keyVault"];
        if (wanted.length > 0) {
            const secret = workloadSecret(name, { namespace: spec.namespace, secretName: flinkEnvSecretName(spec.name), resourceName: `${name}-env` }, args.secrets!, child);
            dependsOn.push(secret.resource);
            if (secret.providerClass) {
                const versions = pulumi.output(secret.fingerprint).apply((v) => secretVersionsAnnotation(v as Record<string, string>));
                keyVault = { providerClass: secret.providerClass, versions };
            }
        }
        const manifest = planFlinkDeployment(spec, { image: args.image, storage: args.storage, deployedEnv: args.deployedEnv, keyVault });

        this.deployment = new CustomResource(`${name}-deployment`, manifest, { ...child, dependsOn });

        const own = flinkPodLabels(spec.name);
        const samePods = { podSelector: { matchLabels: own } };
        new NetworkPolicy(
            `${name}-network-policy`,
            {
                metadata: { name: `flink-${spec.name}`, namespace: spec.namespace },
                spec: {
                    podSelector: { matchLabels: own },
                    policyTypes: ["Ingress", "Egress"],
                    ingress: [
                        { from: [samePods] },
                        { from: [{ podSelector: { matchLabels: FLINK_OPERATOR_POD_LABELS } }], ports: [{ port: FLINK_REST_PORT, protocol: "TCP" }] },
                        ...(spec.metricsScraper ? [{ from: [peerSelector(spec.metricsScraper)], ports: [{ port: FLINK_METRICS_PORT.port, protocol: "TCP" }] }] : []),
                    ],
                    egress: [
                        { to: [samePods] },
                        dnsEgressRule(),
                        // The API server (HA, TaskManager pods), the checkpoint account and Entra ID, all over HTTPS.
                        egressRule(HTTPS_ANYWHERE),
                        ...spec.egress.map(egressRule),
                    ],
                },
            },
            child,
        );

        this.registerOutputs({ name: spec.name });
    }
}
