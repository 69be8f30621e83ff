/**
 * Developer tools for a local cluster: Kafka UI (topics, messages, consumer lag) beside Kafka, with a
 * read-only Kafka user of its own, and Redis Commander beside Redis. Reached with
 * `kubectl port-forward` (no Service is exposed); each pod calls only its one backend.
 */
import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions/customResource";
import { Deployment } from "@pulumi/kubernetes/apps/v1/deployment";
import { Service } from "@pulumi/kubernetes/core/v1/service";
import { NetworkPolicy } from "@pulumi/kubernetes/networking/v1/networkPolicy";
import type { Provider } from "@pulumi/kubernetes/provider";
import type * as k8s from "@pulumi/kubernetes/types/input";
import { dnsEgressRule, egressRule, ROLLING_UPDATE, restrictedContainerSecurity, restrictedPodSecurity, selectorOf, workloadLabels, type EgressTarget, type PodPeer } from "./workload-plan";

export const DEV_TOOLS = {
    kafkaUi: { name: "kafka-ui", image: "ghcr.io/kafbat/kafka-ui:v1.5.0", port: 8080, healthPath: "/actuator/health", uid: 1000 },
    redisCommander: { name: "redis-commander", image: "ghcr.io/joeferner/redis-commander:0.9.0", port: 8081, healthPath: "/favicon.png", uid: 1000 },
} as const;

/** The pods of a tool, as a peer its backend admits. */
export function devToolPeer(tool: keyof typeof DEV_TOOLS, namespace: string): PodPeer {
    return { namespace, podLabels: selectorOf(DEV_TOOLS[tool].name) };
}

/** ACLs of Kafka UI's user: read and describe, nothing that writes. */
export const KAFKA_UI_ACLS = [
    { resource: { type: "topic", name: "*", patternType: "literal" }, operations: ["Describe", "DescribeConfigs", "Read"] },
    { resource: { type: "group", name: "*", patternType: "literal" }, operations: ["Describe", "Read"] },
    { resource: { type: "cluster" }, operations: ["Describe", "DescribeConfigs"] },
] as const;

export interface DevToolsArgs {
    readonly kafka?: {
        readonly namespace: pulumi.Input<string>;
        /** The Strimzi cluster's name (its KafkaUser label and its CA Secret `<cluster>-cluster-ca-cert`). */
        readonly cluster: string;
        readonly bootstrapServers: string;
        readonly egress: EgressTarget;
        /** The Kafka resource: its User Operator creates Kafka UI's user (Strimzi's definitions exist once it does). */
        readonly resource: pulumi.Resource;
    };
    readonly redis: {
        readonly namespace: pulumi.Input<string>;
        readonly host: string;
        readonly port: number;
        /** The Secret (in Redis's namespace) with the password under `password`. */
        readonly passwordSecret: string;
        readonly egress: EgressTarget;
    };
    readonly provider: Provider;
}

/** A tool's Deployment, Service (for port-forward by name) and NetworkPolicy (egress: DNS and its backend only). */
function tool(
    parent: pulumi.Resource,
    provider: Provider,
    spec: (typeof DEV_TOOLS)[keyof typeof DEV_TOOLS],
    namespace: pulumi.Input<string>,
    container: { env: k8s.core.v1.EnvVar[]; volumeMounts?: k8s.core.v1.VolumeMount[]; readOnlyRootFilesystem: boolean },
    volumes: k8s.core.v1.Volume[],
    backend: EgressTarget,
    dependsOn: pulumi.Resource[] = [],
) {
    const child = { parent, provider };
    const selector = selectorOf(spec.name);
    const labels = workloadLabels(spec.name);
    const metadata = { name: spec.name, namespace, labels };
    const probe = { httpGet: { path: spec.healthPath, port: "http" } };
    new Deployment(
        `dev-tools-${spec.name}`,
        {
            metadata,
            spec: {
                replicas: 1,
                selector: { matchLabels: selector },
                strategy: { type: "RollingUpdate", rollingUpdate: { ...ROLLING_UPDATE } },
                template: {
                    metadata: { labels },
                    spec: {
                        automountServiceAccountToken: false,
                        securityContext: restrictedPodSecurity(spec.uid),
                        containers: [
                            {
                                name: spec.name,
                                image: spec.image,
                                ports: [{ name: "http", containerPort: spec.port, protocol: "TCP" }],
                                env: container.env,
                                volumeMounts: [{ name: "tmp", mountPath: "/tmp" }, ...(container.volumeMounts ?? [])],
                                resources: { requests: { cpu: "50m", memory: "256Mi" }, limits: { memory: "512Mi" } },
                                startupProbe: { ...probe, periodSeconds: 5, failureThreshold: 36 },
                                livenessProbe: { ...probe, periodSeconds: 20, timeoutSeconds: 3, failureThreshold: 3 },
                                readinessProbe: { ...probe, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 },
                                securityContext: restrictedContainerSecurity(spec.uid, container.readOnlyRootFilesystem),
                            },
                        ],
                        volumes: [{ name: "tmp", emptyDir: {} }, ...volumes],
                    },
                },
            },
        },
        { ...child, dependsOn },
    );
    new Service(`dev-tools-${spec.name}-service`, { metadata, spec: { selector, ports: [{ name: "http", port: spec.port, targetPort: "http" }] } }, child);
    new NetworkPolicy(
        `dev-tools-${spec.name}-network-policy`,
        {
            metadata,
            spec: {
                podSelector: { matchLabels: selector },
                policyTypes: ["Ingress", "Egress"],
                // Reached through `kubectl port-forward` only.
                ingress: [],
                egress: [dnsEgressRule(), egressRule(backend)],
            },
        },
        child,
    );
}

export class DevTools extends pulumi.ComponentResource {
    /** Kafka UI's KafkaUser (undefined without an in-cluster Kafka). */
    readonly kafkaUser: CustomResource | undefined;

    constructor(name: string, args: DevToolsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("streaming-platform:kubernetes:DevTools", name, {}, opts);
        const { kafka, redis } = args;
        if (kafka) {
            const ui = DEV_TOOLS.kafkaUi;
            // Strimzi's User Operator creates the user and a Secret of the same name with its JAAS line.
            this.kafkaUser = new CustomResource(
                `${name}-kafka-ui-user`,
                {
                    apiVersion: "kafka.strimzi.io/v1",
                    kind: "KafkaUser",
                    metadata: { name: ui.name, namespace: kafka.namespace, labels: { "strimzi.io/cluster": kafka.cluster }, annotations: { "pulumi.com/waitFor": "condition=Ready" } },
                    spec: { authentication: { type: "scram-sha-512" }, authorization: { type: "simple", acls: KAFKA_UI_ACLS } },
                },
                { parent: this, provider: args.provider, dependsOn: [kafka.resource] },
            );
            const property = (key: string) => `KAFKA_CLUSTERS_0_PROPERTIES_${key}`;
            tool(
                this,
                args.provider,
                ui,
                kafka.namespace,
                {
                    env: [
                        { name: "KAFKA_CLUSTERS_0_NAME", value: kafka.cluster },
                        { name: "KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS", value: kafka.bootstrapServers },
                        { name: "KAFKA_CLUSTERS_0_READONLY", value: "true" },
                        { name: property("SECURITY_PROTOCOL"), value: "SASL_SSL" },
                        { name: property("SASL_MECHANISM"), value: "SCRAM-SHA-512" },
                        { name: property("SASL_JAAS_CONFIG"), valueFrom: { secretKeyRef: { name: ui.name, key: "sasl.jaas.config" } } },
                        { name: property("SSL_TRUSTSTORE_TYPE"), value: "PEM" },
                        { name: property("SSL_TRUSTSTORE_LOCATION"), value: "/etc/kafka-ca/ca.crt" },
                    ],
                    volumeMounts: [{ name: "kafka-ca", mountPath: "/etc/kafka-ca", readOnly: true }],
                    readOnlyRootFilesystem: true,
                },
                [{ name: "kafka-ca", secret: { secretName: `${kafka.cluster}-cluster-ca-cert`, items: [{ key: "ca.crt", path: "ca.crt" }] } }],
                kafka.egress,
                [this.kafkaUser],
            );
        }
        const commander = DEV_TOOLS.redisCommander;
        tool(
            this,
            args.provider,
            commander,
            redis.namespace,
            {
                env: [
                    { name: "REDIS_HOST", value: redis.host },
                    { name: "REDIS_PORT", value: String(redis.port) },
                    { name: "REDIS_PASSWORD", valueFrom: { secretKeyRef: { name: redis.passwordSecret, key: "password" } } },
                    { name: "PORT", value: String(commander.port) },
                ],
                // Redis Commander writes its generated configuration next to its code at start.
                readOnlyRootFilesystem: false,
            },
            [],
            redis.egress,
        );
        this.registerOutputs({});
    }
}
