import * as pulumi from "@pulumi/pulumi";
import { StatefulSet } from "@pulumi/kubernetes/apps/v1/statefulSet";
import { Service } from "@pulumi/kubernetes/core/v1/service";
import { ServiceAccount } from "@pulumi/kubernetes/core/v1/serviceAccount";
import { NetworkPolicy } from "@pulumi/kubernetes/networking/v1/networkPolicy";
import { PodDisruptionBudget } from "@pulumi/kubernetes/policy/v1/podDisruptionBudget";
import type { Provider } from "@pulumi/kubernetes/provider";
import type { ScrapeTarget } from "./scrape-targets";
import { keyedChecksum } from "./checksum";
import { secretKeysOf, workloadSecret, type SecretContent } from "./workload-secret";
import { secretsStoreMount, secretsStoreVolume } from "./secrets-store";
import { placementAffinity, placementTolerations, type NodePlacement } from "./node-placement";
import {
    CONFIG_CHECKSUM_ANNOTATION,
    headlessServiceSpec,
    peerSelector,
    restrictedContainerSecurity,
    selectorOf,
    singleReplicaStatefulSetSpec,
    workloadLabels,
    type EgressTarget,
    type PodPeer,
} from "./workload-plan";

/** The official image's uid/gid (its image: THIRD_PARTY_IMAGES.redis; Bitnami's moved behind a paywall in 2025). */
export const REDIS_UID = 999;
export const REDIS_PORT = 6379;
/** redis_exporter's port beside Redis and the port's name (PodMonitor, NetworkPolicy). */
export const REDIS_METRICS_PORT = { name: "metrics", port: 9121 } as const;
/** The headless Service (and StatefulSet, ServiceAccount) name. */
export const REDIS_NAME = "redis";
const SERVICE_NAME = REDIS_NAME;
/** The key of the password in the Secret `redis` (the clients' REDIS_PASSWORD comes from their own). */
export const REDIS_PASSWORD_KEY = "password";
/** maxmemory as a share of the memory limit: the rest is Redis's own overhead, AOF rewrite buffers and fragmentation. */
export const MAXMEMORY_SHARE = 0.75;
export const EVICTION_POLICIES = ["allkeys-lru", "allkeys-lfu", "volatile-lru", "volatile-lfu", "volatile-ttl", "noeviction"] as const;
export type EvictionPolicy = (typeof EVICTION_POLICIES)[number];

const BINARY_UNITS: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30 };

/** Bytes of a memory quantity in binary units ("512Mi"); throws for anything else. */
export function memoryBytes(quantity: string): number {
    const match = /^(\d+)(Ki|Mi|Gi)$/.exec(quantity);
    if (!match) {
        throw new Error(`memory quantity ${JSON.stringify(quantity)}: expected a whole number of Ki, Mi or Gi, such as 512Mi`);
    }
    return Number(match[1]) * BINARY_UNITS[match[2]];
}

/** The in-cluster DNS name of Redis in `namespace` (its headless Service). */
export function redisHost(namespace: string): string {
    return `${SERVICE_NAME}.${namespace}.svc.cluster.local`;
}

/** The redis-server arguments: AOF every second, maxmemory at MAXMEMORY_SHARE of the limit, the eviction policy. */
export function redisArgs(memoryLimit: string, evictionPolicy: EvictionPolicy): string[] {
    return [
        "--appendonly", "yes",
        "--appendfsync", "everysec",
        "--dir", "/data",
        "--maxmemory", String(Math.floor(memoryBytes(memoryLimit) * MAXMEMORY_SHARE)),
        "--maxmemory-policy", evictionPolicy,
        // The password comes from the Secret through the environment (the kubelet expands it).
        "--requirepass", "$(REDIS_PASSWORD)",
    ];
}

/** What a client of the Redis in `namespace` may call: its pod, on its port. */
export function redisEgress(namespace: string): EgressTarget {
    return { name: "redis", peer: { namespace, podLabels: selectorOf(SERVICE_NAME) }, ports: [{ port: REDIS_PORT }] };
}

/** What managed Prometheus scrapes of the Redis in `namespace`: its exporter. */
export function redisScrapeTarget(namespace: string): ScrapeTarget {
    return { name: SERVICE_NAME, namespace, podLabels: selectorOf(SERVICE_NAME), port: REDIS_METRICS_PORT.name };
}

export interface RedisArgs {
    readonly namespace: pulumi.Input<string>;
    /** The password, under REDIS_PASSWORD_KEY: its value (a Secret), or its Key Vault object (synced). */
    readonly password: SecretContent;
    /** Redis's image, pinned by digest (THIRD_PARTY_IMAGES.redis, from the stack's registry). */
    readonly image: pulumi.Input<string>;
    /** redis_exporter's image, pinned by digest. */
    readonly exporterImage: pulumi.Input<string>;
    /** Memory request and limit; maxmemory is derived from the limit. */
    readonly memory: string;
    /** CPU request. */
    readonly cpu: string;
    readonly evictionPolicy: EvictionPolicy;
    /** Size of the data volume (AOF). */
    readonly storageSize: string;
    /**
     * StorageClass of the data volume.
     * @default - the cluster's default class
     */
    readonly storageClass?: string;
    /** Keep the data volume when the StatefulSet is deleted (prod). */
    readonly retainVolumeOnDelete: boolean;
    /** The app services that use Redis: the only pods its NetworkPolicy admits. */
    readonly clients: readonly PodPeer[];
    /**
     * Who scrapes the exporter's metrics port.
     * @default - nobody (the port stays closed)
     */
    readonly metricsScraper?: PodPeer;
    /**
     * The node pool Redis runs on (its disk is zonal).
     * @default - any node
     */
    readonly placement?: NodePlacement;
    readonly provider: Provider;
}

/**
 * Redis as a StatefulSet of one on the official image: AOF persistence on a PVC, maxmemory with an
 * eviction policy, a password from a Secret (or from Key Vault through a SecretProviderClass, read
 * as its own ServiceAccount), `redis-cli ping` probes, restricted security context, a headless
 * Service, a PDB and a NetworkPolicy that admits only its declared clients.
 */
export class Redis extends pulumi.ComponentResource {
    /** `redis.<namespace>.svc.cluster.local` */
    readonly host: pulumi.Output<string>;
    readonly port = REDIS_PORT;
    /** The labels of the Redis pod (for its clients' egress rules). */
    readonly selector: Readonly<Record<string, string>>;
    /** The Secret holding the password under key `password`. */
    readonly passwordSecretName = "redis";

    constructor(name: string, args: RedisArgs, opts?: pulumi.ComponentResourceOptions) {
        super("streaming-platform:kubernetes:Redis", name, {}, opts);
        const child = { parent: this, provider: args.provider };
        const selector = selectorOf(SERVICE_NAME);
        const labels = workloadLabels(SERVICE_NAME);
        const metadata = { name: SERVICE_NAME, namespace: args.namespace, labels };
        const args_ = redisArgs(args.memory, args.evictionPolicy);
        // `redis-cli ping` answers PONG only when the server is up and the password is right.
        const ping = { exec: { command: ["sh", "-c", 'REDISCLI_AUTH="$REDIS_PASSWORD" redis-cli -p ' + REDIS_PORT + " ping | grep -q PONG"] } };

        const keys = secretKeysOf(args.password);
        if (keys.join() !== REDIS_PASSWORD_KEY) throw new Error(`Redis "${name}": the password source must hold exactly "${REDIS_PASSWORD_KEY}", not ${JSON.stringify(keys)}`);
        // Its own account: what the Key Vault provider reads the password as (workload identity federation).
        const account = new ServiceAccount(`${name}-service-account`, { metadata: { ...metadata, name: REDIS_NAME }, automountServiceAccountToken: false }, child);
        const secret = workloadSecret(name, { namespace: args.namespace, secretName: this.passwordSecretName, labels }, args.password, child);
        const checksum = keyedChecksum(name, this, {}, secret.fingerprint);
        const passwordEnv = { name: "REDIS_PASSWORD", valueFrom: { secretKeyRef: { name: secret.secretName, key: REDIS_PASSWORD_KEY } } };
        const secretsStore = secret.providerClass ? { volumes: [secretsStoreVolume(secret.providerClass)], mounts: [secretsStoreMount()] } : { volumes: [], mounts: [] };
        const headless = new Service(`${name}-headless`, { metadata, spec: headlessServiceSpec(selector, { name: "redis", port: REDIS_PORT }) }, child);
        new StatefulSet(
            `${name}-statefulset`,
            {
                metadata,
                spec: singleReplicaStatefulSetSpec({
                    name: SERVICE_NAME,
                    serviceName: headless.metadata.name,
                    uid: REDIS_UID,
                    // A new password rolls Redis with its clients (whose readiness needs the new one).
                    podAnnotations: { [CONFIG_CHECKSUM_ANNOTATION]: checksum },
                    pod: {
                        serviceAccountName: account.metadata.name,
                        ...(args.placement ? { affinity: placementAffinity(args.placement), tolerations: placementTolerations(args.placement) } : {}),
                        ...(secretsStore.volumes.length > 0 ? { volumes: secretsStore.volumes } : {}),
                        containers: [
                            {
                                name: "redis",
                                image: args.image,
                                args: args_,
                                ports: [{ name: "redis", containerPort: REDIS_PORT, protocol: "TCP" }],
                                env: [passwordEnv],
                                resources: { requests: { cpu: args.cpu, memory: args.memory }, limits: { memory: args.memory } },
                                startupProbe: { ...ping, periodSeconds: 2, failureThreshold: 30 },
                                livenessProbe: { ...ping, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 },
                                readinessProbe: { ...ping, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 3 },
                                securityContext: restrictedContainerSecurity(REDIS_UID),
                                volumeMounts: [{ name: "data", mountPath: "/data" }, ...secretsStore.mounts],
                            },
                            {
                                // Prometheus metrics of the Redis beside it (memory vs maxmemory, clients, keys).
                                name: "metrics",
                                image: args.exporterImage,
                                ports: [{ name: REDIS_METRICS_PORT.name, containerPort: REDIS_METRICS_PORT.port, protocol: "TCP" }],
                                env: [
                                    { name: "REDIS_ADDR", value: `redis://localhost:${REDIS_PORT}` },
                                    passwordEnv,
                                ],
                                resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "64Mi" } },
                                readinessProbe: { httpGet: { path: "/health", port: REDIS_METRICS_PORT.name }, periodSeconds: 10 },
                                livenessProbe: { httpGet: { path: "/health", port: REDIS_METRICS_PORT.name }, periodSeconds: 20 },
                                securityContext: restrictedContainerSecurity(REDIS_UID),
                            },
                        ],
                    },
                    data: { size: args.storageSize, storageClass: args.storageClass, retainOnDelete: args.retainVolumeOnDelete },
                }),
            },
            child,
        );
        // One replica: the budget lets a drain restart it (Redis is a cache with AOF; its clients retry).
        new PodDisruptionBudget(`${name}-pdb`, { metadata, spec: { maxUnavailable: 1, selector: { matchLabels: selector } } }, child);
        new NetworkPolicy(
            `${name}-network-policy`,
            {
                metadata,
                spec: {
                    podSelector: { matchLabels: selector },
                    policyTypes: ["Ingress", "Egress"],
                    ingress: [
                        // No clients, no rule: a rule with an empty `from` would admit every pod.
                        ...(args.clients.length > 0 ? [{ from: args.clients.map(peerSelector), ports: [{ port: "redis", protocol: "TCP" }] }] : []),
                        ...(args.metricsScraper ? [{ from: [peerSelector(args.metricsScraper)], ports: [{ port: REDIS_METRICS_PORT.name, protocol: "TCP" }] }] : []),
                    ],
                    // Redis calls nothing.
                    egress: [],
                },
            },
            child,
        );

        this.selector = selector;
        this.host = pulumi.output(args.namespace).apply(redisHost);
        this.registerOutputs({ host: this.host });
    }
}
