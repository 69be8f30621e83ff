/**
 * An S3-compatible object store in the cluster (MinIO), standing in for Azure storage where there is
 * no Azure: buckets for the lake and for Flink's state, and one user per client with a policy on its
 * own buckets only (as each Azure workload identity has its own grants). Each client's keys land in
 * a Secret in the client's namespace, under the names the AWS SDKs and Flink's S3 filesystem read.
 */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { StatefulSet } from "@pulumi/kubernetes/apps/v1/statefulSet";
import { Job } from "@pulumi/kubernetes/batch/v1/job";
import { Secret } from "@pulumi/kubernetes/core/v1/secret";
import { Service } from "@pulumi/kubernetes/core/v1/service";
import { NetworkPolicy } from "@pulumi/kubernetes/networking/v1/networkPolicy";
import type { Provider } from "@pulumi/kubernetes/provider";
import { RandomPassword } from "@pulumi/random/randomPassword";
import {
    dnsEgressRule,
    headlessServiceSpec,
    peerSelector,
    restrictedContainerSecurity,
    restrictedPodSecurity,
    selectorOf,
    singleReplicaStatefulSetSpec,
    workloadLabels,
    type ContainerResources,
    type EgressTarget,
    type PodPeer,
} from "./workload-plan";

/** MinIO's last community image release, and its client's (pinned; the local stack's policies are advisory). */
export const MINIO = {
    image: "quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z",
    clientImage: "quay.io/minio/mc:RELEASE.2025-08-13T08-35-41Z",
    port: 9000,
    consolePort: 9001,
    uid: 1000,
    /** Any region: MinIO accepts the one its clients sign for. */
    region: "us-east-1",
} as const;

/** The keys of a client's credentials Secret: what the AWS SDKs and Flink's S3 filesystem read from the environment. */
export const S3_CREDENTIAL_KEYS = { accessKey: "AWS_ACCESS_KEY_ID", secretKey: "AWS_SECRET_ACCESS_KEY" } as const;

/** Bucket names: S3's rules (3-63 lower-case letters, digits, dots and hyphens). */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** User names double as access keys and policy names. */
const USER_NAME = /^[a-z][a-z0-9-]{2,30}$/;

/** A client of the store: its user, its buckets, and where its credentials Secret goes. */
export interface ObjectStoreUser {
    readonly name: string;
    /** The client's namespace: its credentials Secret is created there. */
    readonly namespace: string;
    /** Buckets it reads and writes (nothing else). */
    readonly buckets: readonly string[];
    /** The pods that call the store as this user (admitted by its NetworkPolicy). */
    readonly pods: readonly PodPeer[];
}

export interface ObjectStoreSpec {
    readonly name: string;
    readonly namespace: string;
    readonly buckets: readonly string[];
    readonly users: readonly ObjectStoreUser[];
    readonly resources: ContainerResources;
    readonly storageSize: string;
}

/** Where a client of the store finds it: the endpoint, the region to sign for, and its credentials Secret. */
export interface S3Access {
    readonly endpoint: string;
    readonly region: string;
    /** The Secret (in the client's namespace) with S3_CREDENTIAL_KEYS. */
    readonly credentialsSecret: string;
    /** What the client's NetworkPolicy must let it call. */
    readonly egress: EgressTarget;
}

/** The in-cluster endpoint of the store `name` in `namespace`. */
export function objectStoreEndpoint(name: string, namespace: string): string {
    return `http://${name}.${namespace}.svc.cluster.local:${MINIO.port}`;
}

/** The Secret holding `user`'s keys. */
export function credentialsSecretName(store: string, user: string): string {
    return `${store}-${user}`;
}

/** What `user` of the store needs to reach it. */
export function s3Access(spec: Pick<ObjectStoreSpec, "name" | "namespace">, user: string): S3Access {
    return {
        endpoint: objectStoreEndpoint(spec.name, spec.namespace),
        region: MINIO.region,
        credentialsSecret: credentialsSecretName(spec.name, user),
        egress: { name: spec.name, peer: { namespace: spec.namespace, podLabels: selectorOf(spec.name) }, ports: [{ port: MINIO.port }] },
    };
}

/** Everything wrong with a spec, at once. */
export function objectStoreProblems(spec: ObjectStoreSpec): string[] {
    const problems: string[] = [];
    for (const bucket of spec.buckets) {
        if (!BUCKET_NAME.test(bucket)) problems.push(`bucket ${JSON.stringify(bucket)}: expected 3-63 lower-case letters, digits, dots and hyphens`);
    }
    if (new Set(spec.buckets).size !== spec.buckets.length) problems.push(`buckets ${spec.buckets.join(", ")}: expected no repeats`);
    const names = spec.users.map((u) => u.name);
    if (new Set(names).size !== names.length) problems.push(`users ${names.join(", ")}: expected distinct names`);
    for (const user of spec.users) {
        if (!USER_NAME.test(user.name)) problems.push(`user ${JSON.stringify(user.name)}: expected 3-31 lower-case letters, digits and hyphens, starting with a letter`);
        for (const bucket of user.buckets.filter((b) => !spec.buckets.includes(b))) {
            problems.push(`user ${user.name}: bucket ${JSON.stringify(bucket)} is not one of the store's buckets (${spec.buckets.join(", ")})`);
        }
    }
    return problems;
}

/** The IAM policy of a user: read and write its buckets' objects, list them, nothing else. */
export function userPolicy(user: ObjectStoreUser): Record<string, unknown> {
    return {
        Version: "2012-10-17",
        Statement: [
            { Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"], Resource: user.buckets.map((b) => `arn:aws:s3:::${b}`) },
            {
                Effect: "Allow",
                Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
                Resource: user.buckets.map((b) => `arn:aws:s3:::${b}/*`),
            },
        ],
    };
}

/** The environment variable carrying a user's secret key into the setup Job. */
const userSecretEnv = (user: string) => `USER_${user.replace(/-/g, "_").toUpperCase()}_SECRET`;

/**
 * The setup script (MinIO's client): buckets, then per user its policy, the user and the
 * attachment; every step idempotent, so the Job can run on every change.
 */
export function setupScript(spec: ObjectStoreSpec): string {
    const quote = (text: string) => `'${text.replace(/'/g, "'\\''")}'`;
    const lines = [
        "set -eu",
        `mc alias set store ${objectStoreEndpoint(spec.name, spec.namespace)} "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD"`,
        ...spec.buckets.map((bucket) => `mc mb --ignore-existing store/${bucket}`),
    ];
    for (const user of spec.users) {
        lines.push(
            `printf '%s' ${quote(JSON.stringify(userPolicy(user)))} > /tmp/${user.name}.json`,
            `mc admin policy create store ${user.name} /tmp/${user.name}.json`,
            `mc admin user add store ${user.name} "$${userSecretEnv(user.name)}"`,
            // Attaching twice is an error: attach only when the user does not have it yet.
            `mc admin user info store ${user.name} --json | grep -q '"policyName":"${user.name}"' || mc admin policy attach store ${user.name} --user ${user.name}`,
        );
    }
    return lines.join("\n");
}

/** The setup Job's name: it changes exactly when what it sets up does, so a change runs it again. */
export function setupJobName(spec: ObjectStoreSpec): string {
    return `${spec.name}-setup-${createHash("sha256").update(setupScript(spec)).digest("hex").slice(0, 10)}`;
}

/** The pods of the setup Job. */
const setupSelector = (name: string) => selectorOf(`${name}-setup`);

export interface ObjectStoreArgs {
    readonly spec: ObjectStoreSpec;
    readonly provider: Provider;
}

/**
 * MinIO as a StatefulSet of one (a laptop's store: one drive, no erasure coding) with its data on a
 * PVC, health probes, a restricted pod, a NetworkPolicy admitting only its users' pods and its
 * setup Job, and a setup Job creating the buckets, users and policies.
 */
export class ObjectStore extends pulumi.ComponentResource {
    /** The in-cluster endpoint (http://<name>.<namespace>.svc.cluster.local:9000). */
    readonly endpoint: string;
    /** The setup Job: clients' first writes wait for their buckets and users (its name changes with them). */
    readonly setup: Job;
    /** Each user's credentials Secret, by user name. */
    readonly credentials: Readonly<Record<string, Secret>>;

    constructor(name: string, args: ObjectStoreArgs, opts?: pulumi.ComponentResourceOptions) {
        super("streaming-platform:kubernetes:ObjectStore", name, {}, opts);
        const { spec } = args;
        const problems = objectStoreProblems(spec);
        if (problems.length > 0) {
            throw new Error(`invalid object store "${spec.name}":\n  - ${problems.join("\n  - ")}`);
        }
        const child = { parent: this, provider: args.provider };
        const selector = selectorOf(spec.name);
        const labels = workloadLabels(spec.name);
        const metadata = { name: spec.name, namespace: spec.namespace, labels };

        const rootPassword = new RandomPassword(`${name}-root-password`, { length: 32, special: false }, { parent: this });
        const root = new Secret(
            `${name}-root`,
            { metadata: { ...metadata, name: `${spec.name}-root` }, type: "Opaque", stringData: { MINIO_ROOT_USER: "platform-admin", MINIO_ROOT_PASSWORD: rootPassword.result } },
            child,
        );
        const keys: Record<string, pulumi.Output<string>> = {};
        const credentials: Record<string, Secret> = {};
        for (const user of spec.users) {
            keys[user.name] = new RandomPassword(`${name}-${user.name}-secret-key`, { length: 40, special: false }, { parent: this }).result;
            credentials[user.name] = new Secret(
                `${name}-${user.name}-credentials`,
                {
                    metadata: { name: credentialsSecretName(spec.name, user.name), namespace: user.namespace, labels },
                    type: "Opaque",
                    stringData: { [S3_CREDENTIAL_KEYS.accessKey]: user.name, [S3_CREDENTIAL_KEYS.secretKey]: keys[user.name] },
                },
                child,
            );
        }
        const service = new Service(`${name}-service`, { metadata, spec: headlessServiceSpec(selector, { name: "s3", port: MINIO.port }) }, child);
        const health = (path: string) => ({ httpGet: { path, port: "s3" } });
        const store = new StatefulSet(
            `${name}-statefulset`,
            {
                metadata,
                spec: singleReplicaStatefulSetSpec({
                    name: spec.name,
                    serviceName: service.metadata.name,
                    uid: MINIO.uid,
                    pod: {
                        containers: [
                            {
                                name: "minio",
                                image: MINIO.image,
                                args: ["server", "/data", "--address", `:${MINIO.port}`, "--console-address", `:${MINIO.consolePort}`],
                                envFrom: [{ secretRef: { name: root.metadata.name } }],
                                env: [{ name: "MINIO_BROWSER_REDIRECT", value: "off" }],
                                ports: [
                                    { name: "s3", containerPort: MINIO.port, protocol: "TCP" },
                                    { name: "console", containerPort: MINIO.consolePort, protocol: "TCP" },
                                ],
                                resources: { requests: { ...spec.resources.requests }, limits: { ...spec.resources.limits } },
                                startupProbe: { ...health("/minio/health/live"), periodSeconds: 2, failureThreshold: 30 },
                                livenessProbe: { ...health("/minio/health/live"), periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 },
                                readinessProbe: { ...health("/minio/health/ready"), periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 3 },
                                securityContext: restrictedContainerSecurity(MINIO.uid),
                                volumeMounts: [
                                    { name: "data", mountPath: "/data" },
                                    // MinIO keeps its own config and certs directory in $HOME.
                                    { name: "home", mountPath: "/tmp" },
                                ],
                            },
                        ],
                        volumes: [{ name: "home", emptyDir: {} }],
                    },
                    data: { size: spec.storageSize, retainOnDelete: false },
                }),
            },
            child,
        );

        // The users' secret keys, for the setup Job only (each client reads its own Secret).
        const setupKeys = new Secret(`${name}-setup-keys`, { metadata: { name: `${spec.name}-setup-keys`, namespace: metadata.namespace, labels }, type: "Opaque", stringData: keys }, child);
        const setupName = setupJobName(spec);
        this.setup = new Job(
            `${name}-setup`,
            {
                metadata: { name: setupName, namespace: metadata.namespace, labels: workloadLabels(`${spec.name}-setup`) },
                spec: {
                    backoffLimit: 10,
                    ttlSecondsAfterFinished: 86_400,
                    template: {
                        metadata: { labels: { ...setupSelector(spec.name) } },
                        spec: {
                            restartPolicy: "OnFailure",
                            automountServiceAccountToken: false,
                            securityContext: restrictedPodSecurity(MINIO.uid),
                            containers: [
                                {
                                    name: "setup",
                                    image: MINIO.clientImage,
                                    command: ["/bin/sh", "-c", setupScript(spec)],
                                    env: [
                                        { name: "MC_CONFIG_DIR", value: "/tmp/.mc" },
                                        ...spec.users.map((u) => ({
                                            name: userSecretEnv(u.name),
                                            valueFrom: { secretKeyRef: { name: setupKeys.metadata.name, key: u.name } },
                                        })),
                                    ],
                                    envFrom: [{ secretRef: { name: root.metadata.name } }],
                                    resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "128Mi" } },
                                    securityContext: restrictedContainerSecurity(MINIO.uid),
                                    volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
                                },
                            ],
                            volumes: [{ name: "tmp", emptyDir: {} }],
                        },
                    },
                },
            },
            // The store serves before its setup runs (the Job retries while it starts).
            { ...child, dependsOn: [store] },
        );
        new NetworkPolicy(
            `${name}-network-policy`,
            {
                metadata,
                spec: {
                    podSelector: { matchLabels: selector },
                    policyTypes: ["Ingress", "Egress"],
                    ingress: [{ from: [...spec.users.flatMap((u) => u.pods), { namespace: spec.namespace, podLabels: setupSelector(spec.name) }].map(peerSelector), ports: [{ port: "s3", protocol: "TCP" }] }],
                    // MinIO calls nothing.
                    egress: [],
                },
            },
            child,
        );
        new NetworkPolicy(
            `${name}-setup-network-policy`,
            {
                metadata: { name: `${spec.name}-setup`, namespace: metadata.namespace, labels },
                spec: {
                    podSelector: { matchLabels: setupSelector(spec.name) },
                    policyTypes: ["Ingress", "Egress"],
                    ingress: [],
                    egress: [dnsEgressRule(), { to: [peerSelector({ namespace: spec.namespace, podLabels: selector })], ports: [{ port: MINIO.port, protocol: "TCP" }] }],
                },
            },
            child,
        );

        this.endpoint = objectStoreEndpoint(spec.name, spec.namespace);
        this.credentials = credentials;
        this.registerOutputs({ endpoint: this.endpoint, setup: this.setup.metadata.name });
    }
}
