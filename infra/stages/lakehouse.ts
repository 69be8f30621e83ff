/**
 * Stage 3b, the lakehouse: the Iceberg REST catalog (Lakekeeper) with its PostgreSQL server, and
 * the lake's tables as declared (apps/flink-job/tables): created and evolved at deploy time,
 * checked at preview against the last deployed declarations, maintained on a schedule.
 */
import * as pulumi from "@pulumi/pulumi";
import { CatalogDatabase, POSTGRES_DIAGNOSTIC_LOGS, POSTGRES_PORT } from "../../components/azure/catalog-database";
import { Postgres, postgresEgress } from "../../components/kubernetes/postgres";
import type { RestCatalogSpec } from "../../components/lakehouse/catalog-plan";
import type { WarehouseLocation } from "../../components/lakehouse/table-jobs-plan";
import { catalogBaseUrl, catalogEgress, LAKEKEEPER } from "../../components/lakehouse/catalog-plan";
import { LakeTables } from "../../components/lakehouse/lake-tables";
import { RestCatalog } from "../../components/lakehouse/rest-catalog";
import { tableJobsSelector } from "../../components/lakehouse/table-jobs-plan";
import { incompatibleChanges, type TableDeclaration } from "../../components/lakehouse/table-plan";
import { FLINK_UID, flinkJobPeer } from "../../components/kubernetes/flink-job";
import { selectorOf, type EgressTarget } from "../../components/kubernetes/workload-plan";
import type { Provider } from "@pulumi/kubernetes/provider";
import { azureTraits } from "../../stacks/profiles";
import type { PlatformConfig } from "../config";
import type { FlinkBuild } from "../flink-build";
import type { LakeTableFiles } from "../lake-tables";
import { FLINK_JOBS, LAKEHOUSE, NAMESPACES, SMOKE_TEST, type FlinkJobName } from "../workloads";
import type { DataAndMessaging } from "./data-and-messaging";
import type { AzureFoundation, Foundation } from "./foundation";
import type { ServiceImages, ThirdPartyImages, WorkloadIdentities } from "./identities-and-images";
import { secretStoreFor } from "../secret-stores";

export interface Lakehouse {
    /** The catalog's metadata database: Azure's flexible server, or PostgreSQL in the cluster (local stacks). */
    readonly database: CatalogDatabase | Postgres;
    readonly catalog: RestCatalog;
    readonly tables: LakeTables;
    /** The declarations deployed (the stack's `lakeTables` output: the next preview compares with it). */
    readonly declarations: readonly TableDeclaration[];
    /** What the catalog's clients may call. */
    readonly catalogEgress: EgressTarget;
}

/** Files nothing references are deleted only after this long: any write in flight is younger. */
const ORPHAN_MIN_AGE_HOURS = 72;
/** The catalog's database and login. */
const CATALOG_DATABASE = { name: "lakekeeper", login: "lakekeeper" } as const;

export function createLakehouse(
    config: PlatformConfig,
    foundation: Foundation,
    identities: WorkloadIdentities | undefined,
    images: ServiceImages,
    thirdParty: ThirdPartyImages,
    data: DataAndMessaging,
    flinkBuild: FlinkBuild,
    tableFiles: LakeTableFiles,
): Lakehouse {
    const { settings, profile } = config;
    const { traits } = profile;
    const { provider, metricsScraper } = foundation;
    const namespace = NAMESPACES.lakehouse.name;
    const jobs = settings.flinkJobs as readonly FlinkJobName[];
    const store = foundation.kind === "azure" ? undefined : localStore(data);

    const { database, databaseSpec, startAfter } = foundation.kind === "azure" ? azureDatabase(config, foundation) : localDatabase(config, namespace, provider, data);
    const catalog = new RestCatalog(
        "catalog",
        {
            spec: {
                name: LAKEHOUSE.catalog,
                namespace,
                replicas: traits.lakehouse.catalog.replicas,
                resources: traits.lakehouse.catalog.resources,
                zoneSpread: traits.availabilityZones.length > 1,
                callers: [...jobs.map((job) => flinkJobPeer(job, NAMESPACES.flink.name)), { namespace, podLabels: tableJobsSelector(LAKEHOUSE.tableJobs) }, SMOKE_TEST],
                database: databaseSpec,
                warehouse: store ? { kind: "s3", egress: store.access("catalog").egress } : { kind: "adls" },
                metricsScraper,
            },
            image: thirdParty.lakekeeper.ref,
            database: { host: database.host, password: database.password },
            workloadIdentityClientId: identities?.catalog.clientId,
            secretStore: secretStoreFor(config, foundation, identities?.catalog, "the REST catalog"),
            // The database serving (and locally, the store's users and buckets set up: the Job's name resolves when it has run).
            startAfter,
            provider,
        },
        { dependsOn: [data.namespaces] },
    );

    // Previews compare the declarations with those this stack last deployed (none on a first deploy).
    const previous = foundation.deployed.getOutput("lakeTables") as pulumi.Output<TableDeclaration[] | undefined>;
    const check = previous.apply((deployed) => {
        const problems = incompatibleChanges(deployed ?? [], tableFiles.tables);
        if (problems.length > 0) {
            throw new pulumi.RunError(
                `lake tables: ${problems.length} incompatible change(s) to apps/flink-job/tables, refused before anything is sent:\n  - ${problems.join("\n  - ")}`,
            );
        }
        return true;
    });
    const base = catalogBaseUrl(LAKEHOUSE.catalog, namespace);
    const egress = catalogEgress(LAKEHOUSE.catalog, namespace);
    const tables = new LakeTables(
        "lake-tables",
        {
            spec: {
                name: LAKEHOUSE.tableJobs,
                namespace,
                uid: FLINK_UID,
                classPath: `${FLINK_JOBS["event-count"].jarURI.replace("local://", "")}:/opt/flink/lib/*`,
                jvmOptions: flinkBuild.jvmOpens,
                tables: tableFiles.files,
                retentionDays: { bronze: settings.lakeBronzeRetentionDays, silver: settings.lakeSilverRetentionDays },
                orphanMinAgeHours: ORPHAN_MIN_AGE_HOURS,
                schedule: settings.lakeMaintenanceSchedule,
                resources: traits.lakehouse.tableJobs.resources,
                catalog: { uri: `${base}${LAKEKEEPER.catalogPath}`, managementUri: `${base}${LAKEKEEPER.managementPath}`, warehouse: LAKEHOUSE.warehouse, egress },
                warehouse: warehouseLocation(store),
            },
            image: images["flink-job"].ref,
            storageAccount: foundation.kind === "azure" ? foundation.lake.accountName : undefined,
            workloadIdentityClientId: identities?.lakeTables.clientId,
            catalogRevision: catalog.revision,
            check,
            provider,
        },
        { dependsOn: [data.namespaces] },
    );
    return { database, catalog, tables, declarations: tableFiles.tables, catalogEgress: egress };
}

/** The local object store, which a local stack always has. */
function localStore(data: DataAndMessaging): NonNullable<DataAndMessaging["objectStore"]> {
    if (!data.objectStore) throw new Error("a local stack's lakehouse needs the object store (data-and-messaging makes it)");
    return data.objectStore;
}

/** Where the warehouse's files are: the lake account's warehouse container, or the store's warehouse bucket. */
function warehouseLocation(store: DataAndMessaging["objectStore"]): WarehouseLocation {
    if (!store) return { kind: "adls", filesystem: LAKEHOUSE.containers.warehouse };
    const tables = store.access("lakeTables");
    return {
        kind: "s3",
        bucket: LAKEHOUSE.containers.warehouse,
        endpoint: tables.endpoint,
        region: tables.region,
        credentialsSecret: tables.credentialsSecret,
        catalogCredentialsSecret: store.access("catalog").credentialsSecret,
        egress: tables.egress,
    };
}

/** The flexible server behind its private endpoint, with its diagnostics. */
/** The catalog's database, what the catalog's spec says of it, and what its pods start after. */
interface CatalogDatabasePlacement<D> {
    readonly database: D;
    readonly databaseSpec: RestCatalogSpec["database"];
    readonly startAfter: pulumi.Input<pulumi.Input<string>[]>;
}

function azureDatabase(config: PlatformConfig, foundation: AzureFoundation): CatalogDatabasePlacement<CatalogDatabase> {
    const { settings } = config;
    const database = new CatalogDatabase("catalog-db", {
        resourceGroupName: foundation.resourceGroup.name,
        location: foundation.resourceGroup.location,
        serverName: foundation.globalName("postgresServer", "catalog"),
        databaseName: CATALOG_DATABASE.name,
        login: CATALOG_DATABASE.login,
        size: azureTraits(config.profile).catalogDatabase,
        tenantId: foundation.deployer.tenantId,
        entraAdminGroupObjectIds: settings.clusterAdminGroupObjectIds,
        privateLink: foundation.endpointPlacement,
        endpointName: foundation.endpointName("catalog-db"),
        protect: config.profile.traits.protectStatefulResources,
        tags: config.tags,
    });
    foundation.monitoring.collectDiagnostics("catalog-db", { resourceId: database.serverId, logCategories: POSTGRES_DIAGNOSTIC_LOGS });
    return {
        database,
        startAfter: database.ready,
        databaseSpec: {
            port: POSTGRES_PORT,
            name: database.database,
            user: database.login,
            tls: true,
            // The server's private endpoint, in the endpoint subnet.
            egress: { name: "catalog-database", peer: { cidr: settings.privateEndpointSubnetCidr }, ports: [{ port: POSTGRES_PORT }] },
        },
    };
}

/** PostgreSQL in the cluster, beside the catalog (no TLS: pod to pod inside a laptop's cluster, admitted by NetworkPolicy). */
function localDatabase(config: PlatformConfig, namespace: string, provider: Provider, data: DataAndMessaging): CatalogDatabasePlacement<Postgres> {
    const target = config.profile.traits.target;
    if (target.kind !== "local") throw new Error(`profile ${config.profile.name}: the in-cluster database is for local stacks`);
    const name = `${LAKEHOUSE.catalog}-db`;
    const database = new Postgres(
        "catalog-db",
        {
            spec: {
                name,
                namespace,
                database: CATALOG_DATABASE.name,
                login: CATALOG_DATABASE.login,
                resources: target.catalogDatabase.resources,
                storageSize: target.catalogDatabase.storageSize,
                clients: [{ namespace, podLabels: selectorOf(LAKEHOUSE.catalog) }],
            },
            provider,
        },
    );
    return {
        database,
        startAfter: [database.ready, localStore(data).store.setup.metadata.name],
        databaseSpec: { port: POSTGRES_PORT, name: database.database, user: database.login, tls: false, egress: postgresEgress(name, namespace) },
    };
}
