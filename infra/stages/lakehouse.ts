/**
 * Stage 3b, the lakehouse: the Iceberg REST catalog (Lakekeeper) with its PostgreSQL server, and
 * the lake's tables as declared (apps/flink-job/tables): created and evolved at deploy time,
 * checked at preview against the last deployed declarations, maintained on a schedule.
 */
import * as pulumi from "@pulumi/pulumi";
import { CatalogDatabase, POSTGRES_DIAGNOSTIC_LOGS, POSTGRES_PORT } from "../../components/azure/catalog-database";
import { catalogBaseUrl, catalogEgress, LAKEKEEPER } from "../../components/lakehouse/catalog-plan";
import { LakeTables } from "../../components/lakehouse/lake-tables";
import { RestCatalog } from "../../components/lakehouse/rest-catalog";
import { tableJobsSelector } from "../../components/lakehouse/table-jobs-plan";
import { incompatibleChanges, type TableDeclaration } from "../../components/lakehouse/table-plan";
import { FLINK_UID, flinkJobPeer } from "../../components/kubernetes/flink-job";
import { METRICS_SCRAPER } from "../../components/kubernetes/scrape-targets";
import type { EgressTarget } from "../../components/kubernetes/workload-plan";
import type { PlatformConfig } from "../config";
import type { FlinkBuild } from "../flink-build";
import type { LakeTableFiles } from "../lake-tables";
import { FLINK_JOBS, LAKEHOUSE, NAMESPACES, SMOKE_TEST, type FlinkJobName } from "../workloads";
import type { DataAndMessaging } from "./data-and-messaging";
import type { Foundation } from "./foundation";
import type { ServiceImages, WorkloadIdentities } from "./identities-and-images";

export interface Lakehouse {
    readonly database: CatalogDatabase;
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
    identities: WorkloadIdentities,
    images: ServiceImages,
    data: DataAndMessaging,
    flinkBuild: FlinkBuild,
    tableFiles: LakeTableFiles,
): Lakehouse {
    const { settings, profile } = config;
    const { traits } = profile;
    const { resourceGroup, lake, monitoring, deployer, cluster } = foundation;
    const provider = cluster.provider;
    const namespace = NAMESPACES.lakehouse.name;

    const database = new CatalogDatabase("catalog-db", {
        resourceGroupName: resourceGroup.name,
        location: resourceGroup.location,
        serverName: foundation.globalName("postgresServer", "catalog"),
        databaseName: CATALOG_DATABASE.name,
        login: CATALOG_DATABASE.login,
        size: traits.lakehouse.database,
        tenantId: deployer.tenantId,
        entraAdminGroupObjectIds: settings.clusterAdminGroupObjectIds,
        privateLink: foundation.endpointPlacement,
        endpointName: foundation.endpointName("catalog-db"),
        protect: traits.protectStatefulResources,
        tags: config.tags,
    });
    monitoring.collectDiagnostics("catalog-db", { resourceId: database.serverId, logCategories: POSTGRES_DIAGNOSTIC_LOGS });

    const jobs = settings.flinkJobs as readonly FlinkJobName[];
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
                database: {
                    port: POSTGRES_PORT,
                    name: database.database,
                    user: database.login,
                    // The server's private endpoint, in the endpoint subnet.
                    egress: { name: "catalog-database", peer: { cidr: settings.privateEndpointSubnetCidr }, ports: [{ port: POSTGRES_PORT }] },
                },
                metricsScraper: METRICS_SCRAPER,
            },
            database: { host: database.host, password: database.password },
            workloadIdentityClientId: identities.catalog.clientId,
            startAfter: database.ready,
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
                warehouseFilesystem: LAKEHOUSE.containers.warehouse,
            },
            image: images["flink-job"].ref,
            storageAccount: lake.accountName,
            workloadIdentityClientId: identities.lakeTables.clientId,
            catalogRevision: catalog.revision,
            check,
            provider,
        },
        { dependsOn: [data.namespaces] },
    );
    return { database, catalog, tables, declarations: tableFiles.tables, catalogEgress: egress };
}
