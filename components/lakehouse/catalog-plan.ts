/**
 * Pure planning of the lake's Kubernetes objects: the REST catalog (Lakekeeper) and the table jobs
 * (the deploy-time table sync, the scheduled maintenance). Plain manifests from plain specs, so
 * their rules (restricted pods, probes, a PDB with more than one replica, ingress only from the
 * callers named, egress only to what is called) are properties of functions, testable without
 * Pulumi; RestCatalog and LakeTables turn them into resources.
 */
import { secretsStoreMount, secretsStoreVolume } from "../kubernetes/secrets-store";
import {
    CONFIG_CHECKSUM_ANNOTATION,
    dnsEgressRule,
    egressRule,
    HTTPS_ANYWHERE,
    LIVENESS_PROBE,
    pdbMinAvailable,
    peerSelector,
    READINESS_PROBE,
    restrictedContainerSecurity,
    restrictedPodSecurity,
    REVISION_HISTORY,
    ROLLING_UPDATE,
    selectorOf,
    STARTUP_PROBE,
    workloadIdentityMarks,
    workloadLabels,
    zoneSpread,
    type ContainerResources,
    type EgressTarget,
    type PodPeer,
} from "../kubernetes/workload-plan";
import type { ScrapeTarget } from "../kubernetes/scrape-targets";

/**
 * Lakekeeper, the REST catalog (its image: THIRD_PARTY_IMAGES.lakekeeper; Apache-2.0, a static Rust binary on a distroless base
 * that runs as `nonroot`): its uid, ports and paths.
 */
export const LAKEKEEPER = {
    uid: 65532,
    port: 8181,
    metricsPort: 9000,
    healthPath: "/health",
    catalogPath: "/catalog",
    managementPath: "/management",
} as const;
const HTTP = "http";
const METRICS = "metrics";

export interface RestCatalogSpec {
    /** DNS label of every object. */
    readonly name: string;
    readonly namespace: string;
    readonly replicas: number;
    readonly resources: ContainerResources;
    /** Spread replicas over zones (and nodes). */
    readonly zoneSpread: boolean;
    /** Pods that call the catalog (the Flink jobs, the table jobs). */
    readonly callers: readonly PodPeer[];
    /**
     * The metadata database: port, database and login, whether connections use TLS (the flexible
     * server requires it; an in-cluster server on a laptop has no certificate), and how the catalog
     * reaches it (the host arrives with the values).
     */
    readonly database: { readonly port: number; readonly name: string; readonly user: string; readonly tls: boolean; readonly egress: EgressTarget };
    /**
     * How the catalog reaches the warehouse's files: ADLS with its own workload identity
     * (azure-system-identity), or an S3 store with the keys the warehouse is created with.
     */
    readonly warehouse: { readonly kind: "adls" } | { readonly kind: "s3"; readonly egress: EgressTarget };
    /** Who scrapes /metrics. */
    readonly metricsScraper?: PodPeer;
}

/** Deployment-time values: plain strings in tests, outputs in the component. */
export interface RestCatalogValues<T> {
    readonly image: T;
    /** Keyed checksum of the settings and secrets (rolls the pods when they change). */
    readonly checksum: T;
    /** The catalog's workload identity (it reaches the lake as itself); ADLS warehouses only. */
    readonly workloadIdentityClientId?: T;
    /** The database server's host name. */
    readonly databaseHost: T;
    /**
     * The SecretProviderClass that syncs the catalog's Secret from Key Vault (mounted by the server).
     * @default - none: the Secret is an ordinary one
     */
    readonly secretProviderClass?: T;
}

/** `http://<name>.<namespace>.svc.cluster.local:<port>` */
export function catalogBaseUrl(name: string, namespace: string): string {
    return `http://${name}.${namespace}.svc.cluster.local:${LAKEKEEPER.port}`;
}

/** The Iceberg REST endpoint clients are given (ICEBERG_CATALOG_URI). */
export function catalogUri(name: string, namespace: string): string {
    return `${catalogBaseUrl(name, namespace)}${LAKEKEEPER.catalogPath}`;
}

/** What managed Prometheus scrapes of the catalog: /metrics on its metrics port. */
export function catalogScrapeTarget(name: string, namespace: string): ScrapeTarget {
    return { name, namespace, podLabels: selectorOf(name), port: METRICS };
}

/** What the catalog's clients may call. */
export function catalogEgress(name: string, namespace: string): EgressTarget {
    return { name: "iceberg-rest-catalog", peer: { namespace, podLabels: selectorOf(name) }, ports: [{ port: LAKEKEEPER.port }] };
}

/** Lakekeeper's settings (environment), the secret ones named only. */
export function catalogSettings(spec: Pick<RestCatalogSpec, "database" | "warehouse">): { config: Record<string, string>; secretKeys: readonly string[] } {
    return {
        config: {
            LAKEKEEPER__LISTEN_PORT: String(LAKEKEEPER.port),
            LAKEKEEPER__METRICS__PORT: String(LAKEKEEPER.metricsPort),
            LAKEKEEPER__PG_PORT: String(spec.database.port),
            LAKEKEEPER__PG_DATABASE: spec.database.name,
            LAKEKEEPER__PG_USER: spec.database.user,
            LAKEKEEPER__PG_SSL_MODE: spec.database.tls ? "require" : "disable",
            // The warehouse's storage credential is the pod's workload identity (azure-system-identity).
            ...(spec.warehouse.kind === "adls" ? { LAKEKEEPER__ENABLE_AZURE_SYSTEM_CREDENTIALS: "true" } : {}),
            LAKEKEEPER__SERVE_SWAGGER_UI: "false",
        },
        secretKeys: ["LAKEKEEPER__PG_PASSWORD", "LAKEKEEPER__PG_ENCRYPTION_KEY"],
    };
}

/** Every problem of a spec at once. */
export function restCatalogProblems(spec: RestCatalogSpec): string[] {
    const problems: string[] = [];
    if (!Number.isInteger(spec.replicas) || spec.replicas < 1) problems.push(`replicas ${spec.replicas}: expected a whole number, 1 or more`);
    if (spec.callers.length === 0) problems.push("callers is empty: nothing could reach the catalog; name the Flink jobs and the table jobs");
    return problems;
}


export function planRestCatalog<T>(spec: RestCatalogSpec, values: RestCatalogValues<T>) {
    const problems = restCatalogProblems(spec);
    if (problems.length > 0) throw new Error(`invalid REST catalog "${spec.name}":\n  - ${problems.join("\n  - ")}`);
    const selector = selectorOf(spec.name);
    const metadata = { name: spec.name, namespace: spec.namespace, labels: workloadLabels(spec.name) };
    const envFrom = [{ configMapRef: { name: spec.name } }, { secretRef: { name: spec.name } }];
    const container = (name: string, args: string[]) => ({
        name,
        image: values.image,
        args,
        envFrom,
        resources: { requests: { ...spec.resources.requests }, limits: { ...spec.resources.limits } },
        securityContext: restrictedContainerSecurity(LAKEKEEPER.uid),
    });
    const httpGet = { path: LAKEKEEPER.healthPath, port: HTTP };
    const minAvailable = pdbMinAvailable(spec.replicas);
    const { config } = catalogSettings(spec);
    const identity = workloadIdentityMarks(spec.warehouse.kind === "adls", values.workloadIdentityClientId, `REST catalog "${spec.name}"`);
    return {
        serviceAccount: {
            apiVersion: "v1" as const,
            kind: "ServiceAccount" as const,
            metadata: { ...metadata, annotations: identity.annotations },
            automountServiceAccountToken: false,
        },
        configMap: { apiVersion: "v1" as const, kind: "ConfigMap" as const, metadata, data: { ...config, LAKEKEEPER__PG_HOST_W: values.databaseHost } as Record<string, string | T> },
        deployment: {
            apiVersion: "apps/v1" as const,
            kind: "Deployment" as const,
            metadata,
            spec: {
                replicas: spec.replicas,
                selector: { matchLabels: selector },
                revisionHistoryLimit: REVISION_HISTORY,
                strategy: { type: "RollingUpdate", rollingUpdate: { ...ROLLING_UPDATE } },
                template: {
                    metadata: {
                        labels: { ...metadata.labels, ...identity.podLabels },
                        annotations: { [CONFIG_CHECKSUM_ANNOTATION]: values.checksum },
                    },
                    spec: {
                        serviceAccountName: spec.name,
                        automountServiceAccountToken: false,
                        securityContext: restrictedPodSecurity(LAKEKEEPER.uid),
                        topologySpreadConstraints: spec.zoneSpread ? zoneSpread(selector) : undefined,
                        // The database schema first (idempotent; concurrent runs take a lock), then the server.
                        initContainers: [container("migrate", ["migrate"])],
                        ...(values.secretProviderClass === undefined ? {} : { volumes: [secretsStoreVolume(values.secretProviderClass)] }),
                        containers: [
                            {
                                ...container(spec.name, ["serve"]),
                                ...(values.secretProviderClass === undefined ? {} : { volumeMounts: [secretsStoreMount()] }),
                                ports: [
                                    { name: HTTP, containerPort: LAKEKEEPER.port, protocol: "TCP" },
                                    { name: METRICS, containerPort: LAKEKEEPER.metricsPort, protocol: "TCP" },
                                ],
                                startupProbe: { httpGet, ...STARTUP_PROBE },
                                livenessProbe: { httpGet, ...LIVENESS_PROBE },
                                readinessProbe: { httpGet, ...READINESS_PROBE },
                            },
                        ],
                    },
                },
            },
        },
        service: {
            apiVersion: "v1" as const,
            kind: "Service" as const,
            metadata,
            spec: { type: "ClusterIP", selector, ports: [{ name: HTTP, port: LAKEKEEPER.port, targetPort: HTTP, protocol: "TCP" }] },
        },
        pdb:
            minAvailable === undefined
                ? undefined
                : { apiVersion: "policy/v1" as const, kind: "PodDisruptionBudget" as const, metadata, spec: { minAvailable, selector: { matchLabels: selector } } },
        networkPolicy: {
            apiVersion: "networking.k8s.io/v1" as const,
            kind: "NetworkPolicy" as const,
            metadata,
            spec: {
                podSelector: { matchLabels: selector },
                policyTypes: ["Ingress", "Egress"],
                ingress: [
                    { from: spec.callers.map(peerSelector), ports: [{ port: HTTP, protocol: "TCP" }] },
                    ...(spec.metricsScraper ? [{ from: [peerSelector(spec.metricsScraper)], ports: [{ port: METRICS, protocol: "TCP" }] }] : []),
                ],
                // The database, and the warehouse: HTTPS for ADLS and Entra ID (its workload identity token exchange), or the S3 store.
                egress: [dnsEgressRule(), egressRule(spec.database.egress), egressRule(spec.warehouse.kind === "adls" ? HTTPS_ANYWHERE : spec.warehouse.egress)],
            },
        },
    };
}

export type RestCatalogPlan<T> = ReturnType<typeof planRestCatalog<T>>;
