import * as pulumi from "@pulumi/pulumi";
import * as postgres from "@pulumi/azure-native/dbforpostgresql";
import { RandomPassword } from "@pulumi/random/randomPassword";
import { createPrivateEndpoints, type PrivateLinkGroup, type PrivateLinkPlacement } from "./private-endpoint";
import type { AzurePlacement } from "./placement";

/** Private Link sub-resource of a PostgreSQL flexible server and its DNS zone. */
export const POSTGRES_PRIVATE_LINK: readonly PrivateLinkGroup[] = [{ groupId: "postgresqlServer", dnsZone: "privatelink.postgres.database.azure.com" }];
/** Server log categories sent to Log Analytics. */
export const POSTGRES_DIAGNOSTIC_LOGS = ["PostgreSQLLogs", "PostgreSQLFlexSessions"] as const;
/** The port clients connect to. */
export const POSTGRES_PORT = 5432;
/** PostgreSQL major version. */
export const POSTGRES_VERSION = "16";
/**
 * Extensions the catalog's migrations create (Lakekeeper: uuid-ossp, pgcrypto, pg_trgm, btree_gin,
 * btree_gist); a flexible server creates only allow-listed ones (`azure.extensions`).
 */
export const CATALOG_EXTENSIONS = ["UUID-OSSP", "PGCRYPTO", "PG_TRGM", "BTREE_GIN", "BTREE_GIST"] as const;

/** Size and resilience of the server: the stack profile's `catalogDatabase` trait. */
export interface CatalogDatabaseSize {
    /** e.g. Standard_B1ms (Burstable) or Standard_D2ds_v5 (GeneralPurpose). */
    readonly skuName: string;
    readonly tier: "Burstable" | "GeneralPurpose" | "MemoryOptimized";
    readonly storageGb: number;
    readonly backupRetentionDays: number;
    readonly geoRedundantBackup: boolean;
    /** A standby in another zone with automatic failover (not available on Burstable). */
    readonly zoneRedundantHa: boolean;
}

export interface CatalogDatabaseArgs extends AzurePlacement {
    /** Server name (globally unique DNS label). */
    readonly serverName: pulumi.Input<string>;
    /** The database the catalog keeps its metadata in. */
    readonly databaseName: string;
    /** The login the catalog connects as (its password is generated). */
    readonly login: string;
    readonly size: CatalogDatabaseSize;
    /** Tenant of the Entra ID administrators. */
    readonly tenantId: pulumi.Input<string>;
    /** Entra ID groups administering the server (object ids; the role name is the object id). */
    readonly entraAdminGroupObjectIds: readonly string[];
    /** The private endpoint's subnet and the DNS zone of POSTGRES_PRIVATE_LINK. */
    readonly privateLink: PrivateLinkPlacement;
    /** Names the private endpoint for a group id. */
    readonly endpointName: (groupId: string) => string;
    /**
     * Create the server with `protect: true`.
     * @default false
     */
    readonly protect?: boolean;
}

/**
 * The catalog's metadata database: an Azure Database for PostgreSQL flexible server reachable only
 * through a private endpoint (public network access disabled), TLS required, Entra ID
 * authentication for people (the admin groups) beside a password login for the catalog (the
 * catalog cannot present Entra tokens to PostgreSQL), zone-redundant HA where the size asks for
 * it, and the catalog's extensions allow-listed.
 */
export class CatalogDatabase extends pulumi.ComponentResource {
    readonly server: postgres.Server;
    readonly serverId: pulumi.Output<string>;
    /** `<server>.postgres.database.azure.com`, resolving to the private endpoint inside the VNet. */
    readonly host: pulumi.Output<string>;
    readonly database: string;
    readonly login: string;
    /** The catalog login's password (a Pulumi secret). */
    readonly password: pulumi.Output<string>;
    /**
     * When the catalog may connect: the database and the server settings it needs exist, and the
     * server's name resolves to its private endpoint. Ids, for clients to take in as data.
     */
    readonly ready: pulumi.Output<string[]>;

    constructor(name: string, args: CatalogDatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
        super("streaming-platform:azure:CatalogDatabase", name, {}, opts);
        const problems = catalogDatabaseProblems(args.size);
        if (problems.length > 0) throw new Error(`CatalogDatabase "${name}": ${problems.join("; ")}`);
        const { resourceGroupName, location, tags } = args;

        const password = new RandomPassword(`${name}-password`, { length: 32, special: false }, { parent: this });
        this.password = password.result;
        this.server = new postgres.Server(
            `${name}-server`,
            {
                serverName: args.serverName,
                resourceGroupName,
                location,
                version: POSTGRES_VERSION,
                sku: { name: args.size.skuName, tier: args.size.tier },
                storage: { storageSizeGB: args.size.storageGb, autoGrow: "Enabled" },
                backup: { backupRetentionDays: args.size.backupRetentionDays, geoRedundantBackup: args.size.geoRedundantBackup ? "Enabled" : "Disabled" },
                highAvailability: { mode: args.size.zoneRedundantHa ? "ZoneRedundant" : "Disabled" },
                network: { publicNetworkAccess: "Disabled" },
                authConfig: { activeDirectoryAuth: "Enabled", passwordAuth: "Enabled", tenantId: args.tenantId },
                administratorLogin: args.login,
                administratorLoginPassword: password.result,
                createMode: "Create",
                tags,
            },
            // The admin password is the server's at creation; later changes go through the login's own rotation.
            { parent: this, protect: args.protect ?? false, additionalSecretOutputs: ["administratorLoginPassword"] },
        );
        this.serverId = this.server.id;
        // Azure's name for it, from the server's name (the FQDN output is unknown before creation),
        // through the server's id: clients of the host wait for the server.
        this.host = pulumi.all([args.serverName, this.server.id]).apply(([serverName]) => `${serverName}.postgres.database.azure.com`);
        this.database = args.databaseName;
        this.login = args.login;

        const server = { resourceGroupName, serverName: this.server.name };
        const database = new postgres.Database(`${name}-database`, { ...server, databaseName: args.databaseName, charset: "UTF8", collation: "en_US.utf8" }, { parent: this, protect: args.protect ?? false });
        const extensions = new postgres.Configuration(`${name}-extensions`, { ...server, configurationName: "azure.extensions", value: CATALOG_EXTENSIONS.join(","), source: "user-override" }, { parent: this });
        const tls = new postgres.Configuration(`${name}-require-tls`, { ...server, configurationName: "require_secure_transport", value: "on", source: "user-override" }, { parent: this });
        for (const objectId of args.entraAdminGroupObjectIds) {
            new postgres.AdministratorsMicrosoftEntra(
                `${name}-admin-${objectId}`,
                { ...server, objectId, principalName: objectId, principalType: "Group", tenantId: args.tenantId },
                { parent: this },
            );
        }
        const endpoints = createPrivateEndpoints(
            name,
            { resourceGroupName, location, tags, endpointName: args.endpointName, targetId: this.server.id, groups: POSTGRES_PRIVATE_LINK, placement: args.privateLink },
            this,
        );
        this.ready = pulumi.all([database.id, extensions.id, tls.id, endpoints.resolvable]).apply(([db, ext, t, dns]) => [db, ext, t, ...dns]);
        this.registerOutputs({ serverId: this.serverId, host: this.host });
    }
}

/** What a size cannot be: HA on Burstable, too little storage or backup. */
export function catalogDatabaseProblems(size: CatalogDatabaseSize): string[] {
    const problems: string[] = [];
    if (size.zoneRedundantHa && size.tier === "Burstable") problems.push(`zoneRedundantHa needs GeneralPurpose or MemoryOptimized, not Burstable (${size.skuName})`);
    if (!Number.isInteger(size.storageGb) || size.storageGb < 32) problems.push(`storageGb ${size.storageGb}: expected 32 or more (the flexible server's minimum)`);
    if (!Number.isInteger(size.backupRetentionDays) || size.backupRetentionDays < 7 || size.backupRetentionDays > 35) {
        problems.push(`backupRetentionDays ${size.backupRetentionDays}: expected 7 to 35`);
    }
    return problems;
}
