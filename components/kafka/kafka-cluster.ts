import * as pulumi from "@pulumi/pulumi";
import { splitDigestRef } from "../build/third-party-images";
import { CustomResource } from "@pulumi/kubernetes/apiextensions/customResource";
import { ConfigMap } from "@pulumi/kubernetes/core/v1/configMap";
import { Secret } from "@pulumi/kubernetes/core/v1/secret";
import { Release } from "@pulumi/kubernetes/helm/v3/release";
import { NetworkPolicy } from "@pulumi/kubernetes/networking/v1/networkPolicy";
import type { Provider } from "@pulumi/kubernetes/provider";
import { RandomPassword } from "@pulumi/random/randomPassword";
import { pinnedRelease, type PinnedChart } from "../kubernetes/helm";
import type { ScrapeTarget } from "../kubernetes/scrape-targets";
import { dnsEgressRule, egressRule, HTTPS_ANYWHERE, peerSelector, type EgressTarget, type PodPeer } from "../kubernetes/workload-plan";
import type { KafkaConnection } from "./connection";
import { placementAffinity, placementTolerations, type NodePlacement } from "../kubernetes/node-placement";

/** The Strimzi operator release, pinned (Kafka 4.1 in KRaft mode; `STRIMZI_IGNORED_USERS_PATTERN` needs 0.48+). */
export const STRIMZI_CHART: PinnedChart = { name: "strimzi-kafka-operator", version: "0.49.1", repo: "https://strimzi.io/charts/" };
/** The Kafka version the brokers run (one Strimzi 0.49 supports). */
export const KAFKA_VERSION = "4.1.1";
/**
 * The chart's image values for the operator's and Kafka's digest-pinned images: the operator image
 * also runs the entity operator and the broker init container; the Kafka image also runs Kafka
 * Exporter, Cruise Control, Connect and MirrorMaker 2 (the images Strimzi derives from it). The
 * chart puts a digest in place of the tag. Kafka Bridge and the Connect build images stay the
 * chart's: the platform runs neither.
 */
export function strimziImageValues(images: { readonly operator: pulumi.Input<string>; readonly kafka: pulumi.Input<string> }): Record<string, unknown> {
    const parts = (ref: pulumi.Input<string>) =>
        pulumi.output(ref).apply((value) => {
            const { registry, repository, digest } = splitDigestRef(value);
            const slash = repository.lastIndexOf("/");
            return { registry, repository: repository.slice(0, slash), name: repository.slice(slash + 1), digest };
        });
    const operator = { image: parts(images.operator) };
    const kafka = { image: parts(images.kafka) };
    return {
        image: operator.image,
        topicOperator: operator,
        userOperator: operator,
        kafkaInit: operator,
        kafka,
        kafkaExporter: kafka,
        cruiseControl: kafka,
        kafkaConnect: kafka,
        kafkaMirrorMaker2: kafka,
    };
}
/** Strimzi 0.49 serves the v1 API (the only one from Strimzi 1.0 on). */
const STRIMZI_API = "kafka.strimzi.io/v1";
/** Client listener inside the cluster (Strimzi's convention for the internal TLS listener). */
export const CLIENT_LISTENER = { name: "tls", port: 9093 } as const;
/** The listener the deploying runner reaches, behind a load balancer. */
export const ADMIN_LISTENER = { name: "admin", port: 9094 } as const;
/** The Kafka user Pulumi manages topics, users and ACLs as (a Strimzi KafkaUser; see README "Kafka"). */
export const PULUMI_ADMIN_USER = "pulumi-admin";
/**
 * Kafka users of the services are created by Pulumi (`@pulumi/kafka`), not by Strimzi's User
 * Operator; it ignores users with this prefix instead of deleting them as unknown.
 */
export const SERVICE_USER_PREFIX = "svc-";
/** Azure's annotation that puts a LoadBalancer Service on the VNet's internal load balancer. */
const AZURE_INTERNAL_LB = { "service.beta.kubernetes.io/azure-load-balancer-internal": "true" } as const;
/** Pulumi's Kubernetes provider waits for this condition on custom resources before dependents run. */
const WAIT_FOR_READY = { "pulumi.com/waitFor": "condition=Ready" } as const;
const ZONE_KEY = "topology.kubernetes.io/zone";

/** CPU request and memory (request = limit) of a node pool's pods. */
export interface NodeSize {
    readonly cpu: string;
    readonly memory: string;
}

/**
 * Brokers and controllers: one combined node (dev) or dedicated controller and broker pools (prod;
 * controllers only hold the metadata log, so they are much smaller).
 */
export type KafkaTopology =
    | { readonly kind: "combined"; readonly nodes: number; readonly size: NodeSize }
    | { readonly kind: "dedicated"; readonly controllers: number; readonly controllerSize: NodeSize; readonly brokers: number; readonly brokerSize: NodeSize };

/** How the deploying runner reaches the admin listener. */
export type AdminListenerAccess =
    | { readonly kind: "internal-load-balancer" }
    | { readonly kind: "load-balancer"; readonly sourceRanges: readonly string[] }
    /** A local cluster's load balancer (k3d, minikube tunnel, Docker Desktop, kind with cloud-provider-kind): reachable from the machine itself. */
    | { readonly kind: "local-load-balancer" };

export interface KafkaSizing {
    readonly topology: KafkaTopology;
    readonly storageSize: string;
    /** The brokers' volumes' StorageClass; undefined: the cluster's default. */
    readonly storageClass: string | undefined;
    readonly replicationFactor: number;
    readonly minInSyncReplicas: number;
}

export interface KafkaClusterSpec extends KafkaSizing {
    /** The Strimzi cluster name (names its Services, e.g. `<name>-kafka-bootstrap`). */
    readonly name: string;
    readonly namespace: string;
    /** Zones to spread the nodes over and to tell the brokers (rack awareness); empty: none. */
    readonly zones: readonly string[];
    readonly adminAccess: AdminListenerAccess;
    /** Pods allowed on the client listener. */
    readonly clients: readonly PodPeer[];
    /**
     * Who scrapes the brokers' and the Kafka Exporter's metrics port.
     * @default - nobody (the port stays closed)
     */
    readonly metricsScraper?: PodPeer;
    /**
     * The node pool the Kafka nodes run on (their disks are zonal: a pool per zone lets the
     * autoscaler grow the zone a pod is bound to).
     * @default - any node
     */
    readonly placement?: NodePlacement;
}

/** The port Strimzi's JMX exporter (brokers) and Kafka Exporter serve Prometheus metrics on. */
export const KAFKA_METRICS_PORT = { name: "tcp-prometheus", port: 9404 } as const;
/** The ConfigMap (and key) of the brokers' JMX exporter rules. */
const METRICS_CONFIG = { name: "kafka-metrics", key: "kafka-metrics-config.yml" } as const;
/**
 * JMX exporter rules: the broker metrics the alerts and dashboards read (replication health,
 * request rates), lower-cased like Strimzi's examples, e.g. kafka_server_replicamanager_underreplicatedpartitions.
 */
const JMX_EXPORTER_RULES = [
    "lowercaseOutputName: true",
    "rules:",
    '  - pattern: kafka.server<type=(.+), name=(.+)><>Value',
    '    name: kafka_server_$1_$2',
    "    type: GAUGE",
    '  - pattern: kafka.controller<type=(.+), name=(.+)><>Value',
    '    name: kafka_controller_$1_$2',
    "    type: GAUGE",
    '  - pattern: kafka.server<type=(.+), name=(.+)PerSec\\w*><>Count',
    '    name: kafka_server_$1_$2_total',
    "    type: COUNTER",
    "",
].join("\n");

/** Labels of the pods of a cluster's Kafka Exporter (consumer lag, offsets). */
export function kafkaExporterPodLabels(name: string): Record<string, string> {
    return { "strimzi.io/cluster": name, "strimzi.io/kind": "Kafka", "strimzi.io/name": `${name}-kafka-exporter` };
}

/** What a client of the Strimzi cluster `name` may call: the brokers' client listener. */
export function brokerEgress(name: string, namespace: string): EgressTarget {
    return { name: "kafka", peer: { namespace, podLabels: brokerPodLabels(name) }, ports: [{ port: CLIENT_LISTENER.port }] };
}

/** What managed Prometheus scrapes of the Strimzi cluster `name`: the brokers and Kafka Exporter (lag). */
export function kafkaScrapeTargets(name: string, namespace: string): ScrapeTarget[] {
    return [
        { name: "kafka-brokers", namespace, podLabels: brokerPodLabels(name), port: KAFKA_METRICS_PORT.name },
        { name: "kafka-exporter", namespace, podLabels: kafkaExporterPodLabels(name), port: KAFKA_METRICS_PORT.name },
    ];
}

/** The in-cluster bootstrap address of a Strimzi cluster's client listener. */
export function clientBootstrap(name: string, namespace: string): string {
    return `${name}-kafka-bootstrap.${namespace}.svc:${CLIENT_LISTENER.port}`;
}

/** Labels Strimzi puts on a cluster's broker pods. */
export function brokerPodLabels(name: string): Record<string, string> {
    return { "strimzi.io/cluster": name, "strimzi.io/kind": "Kafka", "strimzi.io/broker-role": "true" };
}

/** The node pools of a topology, as KafkaNodePool specs. */
export function planNodePools(spec: KafkaClusterSpec) {
    const pools =
        spec.topology.kind === "combined"
            ? [{ name: "combined", replicas: spec.topology.nodes, roles: ["controller", "broker"], size: spec.topology.size }]
            : [
                  { name: "controllers", replicas: spec.topology.controllers, roles: ["controller"], size: spec.topology.controllerSize },
                  { name: "brokers", replicas: spec.topology.brokers, roles: ["broker"], size: spec.topology.brokerSize },
              ];
    return pools.map((pool) => ({
        apiVersion: STRIMZI_API,
        kind: "KafkaNodePool",
        metadata: { name: pool.name, namespace: spec.namespace, labels: { "strimzi.io/cluster": spec.name } },
        spec: {
            replicas: pool.replicas,
            roles: pool.roles,
            storage: {
                type: "jbod",
                volumes: [{ id: 0, type: "persistent-claim", size: spec.storageSize, class: spec.storageClass, deleteClaim: false, kraftMetadata: "shared" }],
            },
            resources: { requests: { cpu: pool.size.cpu, memory: pool.size.memory }, limits: { memory: pool.size.memory } },
            template: {
                pod: {
                    ...(spec.placement ? { affinity: placementAffinity(spec.placement), tolerations: placementTolerations(spec.placement) } : {}),
                    topologySpreadConstraints:
                        spec.zones.length > 1
                            ? [{ maxSkew: 1, topologyKey: ZONE_KEY, whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: { "strimzi.io/pool-name": pool.name } } }]
                            : [],
                },
            },
        },
    }));
}

/** Every broker count the topology yields (the replication factor cannot exceed it). */
export function brokerCount(topology: KafkaTopology): number {
    return topology.kind === "combined" ? topology.nodes : topology.brokers;
}

/** The Kafka custom resource: KRaft, TLS + SCRAM-SHA-512 listeners, simple authorization, no topic operator. */
export function planKafka(spec: KafkaClusterSpec) {
    const problems: string[] = [];
    const brokers = brokerCount(spec.topology);
    if (spec.replicationFactor > brokers) problems.push(`replication factor ${spec.replicationFactor} exceeds the ${brokers} broker(s)`);
    if (spec.minInSyncReplicas > spec.replicationFactor) problems.push(`min.insync.replicas ${spec.minInSyncReplicas} exceeds the replication factor ${spec.replicationFactor}`);
    if (spec.adminAccess.kind === "load-balancer" && spec.adminAccess.sourceRanges.length === 0) {
        problems.push("a public admin listener needs source ranges (it would admit the whole internet)");
    }
    if (problems.length > 0) {
        throw new Error(`invalid Kafka cluster "${spec.name}": ${problems.join("; ")}`);
    }
    const scram = { type: "scram-sha-512" } as const;
    const internalLb = spec.adminAccess.kind === "internal-load-balancer";
    return {
        apiVersion: STRIMZI_API,
        kind: "Kafka",
        metadata: { name: spec.name, namespace: spec.namespace, annotations: WAIT_FOR_READY },
        spec: {
            kafka: {
                version: KAFKA_VERSION,
                listeners: [
                    {
                        name: CLIENT_LISTENER.name,
                        port: CLIENT_LISTENER.port,
                        type: "internal",
                        tls: true,
                        authentication: scram,
                        networkPolicyPeers: spec.clients.map(peerSelector),
                    },
                    {
                        name: ADMIN_LISTENER.name,
                        port: ADMIN_LISTENER.port,
                        type: "loadbalancer",
                        tls: true,
                        authentication: scram,
                        configuration: spec.adminAccess.kind === "load-balancer" ? { loadBalancerSourceRanges: [...spec.adminAccess.sourceRanges] } : {},
                    },
                ],
                authorization: { type: "simple" },
                config: {
                    "default.replication.factor": spec.replicationFactor,
                    "min.insync.replicas": spec.minInSyncReplicas,
                    "offsets.topic.replication.factor": spec.replicationFactor,
                    "transaction.state.log.replication.factor": spec.replicationFactor,
                    "transaction.state.log.min.isr": spec.minInSyncReplicas,
                    // Topics exist because the catalog declares them, never because a client asked for one.
                    "auto.create.topics.enable": false,
                    "unclean.leader.election.enable": false,
                },
                ...(spec.zones.length > 1 ? { rack: { topologyKey: ZONE_KEY } } : {}),
                metricsConfig: { type: "jmxPrometheusExporter", valueFrom: { configMapKeyRef: { name: METRICS_CONFIG.name, key: METRICS_CONFIG.key } } },
                template: internalLb
                    ? { externalBootstrapService: { metadata: { annotations: AZURE_INTERNAL_LB } }, perPodService: { metadata: { annotations: AZURE_INTERNAL_LB } } }
                    : {},
            },
            // Consumer lag and topic offsets for the alerts (kafka_consumergroup_lag, kafka_topic_partition_current_offset).
            kafkaExporter: { topicRegex: ".*", groupRegex: ".*", resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "128Mi" } } },
            entityOperator: {
                // No topic operator: the catalog's topics are Pulumi's (@pulumi/kafka).
                userOperator: { resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "512Mi" } } },
                template: { userOperatorContainer: { env: [{ name: "STRIMZI_IGNORED_USERS_PATTERN", value: `^${SERVICE_USER_PREFIX}` }] } },
            },
        },
    };
}

/** What Pulumi's admin user may do: manage topics, SCRAM users and ACLs, read configs; never read or write data. */
export const PULUMI_ADMIN_ACLS = [
    { resource: { type: "cluster" }, operations: ["Describe", "DescribeConfigs", "Alter", "AlterConfigs"] },
    { resource: { type: "topic", name: "*", patternType: "literal" }, operations: ["Create", "Delete", "Describe", "DescribeConfigs", "Alter", "AlterConfigs"] },
] as const;

export interface KafkaClusterArgs {
    readonly spec: KafkaClusterSpec;
    /**
     * The operator's and Kafka's images, digest-pinned (THIRD_PARTY_IMAGES.strimziOperator and
     * strimziKafka, from the stack's registry): the chart's values point every image it runs at them.
     * @default - the chart's own (quay.io/strimzi by tag)
     */
    readonly images?: { readonly operator: pulumi.Input<string>; readonly kafka: pulumi.Input<string> };
    readonly provider: Provider;
    /**
     * Create the Kafka resource and node pools with `protect: true` (their volumes hold the data).
     * @default false
     */
    readonly protect?: boolean;
}

/**
 * Kafka in the cluster: the Strimzi operator from its pinned chart, a KRaft `Kafka` with node pools,
 * a client listener (TLS + SCRAM-SHA-512, NetworkPolicy peers = the clients) and an admin listener
 * behind a load balancer for the deploying runner, and the `pulumi-admin` KafkaUser whose password
 * Pulumi generates. Exposes the connection the TopicCatalog and the services use.
 */
export class KafkaCluster extends pulumi.ComponentResource {
    readonly release: Release;
    readonly kafka: CustomResource;
    /** Bootstrap servers, admin credentials and CA: what TopicCatalog connects with. */
    readonly connection: KafkaConnection;

    constructor(name: string, args: KafkaClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("streaming-platform:kafka:KafkaCluster", name, {}, opts);
        const { spec } = args;
        const child = { parent: this, provider: args.provider };
        const kafkaManifest = planKafka(spec);

        this.release = new Release(
            `${name}-operator`,
            pinnedRelease(STRIMZI_CHART, "strimzi", spec.namespace, {
                // Watches its own namespace only; Strimzi generates the brokers' ingress NetworkPolicies.
                generateNetworkPolicy: true,
                ...(args.images ? strimziImageValues(args.images) : {}),
                resources: { requests: { cpu: "200m", memory: "384Mi" }, limits: { memory: "384Mi" } },
            }),
            child,
        );

        // The namespace denies everything by default: Strimzi's pods talk to each other, DNS and the API server.
        new NetworkPolicy(
            `${name}-egress`,
            {
                metadata: { name: "strimzi-egress", namespace: spec.namespace },
                spec: {
                    podSelector: {},
                    policyTypes: ["Egress"],
                    egress: [dnsEgressRule(), egressRule(HTTPS_ANYWHERE), { to: [{ podSelector: {} }] }],
                },
            },
            child,
        );

        const metricsConfig = new ConfigMap(
            `${name}-metrics`,
            { metadata: { name: METRICS_CONFIG.name, namespace: spec.namespace }, data: { [METRICS_CONFIG.key]: JMX_EXPORTER_RULES } },
            child,
        );
        if (spec.metricsScraper) {
            new NetworkPolicy(
                `${name}-metrics-scraper`,
                {
                    metadata: { name: "kafka-metrics-scraper", namespace: spec.namespace },
                    spec: {
                        podSelector: { matchLabels: { "strimzi.io/cluster": spec.name } },
                        policyTypes: ["Ingress"],
                        ingress: [{ from: [peerSelector(spec.metricsScraper)], ports: [{ port: KAFKA_METRICS_PORT.port, protocol: "TCP" }] }],
                    },
                },
                child,
            );
        }

        const after = { ...child, dependsOn: [this.release, metricsConfig], protect: args.protect ?? false };
        const pools = planNodePools(spec).map((pool) => new CustomResource(`${name}-pool-${pool.metadata.name}`, pool, after));
        // `status: undefined` makes the resource expose Strimzi's status (listener addresses and CA) as an output.
        this.kafka = new CustomResource(`${name}-kafka`, { ...kafkaManifest, status: undefined }, { ...after, dependsOn: [this.release, ...pools] });

        const adminPassword = new RandomPassword(`${name}-admin-password`, { length: 32, special: false }, { parent: this }).result;
        const passwordSecret = new Secret(
            `${name}-admin-password`,
            { metadata: { name: `${PULUMI_ADMIN_USER}-password`, namespace: spec.namespace }, type: "Opaque", stringData: { password: adminPassword } },
            child,
        );
        const adminUser = new CustomResource(
            `${name}-admin-user`,
            {
                apiVersion: STRIMZI_API,
                kind: "KafkaUser",
                metadata: { name: PULUMI_ADMIN_USER, namespace: spec.namespace, labels: { "strimzi.io/cluster": spec.name }, annotations: WAIT_FOR_READY },
                spec: {
                    authentication: { type: "scram-sha-512", password: { valueFrom: { secretKeyRef: { name: passwordSecret.metadata.name, key: "password" } } } },
                    authorization: { type: "simple", acls: PULUMI_ADMIN_ACLS },
                },
            },
            { ...child, dependsOn: [this.kafka] },
        );

        type ListenerStatus = { name: string; bootstrapServers?: string; certificates?: string[] };
        const status = (this.kafka as unknown as { status: pulumi.Output<{ listeners?: ListenerStatus[] } | undefined> }).status;
        const listeners = status.apply((s) => s?.listeners ?? []);
        const listener = (wanted: string) => listeners.apply((all) => all.find((l) => l.name === wanted));
        this.connection = {
            adminBootstrapServers: pulumi
                .all([listener(ADMIN_LISTENER.name), adminUser.metadata.name])
                .apply(([admin]) => (admin?.bootstrapServers ? admin.bootstrapServers.split(",") : [])),
            clientBootstrapServers: clientBootstrap(spec.name, spec.namespace),
            saslMechanism: "scram-sha512",
            adminUsername: PULUMI_ADMIN_USER,
            adminPassword,
            caCertificate: listener(CLIENT_LISTENER.name).apply((l) => l?.certificates?.[0] ?? ""),
            createsServiceUsers: true,
            serviceUserPrefix: SERVICE_USER_PREFIX,
        };

        this.registerOutputs({ kafka: this.kafka.metadata.name, clientBootstrapServers: this.connection.clientBootstrapServers });
    }
}
