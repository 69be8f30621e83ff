/**
 * Pure planning of the lake's table jobs, both run from the Flink job's image (its jar carries
 * TableSync and TableMaintenance): a Job at deploy time that bootstraps the catalog's warehouse
 * and brings the tables to their declarations, and a CronJob that maintains them the Iceberg way.
 * The declarations reach both as a ConfigMap of the same JSON files the program checked.
 */
import { createHash } from "node:crypto";
import {
    dnsEgressRule,
    egressRule,
    HTTPS_ANYWHERE,
    restrictedContainerSecurity,
    restrictedPodSecurity,
    selectorOf,
    workloadIdentityMarks,
    workloadLabels,
    type ContainerResources,
    type EgressTarget,
} from "../kubernetes/workload-plan";
import type { Layer } from "./table-plan";

/** Where the declarations are mounted (TableSync's and TableMaintenance's TABLES_DIR). */
export const TABLES_DIR = "/etc/lake/tables";
/** The tools' classes in the job's jar. */
export const TABLE_TOOLS = { sync: "com.example.streaming.lakehouse.TableSync", maintenance: "com.example.streaming.lakehouse.TableMaintenance" } as const;

export interface TableJobsSpec {
    /** DNS label prefix of every object. */
    readonly name: string;
    readonly namespace: string;
    /** The image's uid (the Flink image's flink user). */
    readonly uid: number;
    /** The class path inside the image: the job's jar and Flink's lib/ (the maintenance runs a local Flink). */
    readonly classPath: string;
    /** JVM options (what Flink opens on Java 17). */
    readonly jvmOptions: string;
    /** The declarations: file name -> JSON text. */
    readonly tables: Readonly<Record<string, string>>;
    /** Retention per layer, days (absent: kept). */
    readonly retentionDays: Readonly<Partial<Record<Layer, number>>>;
    /** Files nothing references are deleted only when older than this (a write in flight is younger). */
    readonly orphanMinAgeHours: number;
    /** Cron schedule of the maintenance (UTC). */
    readonly schedule: string;
    readonly resources: ContainerResources;
    /** The catalog: its REST URI, management URI, warehouse, and what its clients may call. */
    readonly catalog: { readonly uri: string; readonly managementUri: string; readonly warehouse: string; readonly egress: EgressTarget };
    /** Where the warehouse's files are, and how the jobs (and the catalog, at creation) reach them. */
    readonly warehouse: WarehouseLocation;
}

/**
 * The warehouse: a container of the lake's ADLS account (the account name and the jobs' workload
 * identity arrive with the values), or a bucket of an S3 store with the jobs' keys and the keys the
 * catalog is given when WarehouseSetup creates the warehouse (Secrets in the jobs' namespace).
 */
export type WarehouseLocation =
    | { readonly kind: "adls"; readonly filesystem: string }
    | {
          readonly kind: "s3";
          readonly bucket: string;
          readonly endpoint: string;
          readonly region: string;
          readonly credentialsSecret: string;
          readonly catalogCredentialsSecret: string;
          readonly egress: EgressTarget;
      };

export interface TableJobsValues<T> {
    readonly image: T;
    /** ADLS warehouses: the lake account. */
    readonly storageAccount?: T;
    /** ADLS warehouses: the jobs' workload identity. */
    readonly workloadIdentityClientId?: T;
}

/** What identifies the warehouse's files (the sync runs again when it changes). */
function warehouseKey(warehouse: WarehouseLocation): string {
    return warehouse.kind === "adls" ? warehouse.filesystem : `s3://${warehouse.bucket} at ${warehouse.endpoint}`;
}


/** The environment that tells the tools where the warehouse's files are (and, for S3, the keys). */
function warehouseEnv<T>(spec: TableJobsSpec, values: TableJobsValues<T>) {
    const { warehouse } = spec;
    if (warehouse.kind === "adls") {
        if (values.storageAccount === undefined) throw new Error(`lake table jobs "${spec.name}": an ADLS warehouse needs the lake account (storageAccount)`);
        return [
            { name: "WAREHOUSE_STORAGE_ACCOUNT", value: values.storageAccount },
            { name: "WAREHOUSE_FILESYSTEM", value: warehouse.filesystem },
        ];
    }
    const key = (name: string, secret: string, key: string) => ({ name, valueFrom: { secretKeyRef: { name: secret, key } } });
    return [
        { name: "WAREHOUSE_S3_BUCKET", value: warehouse.bucket },
        { name: "WAREHOUSE_S3_ENDPOINT", value: warehouse.endpoint },
        { name: "WAREHOUSE_S3_REGION", value: warehouse.region },
        key("WAREHOUSE_S3_ACCESS_KEY_ID", warehouse.catalogCredentialsSecret, "AWS_ACCESS_KEY_ID"),
        key("WAREHOUSE_S3_SECRET_ACCESS_KEY", warehouse.catalogCredentialsSecret, "AWS_SECRET_ACCESS_KEY"),
        // The tools' own files access (Iceberg's S3FileIO through the AWS SDK's environment).
        { name: "ICEBERG_S3_ENDPOINT", value: warehouse.endpoint },
        key("AWS_ACCESS_KEY_ID", warehouse.credentialsSecret, "AWS_ACCESS_KEY_ID"),
        key("AWS_SECRET_ACCESS_KEY", warehouse.credentialsSecret, "AWS_SECRET_ACCESS_KEY"),
        { name: "AWS_REGION", value: warehouse.region },
    ];
}

/**
 * What the jobs' pods refer to, once it exists: their ServiceAccount's and the declarations'
 * names, and the catalog's revision (its pod template's checksum: the sync runs again, as a new
 * Job, when the catalog's settings change). As values, these are the data links that order the
 * jobs after what they need.
 */
export interface TableJobsRefs<T> {
    readonly serviceAccountName: T;
    readonly declarationsName: T;
    readonly catalogRevision: T;
}

/** Labels of the table jobs' pods (the catalog admits them). */
export function tableJobsSelector(name: string): Record<string, string> {
    return selectorOf(name);
}

/**
 * The sync Job's name: `<name>-sync-<hash>`, the hash of what it applies (the declarations and
 * the catalog), so a change runs it as a new Job, and an unchanged deploy does not. A new image or
 * account changes the Job's template instead, which replaces the Job: it runs again then too.
 */
export function syncJobName(spec: TableJobsSpec): string {
    const hash = createHash("sha256")
        .update(JSON.stringify([Object.entries(spec.tables).sort(), spec.catalog.uri, spec.catalog.warehouse, warehouseKey(spec.warehouse)]))
        .digest("hex")
        .slice(0, 10);
    return `${spec.name}-sync-${hash}`;
}

export function tableJobsProblems(spec: TableJobsSpec): string[] {
    const problems: string[] = [];
    if (Object.keys(spec.tables).length === 0) problems.push("tables is empty: declare the tables in apps/flink-job/tables");
    if (!/^(\S+\s+){4}\S+$/.test(spec.schedule)) problems.push(`schedule "${spec.schedule}": expected a five-field cron expression`);
    if (!Number.isInteger(spec.orphanMinAgeHours) || spec.orphanMinAgeHours < 24) {
        problems.push(`orphanMinAgeHours ${spec.orphanMinAgeHours}: expected 24 or more (a younger unreferenced file may be a write in flight)`);
    }
    for (const [layer, days] of Object.entries(spec.retentionDays)) {
        if (!Number.isInteger(days) || (days as number) < 1) problems.push(`retentionDays.${layer} ${days}: expected whole days, 1 or more`);
    }
    return problems;
}

const metadataOf = (spec: TableJobsSpec) => ({ name: spec.name, namespace: spec.namespace, labels: workloadLabels(spec.name) });

/** What the jobs need before they run: their ServiceAccount, the declarations, their NetworkPolicy. */
export function planTableJobsAccess<T>(spec: TableJobsSpec, values: Pick<TableJobsValues<T>, "workloadIdentityClientId">) {
    const problems = tableJobsProblems(spec);
    if (problems.length > 0) throw new Error(`invalid lake table jobs "${spec.name}":\n  - ${problems.join("\n  - ")}`);
    const metadata = metadataOf(spec);
    const identity = workloadIdentityMarks(spec.warehouse.kind === "adls", values.workloadIdentityClientId, `lake table jobs "${spec.name}"`);
    return {
        serviceAccount: {
            apiVersion: "v1" as const,
            kind: "ServiceAccount" as const,
            metadata: { ...metadata, annotations: identity.annotations },
            automountServiceAccountToken: false,
        },
        declarations: { apiVersion: "v1" as const, kind: "ConfigMap" as const, metadata: { ...metadata, name: `${spec.name}-declarations` }, data: { ...spec.tables } },
        networkPolicy: {
            apiVersion: "networking.k8s.io/v1" as const,
            kind: "NetworkPolicy" as const,
            metadata,
            spec: {
                podSelector: { matchLabels: tableJobsSelector(spec.name) },
                policyTypes: ["Ingress", "Egress"],
                ingress: [],
                // The catalog, and the warehouse: HTTPS for ADLS and Entra ID, or the S3 store.
                egress: [dnsEgressRule(), egressRule(spec.catalog.egress), egressRule(spec.warehouse.kind === "adls" ? HTTPS_ANYWHERE : spec.warehouse.egress)],
            },
        },
    };
}

/** The sync Job and the maintenance CronJob, referring to what planTableJobsAccess made. */
export function planTableJobs<T>(spec: TableJobsSpec, values: TableJobsValues<T>, refs: TableJobsRefs<T>) {
    const problems = tableJobsProblems(spec);
    if (problems.length > 0) throw new Error(`invalid lake table jobs "${spec.name}":\n  - ${problems.join("\n  - ")}`);
    const metadata = metadataOf(spec);
    const env = [
        { name: "TABLES_DIR", value: TABLES_DIR },
        { name: "ICEBERG_CATALOG_URI", value: spec.catalog.uri },
        { name: "ICEBERG_WAREHOUSE", value: spec.catalog.warehouse },
        { name: "LAKEKEEPER_MANAGEMENT_URI", value: spec.catalog.managementUri },
        ...warehouseEnv(spec, values),
        ...Object.entries(spec.retentionDays)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([layer, days]) => ({ name: `RETENTION_DAYS_${layer.toUpperCase()}`, value: String(days) })),
        { name: "ORPHAN_MIN_AGE_HOURS", value: String(spec.orphanMinAgeHours) },
        { name: "JDK_JAVA_OPTIONS", value: spec.jvmOptions },
        { name: "CATALOG_REVISION", value: refs.catalogRevision },
    ];
    const { podLabels } = workloadIdentityMarks(spec.warehouse.kind === "adls", values.workloadIdentityClientId, `lake table jobs "${spec.name}"`);
    const pod = (tool: string) => ({
        metadata: { labels: { ...metadata.labels, ...podLabels } },
        spec: {
            serviceAccountName: refs.serviceAccountName,
            automountServiceAccountToken: false,
            restartPolicy: "Never",
            securityContext: restrictedPodSecurity(spec.uid),
            containers: [
                {
                    name: "tables",
                    image: values.image,
                    command: ["java", "-cp", spec.classPath, tool],
                    env,
                    resources: { requests: { ...spec.resources.requests }, limits: { ...spec.resources.limits } },
                    securityContext: restrictedContainerSecurity(spec.uid),
                    volumeMounts: [
                        { name: "tables", mountPath: TABLES_DIR, readOnly: true },
                        { name: "tmp", mountPath: "/tmp" },
                    ],
                },
            ],
            volumes: [
                { name: "tables", configMap: { name: refs.declarationsName } },
                { name: "tmp", emptyDir: { sizeLimit: "1Gi" } },
            ],
        },
    });
    const sync = syncJobName(spec);
    return {
        syncJob: {
            apiVersion: "batch/v1" as const,
            kind: "Job" as const,
            metadata: { ...metadata, name: sync },
            // Two retries ride out a catalog that is briefly away; a refused change fails each time alike.
            spec: { backoffLimit: 2, activeDeadlineSeconds: 900, template: pod(TABLE_TOOLS.sync) },
        },
        maintenance: {
            apiVersion: "batch/v1" as const,
            kind: "CronJob" as const,
            metadata: { ...metadata, name: `${spec.name}-maintenance` },
            spec: {
                schedule: spec.schedule,
                timeZone: "Etc/UTC",
                // Two runs must never overlap (both would rewrite and delete).
                concurrencyPolicy: "Forbid",
                startingDeadlineSeconds: 3600,
                successfulJobsHistoryLimit: 3,
                failedJobsHistoryLimit: 3,
                jobTemplate: { spec: { backoffLimit: 1, activeDeadlineSeconds: 6 * 3600, template: pod(TABLE_TOOLS.maintenance) } },
            },
        },
    };
}

export type TableJobsPlan<T> = ReturnType<typeof planTableJobs<T>>;
