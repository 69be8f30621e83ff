/**
 * PostgreSQL in the cluster, standing in for the Azure flexible server where there is no Azure: one
 * database and its owner, the same major version, data on a PVC, `pg_isready` probes, a restricted
 * pod and a NetworkPolicy admitting only its clients. Its outputs have the shape the catalog reads
 * of the flexible server (host, database, login, password, ready).
 */
import * as pulumi from "@pulumi/pulumi";
import { StatefulSet } from "@pulumi/kubernetes/apps/v1/statefulSet";
import { Secret } from "@pulumi/kubernetes/core/v1/secret";
import { Service } from "@pulumi/kubernetes/core/v1/service";
import { NetworkPolicy } from "@pulumi/kubernetes/networking/v1/networkPolicy";
import type { Provider } from "@pulumi/kubernetes/provider";
import { RandomPassword } from "@pulumi/random/randomPassword";
import { POSTGRES_PORT, POSTGRES_VERSION } from "../azure/catalog-database";
import { headlessServiceSpec, peerSelector, restrictedContainerSecurity, selectorOf, singleReplicaStatefulSetSpec, workloadLabels, type ContainerResources, type EgressTarget, type PodPeer } from "./workload-plan";

/** The official image at the flexible server's major version; uid 70 is its `postgres` user (Alpine). */
export const POSTGRES_IMAGE = `postgres:${POSTGRES_VERSION}.10-alpine`;
export const POSTGRES_UID = 70;

export interface PostgresSpec {
    readonly name: string;
    readonly namespace: string;
    readonly database: string;
    readonly login: string;
    readonly resources: ContainerResources;
    readonly storageSize: string;
    /** The only pods its NetworkPolicy admits. */
    readonly clients: readonly PodPeer[];
}

/** The in-cluster host of the server `name` in `namespace`. */
export function postgresHost(name: string, namespace: string): string {
    return `${name}.${namespace}.svc.cluster.local`;
}

/** What a client of the server may call: its pod, on its port. */
export function postgresEgress(name: string, namespace: string): EgressTarget {
    return { name, peer: { namespace, podLabels: selectorOf(name) }, ports: [{ port: POSTGRES_PORT }] };
}

export interface PostgresArgs {
    readonly spec: PostgresSpec;
    readonly provider: Provider;
}

export class Postgres extends pulumi.ComponentResource {
    readonly host: string;
    readonly port = POSTGRES_PORT;
    readonly database: string;
    readonly login: string;
    /** The owner's password (a Pulumi secret). */
    readonly password: pulumi.Output<string>;
    /** Resolves once the server is ready (the StatefulSet's rollout): what the catalog's migrations wait for. */
    readonly ready: pulumi.Output<string>;

    constructor(name: string, args: PostgresArgs, opts?: pulumi.ComponentResourceOptions) {
        super("streaming-platform:kubernetes:Postgres", name, {}, opts);
        const { spec } = args;
        const child = { parent: this, provider: args.provider };
        const selector = selectorOf(spec.name);
        const labels = workloadLabels(spec.name);
        const metadata = { name: spec.name, namespace: spec.namespace, labels };

        const password = new RandomPassword(`${name}-password`, { length: 32, special: false }, { parent: this }).result;
        const secret = new Secret(`${name}-secret`, { metadata, type: "Opaque", stringData: { POSTGRES_PASSWORD: password } }, child);
        const service = new Service(`${name}-service`, { metadata, spec: headlessServiceSpec(selector, { name: "postgres", port: POSTGRES_PORT }) }, child);
        const ready = { exec: { command: ["pg_isready", "-h", "127.0.0.1", "-p", String(POSTGRES_PORT), "-U", spec.login, "-d", spec.database] } };
        const server = new StatefulSet(
            `${name}-statefulset`,
            {
                metadata,
                spec: singleReplicaStatefulSetSpec({
                    name: spec.name,
                    serviceName: service.metadata.name,
                    uid: POSTGRES_UID,
                    pod: {
                        containers: [
                            {
                                name: "postgres",
                                image: POSTGRES_IMAGE,
                                env: [
                                    { name: "POSTGRES_DB", value: spec.database },
                                    { name: "POSTGRES_USER", value: spec.login },
                                    { name: "PGDATA", value: "/var/lib/postgresql/data/pgdata" },
                                ],
                                envFrom: [{ secretRef: { name: secret.metadata.name } }],
                                ports: [{ name: "postgres", containerPort: POSTGRES_PORT, protocol: "TCP" }],
                                resources: { requests: { ...spec.resources.requests }, limits: { ...spec.resources.limits } },
                                startupProbe: { ...ready, periodSeconds: 2, failureThreshold: 60 },
                                livenessProbe: { ...ready, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 },
                                readinessProbe: { ...ready, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 3 },
                                securityContext: restrictedContainerSecurity(POSTGRES_UID),
                                volumeMounts: [
                                    { name: "data", mountPath: "/var/lib/postgresql/data" },
                                    // The server's socket and lock files; the root filesystem stays read-only.
                                    { name: "run", mountPath: "/var/run/postgresql" },
                                    { name: "tmp", mountPath: "/tmp" },
                                ],
                            },
                        ],
                        volumes: [
                            { name: "run", emptyDir: {} },
                            { name: "tmp", emptyDir: {} },
                        ],
                    },
                    data: { size: spec.storageSize, retainOnDelete: false },
                }),
            },
            child,
        );
        new NetworkPolicy(
            `${name}-network-policy`,
            {
                metadata,
                spec: {
                    podSelector: { matchLabels: selector },
                    policyTypes: ["Ingress", "Egress"],
                    ingress: spec.clients.length > 0 ? [{ from: spec.clients.map(peerSelector), ports: [{ port: "postgres", protocol: "TCP" }] }] : [],
                    // PostgreSQL calls nothing.
                    egress: [],
                },
            },
            child,
        );

        this.host = postgresHost(spec.name, spec.namespace);
        this.database = spec.database;
        this.login = spec.login;
        this.password = pulumi.secret(password);
        this.ready = server.metadata.name;
        this.registerOutputs({ host: this.host, database: this.database });
    }
}
