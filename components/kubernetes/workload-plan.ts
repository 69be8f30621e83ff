/**
 * Pure planning of an application service's Kubernetes objects: plain manifests from one spec, so
 * the rules (one port declared once by name; one selector for everything that selects the pods;
 * restricted security; capacity that never drops) are properties of a function, testable without
 * Pulumi. The AppService component turns the plan into resources.
 */
import { createHmac } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import type * as k8s from "@pulumi/kubernetes/types/input";
import { secretsStoreMount, secretsStoreVolume } from "./secrets-store";

/** The name of the one container port; probes, Service and NetworkPolicy refer to it by name. */
export const PORT_NAME = "http";
/** Label keys of the one selector every object that selects a service's pods uses. */
export const NAME_LABEL = "app.kubernetes.io/name";
export const PART_OF_LABEL = "app.kubernetes.io/part-of";
/** Pod template annotation whose value changes exactly when the service's ConfigMap or Secret does. */
export const CONFIG_CHECKSUM_ANNOTATION = "checksum/config";
/** The label AKS workload identity's webhook looks for. */
export const WORKLOAD_IDENTITY_LABEL = "azure.workload.identity/use";
export const WORKLOAD_IDENTITY_CLIENT_ID = "azure.workload.identity/client-id";
/** CoreDNS in AKS. */
export const CLUSTER_DNS = { namespace: "kube-system", podLabels: { "k8s-app": "kube-dns" }, port: 53 } as const;
/**
 * HTTPS to any address: the Kubernetes API server and Azure services (storage, Entra ID) have no
 * stable in-cluster address; restricting by name needs FQDN policies (Cilium), not core NetworkPolicy.
 */
export const HTTPS_ANYWHERE: EgressTarget = { name: "https", peer: { cidr: "0.0.0.0/0" }, ports: [{ port: 443 }] };
/** Utilisation the HPA keeps (percent of requests). */
export const HPA_CPU_UTILIZATION = 70;
export const HPA_MEMORY_UTILIZATION = 80;
/** Startup: checked every 2 s for up to a minute (failureThreshold x periodSeconds), so a slow start is not a crash loop. */
export const STARTUP_PROBE = { periodSeconds: 2, failureThreshold: 30 } as const;
/** Liveness: a hung process is restarted after about 30 s (3 failures, 10 s apart); a 2 s timeout tolerates a busy event loop. */
export const LIVENESS_PROBE = { periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 } as const;
/** Readiness: checked every 5 s, so a pod whose dependencies fail leaves the Service within about 15 s. */
export const READINESS_PROBE = { periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 3 } as const;
/** Rollouts never drop capacity: a new pod must be ready before an old one goes, one extra pod at a time. */
export const ROLLING_UPDATE = { maxUnavailable: 0, maxSurge: 1 } as const;
/** ReplicaSets kept for `kubectl rollout undo`. */
export const REVISION_HISTORY = 5;
/** Each writable path is an emptyDir of at most this size (scratch space, not storage). */
const WRITABLE_PATH_SIZE = "64Mi";
/** The value of PART_OF_LABEL on everything the platform runs. */
export const PART_OF = "streaming-platform";

/** Pods elsewhere in the cluster, by namespace and labels. */
export interface PodPeer {
    readonly namespace: string;
    readonly podLabels: Readonly<Record<string, string>>;
}

/** Something the service calls: pods on ports, or (cidr) addresses outside the cluster. */
export interface EgressTarget {
    /** For messages and documentation, e.g. "redis". */
    readonly name: string;
    readonly peer: PodPeer | { readonly cidr: string; readonly except?: readonly string[] };
    readonly ports: readonly { readonly port: number; readonly protocol?: "TCP" | "UDP" }[];
}

/** Compute resources of the container (Kubernetes quantities). Memory is limited; CPU is not (no throttling). */
export interface ContainerResources {
    readonly requests: { readonly cpu: string; readonly memory: string };
    readonly limits: { readonly memory: string };
}

/** Everything that defines one application service's workload. */
export interface AppServiceSpec {
    /** DNS label; names every object and the selector. */
    readonly name: string;
    readonly namespace: string;
    /** The container's one port, declared once. */
    readonly port: number;
    /** Liveness (and startup) probe path. */
    readonly healthPath: string;
    /**
     * Readiness probe path.
     * @default - healthPath
     */
    readonly readinessPath?: string;
    /** The uid the image runs as (its Dockerfile's USER). */
    readonly uid: number;
    readonly resources: ContainerResources;
    /** Replicas: the Deployment's count, and the HPA's minimum. */
    readonly replicas: number;
    /** HPA maximum; at least `replicas`. */
    readonly maxReplicas: number;
    /** Spread pods over zones (and nodes). */
    readonly zoneSpread: boolean;
    /** Writable directories (emptyDir) in an otherwise read-only root filesystem. */
    readonly writablePaths: readonly string[];
    /** Pods allowed to call the service's port. */
    readonly callers: readonly PodPeer[];
    /** What the service calls besides DNS. */
    readonly egress: readonly EgressTarget[];
    /** Plain settings (ConfigMap). */
    readonly config: Readonly<Record<string, string>>;
    /** Names of the secret settings (Secret); their values arrive separately. */
    readonly secretKeys: readonly string[];
    /**
     * The service acts as an Entra ID workload identity (its client id arrives with the values).
     * @default false
     */
    readonly workloadIdentity?: boolean;
    /**
     * Route HTTP from an ingress controller to the service (add the controller's pods to `callers`).
     * @default - no Ingress
     */
    readonly ingress?: { readonly className: string; readonly host?: string; readonly path: string };
}

/** The values only known at deployment time: plain strings in tests, Pulumi outputs in the component. */
export interface WorkloadValues<T> {
    /** Digest-pinned image ref (`<repo>:<tag>@sha256:<digest>`). */
    readonly image: T;
    /** `configChecksum` of the ConfigMap and Secret data. */
    readonly checksum: T;
    /** The workload identity's client id, when the spec has one. */
    readonly workloadIdentityClientId?: T;
    /**
     * The SecretProviderClass whose Key Vault objects become the workload's Secret (mounted, so the
     * driver syncs it).
     * @default - none: the Secret is an ordinary one
     */
    readonly secretProviderClass?: T;
}

/** One problem with a spec. */
export interface SpecProblem {
    readonly field: string;
    readonly value: string;
    readonly expected: string;
}

const DNS_LABEL = /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;
const DIGEST_REF = /^[^\s@]+:[^\s@]+@sha256:[0-9a-f]{64}$/;
const QUANTITY = /^\d+(\.\d+)?(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/;

/** Every problem of a spec (empty: valid). */
export function appServiceProblems(spec: AppServiceSpec): SpecProblem[] {
    const problems: SpecProblem[] = [];
    const problem = (field: string, value: unknown, expected: string) => problems.push({ field, value: JSON.stringify(value), expected });
    if (!DNS_LABEL.test(spec.name)) problem("name", spec.name, "a DNS label (lower-case letters, digits, hyphens; at most 63)");
    if (!DNS_LABEL.test(spec.namespace)) problem("namespace", spec.namespace, "a DNS label");
    if (!Number.isInteger(spec.port) || spec.port < 1024 || spec.port > 65535) problem("port", spec.port, "an unprivileged port from 1024 to 65535");
    for (const key of ["healthPath", "readinessPath"] as const) {
        const value = spec[key];
        if (value !== undefined && !value.startsWith("/")) problem(key, value, "an absolute HTTP path");
    }
    if (!Number.isInteger(spec.uid) || spec.uid < 1) problem("uid", spec.uid, "a numeric non-root uid (the image's USER)");
    if (!Number.isInteger(spec.replicas) || spec.replicas < 1) problem("replicas", spec.replicas, "at least 1");
    if (!Number.isInteger(spec.maxReplicas) || spec.maxReplicas < spec.replicas) problem("maxReplicas", spec.maxReplicas, `at least replicas (${spec.replicas})`);
    for (const [field, quantity] of [
        ["resources.requests.cpu", spec.resources.requests.cpu],
        ["resources.requests.memory", spec.resources.requests.memory],
        ["resources.limits.memory", spec.resources.limits.memory],
    ] as const) {
        if (!QUANTITY.test(quantity)) problem(field, quantity, "a Kubernetes quantity such as 250m or 256Mi");
    }
    for (const key of [...Object.keys(spec.config), ...spec.secretKeys]) {
        if (!ENV_NAME.test(key)) problem(`config.${key}`, key, "an environment variable name (A-Z, 0-9, _)");
    }
    const both = spec.secretKeys.filter((k) => k in spec.config);
    if (both.length > 0) problem("secretKeys", both, "keys apart from config (one source per variable)");
    if (spec.ingress && !spec.ingress.path.startsWith("/")) problem("ingress.path", spec.ingress.path, "an absolute HTTP path");
    for (const path of spec.writablePaths) {
        if (!path.startsWith("/")) problem("writablePaths", path, "absolute paths");
    }
    return problems;
}

/** Why `ref` is not a digest-pinned image ref, or undefined when it is. */
export function imageRefProblem(ref: string): string | undefined {
    return DIGEST_REF.test(ref) ? undefined : `image ${JSON.stringify(ref)} is not digest-pinned; expected <repository>:<tag>@sha256:<64 hex> (the image build's ref)`;
}

/** The pod-level half of the restricted Pod Security Standard, for an image that runs as `uid`. */
export function restrictedPodSecurity(uid: number) {
    return { runAsNonRoot: true, runAsUser: uid, runAsGroup: uid, fsGroup: uid, seccompProfile: { type: "RuntimeDefault" } };
}

/**
 * The container-level half: no privilege, no escalation, no capabilities, and a read-only root
 * filesystem unless the image must write to it (say why where you turn it off).
 */
export function restrictedContainerSecurity(uid: number, readOnlyRootFilesystem = true) {
    return {
        runAsNonRoot: true,
        runAsUser: uid,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem,
        privileged: false,
        capabilities: { drop: ["ALL"] },
        seccompProfile: { type: "RuntimeDefault" },
    };
}

/** Spread the pods `selector` selects over zones, then nodes (a preference: they still schedule when a zone is full). */
export function zoneSpread(selector: Readonly<Record<string, string>>) {
    return (["topology.kubernetes.io/zone", "kubernetes.io/hostname"] as const).map((topologyKey) => ({
        maxSkew: 1,
        topologyKey,
        whenUnsatisfiable: "ScheduleAnyway",
        labelSelector: { matchLabels: { ...selector } },
    }));
}

/** The selector of a service's pods: every object that selects them uses exactly this. */
export function selectorOf(name: string): Record<string, string> {
    return { [NAME_LABEL]: name, [PART_OF_LABEL]: PART_OF };
}

/** The labels of a workload's objects and pods: its selector, plus who manages it. */
export function workloadLabels(name: string): Record<string, string> {
    return { ...selectorOf(name), "app.kubernetes.io/managed-by": "pulumi" };
}

/**
 * A digest of the settings a pod consumes; the pod template carries it so a change rolls exactly
 * these pods. Keyed (HMAC-SHA256 with `key`, a random value kept in Pulumi state): anyone who can
 * read pods sees the annotation, and an unkeyed hash would let them confirm a guessed secret.
 */
export function configChecksum(config: Readonly<Record<string, string>>, secrets: Readonly<Record<string, string>>, key: string): string {
    const sorted = (record: Readonly<Record<string, string>>) => Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return createHmac("sha256", key).update(JSON.stringify([sorted(config), sorted(secrets)])).digest("hex");
}

/** Length of the random key each workload's checksum is keyed with (RandomPassword, alphanumeric). */
export const CHECKSUM_KEY_LENGTH = 32;

/** The pods of the app service `name` in `namespace`, as a NetworkPolicy peer (its callees' ingress rules). */
export function appServicePeer(name: string, namespace: string): PodPeer {
    return { namespace, podLabels: selectorOf(name) };
}

/** PDB floor: one pod may go at a time, never fewer than one stays. Undefined for a single replica. */
export function pdbMinAvailable(replicas: number): number | undefined {
    return replicas > 1 ? replicas - 1 : undefined;
}

/** A NetworkPolicy peer for pods of another (or the same) namespace. */
export const peerSelector = (peer: PodPeer) => ({
    namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": peer.namespace } },
    podSelector: { matchLabels: { ...peer.podLabels } },
});

/** The egress rule that lets pods resolve names (cluster DNS, UDP and TCP). */
export function dnsEgressRule() {
    return {
        to: [peerSelector(CLUSTER_DNS)],
        ports: (["UDP", "TCP"] as const).map((protocol) => ({ port: CLUSTER_DNS.port, protocol })),
    };
}

/** The egress rule for one target. */
export function egressRule(target: EgressTarget) {
    return {
        to: ["cidr" in target.peer ? { ipBlock: { cidr: target.peer.cidr, except: target.peer.except ? [...target.peer.except] : undefined } } : peerSelector(target.peer)],
        ports: target.ports.map((p) => ({ port: p.port, protocol: p.protocol ?? "TCP" })),
    };
}

/** The manifests of one service; deployment-time values go where they belong, whatever their type. */
export function planAppService<T>(spec: AppServiceSpec, values: WorkloadValues<T>) {
    const problems = appServiceProblems(spec);
    if (problems.length > 0) {
        throw new Error(`invalid app service "${spec.name}":\n${problems.map((p) => `  - ${p.field} = ${p.value}: expected ${p.expected}`).join("\n")}`);
    }
    const selector = selectorOf(spec.name);
    const labels = workloadLabels(spec.name);
    const metadata = { name: spec.name, namespace: spec.namespace, labels };
    const identity = spec.workloadIdentity ?? false;
    if (identity && values.workloadIdentityClientId === undefined) {
        throw new Error(`app service "${spec.name}" acts as a workload identity but no client id was given`);
    }
    const volumes = spec.writablePaths.map((path, i) => ({ name: `writable-${i}`, path }));
    const httpGet = (path: string) => ({ path, port: PORT_NAME });
    const minAvailable = pdbMinAvailable(spec.replicas);

    const serviceAccount = {
        apiVersion: "v1" as const,
        kind: "ServiceAccount" as const,
        metadata: { ...metadata, annotations: identity ? { [WORKLOAD_IDENTITY_CLIENT_ID]: values.workloadIdentityClientId! } : undefined },
        automountServiceAccountToken: false,
    };
    const configMap = { apiVersion: "v1" as const, kind: "ConfigMap" as const, metadata, data: { ...spec.config } };
    const deployment = {
        apiVersion: "apps/v1" as const,
        kind: "Deployment" as const,
        metadata,
        spec: {
            // No replicas: the HPA owns the count (with server-side apply, Pulumi never resets it).
            selector: { matchLabels: selector },
            revisionHistoryLimit: REVISION_HISTORY,
            strategy: { type: "RollingUpdate", rollingUpdate: { ...ROLLING_UPDATE } },
            template: {
                metadata: {
                    labels: { ...labels, ...(identity ? { [WORKLOAD_IDENTITY_LABEL]: "true" } : {}) },
                    annotations: { [CONFIG_CHECKSUM_ANNOTATION]: values.checksum },
                },
                spec: {
                    serviceAccountName: spec.name,
                    automountServiceAccountToken: false,
                    securityContext: restrictedPodSecurity(spec.uid),
                    topologySpreadConstraints: spec.zoneSpread ? zoneSpread(selector) : undefined,
                    containers: [
                        {
                            name: spec.name,
                            image: values.image,
                            ports: [{ name: PORT_NAME, containerPort: spec.port, protocol: "TCP" }],
                            envFrom: [{ configMapRef: { name: spec.name } }, ...(spec.secretKeys.length > 0 ? [{ secretRef: { name: spec.name } }] : [])],
                            resources: { requests: { ...spec.resources.requests }, limits: { ...spec.resources.limits } },
                            startupProbe: { httpGet: httpGet(spec.healthPath), ...STARTUP_PROBE },
                            livenessProbe: { httpGet: httpGet(spec.healthPath), ...LIVENESS_PROBE },
                            readinessProbe: { httpGet: httpGet(spec.readinessPath ?? spec.healthPath), ...READINESS_PROBE },
                            securityContext: restrictedContainerSecurity(spec.uid),
                            volumeMounts: [
                                ...volumes.map((v) => ({ name: v.name, mountPath: v.path })),
                                ...(values.secretProviderClass === undefined ? [] : [secretsStoreMount()]),
                            ],
                        },
                    ],
                    volumes: [
                        ...volumes.map((v) => ({ name: v.name, emptyDir: { sizeLimit: WRITABLE_PATH_SIZE } })),
                        ...(values.secretProviderClass === undefined ? [] : [secretsStoreVolume(values.secretProviderClass)]),
                    ],
                },
            },
        },
    };
    const service = {
        apiVersion: "v1" as const,
        kind: "Service" as const,
        metadata,
        spec: { type: "ClusterIP", selector, ports: [{ name: PORT_NAME, port: spec.port, targetPort: PORT_NAME, protocol: "TCP" }] },
    };
    const hpa = {
        apiVersion: "autoscaling/v2" as const,
        kind: "HorizontalPodAutoscaler" as const,
        metadata,
        spec: {
            scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: spec.name },
            minReplicas: spec.replicas,
            maxReplicas: spec.maxReplicas,
            metrics: [
                { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: HPA_CPU_UTILIZATION } } },
                { type: "Resource", resource: { name: "memory", target: { type: "Utilization", averageUtilization: HPA_MEMORY_UTILIZATION } } },
            ],
        },
    };
    const pdb =
        minAvailable === undefined
            ? undefined
            : { apiVersion: "policy/v1" as const, kind: "PodDisruptionBudget" as const, metadata, spec: { minAvailable, selector: { matchLabels: selector } } };
    const networkPolicy = {
        apiVersion: "networking.k8s.io/v1" as const,
        kind: "NetworkPolicy" as const,
        metadata,
        spec: {
            podSelector: { matchLabels: selector },
            policyTypes: ["Ingress", "Egress"],
            ingress: spec.callers.length > 0 ? [{ from: spec.callers.map(peerSelector), ports: [{ port: PORT_NAME, protocol: "TCP" }] }] : [],
            egress: [dnsEgressRule(), ...spec.egress.map(egressRule)],
        },
    };
    const ingress = spec.ingress
        ? {
              apiVersion: "networking.k8s.io/v1" as const,
              kind: "Ingress" as const,
              metadata,
              spec: {
                  ingressClassName: spec.ingress.className,
                  rules: [
                      {
                          host: spec.ingress.host,
                          http: { paths: [{ path: spec.ingress.path, pathType: "Prefix", backend: { service: { name: spec.name, port: { name: PORT_NAME } } } }] },
                      },
                  ],
              },
          }
        : undefined;
    return { serviceAccount, configMap, deployment, service, hpa, pdb, networkPolicy, ingress };
}

export type AppServicePlan<T> = ReturnType<typeof planAppService<T>>;

/** The spec of a StatefulSet's governing Service: headless, its pods' one named port. */
export function headlessServiceSpec(selector: Readonly<Record<string, string>>, port: { readonly name: string; readonly port: number }) {
    return { clusterIP: "None", selector: { ...selector }, ports: [{ name: port.name, port: port.port, targetPort: port.name }] };
}

/** One stateful server (Redis, MinIO, PostgreSQL): one pod, its own `data` volume. */
export interface SingleReplicaStatefulSet {
    /** Names the pods' selector and labels. */
    readonly name: string;
    /** The governing headless Service's name. */
    readonly serviceName: pulumi.Input<string>;
    /** The image's uid (restricted pod security). */
    readonly uid: number;
    /** @default - none */
    readonly podAnnotations?: Readonly<Record<string, pulumi.Input<string>>>;
    /** The rest of the pod: containers, volumes, placement. */
    readonly pod: Omit<k8s.core.v1.PodSpec, "automountServiceAccountToken" | "securityContext">;
    /** The `data` volume: size, class (default: the cluster's), and whether it outlives the StatefulSet. */
    readonly data: { readonly size: string; readonly storageClass?: string; readonly retainOnDelete: boolean };
}

/** The StatefulSet spec of one stateful server: no API token, restricted pod, a volume claim named `data`. */
export function singleReplicaStatefulSetSpec(set: SingleReplicaStatefulSet): k8s.apps.v1.StatefulSetSpec {
    const selector = selectorOf(set.name);
    const labels = workloadLabels(set.name);
    return {
        serviceName: set.serviceName,
        replicas: 1,
        selector: { matchLabels: selector },
        persistentVolumeClaimRetentionPolicy: { whenDeleted: set.data.retainOnDelete ? "Retain" : "Delete", whenScaled: "Retain" },
        template: {
            metadata: { labels, ...(set.podAnnotations ? { annotations: { ...set.podAnnotations } } : {}) },
            spec: { automountServiceAccountToken: false, securityContext: restrictedPodSecurity(set.uid), ...set.pod },
        },
        volumeClaimTemplates: [
            {
                metadata: { name: "data", labels },
                spec: { accessModes: ["ReadWriteOnce"], ...(set.data.storageClass ? { storageClassName: set.data.storageClass } : {}), resources: { requests: { storage: set.data.size } } },
            },
        ],
    };
}

/**
 * The marks of a workload that acts as an Azure workload identity: its pods' label and its
 * ServiceAccount's client-id annotation. `needed` says it must (its storage is reached with the
 * identity); then a missing client id is an error naming `who`. Not needed: no marks.
 */
export function workloadIdentityMarks<T>(needed: boolean, clientId: T | undefined, who: string): { podLabels: Record<string, string>; annotations: Record<string, T> } {
    if (!needed) return { podLabels: {}, annotations: {} };
    if (clientId === undefined) throw new Error(`${who}: an ADLS warehouse needs its workload identity (workloadIdentityClientId)`);
    return { podLabels: { [WORKLOAD_IDENTITY_LABEL]: "true" }, annotations: { [WORKLOAD_IDENTITY_CLIENT_ID]: clientId } };
}
